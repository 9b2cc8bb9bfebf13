/**
 * Issue 4's whole path with the Sóc Trăng sample, in Debian's Chromium against the built portal:
 * the drafter invites the five bodies of the letter (mails reach the in-process SMTP server), two
 * comment on different clauses, one agrees without comments, one submits after the cutoff and is
 * refused, then is accepted as late once the drafter allows it, one never opens; the board shows
 * exactly that; a revoked link is refused.
 */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
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
let drafter: Page;
let consultationUrl = "";
const links = new Map<string, string>();

beforeAll(async () => {
  drafter = await newPage(portal.browser());
});

async function agencyPage(name: string): Promise<Page> {
  const page = await newPage(portal.browser(), { width: 414, height: 900 });
  await page.goto(links.get(name)!);
  return page;
}

async function boardRow(name: string) {
  await drafter.goto(`${consultationUrl}/invitations`);
  return drafter.locator(`tr[data-agency="${name}"]`);
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

describe("invitations by link, comments per clause, the cutoff", () => {
  it("the drafter prepares the consultation with draft-v1.txt and the five bodies", async () => {
    await signIn(drafter, baseURL(), ADMIN.email, ADMIN.password);
    for (const [name, email] of [["Sở Nội vụ (hành trình)", "snv@soctrang.example"], ...BODIES]) {
      await drafter.goto(`${baseURL()}/staff/admin/agencies`);
      await drafter.getByLabel("Tên cơ quan").fill(name);
      await drafter.getByLabel("Thư điện tử liên hệ").fill(email);
      await drafter.getByRole("button", { name: "Thêm", exact: true }).click();
      await drafter.getByRole("status").filter({ hasText: "Đã lưu." }).waitFor();
    }
    await drafter.goto(`${baseURL()}/staff/consultations/new`);
    await drafter.getByLabel("Tên dự thảo").fill(TITLE);
    await drafter.getByLabel("Cơ quan chủ trì soạn thảo").selectOption({ label: "Sở Nội vụ (hành trình)" });
    await drafter.getByLabel("Hạn góp ý").fill("2099-07-06T00:00");
    await drafter.getByLabel("Nội dung văn bản đề nghị góp ý").fill(fs.readFileSync(path.join(SAMPLES, "invitation-letter.txt"), "utf8"));
    await drafter.getByRole("button", { name: "Tạo", exact: true }).click();
    await drafter.waitForURL(/\/staff\/consultations\/\d+$/);
    consultationUrl = drafter.url();
    await drafter.getByRole("link", { name: "Thêm dự thảo" }).first().click();
    await drafter.getByLabel("Tệp dự thảo").setInputFiles(path.join(SAMPLES, "draft-v1.txt"));
    await drafter.getByRole("button", { name: "Tách điều khoản và xem trước" }).click();
    await drafter.getByRole("button", { name: "Công bố lần dự thảo này" }).click();
    await drafter.waitForURL(consultationUrl);
  });

  it("invites the five bodies and e-mails each its own link", async () => {
    await drafter.goto(`${consultationUrl}/invitations`);
    for (const [name] of BODIES) await drafter.getByLabel(name).check();
    await drafter.getByRole("button", { name: "Mời và bắt đầu lấy ý kiến" }).click();
    await drafter.getByText("Đã tạo 5 lời mời.").waitFor();
    expect(await drafter.getByTestId("totals").innerText()).toBe("5 cơ quan được mời, 0 đã trả lời, 0 thống nhất không góp ý, 0 ý kiến góp ý");
    for (const [name] of BODIES) {
      const row = drafter.locator(`tr[data-agency="${name}"]`);
      expect(await row.locator(".badge").innerText()).toBe("Chưa mở");
      links.set(name, await row.locator(".copy-link input").inputValue());
    }
    await expect.poll(() => portal.mails().length, { timeout: 10_000 }).toBe(5);
    const mails = portal.mails();
    for (const [name, email] of BODIES) {
      const mail = mails.find((m) => m.to.includes(email))!;
      expect(mail.subject).toBe(`Đề nghị góp ý: ${TITLE}`);
      expect(mail.text).toContain(links.get(name)!);
    }
  });

  it("two bodies comment on different clauses; the draft is saved as they type", async () => {
    const stp = await agencyPage(BODIES[4][0]);
    await stp.getByText(TITLE).first().waitFor();
    await comment(stp, "II.1.b", "Đề nghị sửa \"Đài Phát thanh - Truyền hình tỉnh\" thành \"Đài Phát thanh và Truyền hình tỉnh\".");
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

    const mttq = await agencyPage(BODIES[1][0]);
    await comment(mttq, "III.3", "Sửa \"Luật Thanh niên\" thành \"Luật Thực hiện dân chủ ở cơ sở\".");
    await sign(mttq, "Trần Thị Thu", "Phó Chủ tịch");
    await mttq.getByRole("button", { name: "Gửi góp ý" }).click();
    await mttq.getByRole("heading", { name: "Phiếu tiếp nhận góp ý" }).waitFor();
  });

  it("one body agrees without comments", async () => {
    const ldld = await agencyPage(BODIES[2][0]);
    await ldld.getByLabel("Thống nhất với dự thảo, không có ý kiến khác").check();
    await sign(ldld, "Lê Minh Tâm", "Phó Chủ tịch");
    await ldld.getByRole("button", { name: "Gửi góp ý" }).click();
    await ldld.getByRole("heading", { name: "Phiếu tiếp nhận góp ý" }).waitFor();
  });

  it("one body submits after the cutoff and is refused, then is accepted as late", async () => {
    const bdbp = await agencyPage(BODIES[3][0]);
    await comment(bdbp, "II.2.d", "Đề nghị bổ sung Bộ Chỉ huy Bộ đội Biên phòng tỉnh vào cơ quan phối hợp.");
    await sign(bdbp, "Phạm Văn Hùng", "Phó Chỉ huy trưởng");
    // Meanwhile the cutoff passes (the drafter moves it into the past).
    await drafter.goto(`${consultationUrl}/edit`);
    await drafter.getByLabel("Hạn góp ý").fill("2023-07-06T00:00");
    await drafter.getByRole("button", { name: "Lưu" }).click();
    await drafter.waitForURL(consultationUrl);

    await bdbp.getByRole("button", { name: "Gửi góp ý" }).click();
    await bdbp.getByRole("alert").filter({ hasText: "Đã hết hạn góp ý" }).waitFor();
    expect(await bdbp.locator('[id="clause-II.2.d"] textarea').first().inputValue()).toContain("Bộ Chỉ huy Bộ đội Biên phòng");

    const row = await boardRow(BODIES[3][0]);
    await row.locator("summary").click();
    await row.getByRole("button", { name: "Cho phép gửi muộn" }).click();
    await drafter.getByRole("status").filter({ hasText: "Đã lưu." }).waitFor();

    await bdbp.reload();
    await bdbp.getByText("cho phép quý cơ quan gửi muộn").waitFor();
    await comment(bdbp, "II.2.d", "Đề nghị bổ sung Bộ Chỉ huy Bộ đội Biên phòng tỉnh vào cơ quan phối hợp.");
    await sign(bdbp, "Phạm Văn Hùng", "Phó Chỉ huy trưởng");
    await bdbp.getByRole("button", { name: "Gửi góp ý" }).click();
    await bdbp.getByRole("heading", { name: "Phiếu tiếp nhận góp ý" }).waitFor();
    expect(await bdbp.locator(".facts").innerText()).toContain("Gửi muộn");
  });

  it("the board shows exactly that, and the comments sit on their clauses", async () => {
    await drafter.goto(`${consultationUrl}/invitations`);
    expect(await drafter.getByTestId("totals").innerText()).toBe("5 cơ quan được mời, 4 đã trả lời, 1 thống nhất không góp ý, 3 ý kiến góp ý");
    const states = Object.fromEntries(
      await Promise.all(BODIES.map(async ([name]) => [name, await drafter.locator(`tr[data-agency="${name}"] .badge`).innerText()] as const)),
    );
    expect(states).toEqual({
      [BODIES[0][0]]: "Chưa mở",
      [BODIES[1][0]]: "Đã gửi góp ý",
      [BODIES[2][0]]: "Thống nhất, không góp ý",
      [BODIES[3][0]]: "Gửi muộn",
      [BODIES[4][0]]: "Đã gửi góp ý",
    });
    await drafter.goto(consultationUrl);
    const badge = drafter.locator('[id="clause-II.1.b"] .count-badge').first();
    expect(await badge.innerText()).toBe("1 góp ý");
    await badge.click();
    await drafter.getByRole("heading", { name: "Ý kiến góp ý cho điểm b khoản 1 Mục II" }).waitFor();
    expect(await drafter.locator(".comment-card").innerText()).toContain(BODIES[4][0]);
  });

  it("a revoked link is refused with a clear page", async () => {
    const row = await boardRow(BODIES[0][0]);
    await row.locator("summary").click();
    await row.getByRole("button", { name: "Thu hồi đường dẫn" }).click();
    await drafter.getByText("Đã thu hồi đường dẫn.").waitFor();
    const page = await newPage(portal.browser());
    const response = await page.goto(links.get(BODIES[0][0])!);
    expect(response?.status()).toBe(410);
    await page.getByRole("heading", { name: "Đường dẫn đã bị thu hồi" }).waitFor();
  });

  it("publishing draft-v2.txt keeps each comment on the clause that continues it, and shows the word-level change", async () => {
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
