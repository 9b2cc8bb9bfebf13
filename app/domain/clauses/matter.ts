/**
 * Front matter (issuer, national motto, number and date lines, "V/v", recipients, the title block
 * with "DỰ THẢO") and back matter ("Nơi nhận", the signature block and the signer's name) are kept
 * with the version but are not clauses to comment on.
 *
 * Front matter is only ever a run of paragraphs at the very start that all look like it; the first
 * paragraph that does not (a mark, "Căn cứ …", an ordinary sentence) ends it.
 */
import { isBullet, matchMarker } from "./markers";

const DOC_TYPES_VI =
  /^(?:DỰ THẢO\s+)?(?:KẾ HOẠCH|QUYẾT ĐỊNH|BÁO CÁO|TỜ TRÌNH|THÔNG BÁO|CHỈ THỊ|NGHỊ QUYẾT|QUY CHẾ|QUY ĐỊNH|CÔNG VĂN|LUẬT|PHÁP LỆNH|NGHỊ ĐỊNH|THÔNG TƯ|ĐỀ ÁN|CHƯƠNG TRÌNH|HƯỚNG DẪN|PHƯƠNG ÁN|ĐIỀU LỆ|CHIẾN LƯỢC|QUY HOẠCH)(?=\s|$|[.:])/u;
const DOC_TYPES_RU =
  /^(?:ПРОЕКТ\s+)?(?:ФЕДЕРАЛЬНЫЙ ЗАКОН|ФЕДЕРАЛЬНЫЙ КОНСТИТУЦИОННЫЙ ЗАКОН|ЗАКОН|ПОСТАНОВЛЕНИЕ|РАСПОРЯЖЕНИЕ|ПРИКАЗ|ПОЛОЖЕНИЕ|ПЛАН|РЕШЕНИЕ|ДОКЛАД|ПИСЬМО|УКАЗ|ПОРЯДОК|РЕГЛАМЕНТ|ПРОГРАММА|КОНЦЕПЦИЯ|ИНСТРУКЦИЯ)(?=\s|$|[.:])/u;

