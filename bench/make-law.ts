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
