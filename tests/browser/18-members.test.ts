/**
 * Issue 17's path in the browser: the members of a collective body invited each in their own name.
 * The Sóc Trăng demo puts the body "Thành viên Ủy ban nhân dân tỉnh Sóc Trăng" (13 example members)
 * and the agencies in the directory; the drafter prepares a consultation of their own, invites the
 * body and two agencies, two members and one agency answer through their own links, the board shows
 * "2/13" under the body, and the report (print view, .docx, and in English) lists the two members by
 * name and position under the body's heading and counts them apart from the agencies.
 */
import fs from "node:fs";
import path from "node:path";
import JSZip from "jszip";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ADMIN, newPage, signIn, usePortal } from "./browser";

const portal = usePortal();
const SAMPLES = path.resolve("app/demo/samples/soc-trang-dan-chu-co-so");
const TITLE = "Kế hoạch triển khai thi hành Luật Thực hiện dân chủ ở cơ sở (thành viên UBND)";
const BODY = "Thành viên Ủy ban nhân dân tỉnh Sóc Trăng";
const LDLD = "Liên đoàn Lao động tỉnh Sóc Trăng";
const BDBP = "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Sóc Trăng";
const CHAIR = ["Trần Quốc Khánh", "Chủ tịch Ủy ban nhân dân tỉnh"] as const;
const JUSTICE = ["Võ Thanh Tùng", "Giám đốc Sở Tư pháp"] as const;

async function member(page: Page, link: string, label: string, text: string, signer: readonly [string, string]) {
  await page.goto(link);
  const card = page.locator(`[id="clause-${label}"]`);
  const box = card.locator("details.comment-box");
  if (!(await box.evaluate((d) => (d as HTMLDetailsElement).open))) await box.locator("summary").click();
  await card.locator("textarea").first().fill(text);
  await page.getByLabel("Họ tên người ký / người gửi").fill(signer[0]);
  await page.getByLabel("Chức vụ").fill(signer[1]);
  await page.getByRole("button", { name: "Gửi góp ý" }).click();
  await page.getByRole("heading", { name: "Phiếu tiếp nhận góp ý" }).waitFor();
}

