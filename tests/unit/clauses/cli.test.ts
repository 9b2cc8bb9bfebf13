/** `npm run cli -- parse FILE [--json]`, run as a user would run it. */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ParsedDocument } from "~/domain/clauses";

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
    expect(stdout).toMatch(/^34 clauses · front matter: 9 paragraphs · back matter: 9 paragraphs/mu);
  });

  it("prints the parsed document as JSON with --json", () => {
    const { status, stdout } = cli("parse", sample, "--json");
    expect(status).toBe(0);
    const doc = JSON.parse(stdout) as ParsedDocument;
    expect(doc.count).toBe(34);
    expect(doc.clauses[3]).toMatchObject({ label: "I", kind: "roman" });
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
});
