/**
 * Issue 4's whole path with the Sóc Trăng sample, in Debian's Chromium against the built portal:
 * the drafter invites the five bodies of the letter (mails reach the in-process SMTP server), two
 * comment on different clauses, one agrees without comments, one submits after the cutoff and is
 * refused, then is accepted as late once the drafter allows it, one never opens; the board shows
 * exactly that; a revoked link is refused.
 *
 * The tests share one portal (one database) but none relies on another: each prepares its own
 * consultation (titled after the test) with the helpers below, and the five bodies are added to the
 * directory by whichever test needs them first.
 */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ADMIN, newPage, signIn, usePortal } from "./browser";

const SAMPLES = path.resolve("app/demo/samples/soc-trang-dan-chu-co-so");
const TITLE = "Kế hoạch triển khai thi hành Luật Thực hiện dân chủ ở cơ sở (hành trình góp ý)";
const BODIES = [
  ["Thành viên UBND tỉnh (thử)", "tv-ubnd@soctrang.example"],
  ["Ủy ban MTTQ Việt Nam tỉnh (thử)", "mttq@soctrang.example"],
  ["Liên đoàn Lao động tỉnh (thử)", "ldld@soctrang.example"],
  ["Bộ Chỉ huy Bộ đội Biên phòng tỉnh (thử)", "bdbp@soctrang.example"],
  ["Sở Tư pháp tỉnh (thử)", "stp@soctrang.example"],
] as const;

const portal = usePortal();
const baseURL = portal.baseURL;

/** One test's consultation: the drafter's page (signed in), its address, title and the bodies' links. */
interface Journey {
  drafter: Page;
  title: string;
  consultationUrl: string;
  links: Map<string, string>;
}

/** Adds the drafting agency and the five bodies to the directory, skipping those already there. */
async function ensureAgencies(drafter: Page): Promise<void> {
  for (const [name, email] of [["Sở Nội vụ (hành trình)", "snv@soctrang.example"], ...BODIES]) {
    await drafter.goto(`${baseURL()}/staff/admin/agencies`);
    if (await drafter.getByRole("cell", { name, exact: true }).count()) continue;
    await drafter.getByLabel("Tên cơ quan").fill(name);
    await drafter.getByLabel("Thư điện tử liên hệ").fill(email);
    await drafter.getByRole("button", { name: "Thêm", exact: true }).click();
    await drafter.getByRole("status").filter({ hasText: "Đã lưu." }).waitFor();
  }
}

/** Signs the drafter in and creates a consultation of its own (named by `tag`) with draft-v1.txt published. */
async function freshConsultation(tag: string): Promise<Journey> {
  const drafter = await newPage(portal.browser());
  const title = `${TITLE} – ${tag}`;
  await signIn(drafter, baseURL(), ADMIN.email, ADMIN.password);
  await ensureAgencies(drafter);
  await drafter.goto(`${baseURL()}/staff/consultations/new`);
  await drafter.getByLabel("Tên dự thảo").fill(title);
  await drafter.getByLabel("Cơ quan chủ trì soạn thảo").selectOption({ label: "Sở Nội vụ (hành trình)" });
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
  return { drafter, title, consultationUrl, links: new Map() };
}

/** Checks the five bodies on the invitations page and starts the consultation (no assertions: a test's setup). */
async function startInviting(j: Journey): Promise<void> {
  await j.drafter.goto(`${j.consultationUrl}/invitations`);
  for (const [name] of BODIES) await j.drafter.getByLabel(name).check();
  await j.drafter.getByRole("button", { name: "Mời và bắt đầu lấy ý kiến" }).click();
  await j.drafter.getByText("Đã tạo 5 lời mời.").waitFor();
}

/** Reads each body's own link off the board. */
async function readLinks(j: Journey): Promise<void> {
  for (const [name] of BODIES) {
    j.links.set(name, await j.drafter.locator(`tr[data-agency="${name}"] .copy-link input`).inputValue());
  }
}

