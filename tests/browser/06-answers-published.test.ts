/**
 * Issue 12 item 6 in the browser on the Sóc Trăng demo: the drafter publishes the answers, each
 * agency with comments gets one mail (at the in-process SMTP server) with its own link and a short
 * count, and the agency's link page on a phone opens with its answered comments at the top, with or
 * without JavaScript. Each test sets up what it needs, so any one runs alone (vitest -t).
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { ADMIN, newPage, signIn, usePortal } from "./browser";

const portal = usePortal();
const STP = "Sở Tư pháp tỉnh Sóc Trăng";
const MTTQ = "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Sóc Trăng";
const SUBJECT = "Trả lời ý kiến góp ý: Kế hoạch triển khai thi hành Luật Thực hiện dân chủ ở cơ sở";
const PHONE = { width: 390, height: 844 };
const SECTION = "Ý kiến của quý cơ quan đã được tiếp thu, giải trình";

let drafter: Page;
let consultationUrl = "";

beforeAll(async () => {
  drafter = await newPage(portal.browser());
});

/** Signed in, the demo loaded (by its button on the empty home page), its page's address known. */
async function demo(): Promise<string> {
  if (consultationUrl) return consultationUrl;
  await signIn(drafter, portal.baseURL(), ADMIN.email, ADMIN.password);
  await drafter.goto(`${portal.baseURL()}/staff`);
  const load = drafter.getByRole("button", { name: "Nạp ví dụ Sóc Trăng" });
  if ((await load.count()) > 0) await load.click();
  else await drafter.getByRole("link", { name: "Kế hoạch triển khai thi hành Luật Thực hiện dân chủ ở cơ sở" }).first().click();
  await drafter.waitForURL(/\/staff\/consultations\/\d+$/);
  consultationUrl = drafter.url();
  return consultationUrl;
}

/** Presses "publish" on the answers board unless the answers are already published. */
async function published(): Promise<void> {
  await drafter.goto(`${await demo()}/answers`);
  const publish = drafter.getByRole("button", { name: "Công bố câu trả lời cho các cơ quan" });
  if ((await publish.count()) === 0) return;
  await publish.click();
  await drafter.getByText("Các cơ quan đã xem được câu trả lời").waitFor();
}

async function linkOf(agency: string): Promise<string> {
  await drafter.goto(`${await demo()}/invitations`);
  return drafter.locator(`tr[data-agency="${agency}"] .copy-link input`).inputValue();
}

const answerMails = () => portal.mails().filter((m) => m.subject === SUBJECT);

describe("publishing the answers tells the agencies", () => {
  it("the drafter publishes; one mail per agency with comments reaches the SMTP server, with its link and count", async () => {
    await drafter.goto(`${await demo()}/answers`);
    await drafter.getByRole("button", { name: "Công bố câu trả lời cho các cơ quan" }).click();
    await drafter.getByText("Các cơ quan đã xem được câu trả lời").waitFor();
    expect(await drafter.getByTestId("answers-mail").innerText()).toContain("Đã lập thư báo cho 2 cơ quan có ý kiến góp ý. Đã gửi 2 thư.");

    await expect.poll(() => answerMails().length).toBe(2);
    const mails = answerMails();
    expect(mails.flatMap((m) => m.to).sort()).toEqual(["mttq@soctrang.example", "stp@soctrang.example"]);
    const stp = mails.find((m) => m.to.includes("stp@soctrang.example"))!;
    expect(stp.text).toContain(`Kính gửi: ${STP}`);
    expect(stp.text).toContain("Kết quả xử lý 3 ý kiến: 3 tiếp thu.");
    expect(stp.text).toContain(await linkOf(STP));
    const mttq = mails.find((m) => m.to.includes("mttq@soctrang.example"))!;
    expect(mttq.text).toContain("Kết quả xử lý 2 ý kiến: 1 tiếp thu, 1 giải trình.");
    expect(mttq.text).toContain(await linkOf(MTTQ));
  });

  it("publishing again after unpublishing sends no second mail", async () => {
    await published();
    await expect.poll(() => answerMails().length).toBe(2);
    await drafter.getByRole("button", { name: "Thôi công bố câu trả lời" }).click();
    await drafter.getByText("Đã thôi công bố câu trả lời.").waitFor();
    await drafter.getByRole("button", { name: "Công bố câu trả lời cho các cơ quan" }).click();
    await drafter.getByTestId("answers-mail").filter({ hasText: "Không có thư báo mới" }).waitFor();
    await new Promise((r) => setTimeout(r, 500));
    expect(answerMails()).toHaveLength(2);
  });
});

