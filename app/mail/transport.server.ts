/**
 * Outgoing mail. Every message is first written to the outbox table; it is then sent over SMTP when
 * SMTP is configured, or kept in the outbox (status "kept") for the drafter to read and forward,
 * so nothing is ever silently dropped.
 *
 * SMTP_URL (smtp://user:pass@host:port) or SMTP_HOST / SMTP_PORT / SMTP_USER / SMTP_PASSWORD /
 * SMTP_SECURE; MAIL_FROM is the sender.
 */
import nodemailer, { type Transporter } from "nodemailer";

let transporter: Transporter | null | undefined;

export function smtpConfigured(): boolean {
  return Boolean(process.env.SMTP_URL || process.env.SMTP_HOST);
}

export function mailFrom(): string {
  return process.env.MAIL_FROM ?? "Góp ý <no-reply@localhost>";
}

/**
 * Bounded waits (nodemailer's defaults are 2 minutes to connect and an hour of silence), so an attempt
 * at a server that does not answer fails within minutes, well inside IN_FLIGHT_MS (app/mail/retry.ts).
 */
const TIMEOUTS = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 120_000 };

/** The URL with the timeouts it does not set itself, as query options (nodemailer reads them there). */
function withTimeouts(url: string): string {
  const missing = Object.entries(TIMEOUTS).filter(([key]) => !new RegExp(`[?&]${key}=`).test(url));
  if (missing.length === 0) return url;
  return url + (url.includes("?") ? "&" : "?") + missing.map(([key, ms]) => `${key}=${ms}`).join("&");
}

function createTransport(): Transporter | null {
  if (process.env.SMTP_URL) return nodemailer.createTransport(withTimeouts(process.env.SMTP_URL));
  if (!process.env.SMTP_HOST) return null;
  const port = Number(process.env.SMTP_PORT ?? 587);
  return nodemailer.createTransport({
    ...TIMEOUTS,
    host: process.env.SMTP_HOST,
    port,
    secure: process.env.SMTP_SECURE === "1" || port === 465,
    auth: process.env.SMTP_USER ? { user: process.env.SMTP_USER, pass: process.env.SMTP_PASSWORD ?? "" } : undefined,
    // Tests run a plain in-process server; real servers negotiate STARTTLS as usual.
    ignoreTLS: process.env.SMTP_IGNORE_TLS === "1",
  });
}

export function getTransport(): Transporter | null {
  if (transporter === undefined) transporter = createTransport();
  return transporter;
}

/** Tests change SMTP settings between files. */
export function resetTransport(): void {
  transporter?.close();
  transporter = undefined;
}
