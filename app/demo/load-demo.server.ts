/**
 * The Sóc Trăng case, loaded from the sample files that ship with the project: the request letter
 * of the provincial People's Committee office (Văn phòng UBND tỉnh, letter 3593/VP-VX of 4 July 2023),
 * the five bodies it invites, and both drafts of the plan by the Department of Home Affairs.
 * Loading twice changes nothing.
 */
import fs from "node:fs";
import path from "node:path";
import { getDb } from "#db/client.server";
import { ensureAgencies } from "#db/queries/agencies";
import { findConsultationByTitle, insertConsultation } from "#db/queries/consultations";
import { zonedLocalToInstant } from "~/domain/zoned-time";
import { storeVersion } from "~/versions/store-version.server";

export const DEMO_DIR = path.resolve(process.env.DEMO_DIR ?? "app/demo/samples/soc-trang-dan-chu-co-so");

export const DEMO_DRAFTER_AGENCY = {
  name: "Sở Nội vụ tỉnh Sóc Trăng",
  shortName: "SNV",
  emails: ["snv@soctrang.example"],
};

export const DEMO_LEAD_OFFICE = {
  name: "Văn phòng Ủy ban nhân dân tỉnh Sóc Trăng",
  shortName: "VP UBND",
  emails: ["vpub@soctrang.example"],
};

/** The five addressees of the letter ("Kính gửi"), as agencies of the directory. */
export const DEMO_INVITED = [
  { name: "Thành viên Ủy ban nhân dân tỉnh Sóc Trăng", shortName: "TV UBND", emails: ["thanhvien.ubnd@soctrang.example"] },
  { name: "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Sóc Trăng", shortName: "MTTQ", emails: ["mttq@soctrang.example"] },
  { name: "Liên đoàn Lao động tỉnh Sóc Trăng", shortName: "LĐLĐ", emails: ["ldld@soctrang.example"] },
  { name: "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Sóc Trăng", shortName: "BĐBP", emails: ["bdbp@soctrang.example"] },
  { name: "Sở Tư pháp tỉnh Sóc Trăng", shortName: "STP", emails: ["stp@soctrang.example"] },
];

export const DEMO_TITLE = "Kế hoạch triển khai thi hành Luật Thực hiện dân chủ ở cơ sở";

export interface DemoResult {
  consultationId: number;
  created: boolean;
  drafterAgencyId: number;
}

function readSample(name: string): string {
  return fs.readFileSync(path.join(DEMO_DIR, name), "utf8");
}

export function loadDemo(createdBy: number | null): DemoResult {
  const db = getDb();
  const [drafterAgencyId] = ensureAgencies(db, [DEMO_DRAFTER_AGENCY, DEMO_LEAD_OFFICE, ...DEMO_INVITED]) as [number, ...number[]];
  const existing = findConsultationByTitle(db, DEMO_TITLE, drafterAgencyId);
  if (existing) return { consultationId: existing.id, created: false, drafterAgencyId };

  const letter = readSample("invitation-letter.txt").trim();
  // "gửi về Sở Nội vụ trước ngày 06/7/2023": answers are due before 6 July 2023, local time.
  const cutoffAt = zonedLocalToInstant("2023-07-06T00:00", "Asia/Ho_Chi_Minh")!;
  const consultationId = insertConsultation(
    db,
    {
      title: DEMO_TITLE,
      kind: "plan",
      draftingAgencyId: drafterAgencyId,
      letterRef: "3593/VP-VX",
      letterText: letter,
      cutoffAt,
      timeZone: "Asia/Ho_Chi_Minh",
      status: "preparing",
    },
    createdBy,
  );
  for (const [file, label] of [
    ["draft-v1.txt", "Dự thảo lần 1"],
    ["draft-v2.txt", "Dự thảo lần 2"],
  ] as const) {
    const bytes = fs.readFileSync(path.join(DEMO_DIR, file));
    storeVersion({
      consultationId,
      text: bytes.toString("utf8"),
      label,
      source: { kind: "file", filename: file, mime: "text/plain; charset=utf-8", bytes },
      createdBy,
      publish: true,
    });
  }
  return { consultationId, created: true, drafterAgencyId };
}