describe("the agency's link page on a phone", () => {
  it("opens with the answered comments at the top: citations, decisions, explanations, where each clause is now", async () => {
    await published();
    const agency = await newPage(portal.browser(), PHONE);
    await agency.goto(await linkOf(STP));
    const section = agency.getByTestId("published-answers");
    await section.getByRole("heading", { level: 2, name: SECTION }).waitFor();
    const text = await section.innerText();
    expect(text).toContain("3 ý kiến: 3 tiếp thu");
    expect(text).toContain("Điểm b khoản 1 Mục II (Dự thảo lần 1)");
    expect(text).toContain("Tên cơ quan chưa đúng tên gọi hiện nay");
    expect(text).toContain("Đề xuất sửa thành");
    expect(text).toContain("Ý kiến xử lý: Tiếp thu");
    expect(text).toContain("Đã sửa thành \"Đài Phát thanh và Truyền hình tỉnh\".");
    expect(text).toContain("Trong Dự thảo lần 2: điểm b khoản 1 Mục II");
    expect(text).toContain("Góp ý chung cho cả dự thảo");
    // Only its own comments.
    expect(text).not.toContain("Thống nhất giao Ủy ban MTTQ");

    // At the top: the first heading after the title, before the deadline and the draft.
    const headings = await agency.locator("main h1, main h2, main h3, main h4").evaluateAll((els) => els.map((e) => [Number(e.tagName[1]), e.textContent?.trim() ?? ""] as const));
    expect(headings[0]![0]).toBe(1);
    expect(headings[1]).toEqual([2, SECTION]);
    // Headings in order: never a level skipped on the way down.
    for (let i = 1; i < headings.length; i++) expect(headings[i]![0] - headings[i - 1]![0]).toBeLessThanOrEqual(1);
    expect(await section.evaluate((s) => s.compareDocumentPosition(document.querySelector(".deadline")!) & Node.DOCUMENT_POSITION_FOLLOWING)).toBeTruthy();

    // Readable at 390 px: nothing wider than the screen.
    expect(await agency.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await agency.locator("html").getAttribute("lang")).toBe("vi");
    await agency.context().close();
  });

  it("works without JavaScript, and another agency sees only its own answers", async () => {
    await published();
    const context = await portal.browser().newContext({ viewport: PHONE, locale: "vi-VN", javaScriptEnabled: false });
    const agency = await context.newPage();
    await agency.goto(await linkOf(MTTQ));
    const section = agency.getByTestId("published-answers");
    await section.getByRole("heading", { name: SECTION }).waitFor();
    const text = await section.innerText();
    expect(text).toContain("2 ý kiến: 1 tiếp thu, 1 giải trình");
    expect(text).toContain("Ý kiến xử lý: Giải trình (không tiếp thu)");
    expect(text).toContain("Kinh phí tập huấn đã được quy định chung tại khoản 4 Mục III");
    expect(text).not.toContain("Tên cơ quan chưa đúng");
    expect(await agency.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await context.close();
  });

  it("in English the section and its decisions are translated, and the page says lang=en", async () => {
    await published();
    const agency = await newPage(portal.browser(), PHONE);
    await agency.goto(await linkOf(STP));
    // Settled first: a click on EN while the page hydrates and sends its "opened" beacon was sometimes
    // lost (seen under load in the full suite; noted on the issue as a race to look at).
    await agency.waitForLoadState("networkidle");
    await agency.getByRole("button", { name: "EN", exact: true }).click();
    const section = agency.getByTestId("published-answers");
    await section.getByRole("heading", { name: "Your comments have been answered" }).waitFor();
    expect(await agency.locator("html").getAttribute("lang")).toBe("en");
    const text = await section.innerText();
    expect(text).toContain("Comments: 3 (accepted: 3)");
    expect(text).toContain("Decision: Accepted");
    expect(text).toContain("In Dự thảo lần 2: điểm b khoản 1 Mục II");
    // The quoted clause and texts keep the document's language.
    const html = await section.innerHTML();
    expect(html, html).toMatch(/<span lang="vi">Điểm b khoản 1 Mục II<\/span>/u);
    await agency.context().close();
  });
});
