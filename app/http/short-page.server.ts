import { translate, type Lang } from "~/i18n";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A short page of its own, outside the app's layout, in the visitor's language: for answers given
 * before or beside Remix's rendering (a body refused by the body policy, an export refused as busy).
 */
export function shortPage(lang: Lang, page: { title: string; message: string; testId: string; back: { href: string; label: string } }): string {
  const appName = translate(lang, "app.name");
  return `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(page.title)} · ${escapeHtml(appName)}</title><style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1b1f24}h1{font-size:1.4rem}</style></head><body><main><p>${escapeHtml(appName)}</p><h1>${escapeHtml(page.title)}</h1><p data-testid="${escapeHtml(page.testId)}">${escapeHtml(page.message)}</p><p><a href="${escapeHtml(page.back.href)}">${escapeHtml(page.back.label)}</a></p></main></body></html>`;
}
