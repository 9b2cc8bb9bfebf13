/**
 * Front matter (issuer, national motto, number and date lines, "V/v", recipients, the title block
 * with "DỰ THẢO") and back matter ("Nơi nhận", the signature block and the signer's name) are kept
 * with the version but are not clauses to comment on.
 */
import { isBullet, matchMarker } from "./markers";

const DOC_TYPES_VI =
  /^(KẾ HOẠCH|QUYẾT ĐỊNH|BÁO CÁO|TỜ TRÌNH|THÔNG BÁO|CHỈ THỊ|NGHỊ QUYẾT|QUY CHẾ|QUY ĐỊNH|CÔNG VĂN|LUẬT|NGHỊ ĐỊNH|THÔNG TƯ|ĐỀ ÁN|CHƯƠNG TRÌNH|HƯỚNG DẪN|PHƯƠNG ÁN)(?=\s|$|[.:])/u;
const DOC_TYPES_RU = /^(ПОСТАНОВЛЕНИЕ|РАСПОРЯЖЕНИЕ|ПРИКАЗ|ПОЛОЖЕНИЕ|ЗАКОН|ПЛАН|РЕШЕНИЕ|ПРОЕКТ|ФЕДЕРАЛЬНЫЙ ЗАКОН|ДОКЛАД|ПИСЬМО)(?=\s|$|[.:])/u;

const FRONT_LINE = [
  /^CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/iu,
  /^CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM/iu,
  /^Độc lập\s*[-–—]\s*Tự do\s*[-–—]\s*Hạnh phúc/iu,
  /^Số\s*[:.]?/u,
  /^V\/v\b/iu,
  /^[\p{L} .-]{2,40},\s*ngày\b/u, // "Sóc Trăng, ngày 04 tháng 7 năm 2023"
  /^ngày\s+.{0,20}tháng/iu,
  /^\(?DỰ THẢO\)?/u,
  /^(ПРОЕКТ|Проект)$/u,
  /^№\s*/u,
  /^от\s+«?\d/u,
  /^(г\.|город)\s+\p{Lu}/u,
];

const RECIPIENTS = /^(Kính gửi|Кому)\s*:?/iu;

// "Noi nhận" without its diacritic is a real typo, seen in the Sóc Trăng draft v2.
const BACK_START = [/^N[oơ]i nh[aậ]n\s*:?/iu, /^Рассылка\s*:?/iu];
const SIGNATURE = /^(TM|KT|TL|TUQ|Q|PP)\.\s*\p{Lu}/u;
const SIGNATURE_RU = /^(Председатель|Глава|Губернатор|Министр|Руководитель|Директор|Мэр|М\.П\.|Исп\.)/u;

/** A short line with letters and no lower-case ones: an issuer name, a title, a motto. */
function isCapsLine(p: string): boolean {
  return p.length <= 120 && /\p{Lu}/u.test(p) && !/\p{Ll}/u.test(p);
}

export function isDocType(p: string): boolean {
  return isCapsLine(p) && (DOC_TYPES_VI.test(p) || DOC_TYPES_RU.test(p));
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
  let i = 0;
  let inRecipients = false;
  while (i < paragraphs.length) {
    const p = paragraphs[i]!;
    if (matchMarker(p, language) !== null) break;
    if (RECIPIENTS.test(p)) {
      inRecipients = true;
    } else if (inRecipients && (isBullet(p) || (p.length <= 80 && /^\p{Ll}/u.test(p)))) {
      // "- Lãnh đạo Sở Tư pháp;" and the closing "tỉnh Sóc Trăng."
    } else if (isDocType(p)) {
      inRecipients = false;
      title = p;
      // The subtitle line after the document type ("Triển khai thi hành Luật …") is part of the title.
      const next = paragraphs[i + 1];
      if (next !== undefined && next.length <= 300 && !/^(Căn cứ|Во исполнение|В соответствии)/u.test(next) && matchMarker(next, language) === null && !FRONT_LINE.some((re) => re.test(next))) {
        title = `${p} ${next}`;
        lines.push(p);
        i++;
        lines.push(next);
        i++;
        continue;
      }
    } else if (FRONT_LINE.some((re) => re.test(p)) || isCapsLine(p)) {
      inRecipients = false;
    } else {
      break;
    }
    lines.push(p);
    i++;
  }
  return { lines, title, end: i };
}

/** Index where the back matter starts (paragraphs.length when there is none). */
export function backMatterStart(paragraphs: string[], from: number, language: "vi" | "ru"): number {
  for (let i = from; i < paragraphs.length; i++) {
    if (BACK_START.some((re) => re.test(paragraphs[i]!))) return i;
  }
  // No "Nơi nhận": a signature block near the end still starts the back matter.
  const tail = Math.max(from, paragraphs.length - 8);
  for (let i = tail; i < paragraphs.length; i++) {
    const p = paragraphs[i]!;
    if ((language === "vi" && SIGNATURE.test(p)) || (language === "ru" && SIGNATURE_RU.test(p))) return i;
  }
  return paragraphs.length;
}