const FRONT_LINE = [
  /^CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/u,
  /^CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM/u,
  /^Độc lập\s*[-–—]\s*Tự do\s*[-–—]\s*Hạnh phúc/iu,
  // "Số: /KH-UBND", "Số.3593 /VP-VX", "Số 12/QĐ-UBND"; not "Số liệu cho thấy …".
  /^Số\s*[:.]?\s*\S{0,12}\s*\//u,
  /^V\/v\b/iu,
  // "Sóc Trăng, ngày 04 tháng 7 năm 2023", "TP. Hồ Chí Minh, ngày …"
  /^[\p{L} .-]{2,40},\s*ngày\b/u,
  /^ngày\s+.{0,20}tháng/iu,
  /^\(?DỰ THẢO\)?(?:\s+(?:LẦN|lần)\s*\d{1,2})?$/u,
  /^\(?Dự thảo(?:\s+lần\s*\d{1,2})?\)?$/u,
  /^\(?(?:ПРОЕКТ|Проект)\)?$/u,
  /^№\s*\S/u,
  // "от 12 мая 2023 г. № 45", "от 12.05.2023", "«__» ________ 2023 г."
  /^от\s+[«"]?[\d_]/u,
  /^[«"][\d_ ]{1,4}[»"]\s+[\p{Ll}_]+\s+\d{4}/u,
  /^(?:г\.|город)\s*\p{Lu}/u,
  /^\p{Lu}[\p{L} .-]{1,40},\s*[«"]?\d{1,2}[»"]?\s+\p{Ll}+\s+\d{4}/u,
];

const RECIPIENTS = /^(?:Kính gửi|Đồng kính gửi|Кому|Адресат)\s*(?::|$)/iu;
/** What opens a body: a subtitle must not be mistaken for any of these. */
const PREAMBLE = /^(?:Căn cứ|Thực hiện|Để |Theo |Nhằm|Xét |Во исполнение|В соответствии|В целях|На основании|Руководствуясь|Уважаем)/u;

/** A short line with letters and no lower-case ones: an issuer name, a title, a motto. */
function isCapsLine(p: string): boolean {
  return p.length <= 120 && /\p{Lu}/u.test(p) && !/\p{Ll}/u.test(p);
}

export function isDocType(p: string): boolean {
  return isCapsLine(p) && (DOC_TYPES_VI.test(p) || DOC_TYPES_RU.test(p));
}

/** The line after "KẾ HOẠCH" / "ПОСТАНОВЛЕНИЕ" that names the document: short, no final stop, not a preamble. */
function isSubtitle(p: string): boolean {
  return p.length <= 300 && !PREAMBLE.test(p) && !/[.;:!?]$/u.test(p) && !isBullet(p);
}

export interface FrontMatter {
  lines: string[];
  title: string | null;
  /** Index of the first paragraph after the front matter. */
  end: number;
}

export function takeFrontMatter(paragraphs: string[], language: "vi" | "ru"): FrontMatter {
  const lines: string[] = [];
  let title: string | null = null;
  // After the document type, the next fitting line is its subtitle, once.
  let subtitleWanted = false;
  let inRecipients = false;
  let i = 0;
  for (; i < paragraphs.length; i++) {
    const p = paragraphs[i]!;
    if (matchMarker(p, language) !== null) break;
    if (RECIPIENTS.test(p)) {
      inRecipients = true;
    } else if (inRecipients && (isBullet(p) || (p.length <= 80 && /^\p{Ll}/u.test(p)) || (p.length <= 120 && p.endsWith(";")))) {
      // "- Lãnh đạo Sở Tư pháp;" and the closing "tỉnh Sóc Trăng."
    } else if (title === null && isDocType(p)) {
      inRecipients = false;
      title = p;
      subtitleWanted = true;
    } else if (FRONT_LINE.some((re) => re.test(p))) {
      inRecipients = false;
    } else if (subtitleWanted && (isCapsLine(p) || isSubtitle(p))) {
      title = `${title} ${p}`;
      subtitleWanted = false;
    } else if (isCapsLine(p)) {
      inRecipients = false;
    } else {
      break;
    }
    lines.push(p);
  }
  return { lines, title, end: i };
}

// "Noi nhận" without its diacritic is a real typo, seen in the Sóc Trăng draft v2. The colon or the
// end of the line must follow: "Nơi nhận hồ sơ: Bộ phận một cửa" is a sentence of a procedure.
const BACK_START = [/^N[oơ]i nh[aậ]n\s*(?::|$)/iu, /^(?:Рассылка|Разослать)\s*(?::|$)/iu, /^С уважением(?=[\s,!.]|$)/u];
const SIGNATURE_VI = /^(?:TM|KT|TL|TUQ|Q|PP)\.\s*\p{Lu}/u;
const SIGNATORY_VI =
  /^(?:PHÓ |TỔNG |Q\. )?(?:CHỦ TỊCH|GIÁM ĐỐC|CHÁNH VĂN PHÒNG|BỘ TRƯỞNG|THỨ TRƯỞNG|TRƯỞNG BAN|CỤC TRƯỞNG|VỤ TRƯỞNG|VIỆN TRƯỞNG|HIỆU TRƯỞNG|CHÁNH THANH TRA|TRƯỞNG PHÒNG|THỦ TRƯỞNG|TRƯỞNG ĐOÀN|BÍ THƯ|CHÁNH ÁN)(?=\s|$)/u;
const SIGNATURE_RU =
  /^(?:Председатель|Глава|Губернатор|Министр|Руководитель|Директор|Генеральный директор|Мэр|Президент|Заместитель|Начальник|Исполняющий|Временно исполняющий|И\.\s?о\.|М\.\s?П\.|Исп\.|Исполнитель)/u;
// A signature block is a few short lines at the very end.
const SIGNATURE_WINDOW = 8;

function isSignature(p: string, language: "vi" | "ru"): boolean {
  if (p.length > 120 || matchMarker(p, language) !== null) return false; // "Глава 5. …" is a chapter
  return language === "ru" ? SIGNATURE_RU.test(p) : SIGNATURE_VI.test(p) || (isCapsLine(p) && SIGNATORY_VI.test(p));
}

/** Index where the back matter starts (paragraphs.length when there is none). */
export function backMatterStart(paragraphs: string[], from: number, language: "vi" | "ru"): number {
  for (let i = from; i < paragraphs.length; i++) {
    const p = paragraphs[i]!;
    if (p.length <= 200 && BACK_START.some((re) => re.test(p))) return i;
  }
  // No "Nơi nhận": a signature block near the end still starts the back matter.
  for (let i = Math.max(from, paragraphs.length - SIGNATURE_WINDOW); i < paragraphs.length; i++) {
    if (isSignature(paragraphs[i]!, language)) return i;
  }
  return paragraphs.length;
}
