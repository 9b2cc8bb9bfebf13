/** What a member list may be (issue 17); shared by the page's form (accept=…, maxLength) and the server's reader. */

/** The largest list file accepted (a 1,000-row list is some tens of kilobytes). */
export const MAX_LIST_BYTES = 2 * 1024 * 1024;
/** The most members one list may have. */
export const MAX_LIST_ROWS = 1_000;
export const LIST_EXTENSIONS = [".csv", ".xlsx"] as const;
export const MAX_NAME = 200;
export const MAX_POSITION = 300;
export const MAX_EMAILS = 20;

/** The addresses without repeats (whatever their case), each as first written. */
export function distinctEmails(emails: string[]): string[] {
  const seen = new Map<string, string>();
  for (const e of emails) if (!seen.has(e.toLowerCase())) seen.set(e.toLowerCase(), e);
  return [...seen.values()];
}
