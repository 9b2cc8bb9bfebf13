/**
 * The audit log page for people (issue 15): every action code the code records has a name in the
 * catalogs, and the details read as "label: value" with instants as local dates.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { translator } from "~/i18n";
import { readableAuditRows, readableDetails } from "~/i18n/audit-details.server";
import { vi } from "~/i18n/messages/vi";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** The codes passed as `action:` to recordAudit (literals and both arms of a ternary) or to audit("…"). */
function recordedActions(): Set<string> {
  const codes = new Set<string>();
  for (const file of [...sources("app"), ...sources("db")]) {
    for (const line of readFileSync(file, "utf8").split("\n")) {
      if (!/\baction: |\baudit\("/.test(line) || line.trim().startsWith("*") || line.trim().startsWith("//")) continue;
      for (const m of line.matchAll(/"([a-z]+\.[a-z_]+)"/g)) codes.add(m[1]);
    }
  }
  return codes;
}

describe("audit log", () => {
  it("names every recorded action in the catalogs", () => {
    const codes = [...recordedActions()].filter((c) => !c.startsWith("error.") && !c.startsWith("common."));
    expect(codes.length).toBeGreaterThan(25);
    expect(codes).toContain("invitations.created");
    expect(codes).toContain("user.disabled");
    const missing = codes.filter((c) => !Object.hasOwn(vi, `auditAction.${c}`));
    expect(missing).toEqual([]);
  });

  it("reads details as translated pairs, instants in the zone and language", () => {
    const cutoffAt = Date.UTC(2026, 11, 1, 10, 0); // 17:00 in Hồ Chí Minh City
    const json = JSON.stringify({ cutoffAt, late: true, invitationIds: [3, 4], unknownThing: "x" });
    expect(readableDetails(json, translator("vi"), "vi", "Asia/Ho_Chi_Minh")).toEqual([
      ["Hạn chót", "17:00 01/12/2026 (GMT+7)"],
      ["Gửi muộn", "có"],
      ["Mã lời mời", "3, 4"],
      ["unknownThing", "x"],
    ]);
    expect(readableDetails(json, translator("en"), "en", "Asia/Ho_Chi_Minh")[0]).toEqual(["Deadline", "01/12/2026 17:00 (GMT+7)"]);
    expect(readableDetails(json, translator("ru"), "ru", "Europe/Moscow")[0]).toEqual(["Срок", "01.12.2026 13:00 (GMT+3)"]);
    expect(readableDetails("{}", translator("en"), "en", "UTC")).toEqual([]);
  });

  it("shows an event in local time with the zone, its action and subject named", () => {
    const at = Date.UTC(2026, 0, 2, 23, 30); // 06:30 on 3 January in Hồ Chí Minh City
    const stored = { id: 7, at, actorName: null, actorLabel: "Nguyễn Văn A (Sở Tư pháp)", action: "answer.submitted", subjectType: "invitation", subjectId: "12", details: JSON.stringify({ late: false, comments: 3 }), ip: "2001:db8:85a3::8a2e:370:7334" };
    const [ru] = readableAuditRows([stored], "ru", "Asia/Ho_Chi_Minh");
    expect(ru).toMatchObject({
      iso: "2026-01-02T23:30:00.000Z",
      at: "03.01.2026 06:30 (GMT+7)",
      actor: "Nguyễn Văn A (Sở Tư pháp)",
      action: "answer.submitted",
      actionName: "Организация отправила ответ",
      subject: "Приглашение #12",
      details: [["После срока", "нет"], ["Замечаний", "3"]],
      ip: "2001:db8:85a3::8a2e:370:7334",
    });
    const [unknown] = readableAuditRows([{ ...stored, action: "something.new", subjectType: "thing" }], "en", "UTC");
    expect(unknown).toMatchObject({ actionName: "something.new", subject: "thing #12", at: "02/01/2026 23:30 (GMT+0)" });
  });
});
