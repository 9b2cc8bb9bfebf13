/** `npm run bench`: runs each benchmark in turn; each prints its own figures. */
const benches = ["./parse.bench.ts", "./compare.bench.ts", "./board.bench.ts", "./export.bench.ts", "./load.bench.ts"];

for (const file of benches) {
  const mod = (await import(file)) as { run: () => Promise<void> };
  await mod.run();
}
export {};