describe("members of a collective body invited in their own name", () => {
  it("invites the body and two agencies; two members and one agency answer; the board and the report name the members under the body", async () => {
    const drafter = await newPage(portal.browser());
    await signIn(drafter, portal.baseURL(), ADMIN.email, ADMIN.password);
    // The demo brings the body, its members and the agencies into the directory.
    await drafter.getByRole("heading", { level: 1, name: "Dự thảo lấy ý kiến" }).waitFor();
    const load = drafter.getByRole("button", { name: "Nạp ví dụ Sóc Trăng" });
    if (await load.count()) {
      await load.click();
      await drafter.waitForURL(/\/staff\/consultations\/\d+$/);
    }

    // A consultation of its own, with draft-v1.txt published.
    await drafter.goto(`${portal.baseURL()}/staff/consultations/new`);
    await drafter.getByLabel("Tên dự thảo").fill(TITLE);
    await drafter.getByLabel("Cơ quan chủ trì soạn thảo").selectOption({ label: "Sở Nội vụ tỉnh Sóc Trăng" });
    await drafter.getByLabel("Hạn góp ý").fill("2099-07-06T00:00");
    await drafter.getByLabel("Nội dung văn bản đề nghị góp ý").fill(fs.readFileSync(path.join(SAMPLES, "invitation-letter.txt"), "utf8"));
    await drafter.getByRole("button", { name: "Tạo", exact: true }).click();
    await drafter.waitForURL(/\/staff\/consultations\/\d+$/);
    const consultationUrl = drafter.url();
    await drafter.getByRole("link", { name: "Thêm dự thảo" }).first().click();
    await drafter.getByLabel("Tệp dự thảo").setInputFiles(path.join(SAMPLES, "draft-v1.txt"));
    await drafter.getByRole("button", { name: "Tách điều khoản và xem trước" }).click();
    await drafter.getByRole("button", { name: "Công bố lần dự thảo này" }).click();
    await drafter.waitForURL(consultationUrl);

    // The body and two agencies.
    await drafter.goto(`${consultationUrl}/invitations`);
    await drafter.getByTestId("invite-bodies").getByLabel(BODY).check();
    for (const name of [LDLD, BDBP]) await drafter.getByLabel(name, { exact: true }).check();
    await drafter.getByRole("button", { name: "Mời và bắt đầu lấy ý kiến" }).click();
    const section = drafter.locator(`[data-testid="board-body"][data-body="${BODY}"]`);
    await section.waitFor();
    expect(await section.locator("tbody tr").count()).toBe(13);
    const linkOf = (row: string) => drafter.locator(`${row} .copy-link input`).first().inputValue();
    const chairLink = await linkOf(`tr[data-person="${CHAIR[0]}"]`);
    const justiceLink = await linkOf(`tr[data-person="${JUSTICE[0]}"]`);
    const ldldLink = await linkOf(`tr[data-agency="${LDLD}"]:not([data-person])`);
    expect(new Set([chairLink, justiceLink, ldldLink]).size).toBe(3);

    // Two members comment, each on their own link; the Labour Federation agrees without comments.
    const chair = await newPage(portal.browser(), { width: 414, height: 900 });
    await member(chair, chairLink, "II.1.b", "Đề nghị sửa \"Đài Phát thanh - Truyền hình tỉnh\" thành \"Đài Phát thanh và Truyền hình tỉnh\".", CHAIR);
    const justice = await newPage(portal.browser(), { width: 414, height: 900 });
    await member(justice, justiceLink, "III.3", "Đề nghị sửa \"Luật Thanh niên\" thành \"Luật Thực hiện dân chủ ở cơ sở\".", JUSTICE);
    const ldld = await newPage(portal.browser(), { width: 414, height: 900 });
    await ldld.goto(ldldLink);
    await ldld.getByLabel("Đồng ý, không có ý kiến").check();
    await ldld.getByLabel("Họ tên người ký / người gửi").fill("Lê Minh Tâm");
    await ldld.getByLabel("Chức vụ").fill("Phó Chủ tịch");
    await ldld.getByRole("button", { name: "Gửi góp ý" }).click();
    await ldld.getByRole("heading", { name: "Phiếu tiếp nhận góp ý" }).waitFor();

    // The board: the body's count and each member's state.
    await drafter.goto(`${consultationUrl}/invitations`);
    expect(await section.getByTestId("body-count").innerText()).toBe("2/13 thành viên đã góp ý");
    expect(await section.locator(`tr[data-person="${CHAIR[0]}"] .badge`).first().innerText()).toBe("Đã gửi góp ý");

    // The comments page names each member with their position and body.
    await drafter.goto(`${consultationUrl}/comments`);
    await drafter.getByText(`${CHAIR[0]}, ${CHAIR[1]} (${BODY})`).first().waitFor();

    // The report, print view: the counts apart, the members under the body's heading.
    await drafter.goto(`${consultationUrl}/report`);
    const report = drafter.getByTestId("report-page");
    await report.waitFor();
    const text = (await report.innerText()).replace(/\s+/g, " ");
    expect(text).toContain("đã được gửi xin ý kiến của 2 cơ quan, đơn vị và 13 thành viên Ủy ban nhân dân tỉnh Sóc Trăng.");
    expect(text).toContain(
      `Đến nay, đã nhận được ý kiến của 1 cơ quan, đơn vị và 2 thành viên Ủy ban nhân dân tỉnh Sóc Trăng, trong đó: 1 cơ quan thống nhất với dự thảo, không có ý kiến khác (${LDLD}).`,
    );
    expect(text).toContain(`${BODY}: 2 người có ý kiến góp ý (${CHAIR[0]}, ${CHAIR[1]}; ${JUSTICE[0]}, ${JUSTICE[1]}); 11 người chưa có ý kiến (`);
    expect(text).toContain(`Còn 1 cơ quan, đơn vị chưa có ý kiến: ${BDBP}.`);
    const cells = drafter.getByTestId("report-body");
    expect(await cells.count()).toBe(2);
    for (const [i, [name, position]] of [CHAIR, JUSTICE].entries()) {
      const cell = (await cells.nth(i).innerText()).replace(/\s+/g, " ");
      expect(cell).toBe(`${BODY}: ${name}, ${position}`);
    }

    // The .docx says the same.
    const [file] = await Promise.all([drafter.waitForEvent("download"), drafter.getByRole("link", { name: "Tải báo cáo (.docx)" }).click()]);
    const zip = await JSZip.loadAsync(fs.readFileSync((await file.path())!));
    const xml = (await zip.file("word/document.xml")!.async("string")).replace(/<w:p[ >]/g, "\n$&").replace(/<[^>]+>/g, "");
    expect(xml).toContain(`${BODY}: 2 người có ý kiến góp ý (${CHAIR[0]}, ${CHAIR[1]}; ${JUSTICE[0]}, ${JUSTICE[1]})`);
    expect(xml).toContain(`${BODY}:\n${CHAIR[0]}, ${CHAIR[1]}`);
    expect(xml).toContain(`${BODY}:\n${JUSTICE[0]}, ${JUSTICE[1]}`);

    // In English, the counts agree in number.
    await drafter.goto(`${consultationUrl}/report?lang=en`);
    const english = (await drafter.getByTestId("report-page").innerText()).replace(/\s+/g, " ");
    expect(english).toContain("was sent for comments to 2 agencies and 13 members of Ủy ban nhân dân tỉnh Sóc Trăng.");
    expect(english).toContain("So far answers have come from 1 agency and 2 members of Ủy ban nhân dân tỉnh Sóc Trăng");
  });
});
