/** A draft job that does not answer in time fails, and the next job gets a fresh worker. */
import { afterAll, describe, expect, it, vi } from "vitest";

describe("the draft worker's deadline", () => {
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  it("fails a job past its deadline and serves the next one on a new worker", async () => {
    // 1 ms: far less than starting a worker takes, so the first job cannot make it.
    vi.stubEnv("DRAFT_JOB_DEADLINE_MS", "1");
    vi.resetModules();
    const slow = await import("~/versions/draft-pool.server");
    await expect(slow.inDraftWorker("outline", { text: "Điều 1. Phạm vi\nNội dung.", corrections: [] })).rejects.toThrow(/took longer than 1 ms/);
    await slow.stopDraftWorker();

    vi.stubEnv("DRAFT_JOB_DEADLINE_MS", "60000");
    vi.resetModules();
    const normal = await import("~/versions/draft-pool.server");
    const outline = await normal.inDraftWorker("outline", { text: "Điều 1. Phạm vi\nNội dung.", corrections: [] });
    expect(JSON.stringify(outline)).toContain("Phạm vi");
    await normal.stopDraftWorker();
  }, 60_000);
});
