/**
 * `npm run bench`: runs each benchmark in turn; each prints its own figures. One that fails is reported
 * and the others still run (the exit code is then 1), so a broken bench never hides the others' figures.
 */
const benches = ["./parse.bench.ts", "./compare.bench.ts", "./board.bench.ts", "./export.bench.ts", "./similar.bench.ts", "./load.bench.ts"];

let failed = 0;
for (const file of benches) {
  try {
    const mod = (await import(file)) as { run: () => Promise<void> };
    await mod.run();
  } catch (error) {
    failed++;
    console.log(`${file}: FAILED, its figures are missing:`, error);
  }
}
if (failed > 0) process.exitCode = 1;
export {};
