/**
 * The report's signing details in the browser, on the Sóc Trăng demo: the drafter opens them from the
 * consultation, sees the letter's values and the agency's defaults as placeholders, gets an error
 * beside a field with the typed values kept, saves, and finds the link beside the report's exports;
 * the agency directory shows and edits the agency's defaults.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { ADMIN, newPage, signIn, usePortal } from "./browser";

const portal = usePortal();
let page: Page;

beforeAll(async () => {
  page = await newPage(portal.browser());
});

describe("the report's signing details", () => {
  it("opens from the consultation with the demo's values and the agency's defaults as placeholders", async () => {
    await signIn(page, portal.baseURL(), ADMIN.email, ADMIN.password);
    await page.getByRole("button", { name: "Nạp ví dụ Sóc Trăng" }).click();
    await page.waitForURL(/\/staff\/consultations\/\d+$/);
    await page.getByRole("link", { name: "Thông tin ký ban hành" }).click();
    await page.getByRole("heading", { name: "Thông tin ký ban hành báo cáo" }).waitFor();
    expect(await page.getByLabel("Số, ký hiệu văn bản đề nghị góp ý").inputValue()).toBe("3593/VP-VX");
    expect(await page.getByLabel("Ngày văn bản đề nghị góp ý").inputValue()).toBe("2023-07-04");
    expect(await page.getByLabel("Cơ quan gửi văn bản đề nghị góp ý").inputValue()).toBe("Văn phòng Ủy ban nhân dân tỉnh");
    expect(await page.getByLabel("Thẩm quyền ký").inputValue()).toBe("KT.");
    expect(await page.getByLabel("Chức vụ người ký").inputValue()).toBe("PHÓ GIÁM ĐỐC");
    expect(await page.getByLabel("Nơi nhận").inputValue()).toContain("- Như trên;\n");
    // Left empty: the agency's default shows as the placeholder, and in the preview.
    const symbol = page.getByLabel("Ký hiệu cơ quan");
    expect(await symbol.inputValue()).toBe("");
    expect(await symbol.getAttribute("placeholder")).toBe("SNV");
    expect(await page.getByLabel("Tên cơ quan chủ quản").getAttribute("placeholder")).toBe("UBND TỈNH SÓC TRĂNG");
    const preview = await page.getByTestId("report-settings-preview").innerText();
    expect(preview).toContain("UBND TỈNH SÓC TRĂNG");
    expect(preview).toContain("Số: …/BC-SNV");
    expect(preview).toContain("Sóc Trăng, ngày … tháng … năm …");
    expect(preview).toContain("KT. GIÁM ĐỐC");
  });

  it("shows an error beside the field and keeps what was typed, then saves", async () => {
    await page.getByLabel("Họ và tên người ký").fill("Trần Văn Thử");
    await page.getByLabel("Ký hiệu cơ quan").fill("S".repeat(40));
    await page.getByRole("button", { name: "Lưu" }).click();
    await page.locator("#field-symbol-error").waitFor();
    expect(await page.locator("#field-symbol-error").innerText()).toBe("Nội dung quá dài.");
    expect(await page.getByLabel("Họ và tên người ký").inputValue()).toBe("Trần Văn Thử");

    await page.getByLabel("Ký hiệu cơ quan").fill("SNV-TCBC");
    await page.getByRole("button", { name: "Lưu" }).click();
    await page.getByRole("status").filter({ hasText: "Đã lưu thông tin ký ban hành." }).waitFor();
    await page.reload();
    expect(await page.getByLabel("Họ và tên người ký").inputValue()).toBe("Trần Văn Thử");
    expect(await page.getByTestId("report-settings-preview").innerText()).toContain("Số: …/BC-SNV-TCBC");
  });

  it("is linked from the answers page and beside the report's exports", async () => {
    await page.goto(page.url().replace(/\/report-settings$/, "/answers"));
    await page.getByRole("heading", { name: "Tiếp thu, giải trình ý kiến góp ý" }).waitFor();
    await page.getByRole("link", { name: "Thông tin ký ban hành" }).click();
    await page.waitForURL(/\/report-settings$/);
    await page.goto(page.url().replace(/\/report-settings$/, "/report"));
    await page.getByRole("link", { name: "Tải báo cáo (.docx)" }).waitFor();
    await page.getByRole("link", { name: "Thông tin ký ban hành" }).click();
    await page.waitForURL(/\/report-settings$/);
  });

  it("the agency directory shows and edits the drafting agency's defaults", async () => {
    await page.goto(`${portal.baseURL()}/staff/admin/agencies`);
    const row = page.locator("tr", { hasText: "Sở Nội vụ tỉnh Sóc Trăng" });
    expect(await row.getByTestId("agency-document-defaults").innerText()).toMatch(/UBND TỈNH SÓC TRĂNG[\s\S]*SNV[\s\S]*Sóc Trăng/);
    await row.getByRole("link", { name: "Sửa" }).click();
    await page.getByLabel("Địa danh").fill("Sóc Trăng (thử)");
    await page.getByRole("button", { name: "Lưu" }).click();
    await page.getByRole("status").filter({ hasText: "Đã lưu." }).waitFor();
    await expect.poll(() => page.locator("tr", { hasText: "Sở Nội vụ tỉnh Sóc Trăng" }).getByTestId("agency-document-defaults").innerText()).toContain("Sóc Trăng (thử)");
  });
});