/** A consultation of its own with the five bodies invited and their links known. */
async function invitedConsultation(tag: string): Promise<Journey> {
  const j = await freshConsultation(tag);
  await startInviting(j);
  await readLinks(j);
  return j;
}

/** The mails of this test's consultation only (other tests of the file send theirs to the same server). */
function mailsOf(j: Journey) {
  return portal.mails().filter((m) => m.subject === `Đề nghị góp ý: ${j.title}`);
}

async function agencyPage(j: Journey, name: string): Promise<Page> {
  const page = await newPage(portal.browser(), { width: 414, height: 900 });
  await page.goto(j.links.get(name)!);
  return page;
}

async function boardRow(j: Journey, name: string) {
  await j.drafter.goto(`${j.consultationUrl}/invitations`);
  return j.drafter.locator(`tr[data-agency="${name}"]`);
}

async function comment(page: Page, label: string, text: string) {
  const card = page.locator(`[id="clause-${label}"]`);
  const box = card.locator("details.comment-box");
  // A box with a saved draft is already open; a click would close it.
  if (!(await box.evaluate((d) => (d as HTMLDetailsElement).open))) await box.locator("summary").click();
  await card.locator("textarea").first().fill(text);
}

async function sign(page: Page, name: string, position: string) {
  await page.getByLabel("Họ tên người ký / người gửi").fill(name);
  await page.getByLabel("Chức vụ").fill(position);
}

/** Setup for later tests: `body` comments on one clause and submits (the test of that step asserts more). */
async function submitComment(j: Journey, body: string, label: string, text: string, signer: [string, string]) {
  const page = await agencyPage(j, body);
  await comment(page, label, text);
  await sign(page, ...signer);
  await page.getByRole("button", { name: "Gửi góp ý" }).click();
  await page.getByRole("heading", { name: "Phiếu tiếp nhận góp ý" }).waitFor();
  await page.context().close();
}

const STP_COMMENT = ["II.1.b", "Đề nghị sửa \"Đài Phát thanh - Truyền hình tỉnh\" thành \"Đài Phát thanh và Truyền hình tỉnh\"."] as const;
const MTTQ_COMMENT = ["III.3", "Sửa \"Luật Thanh niên\" thành \"Luật Thực hiện dân chủ ở cơ sở\"."] as const;
const BDBP_COMMENT = ["II.2.d", "Đề nghị bổ sung Bộ Chỉ huy Bộ đội Biên phòng tỉnh vào cơ quan phối hợp."] as const;

/** Setup: the two bodies' comments of the third test (Sở Tư pháp on II.1.b, the Front on III.3). */
async function twoComments(j: Journey) {
  await submitComment(j, BODIES[4][0], ...STP_COMMENT, ["Nguyễn Văn Bình", "Phó Giám đốc"]);
  await submitComment(j, BODIES[1][0], ...MTTQ_COMMENT, ["Trần Thị Thu", "Phó Chủ tịch"]);
}

/** Setup: the Labour Federation agrees without comments. */
async function agreeWithoutComments(page: Page) {
  await page.getByLabel("Đồng ý, không có ý kiến").check();
  await sign(page, "Lê Minh Tâm", "Phó Chủ tịch");
  await page.getByRole("button", { name: "Gửi góp ý" }).click();
  await page.getByRole("heading", { name: "Phiếu tiếp nhận góp ý" }).waitFor();
}

/** The drafter moves the cutoff into the past. */
async function passCutoff(j: Journey) {
  await j.drafter.goto(`${j.consultationUrl}/edit`);
  await j.drafter.getByLabel("Hạn góp ý").fill("2023-07-06T00:00");
  await j.drafter.getByRole("button", { name: "Lưu" }).click();
  await j.drafter.waitForURL(j.consultationUrl);
}

/** The drafter lets `body` submit after the cutoff. */
async function allowLate(j: Journey, body: string) {
  const row = await boardRow(j, body);
  await row.locator("summary").click();
  await row.getByRole("button", { name: "Cho phép gửi muộn" }).click();
  await j.drafter.getByRole("status").filter({ hasText: "Đã lưu." }).waitFor();
}

