/**
 * Text as it comes from Word, e-mail and the web, made regular before any recognition.
 * Every expression here is a single linear pass (no nested quantifiers), so megabyte lines are cheap.
 */

// Non-breaking, figure, thin, ideographic and other Unicode spaces; tabs; vertical tab.
const ODD_SPACES = /[\t\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;
// Zero-width space/joiners, word joiner, BOM anywhere (Word pastes them mid-text), soft hyphen.
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;
// Other C0 controls and DEL: never meaningful in a draft; page breaks become line breaks below.
const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f]/g;
const OTHER_BREAKS = /[\f\u2028\u2029\u0085]/g;

export function normaliseText(text: string): string {
  let out = text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
  out = out.replace(OTHER_BREAKS, "\n").replace(INVISIBLE, "").replace(CONTROLS, "").replace(ODD_SPACES, " ");
  return out.normalize("NFC");
}

/**
 * Removes Markdown emphasis (** __ * _) and stray asterisks left by conversions, without touching
 * the words: "**TM. ỦY BAN NHÂN DÂN" -> "TM. ỦY BAN NHÂN DÂN", "*gửi về Sở*" -> "gửi về Sở",
 * ").*hlu*" -> ").hlu". Kept, because they are real text: footnote marks "(*)", "(**)", a product
 * "2*3", underscores inside words ("ten_tep"), and a leading "* " (a Markdown bullet).
 * The first, capturing alternative holds what is kept; everything else matched is dropped.
 */
const EMPHASIS =
  /(\(\*{1,3}\)|(?<=\d)\*(?=\d)|^\* (?=\S))|\*+|_{2,}|(?<=^|[\s(["“'])_(?=\S)|(?<=\S)_(?=$|[\s.,;:!?)\]"”'])/g;

export function stripEmphasis(line: string): string {
  let out = line;
  // Most lines carry no emphasis at all: skip the expression for them (it is the parser's hot path).
  if (out.includes("*") || out.includes("_")) out = out.replace(EMPHASIS, (_m: string, keep: string | undefined) => keep ?? "");
  if (out.includes("  ")) out = out.replace(/ {2,}/g, " ");
  return out.trim();
}

// Markdown heading marks and block quotes ("## I. MỤC ĐÍCH", "> trích"), and pandoc's escapes of
// characters that would otherwise start a list ("1\. Mục đích", "a\) điểm", "\- gạch").
const MD_PREFIX = /^(?:#{1,6}|>)\s+/;
const MD_ESCAPE = /\\([\\`*_{}[\]()#+\-.!|])/g;

/** One raw line made ready for recognition: Markdown prefixes and emphasis gone, spaces collapsed. */
export function cleanLine(line: string): string {
  let out = line.trim();
  if (out === "") return out;
  out = out.replace(MD_PREFIX, "");
  if (out.includes("\\")) out = out.replace(MD_ESCAPE, "$1");
  return stripEmphasis(out);
}
