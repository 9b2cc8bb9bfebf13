/**
 * The words a comment is compared by (issue 16, similar comments): Vietnamese syllables, lower case,
 * without tone and vowel marks ("Đài Phát thanh" and "dai phat thanh", typed without a Vietnamese
 * keyboard, are the same words), without the function words that every comment shares.
 */
import { foldMarks } from "~/domain/fold-marks";

/**
 * Function words and the formulas of a comment ("đề nghị", "ý kiến", "dự thảo"), written without marks as
 * the syllables are compared. Content words of the drafting domain ("sửa", "bổ sung", "bỏ") are kept:
 * they tell a proposal to add from one to remove.
 */
const STOP = new Set(
  (
    "va voi cua cac nhung la co duoc cho trong theo de nay do thi ma hoac tai tu den ve nhu khi neu vi " +
    "mot hai cung con da dang se bi boi rang tren duoi sau truoc ra vao lai nua rat hon nhat " +
    "de nghi kien gop y du thao ban co quan chung toi xin viec tai dieu khoan diem muc " +
    "noi dung phan can nen phai"
  ).split(" "),
);

/** The syllables of a text that carry its meaning, in order. */
export function contentWords(text: string): string[] {
  const out: string[] = [];
  for (const m of foldMarks(text).matchAll(/[\p{L}\p{N}]+/gu)) {
    const w = m[0];
    if (!STOP.has(w)) out.push(w);
  }
  return out;
}
