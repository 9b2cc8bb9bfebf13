/**
 * A synthetic law of about `bytes` bytes, built from the real Sóc Trăng draft so its sentences and
 * marks are realistic: chapters of articles, each with the plan's sections, items, points and bullets.
 */
import fs from "node:fs";
import path from "node:path";

const SAMPLE = path.resolve("app/demo/samples/soc-trang-dan-chu-co-so/draft-v1.txt");

export function makeVietnameseLaw(bytes: number): string {
  const body = fs
    .readFileSync(SAMPLE, "utf8")
    .split("Nơi nhận:")[0]!
    .split("Căn cứ Luật")[1]!
    .split("\n")
    // Roman headings inside an article become items of it: keep only items, points and bullets.
    .filter((l) => !/^(I|II|III)\. /.test(l));
  const parts = ["LUẬT\nTHỬ NGHIỆM HIỆU NĂNG\n"];
  let size = parts[0]!.length;
  for (let article = 1, chapter = 1; size < bytes; article++) {
    if (article % 20 === 1) parts.push(`Chương ${chapter++}\nQUY ĐỊNH SỐ ${chapter}\n`);
    const text = `Điều ${article}. Quy định thứ ${article}\n${body.join("\n")}\n`;
    parts.push(text);
    size += Buffer.byteLength(text);
  }
  return parts.join("");
}

export function makeRussianLaw(bytes: number): string {
  const article = (n: number) =>
    `Статья ${n}. Порядок рассмотрения обращений\n1. Обращение подлежит обязательной регистрации в течение трех дней с момента поступления.\n2. Обращение рассматривается в течение тридцати дней:\n1) со дня его регистрации;\n2) с учетом следующих требований:\nа) полноты изложения;\nб) наличия подписи заявителя.\n3. Ответ направляется по адресу, указанному в обращении.\n`;
  const parts = ["ФЕДЕРАЛЬНЫЙ ЗАКОН\n"];
  let size = 0;
  for (let n = 1, chapter = 1; size < bytes; n++) {
    if (n % 20 === 1) parts.push(`Глава ${chapter++}. Положения\n`);
    const text = article(n);
    parts.push(text);
    size += Buffer.byteLength(text);
  }
  return parts.join("");
}

/** A deterministic pseudo-random generator, so every run benchmarks the same documents. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function sentencePool(): string[] {
  const text = ["draft-v1.txt", "draft-v2.txt"].map((f) => fs.readFileSync(path.resolve("app/demo/samples/soc-trang-dan-chu-co-so", f), "utf8")).join("\n");
  return text
    .replace(/\*/g, "")
    .split(/(?<=[.;])\s+|\n+/)
    .map((s) => s.replace(/^[-+]\s*|^[a-zđ]\)\s*|^\d+\.\s*|^[IVX]+\.\s*/u, "").trim())
    .filter((s) => s.length > 40);
}

/** A law of `articles` articles (~3.3 KB each), with khoản and điểm, built from the sample's sentences. */
export function makeArticleLaw(articles: number, seed = 1): string[] {
  const pool = sentencePool();
  const next = rng(seed);
  const pick = () => pool[Math.floor(next() * pool.length)]!;
  const out: string[] = [];
  for (let n = 1; n <= articles; n++) {
    const lines = [`Điều ${n}. Quy định về nội dung thứ ${n}`];
    for (let k = 1; k <= 6; k++) {
      lines.push(`${k}. ${pick()} ${pick()}`);
      if (k % 3 === 0) for (const p of ["a", "b"]) lines.push(`${p}) ${pick()} ${pick()}`);
    }
    out.push(lines.join("\n"));
  }
  return out;
}

/**
 * The next draft of such a law, as redrafting really goes: one article inserted near the start
 * (every later number shifts), one in ten articles with words changed, a few removed, two swapped.
 */
export function redraft(articles: string[], seed = 2): string {
  const next = rng(seed);
  const body = articles.map((a) => a.replace(/^Điều \d+\. /, ""));
  body.splice(3, 0, "Quy định mới được bổ sung\n1. Nội dung mới được bổ sung theo ý kiến góp ý của các cơ quan.");
  for (let i = 0; i < body.length; i++) {
    if (next() < 0.1) body[i] = body[i]!.replace(/Sở Nội vụ/g, "Sở Nội vụ tỉnh").replace(/Luật/, "Luật này").replace(/\n(\d+)\. /, "\n$1. Trường hợp cần thiết, ");
  }
  body.splice(120, 2);
  [body[200], body[201]] = [body[201]!, body[200]!];
  return body.map((b, i) => `Điều ${i + 1}. ${b}`).join("\n");
}
