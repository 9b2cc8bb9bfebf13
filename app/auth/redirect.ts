/**
 * Only same-site paths are followed after sign-in or a language switch (no open redirects).
 * Control characters are refused too: browsers drop a tab or newline from "/\t/evil.example",
 * which would then read as the protocol-relative "//evil.example".
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback: string): string {
  if (typeof to !== "string" || !to.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(to)) return fallback;
  try {
    const base = "http://portal.invalid";
    const url = new URL(to, base);
    if (url.origin !== base) return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}
