/** Parsing speed: a 1 MB Vietnamese law and a 1 MB Russian one; target under 200 ms each. */
import { parseDocument } from "~/domain/clauses";
import { makeRussianLaw, makeVietnameseLaw } from "./make-law";

const RUNS = 15;
const TARGET_MS = 200;

function time(fn: () => void): number[] {
  for (let i = 0; i < 3; i++) fn(); // warm-up: let the JIT settle
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b);
}

export async function run(): Promise<void> {
  for (const [name, text] of [
    ["Vietnamese law", makeVietnameseLaw(1_000_000)],
    ["Russian law", makeRussianLaw(1_000_000)],
  ] as const) {
    let count = 0;
    const times = time(() => {
      count = parseDocument(text).count;
    });
    const median = times[Math.floor(times.length / 2)]!;
    const mb = Buffer.byteLength(text) / 1e6;
    console.log(
      `parse ${name}: ${mb.toFixed(2)} MB, ${count} clauses; median ${median.toFixed(1)} ms (min ${times[0]!.toFixed(1)}, max ${times.at(-1)!.toFixed(1)}) over ${RUNS} runs; target < ${TARGET_MS} ms: ${median < TARGET_MS ? "OK" : "FAIL"}`,
    );
  }
}
