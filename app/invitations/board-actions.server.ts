/**
 * The actions of the response board, one small function per intent. Each checks that the invitation
 * it names belongs to the consultation the drafter may manage.
 */
import { z } from "zod";
import { MAX_ROW_ID } from "~/domain/row-id";
import { getDb } from "#db/client.server";
import { insertAgency, findAgencyByName } from "#db/queries/agencies";
import { findInvitation, setCutoffOverride, setLateAllowed } from "#db/queries/invitations";
import { findMail } from "#db/queries/outbox";
import { replaceReminders } from "#db/queries/reminders";
import type { Consultation } from "#db/schema";
import { zonedLocalToInstant } from "~/domain/zoned-time";
import { reminderTimes } from "~/domain/reminders";
import { parseForm, formValues, type FieldErrors } from "~/forms";
import { retryMailNow } from "~/mail/deliver.server";
import { inviteAndOpen, mailInvitations, publicBaseUrl, reissue, revoke } from "./invitations.server";

export type BoardActionResult =
  | { ok: true; message: string; count?: number; alreadyInvited?: string[] }
  | { ok: false; errors: FieldErrors; values?: Record<string, string> };

interface Ctx {
  consultation: Consultation;
  userId: number;
  ip: string;
  request: Request;
}

/** A checkbox list of row ids: absent, one value or many. */
const idList = z
  .union([z.coerce.number().int().positive().max(MAX_ROW_ID), z.array(z.coerce.number().int().positive().max(MAX_ROW_ID))], {
    errorMap: () => ({ message: "members.pickSomeone" }),
  })
  .optional()
  .transform((v) => (v === undefined ? [] : ([] as number[]).concat(v)));

const InviteSchema = z
  .object({ agencyIds: idList, bodyIds: idList, personIds: idList, sendMail: z.literal("on").optional() })
  .refine((v) => v.agencyIds.length + v.bodyIds.length + v.personIds.length > 0, { message: "members.pickSomeone", path: ["agencyIds"] });

const AgencySchema = z.object({
  name: z.string().trim().min(1, "error.required").max(300, "error.tooLong"),
  shortName: z.string().trim().max(50, "error.tooLong").default(""),
  emails: z
    .string()
    .default("")
    .transform((s) => s.split(/[\s,;]+/).filter(Boolean))
    .pipe(z.array(z.string().email("error.emailList")).max(20, "error.tooLong")),
});

const OneSchema = z.object({ invitationId: z.coerce.number().int().positive().max(MAX_ROW_ID) });
const MailSchema = z.object({ mailId: z.coerce.number().int().positive().max(MAX_ROW_ID) });

/** The message after a round of mail: failures are said (they are retried), then kept, then sent. */
function mailMessage(result: { kept: number; failed: number }): string {
  return result.failed > 0 ? "mailRetry.someFailed" : result.kept > 0 ? "board.mailKept" : "board.mailSent";
}

async function ownInvitation(ctx: Ctx, form: FormData) {
  const parsed = parseForm(OneSchema, form);
  if (!parsed.ok) return null;
  const invitation = await findInvitation(await getDb(), parsed.data.invitationId);
  return invitation && invitation.consultationId === ctx.consultation.id ? invitation : null;
}

