/**
 * Parsing speed: a ~1 MB Vietnamese law (the Sóc Trăng draft repeated under renumbered "Điều N."
 * headings, in chapters) and a ~1 MB Russian one. Target: under 200 ms for a 1 MB document.
 * Wall time is what a user waits; CPU time is shown too, since a loaded machine inflates wall time.
 *
 * Then the same law as a ~1 MB .docx (bench/make-docx.ts: Word's automatic numbering for chapters,
 * articles, khoản and điểm, and a task table of a few hundred rows), timed over the whole path a user
 * waits for, `extractText` + `parseDocument`, per MB of the .docx file. Against it, in the same run,
 * the floor of any reader: unzip word/document.xml and tokenise it with htmlparser2 in xmlMode,
 * doing nothing per event.
 */
import { strFromU8, unzipSync } from "fflate";
import { Parser } from "htmlparser2";
import { extractText } from "~/documents/extract-text.server";
import { parseDocument } from "~/domain/clauses";
import { makeVietnameseLawDocx } from "./make-docx";
import { makeRussianLaw, makeVietnameseLaw } from "./make-law";

const WARM_UP = 3;
const RUNS = 15;
/** A case whose first warm-up run takes longer than this gets fewer runs, so `npm run bench` ends. */
const SLOW_RUN_MS = 5_000;
const SLOW_WARM_UP = 1;
const SLOW_RUNS = 5;
const TARGET_MS_PER_MB = 200;

/**
 * The .docx case: text of the generated law and task table rows, tuned to a ~1 MB file. The law
 * repeats one ~9 KB article body, which deflate all but removes, so its document.xml is ~16 MB: far
 * denser than a typical 1 MB .docx. The XML size is printed too.
 */
const DOCX_LAW_TEXT_BYTES = 5_400_000;
const DOCX_TABLE_ROWS = 400;

interface Timing {
  wall: number;
  cpu: number;
}

function time(fn: () => unknown): Promise<Timing> {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  return Promise.resolve(fn()).then(() => {
    const used = process.cpuUsage(cpu);
    return { wall: performance.now() - wall, cpu: (used.user + used.system) / 1000 };
  });
}

async function measure(fn: () => unknown): Promise<Timing[]> {
  // Let the JIT settle before timing.
  const first = await time(fn);
  const slow = first.wall > SLOW_RUN_MS;
  for (let i = 1; i < (slow ? SLOW_WARM_UP : WARM_UP); i++) await time(fn);
  const timings: Timing[] = [];
  for (let i = 0, runs = slow ? SLOW_RUNS : RUNS; i < runs; i++) timings.push(await time(fn));
  return timings;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median, min and CPU median per MB, as the figures are printed. */
function perMb(timings: Timing[], mb: number) {
  const wall = timings.map((t) => t.wall / mb);
  const cpu = timings.map((t) => t.cpu / mb);
  return { median: median(wall), min: Math.min(...wall), cpu: median(cpu), runs: timings.length };
}

/** The floor of any .docx reader: inflate word/document.xml, decode it and tokenise it, nothing per event. */
function bareXmlTokenising(bytes: Uint8Array): void {
  const xml = strFromU8(unzipSync(bytes, { filter: (f) => f.name === "word/document.xml" })["word/document.xml"]!);
  const nothing = () => {};
  new Parser({ onopentag: nothing, ontext: nothing, onclosetag: nothing }, { xmlMode: true }).end(xml);
}

export async function run(): Promise<void> {
  for (const [name, text] of [
    ["Vietnamese law", makeVietnameseLaw(1_000_000)],
    ["Russian law", makeRussianLaw(1_000_000)],
  ] as const) {
    let count = 0;
    const timings = await measure(() => {
      count = parseDocument(text).count;
    });
    const mb = Buffer.byteLength(text) / 1_000_000;
    const f = perMb(timings, mb);
    const ok = f.median < TARGET_MS_PER_MB;
    console.log(
      `parse ${name}: ${mb.toFixed(2)} MB, ${count} clauses; per MB: median ${f.median.toFixed(1)} ms, min ${f.min.toFixed(1)} ms ` +
        `(CPU median ${f.cpu.toFixed(1)} ms) over ${f.runs} runs; target < ${TARGET_MS_PER_MB} ms: ${ok ? "OK" : "FAIL"}`,
    );
  }
  await runDocx();
}

async function runDocx(): Promise<void> {
  const bytes = await makeVietnameseLawDocx(DOCX_LAW_TEXT_BYTES, DOCX_TABLE_ROWS);
  const mb = bytes.length / 1_000_000;
  const xmlMb = unzipSync(bytes, { filter: (f) => f.name === "word/document.xml" })["word/document.xml"]!.length / 1_000_000;

  let text = "";
  let count = 0;
  const whole = perMb(
    await measure(async () => {
      text = await extractText(bytes, "law.docx");
      count = parseDocument(text).count;
    }),
    mb,
  );
  const extractOnly = perMb(
    await measure(async () => {
      await extractText(bytes, "law.docx");
    }),
    mb,
  );
  const floor = perMb(await measure(() => bareXmlTokenising(bytes)), mb);
  // Whether the reader wrote Word's automatic numbers into the text (mammoth's raw text leaves them out).
  const numbered = /^Chương I\b/mu.test(text) && /^Điều 1\./mu.test(text) && /^a\)/mu.test(text);
  const ok = whole.median < TARGET_MS_PER_MB;
  console.log(
    `parse Vietnamese law .docx (Word numbering, ${DOCX_TABLE_ROWS}-row task table): ${mb.toFixed(2)} MB file ` +
      `(${xmlMb.toFixed(1)} MB document.xml, ${(Buffer.byteLength(text) / 1_000_000).toFixed(1)} MB of text), ${count} clauses, ` +
      `Word's numbers in the text: ${numbered ? "yes" : "NO"}; extractText + parseDocument per MB of .docx: ` +
      `median ${whole.median.toFixed(1)} ms, min ${whole.min.toFixed(1)} ms (CPU median ${whole.cpu.toFixed(1)} ms) over ${whole.runs} runs; ` +
      `target < ${TARGET_MS_PER_MB} ms: ${ok ? "OK" : "FAIL"}; ratio to bare XML tokenising: ${(whole.median / floor.median).toFixed(1)}× (CPU ${(whole.cpu / floor.cpu).toFixed(1)}×)`,
  );
  console.log(
    `  per MB of document.xml instead: median ${((whole.median * mb) / xmlMb).toFixed(1)} ms; ` +
      `of which extractText: median ${extractOnly.median.toFixed(1)} ms (CPU median ${extractOnly.cpu.toFixed(1)} ms) per MB of .docx over ${extractOnly.runs} runs; ` +
      `bare XML tokenising (unzip document.xml + htmlparser2 xmlMode, nothing per event): median ${floor.median.toFixed(1)} ms, ` +
      `min ${floor.min.toFixed(1)} ms (CPU median ${floor.cpu.toFixed(1)} ms) per MB over ${floor.runs} runs`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
