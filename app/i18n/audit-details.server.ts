/**
 * The audit log for people (app/routes/staff.admin.audit.tsx), prepared on the server in the page's
 * language so no catalog goes to the browser: the time in the given zone with its offset, the action's
 * and the subject's names, and the stored JSON details as translated "label: value" pairs (instants in
 * epoch milliseconds as dates, yes/no for booleans). The CSV export keeps the raw values.
 */
import { formatInZone } from "~/domain/zoned-time";
import { isMessageKey, LOCALES, translator, type Lang, type Translate } from "~/i18n";

/** An instant stored as epoch milliseconds (2001–2286): what `Date.now()` puts in the details. */
function isEpochMs(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1e12 && value < 1e13;
}

/** Details whose value is a stored code with a name in the catalogs ("status": "open" -> "status.open"). */
const CODE_PREFIXES: Record<string, string> = { status: "status", kind: "kind", role: "role", source: "auditValue.source" };

/** Details whose stored text is neither a code nor a number: what people typed or named (Vietnamese). */
const TYPED = new Set(["name", "shortName", "symbol", "governingBody", "placeName", "signerAuthority", "requestNumber", "title", "label", "agency", "email", "bodies", "people", "alreadyInvited"]);

function detailValue(name: string, value: unknown, t: Translate, lang: Lang, timeZone: string): string {
  if (isEpochMs(value)) return formatInZone(value, timeZone, LOCALES[lang]);
  if (typeof value === "string" && CODE_PREFIXES[name]) {
    const key = `${CODE_PREFIXES[name]}.${value}`;
    if (isMessageKey(key)) return t(key);
  }
  if (typeof value === "boolean") return t(value ? "audit.yes" : "audit.no");
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) return value.length === 0 ? "—" : value.map((v) => detailValue(name, v, t, lang, timeZone)).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** The event's details as translated "label: value" pairs (unknown names are shown as stored). */
export function readableDetails(details: string, t: Translate, lang: Lang, timeZone: string): [string, string][] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(details);
  } catch {
    return details.trim() ? [["", details]] : [];
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return [["", String(details)]];
  return Object.entries(parsed as Record<string, unknown>).map(([name, value]) => {
    const key = `auditDetail.${name}`;
    return [isMessageKey(key) ? t(key) : name, detailValue(name, value, t, lang, timeZone)];
  });
}


function typedDetails(details: string): boolean[] {
  try {
    const parsed: unknown = JSON.parse(details);
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return [];
    return Object.entries(parsed as Record<string, unknown>).map(([name, value]) => TYPED.has(name) && (typeof value === "string" || (Array.isArray(value) && value.every((v) => typeof v === "string"))));
  } catch {
    return [];
  }
}

/** A stored code's name ("auditAction.invitations.created"), or the code itself when it has none. */
function named(t: Translate, prefix: "auditAction" | "auditSubject", code: string): string {
  const key = `${prefix}.${code}`;
  return isMessageKey(key) ? t(key) : code;
}

interface StoredEvent {
  id: number;
  at: number;
  actorName: string | null;
  actorLabel: string;
  action: string;
  subjectType: string;
  subjectId: string;
  details: string;
  ip: string;
}

/** The events as the page shows them. */
export function readableAuditRows(rows: StoredEvent[], lang: Lang, timeZone: string) {
  const t = translator(lang);
  return rows.map((r) => ({
    id: r.id,
    iso: new Date(r.at).toISOString(),
    at: formatInZone(r.at, timeZone, LOCALES[lang]),
    actor: r.actorName ?? r.actorLabel,
    action: r.action,
    actionName: named(t, "auditAction", r.action),
    subject: `${named(t, "auditSubject", r.subjectType)} #${r.subjectId}`,
    details: readableDetails(r.details, t, lang, timeZone),
    /** Which details show typed text (names, symbols…), marked with the content's language on the page. */
    typed: typedDetails(r.details),
    ip: r.ip,
  }));
}