export async function boardAction(ctx: Ctx, form: FormData): Promise<BoardActionResult> {
  const actor = { userId: ctx.userId, ip: ctx.ip };
  const base = publicBaseUrl(ctx.request);
  const db = await getDb();
  switch (form.get("intent")) {
    case "invite": {
      const parsed = parseForm(InviteSchema, form);
      if (!parsed.ok) return { ok: false, errors: parsed.errors };
      const { agencyIds, bodyIds, personIds } = parsed.data;
      const { created, skipped } = await inviteAndOpen(ctx.consultation, { agencyIds, bodyIds, personIds }, actor);
      if (parsed.data.sendMail) await mailInvitations(ctx.consultation.id, created, "invitation", base, actor);
      const alreadyInvited = [...skipped.agencies, ...skipped.people].map((x) => x.name);
      return { ok: true, message: "board.invited", count: created.length, ...(alreadyInvited.length > 0 ? { alreadyInvited } : {}) };
    }
    case "addAgency": {
      const parsed = parseForm(AgencySchema, form);
      if (!parsed.ok) return { ok: false, errors: parsed.errors, values: parsed.values };
      if (await findAgencyByName(db, parsed.data.name)) return { ok: false, errors: { name: "agency.duplicate" }, values: formValues(form) };
      // The agency and its "agency.created" event are written together.
      await insertAgency(db, parsed.data, { actorUserId: ctx.userId, ip: ctx.ip });
      return { ok: true, message: "common.saved" };
    }
    case "mailAll":
    case "remind": {
      const kind = form.get("intent") === "remind" ? "reminder" : "invitation";
      const result = await mailInvitations(ctx.consultation.id, "unanswered", kind, base, actor);
      return { ok: true, message: mailMessage(result), count: result.failed > 0 ? result.failed : result.queued };
    }
    case "mailOne":
    case "remindOne": {
      const invitation = await ownInvitation(ctx, form);
      if (!invitation) return { ok: false, errors: { _form: "error.notFound" } };
      const kind = form.get("intent") === "remindOne" ? "reminder" : "invitation";
      const result = await mailInvitations(ctx.consultation.id, [invitation.id], kind, base, actor);
      if (result.noAddress > 0) return { ok: false, errors: { _form: "board.noAddress" } };
      return { ok: true, message: mailMessage(result), count: result.failed > 0 ? result.failed : result.queued };
    }
    case "retryMail": {
      // Only a failed mail of this consultation (the route has already checked the drafter may manage it).
      const parsed = parseForm(MailSchema, form);
      const mail = parsed.ok ? await findMail(db, parsed.data.mailId) : null;
      if (!mail || mail.consultationId !== ctx.consultation.id) return { ok: false, errors: { _form: "error.notFound" } };
      if (mail.status !== "failed") return { ok: false, errors: { _form: "mailRetry.notFailed" } };
      // "mail.retried" (the mail and how the attempt ended) commits with the attempt's outcome.
      const outcome = await retryMailNow(mail.id, {
        actorUserId: ctx.userId,
        action: "mail.retried",
        subjectType: "consultation",
        subjectId: ctx.consultation.id,
        ip: ctx.ip,
      });
      const message = outcome.status === "sent" ? "mailRetry.sent" : outcome.status === "kept" ? "board.mailKept" : "mailRetry.failedAgain";
      return { ok: true, message, count: 1 };
    }
    case "revoke":
    case "reissue": {
      const invitation = await ownInvitation(ctx, form);
      if (!invitation) return { ok: false, errors: { _form: "error.notFound" } };
      if (form.get("intent") === "revoke") await revoke(invitation.id, actor);
      else await reissue(invitation.id, actor);
      return { ok: true, message: form.get("intent") === "revoke" ? "board.revoked" : "board.reissued" };
    }
    case "extend": {
      const invitation = await ownInvitation(ctx, form);
      if (!invitation) return { ok: false, errors: { _form: "error.notFound" } };
      const raw = String(form.get("cutoff") ?? "");
      const at = raw === "" ? null : zonedLocalToInstant(raw, ctx.consultation.timeZone);
      if (raw !== "" && at === null) return { ok: false, errors: { cutoff: "error.dateTime" } };
      await setCutoffOverride(db, invitation.id, at, {
        actorUserId: ctx.userId,
        action: "invitation.cutoff_extended",
        subjectType: "invitation",
        subjectId: invitation.id,
        details: { cutoffAt: at },
        ip: ctx.ip,
      });
      return { ok: true, message: "common.saved" };
    }
    case "allowLate":
    case "refuseLate": {
      const invitation = await ownInvitation(ctx, form);
      if (!invitation) return { ok: false, errors: { _form: "error.notFound" } };
      const allow = form.get("intent") === "allowLate";
      await setLateAllowed(db, invitation.id, allow, {
        actorUserId: ctx.userId,
        action: allow ? "invitation.late_allowed" : "invitation.late_refused",
        subjectType: "invitation",
        subjectId: invitation.id,
        ip: ctx.ip,
      });
      return { ok: true, message: "common.saved" };
    }
    case "reminders": {
      const wanted = form.getAll("reminder").map(String);
      const times = reminderTimes(ctx.consultation.cutoffAt, ctx.consultation.timeZone, wanted, Date.now());
      await replaceReminders(db, ctx.consultation.id, times, base, {
        actorUserId: ctx.userId,
        action: "reminders.scheduled",
        subjectType: "consultation",
        subjectId: ctx.consultation.id,
        details: { wanted },
        ip: ctx.ip,
      });
      return { ok: true, message: "board.remindersSaved", count: times.length };
    }
    default:
      return { ok: false, errors: { _form: "error.invalid" } };
  }
}
