/** `npm run cli -- parse FILE [--json]`, run as a user would run it. */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { ParsedDocument } from "~/domain/clauses";
import { makeVietnameseLaw } from "../../../bench/make-law";

const sample = fileURLToPath(new URL("../../../app/demo/samples/soc-trang-dan-chu-co-so/draft-v1.txt", import.meta.url));

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], { encoding: "utf8", timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("cli parse", () => {
  it("prints the outline and a summary line", () => {
    const { status, stdout } = cli("parse", sample);
    expect(status).toBe(0);
    expect(stdout).toContain("KẾ HOẠCH Triển khai thi hành Luật Thực hiện dân chủ ở cơ sở");
    expect(stdout).toMatch(/^ {4}II\.1\.a\s+Tổ chức quán triệt, phổ biến Luật$/mu);
    expect(stdout).toMatch(/^31 clauses · front matter: 12 paragraphs · back matter: 9 paragraphs/mu);
  });

  it("prints the parsed document as JSON with --json", () => {
    const { status, stdout } = cli("parse", sample, "--json");
    expect(status).toBe(0);
    const doc = JSON.parse(stdout) as ParsedDocument;
    expect(doc.count).toBe(31);
    expect(doc.clauses[0]).toMatchObject({ label: "I", kind: "roman", citation: "Mục I" });
  });

  it("exits 2 with usage for an unknown command or a missing file argument", () => {
    const unknown = cli("frobnicate");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/usage: .*parse/);
    expect(cli("parse").status).toBe(2);
  });

  it("exits 1 with a message for an unreadable or unsupported file", () => {
    const missing = cli("parse", "no-such-file.txt");
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no-such-file/);
    const pdf = cli("parse", "package.json");
    expect(pdf.status).toBe(1);
    expect(pdf.stderr).toMatch(/Unsupported file type/);
  });

  describe("when stdout is a pipe read slowly", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gopy-cli-"));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    /**
     * Runs the CLI with stdout as a pipe that, once output starts coming, is not read for `pauseMs`
     * (as `| jq .` on a busy machine), or until the CLI has exited: after that nothing more can come.
     */
    function cliThroughSlowPipe(args: string[], pauseMs: number): Promise<{ status: number | null; stdout: Buffer }> {
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], { stdio: ["ignore", "pipe", "inherit"] });
        const chunks: Buffer[] = [];
        child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
        child.stdout.pause();
        let resume: NodeJS.Timeout | undefined;
        const started = setInterval(() => {
          if (child.stdout.readableLength === 0) return;
          clearInterval(started);
          resume = setTimeout(() => child.stdout.resume(), pauseMs);
        }, 10);
        child.on("exit", () => child.stdout.resume());
        // The process must end by itself: no timer or handle may keep it alive once the output is out.
        const hung = setTimeout(() => {
          child.kill("SIGKILL");
          reject(new Error("the CLI did not exit within 25 s"));
        }, 25_000);
        child.on("error", reject);
        child.on("close", (status) => {
          clearInterval(started);
          clearTimeout(resume);
          clearTimeout(hung);
          resolve({ status, stdout: Buffer.concat(chunks) });
        });
      });
    }

    it("writes the whole JSON of a large document, as a redirect to a file does", async () => {
      const file = path.join(dir, "law.txt");
      fs.writeFileSync(file, makeVietnameseLaw(300_000));
      const redirected = path.join(dir, "law.json");
      const shell = spawnSync("sh", ["-c", '"$0" --import tsx scripts/cli.ts parse "$1" --json > "$2"', process.execPath, file, redirected], { timeout: 60_000 });
      expect(shell.status).toBe(0);
      const expected = fs.readFileSync(redirected);
      expect(expected.length).toBeGreaterThan(4 * 64 * 1024);

      const { status, stdout } = await cliThroughSlowPipe(["parse", file, "--json"], 400);
      expect(status).toBe(0);
      expect(stdout.length).toBe(expected.length);
      const doc = JSON.parse(stdout.toString("utf8")) as ParsedDocument;
      expect(doc.count).toBe((JSON.parse(expected.toString("utf8")) as ParsedDocument).count);
      expect(doc.count).toBeGreaterThan(100);
    });
  });
});
