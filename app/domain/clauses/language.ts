/** Russian when Cyrillic letters outnumber Latin ones (Vietnamese counts as Latin). */
export function detectLanguage(text: string): "vi" | "ru" {
  let cyr = 0;
  let lat = 0;
  // The opening 200 000 characters decide: enough for any real draft, and bounded for huge ones.
  const end = Math.min(text.length, 200_000);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x0400 && c <= 0x04ff) cyr++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f) || (c >= 0x1e00 && c <= 0x1eff)) lat++;
  }
  return cyr > lat ? "ru" : "vi";
}