describe("invitations by link, comments per clause, the cutoff", () => {
  it("the drafter prepares the consultation with draft-v1.txt and the five bodies", async () => {
    const { drafter, title } = await freshConsultation("chuẩn bị");
    await drafter.getByRole("heading", { level: 1, name: title }).waitFor();
    await drafter.goto(`${baseURL()}/staff/admin/agencies`);
    for (const [name] of BODIES) await drafter.getByRole("cell", { name, exact: true }).waitFor();
  });

  it("invites the five bodies and e-mails each its own link", async () => {
    const j = await freshConsultation("mời");
    const { drafter } = j;
    await drafter.goto(`${j.consultationUrl}/invitations`);
    for (const [name] of BODIES) await drafter.getByLabel(name).check();
    await drafter.getByRole("button", { name: "Mời và bắt đầu lấy ý kiến" }).click();
    await drafter.getByText("Đã tạo 5 lời mời.").waitFor();
    expect(await drafter.getByTestId("totals").innerText()).toBe("5 lời mời (cơ quan và cá nhân), 0 đã trả lời, 0 thống nhất không góp ý, 0 ý kiến góp ý");
    for (const [name] of BODIES) {
      const row = drafter.locator(`tr[data-agency="${name}"]`);
      expect(await row.locator(".badge").innerText()).toBe("Chưa mở");
      j.links.set(name, await row.locator(".copy-link input").inputValue());
    }
    await expect.poll(() => mailsOf(j).length, { timeout: 10_000 }).toBe(5);
    const mails = mailsOf(j);
    for (const [name, email] of BODIES) {
      const mail = mails.find((m) => m.to.includes(email))!;
      expect(mail.subject).toBe(`Đề nghị góp ý: ${j.title}`);
      expect(mail.text).toContain(j.links.get(name)!);
    }
  });

  it("two bodies comment on different clauses; the draft is saved as they type", async () => {
    const j = await invitedConsultation("hai cơ quan góp ý");
    const stp = await agencyPage(j, BODIES[4][0]);
    await stp.getByText(j.title).first().waitFor();
    await comment(stp, ...STP_COMMENT);
    await stp.getByText("Đã lưu nháp.").waitFor();
    // A reload keeps what was typed: it was saved on the server.
    await stp.reload();
    expect(await stp.locator('[id="clause-II.1.b"] textarea').first().inputValue()).toContain("Đài Phát thanh và Truyền hình");
    await sign(stp, "Nguyễn Văn Bình", "Phó Giám đốc");
    await stp.getByRole("button", { name: "Gửi góp ý" }).click();
    await stp.getByRole("heading", { name: "Phiếu tiếp nhận góp ý" }).waitFor();
    expect(await stp.locator(".ref").innerText()).toMatch(/^GY-\d+-\d+-1$/);
    // Clauses are named by their citation (capitalised where it starts the line), never by the label.
    expect(await stp.locator(".receipt-comments").innerText()).toContain("Điểm b khoản 1 Mục II");
    expect(await stp.locator(".receipt-comments").innerText()).not.toContain("II.1.b");

    const mttq = await agencyPage(j, BODIES[1][0]);
    await comment(mttq, ...MTTQ_COMMENT);
    await sign(mttq, "Trần Thị Thu", "Phó Chủ tịch");
    await mttq.getByRole("button", { name: "Gửi góp ý" }).click();
    await mttq.getByRole("heading", { name: "Phiếu tiếp nhận góp ý" }).waitFor();
  });

  it("one body agrees without comments", async () => {
    const j = await invitedConsultation("thống nhất");
    const ldld = await agencyPage(j, BODIES[2][0]);
    await ldld.getByLabel("Đồng ý, không có ý kiến").check();
    await sign(ldld, "Lê Minh Tâm", "Phó Chủ tịch");
    await ldld.getByRole("button", { name: "Gửi góp ý" }).click();
    await ldld.getByRole("heading", { name: "Phiếu tiếp nhận góp ý" }).waitFor();
  });

  it("one body submits after the cutoff and is refused, then is accepted as late", async () => {
    const j = await invitedConsultation("gửi muộn");
    const bdbp = await agencyPage(j, BODIES[3][0]);
    await comment(bdbp, ...BDBP_COMMENT);
    await sign(bdbp, "Phạm Văn Hùng", "Phó Chỉ huy trưởng");
    // Meanwhile the cutoff passes (the drafter moves it into the past).
    await passCutoff(j);

    await bdbp.getByRole("button", { name: "Gửi góp ý" }).click();
    // The refusal heads the form's error summary, which takes the focus (issue 15).
    const refusal = bdbp.getByTestId("error-summary").filter({ hasText: "Đã hết hạn góp ý" });
    await refusal.waitFor();
    expect(await refusal.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await bdbp.locator('[id="clause-II.2.d"] textarea').first().inputValue()).toContain("Bộ Chỉ huy Bộ đội Biên phòng");

    await allowLate(j, BODIES[3][0]);

    await bdbp.reload();
    await bdbp.getByText("cho phép quý cơ quan gửi muộn").waitFor();
    await comment(bdbp, ...BDBP_COMMENT);
    await sign(bdbp, "Phạm Văn Hùng", "Phó Chỉ huy trưởng");
    await bdbp.getByRole("button", { name: "Gửi góp ý" }).click();
    await bdbp.getByRole("heading", { name: "Phiếu tiếp nhận góp ý" }).waitFor();
    expect(await bdbp.locator(".facts").innerText()).toContain("Gửi muộn");
  });

  it("the board shows exactly that, and the comments sit on their clauses", async () => {
    // The answers of the three tests above, on a consultation of this test's own.
    const j = await invitedConsultation("bảng theo dõi");
    const { drafter } = j;
    await twoComments(j);
    const ldld = await agencyPage(j, BODIES[2][0]);
    await agreeWithoutComments(ldld);
    await passCutoff(j);
    await allowLate(j, BODIES[3][0]);
    await submitComment(j, BODIES[3][0], ...BDBP_COMMENT, ["Phạm Văn Hùng", "Phó Chỉ huy trưởng"]);

    await drafter.goto(`${j.consultationUrl}/invitations`);
    expect(await drafter.getByTestId("totals").innerText()).toBe("5 lời mời (cơ quan và cá nhân), 4 đã trả lời, 1 thống nhất không góp ý, 3 ý kiến góp ý");
    const states = Object.fromEntries(
      await Promise.all(BODIES.map(async ([name]) => [name, await drafter.locator(`tr[data-agency="${name}"] .badge:not([data-testid="verdict"])`).innerText()] as const)),
    );
    expect(states).toEqual({
      [BODIES[0][0]]: "Chưa mở",
      [BODIES[1][0]]: "Đã gửi góp ý",
      [BODIES[2][0]]: "Thống nhất, không góp ý",
      [BODIES[3][0]]: "Gửi muộn",
      [BODIES[4][0]]: "Đã gửi góp ý",
    });
    // Beside the state, each answer's verdict (issue 16): comments sent from this form agree with comments.
    expect(await drafter.locator(`tr[data-agency="${BODIES[1][0]}"] [data-testid="verdict"]`).innerText()).toBe("Đồng ý, có góp ý");
    await drafter.goto(j.consultationUrl);
    const badge = drafter.locator('[id="clause-II.1.b"] .count-badge').first();
    expect(await badge.innerText()).toBe("1 góp ý");
    await badge.click();
    await drafter.getByRole("heading", { name: "Ý kiến góp ý cho điểm b khoản 1 Mục II" }).waitFor();
    expect(await drafter.locator(".comment-card").innerText()).toContain(BODIES[4][0]);
  });

  it("a revoked link is refused with a clear page", async () => {
    const j = await invitedConsultation("thu hồi");
    const row = await boardRow(j, BODIES[0][0]);
    await row.locator("summary").click();
    await row.getByRole("button", { name: "Thu hồi đường dẫn" }).click();
    await j.drafter.getByText("Đã thu hồi đường dẫn.").waitFor();
    const page = await newPage(portal.browser());
    const response = await page.goto(j.links.get(BODIES[0][0])!);
    expect(response?.status()).toBe(410);
    await page.getByRole("heading", { name: "Đường dẫn đã bị thu hồi" }).waitFor();
  });

  it("publishing draft-v2.txt keeps each comment on the clause that continues it, and shows the word-level change", async () => {
    const j = await invitedConsultation("dự thảo lần 2");
    const { drafter, consultationUrl } = j;
    await twoComments(j);
    await drafter.goto(consultationUrl);
    await drafter.getByRole("link", { name: "Thêm dự thảo" }).first().click();
    await drafter.getByLabel("Tệp dự thảo").setInputFiles(path.join(SAMPLES, "draft-v2.txt"));
    await drafter.getByRole("button", { name: "Tách điều khoản và xem trước" }).click();
    await drafter.getByRole("heading", { level: 1, name: "Dự thảo lần 2" }).waitFor();
    // The proposed matching, before publishing: I.1's lettered points were merged into it.
    const review = drafter.locator("section.lineage");
    await review.getByRole("heading", { name: "Đối chiếu với Dự thảo lần 1" }).waitFor();
    // Rows read citations; the field the drafter types in keeps the label.
    const i1 = review.locator("tr", { has: drafter.locator("strong", { hasText: /^Khoản 1 Mục I$/ }) });
    expect(await i1.locator('input[list="old-labels"]').inputValue()).toBe("I.1");
    expect(await i1.innerText()).toContain("gộp từ điểm a khoản 1 Mục I, điểm b khoản 1 Mục I, điểm c khoản 1 Mục I");
    // Marked with its relation and confidence; the filter (a plain GET form) shows only the merged rows.
    expect(await i1.innerText()).toMatch(/Gộp · \d+%/);
    await review.locator('select[name="rows"]').selectOption("merged");
    await review.getByRole("button", { name: "Lọc" }).click();
    await drafter.waitForURL(/rows=merged/);
    await review.getByText("Đang hiện 2 trên").waitFor();
    expect(await review.locator("tbody tr strong").allInnerTexts()).toEqual(["Khoản 1 Mục I", "Khoản 2 Mục I"]);
    await drafter.getByRole("button", { name: "Công bố lần dự thảo này" }).click();
    await drafter.waitForURL(consultationUrl);
    await drafter.getByRole("heading", { name: "Bố cục: Dự thảo lần 2" }).waitFor();
    expect(await drafter.locator('[id="clause-II.1.b"] .count-badge').first().innerText()).toBe("1 góp ý");
    expect(await drafter.locator('[id="clause-III.3"] .count-badge').first().innerText()).toBe("1 góp ý");

    await drafter.getByRole("link", { name: "So sánh các lần dự thảo" }).click();
    await drafter.getByRole("heading", { name: "So sánh các lần dự thảo" }).waitFor();
    expect(await drafter.getByTestId("compare-summary").innerText()).toMatch(/sửa đổi \d+ mục/);
    const row = drafter.locator('section.compare-row[id="clause-II.1.b"]');
    expect(await row.locator("del").allInnerTexts()).toContain("-");
    expect(await row.locator("ins").allInnerTexts()).toContain("và");
    expect(await row.locator(".row-comments").innerText()).toContain(BODIES[4][0]);
    expect(await row.locator(".row-comments").innerText()).toContain("Góp ý trên Dự thảo lần 1, điểm b khoản 1 Mục II");
    const typo = drafter.locator('section.compare-row[id="clause-III.3"]');
    expect((await typo.locator("del").allInnerTexts()).join(" ")).toContain("Thanh niên");
    expect(await typo.locator(".row-comments").innerText()).toContain(BODIES[1][0]);

    // Inline mode, as on a phone.
    await drafter.getByRole("link", { name: "Một cột" }).click();
    await drafter.locator(".compare.mode-inline").waitFor();
    expect(await drafter.locator('section.compare-row[id="clause-II.1.b"] ins').allInnerTexts()).toContain("và");
  });
});
