/** What the similar-comments page offers and shows (client-safe: the page's component reads these). */

/** At most this many open comments are compared in one request (the rest wait for those to be answered). */
export const SIMILAR_MAX_COMMENTS = 20_000;
/** The similarities the drafter can ask for, in percent. */
export const SIMILAR_THRESHOLDS = [50, 60, 70, 80, 90] as const;
export const SIMILAR_DEFAULT = 60;
