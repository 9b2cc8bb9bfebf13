/**
 * The .docx opens in LibreOffice (Debian's package) and converts to PDF with the comments table in it.
 * LibreOffice and pdftotext are required: without them this test fails with an install hint
 * (.ci/run installs them); a check CI relies on is never skipped.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as exportRoute from "~/routes/staff.consultations.$id.export.$format";
import { loadDemo } from "~/demo/load-demo.server";
import { requireTool } from "../support/libreoffice";
import { ctx, getRequest, makeStaff, useTempDatabase } from "./harness";

useTempDatabase();

describe("the .docx in LibreOffice", () => {
  it("converts to a PDF whose text has the report's table", async () => {
    const libreoffice = requireTool("libreoffice");
    const pdftotext = requireTool("pdftotext");
    const admin = await makeStaff({ role: "admin" });
    const { consultationId } = loadDemo(null);
    const res = (await exportRoute.loader({ request: getRequest("/x", admin.cookie), params: { id: String(consultationId), format: "docx" }, context: ctx })) as Response;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gopy-lo-"));
    try {
      const docx = path.join(dir, "report.docx");
      fs.writeFileSync(docx, Buffer.from(await res.arrayBuffer()));
      execFileSync(libreoffice, ["--headless", `-env:UserInstallation=file://${dir}/profile`, "--convert-to", "pdf", "--outdir", dir, docx], { stdio: "ignore", timeout: 120_000 });
      const text = execFileSync(pdftotext, ["-layout", path.join(dir, "report.pdf"), "-"], { encoding: "utf8" });
      if (process.env.SHOW_PDF) console.log(text);
      for (const expected of // Short pieces: in the PDF's layout, longer text wraps inside its table cell.
        ["BÁO CÁO", "STT", "Cơ quan", "Nội dung góp ý", "Sở Tư", "Đài Phát", "Giải trình", "Tiếp thu", "Điểm b"]) {
        expect(text, expected).toContain(expected);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
