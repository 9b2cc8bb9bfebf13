/**
 * When a failed mail is tried again: 1, 5, 15 and 60 minutes after the attempt that failed, then the
 * outbox gives up (the board says so and keeps the "retry now" button). Pure, shared by the delivery
 * code and the board.
 */
export const RETRY_DELAYS_MS = [1, 5, 15, 60].map((minutes) => minutes * 60_000);

/**
 * An attempt still unfinished after this long was cut short (the process stopped while sending) and is
 * made again. Longer than any attempt can last with the transport's timeouts (transport.server.ts).
 */
export const IN_FLIGHT_MS = 15 * 60_000;

/** The first attempt and one per delay. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/**
 * The instant of the next automatic attempt of a mail that has failed `attempts` times, the last time
 * at `lastAttemptAt`; null once it has failed MAX_ATTEMPTS times (given up).
 */
export function nextAttemptAt(attempts: number, lastAttemptAt: number): number | null {
  if (attempts < 1) return lastAttemptAt;
  const delay = RETRY_DELAYS_MS[attempts - 1];
  return delay === undefined ? null : lastAttemptAt + delay;
}
