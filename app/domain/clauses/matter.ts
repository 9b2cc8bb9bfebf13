/**
 * Front matter (issuer, national motto, number and date lines, "V/v", recipients, the title block
 * with "DỰ THẢO") and back matter ("Nơi nhận", the signature block and the signer's name) are kept
 * with the version but are not clauses to comment on.
 *
 * Front matter is only ever a run of paragraphs at the very start that all look like it; the first
 * paragraph that does not (a mark, "Căn cứ …", an ordinary sentence) ends it.
 */
import { isBullet, matchAppendix, matchMarker } from "./markers";
import type { Paragraph } from "./paragraphs";

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
  // The adoption block of a Russian law, the approval stamp of a regulation.
  /^(?:Принят|Одобрен|Утвержд[её]н[аоы]?)\s+\p{L}/u,
  /^(?:УТВЕРЖД[ЕЁ]Н[АОЫ]?|ПРИНЯТ|ОДОБРЕН)(?:\s|$)/u,
  // "(Ban hành kèm theo Quyết định số …)", "(Kèm theo Kế hoạch số …)"
  /^\(?(?:Ban hành kèm theo|Kèm theo|Đính kèm)\b/iu,
  /^\p{Lu}[\p{L} .-]{1,40},\s*[«"]?\d{1,2}[»"]?\s+\p{Ll}+\s+\d{4}/u,
];

const RECIPIENTS = /^(?:Kính gửi|Đồng kính gửi|Кому|Адресат)\s*(?::|$)/iu;
/**
 * The legal bases after the title ("Căn cứ Luật …;", "Theo đề nghị của …", "Руководствуясь …") and the
 * enacting line that closes them ("…, cụ thể như sau:", "QUYẾT ĐỊNH:", "… постановляет:"): the
 * document's preamble, kept with it but not a clause (the drafter can make one commentable).
 */
const LEGAL_BASIS =
  /^(?:Căn cứ|Theo đề nghị|Xét đề nghị|Thực hiện (?:Luật|Nghị quyết|Nghị định|Chỉ thị|Kế hoạch|Quyết định|Công văn|Văn bản|Thông báo|Kết luận|ý kiến|chỉ đạo)|Руководствуясь|В соответствии с|На основании|Во исполнение)/u;
const ENACTING = /(?:như sau|sau đây|QUYẾT ĐỊNH|QUYẾT NGHỊ|постановляет|ПОСТАНОВЛЯЕТ|постановляю|ПОСТАНОВЛЯЮ|решил|РЕШИЛ|решает|РЕШАЕТ|приказываю|ПРИКАЗЫВАЮ)\s*:\s*$/u;
const MAX_PREAMBLE = 800;

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

export function takeFrontMatter(paras: readonly Paragraph[], language: "vi" | "ru"): FrontMatter {
  const lines: string[] = [];
  let title: string | null = null;
  // After the document type, the next fitting line is its subtitle, once.
  let subtitleWanted = false;
  let inRecipients = false;
  let i = 0;
  for (; i < paras.length; i++) {
    if (paras[i]!.table) break;
    const p = paras[i]!.text;
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
  // The preamble: legal bases, then the enacting line. Only before the first mark or table.
  let basis = false;
  for (; i < paras.length; i++) {
    const { text: p, table } = paras[i]!;
    if (table || p.length > MAX_PREAMBLE || matchMarker(p, language) !== null) break;
    if (LEGAL_BASIS.test(p) && !ENACTING.test(p)) {
      basis = true;
    } else if (ENACTING.test(p) && (basis || lines.length > 0)) {
      lines.push(p);
      i++;
      break;
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

export interface BackMatter {
  /** Index where the back matter starts ("Nơi nhận", the signature block); `appendices` when there is none. */
  start: number;
  /** Index of the first appendix heading after the back matter (paragraphs.length when there is none). */
  appendices: number;
}

/**
 * Where the back matter starts and where it ends: appendices ("PHỤ LỤC", "ПРИЛОЖЕНИЕ № 1") often come
 * after the signature block, and they are content to comment on, not more back matter.
 */
export function findBackMatter(paras: readonly Paragraph[], from: number, language: "vi" | "ru"): BackMatter {
  const n = paras.length;
  const backAt = (i: number): BackMatter => {
    let a = i;
    while (a < n && (paras[a]!.table !== null || matchAppendix(paras[a]!.text, language) === null)) a++;
    return { start: i, appendices: a };
  };
  for (let i = from; i < n; i++) {
    const { text: p, table } = paras[i]!;
    if (!table && p.length <= 200 && BACK_START.some((re) => re.test(p))) return backAt(i);
  }
  // No "Nơi nhận": a signature block near the end, or just before the first appendix, starts it.
  const ends: number[] = [];
  for (let i = from; i < n; i++) if (!paras[i]!.table && matchAppendix(paras[i]!.text, language)) ends.push(i);
  ends.push(n);
  for (const end of ends) {
    for (let i = Math.max(from, end - SIGNATURE_WINDOW); i < end; i++) {
      if (!paras[i]!.table && isSignature(paras[i]!.text, language)) return { start: i, appendices: end === n ? backAt(i).appendices : end };
    }
  }
  return { start: n, appendices: n };
}
