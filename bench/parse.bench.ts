/**
 * Parsing speed: a ~1 MB Vietnamese law (the Sóc Trăng draft repeated under renumbered "Điều N."
 * headings, in chapters) and a ~1 MB Russian one. Target: under 200 ms for a 1 MB document.
 * Wall time is what a user waits; CPU time is shown too, since a loaded machine inflates wall time.
 */
import { parseDocument } from "~/domain/clauses";
import { makeRussianLaw, makeVietnameseLaw } from "./make-law";

const WARM_UP = 3;
const RUNS = 15;
const TARGET_MS_PER_MB = 200;

interface Timing {
  wall: number;
  cpu: number;
}

function measure(fn: () => void): Timing[] {
  for (let i = 0; i < WARM_UP; i++) fn(); // let the JIT settle before timing
  const timings: Timing[] = [];
  for (let i = 0; i < RUNS; i++) {
    const cpu = process.cpuUsage();
    const wall = performance.now();
    fn();
    const used = process.cpuUsage(cpu);
    timings.push({ wall: performance.now() - wall, cpu: (used.user + used.system) / 1000 });
  }
  return timings;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function run(): Promise<void> {
  for (const [name, text] of [
    ["Vietnamese law", makeVietnameseLaw(1_000_000)],
    ["Russian law", makeRussianLaw(1_000_000)],
  ] as const) {
    let count = 0;
    const timings = measure(() => {
      count = parseDocument(text).count;
    });
    const mb = Buffer.byteLength(text) / 1_000_000;
    const wall = timings.map((t) => t.wall / mb);
    const cpu = timings.map((t) => t.cpu / mb);
    const ok = median(wall) < TARGET_MS_PER_MB;
    console.log(
      `parse ${name}: ${mb.toFixed(2)} MB, ${count} clauses; per MB: median ${median(wall).toFixed(1)} ms, min ${Math.min(...wall).toFixed(1)} ms ` +
        `(CPU median ${median(cpu).toFixed(1)} ms) over ${RUNS} runs; target < ${TARGET_MS_PER_MB} ms: ${ok ? "OK" : "FAIL"}`,
    );
  }
}
