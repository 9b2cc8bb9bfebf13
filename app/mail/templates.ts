/** The texts of the invitation, reminder and answers-published e-mails, built from the catalog (Vietnamese by default). */
import { translator, LOCALES, type Lang } from "~/i18n";
import { formatInZone } from "~/domain/zoned-time";
import { countLine, type DecisionCounts } from "~/answers/answer-counts";

export interface MailContext {
  consultationTitle: string;
  draftingAgencyName: string;
  letterRef: string;
  cutoffAt: number;
  timeZone: string;
  agencyName: string;
  /** A person invited in their own name: the mail is addressed to them (name and position), not to the agency. */
  person?: { name: string; position: string } | null;
  link: string;
}

/** "Kính gửi: Sở Tư pháp", or for a person "Kính gửi: Ông/Bà Nguyễn Văn A, Phó Chủ tịch UBND tỉnh". */
function greeting(t: ReturnType<typeof translator>, ctx: MailContext): string {
  if (!ctx.person) return t("mail.greeting", { agency: ctx.agencyName });
  return ctx.person.position ? t("members.mailGreeting", { name: ctx.person.name, position: ctx.person.position }) : t("members.mailGreetingNoPosition", { name: ctx.person.name });
}

export function invitationMail(ctx: MailContext, lang: Lang = "vi") {
  const t = translator(lang);
  const cutoff = formatInZone(ctx.cutoffAt, ctx.timeZone, LOCALES[lang]);
  return {
    subject: t("mail.invitationSubject", { title: ctx.consultationTitle }),
    body: [
      greeting(t, ctx),
      "",
      t(ctx.person ? "members.mailInvitationBody" : "mail.invitationBody", { drafter: ctx.draftingAgencyName, title: ctx.consultationTitle, ref: ctx.letterRef || "—" }),
      "",
      t(ctx.person ? "members.mailLinkLine" : "mail.linkLine"),
      ctx.link,
      "",
      t("mail.cutoffLine", { cutoff }),
      t(ctx.person ? "members.mailLinkPrivate" : "mail.linkPrivate"),
    ].join("\n"),
  };
}

export function reminderMail(ctx: MailContext, lang: Lang = "vi") {
  const t = translator(lang);
  const cutoff = formatInZone(ctx.cutoffAt, ctx.timeZone, LOCALES[lang]);
  return {
    subject: t("mail.reminderSubject", { title: ctx.consultationTitle }),
    body: [
      greeting(t, ctx),
      "",
      t(ctx.person ? "members.mailReminderBody" : "mail.reminderBody", { drafter: ctx.draftingAgencyName, title: ctx.consultationTitle, cutoff }),
      "",
      t(ctx.person ? "members.mailLinkLine" : "mail.linkLine"),
      ctx.link,
      "",
      t(ctx.person ? "members.mailLinkPrivate" : "mail.linkPrivate"),
    ].join("\n"),
  };
}

export interface AnswersMailContext {
  consultationTitle: string;
  draftingAgencyName: string;
  letterRef: string;
  agencyName: string;
  link: string;
  /** "3 ý kiến: 2 tiếp thu, 1 giải trình", in the mail's language (see countLine). */
  counts: DecisionCounts;
}

/** Sent once to each agency with comments when the drafter publishes the answers. */
export function answersPublishedMail(ctx: AnswersMailContext, lang: Lang = "vi") {
  const t = translator(lang);
  return {
    subject: t("publishedAnswers.mailSubject", { title: ctx.consultationTitle }),
    body: [
      t("mail.greeting", { agency: ctx.agencyName }),
      "",
      t("publishedAnswers.mailBody", { drafter: ctx.draftingAgencyName, title: ctx.consultationTitle, ref: ctx.letterRef || "—" }),
      t("publishedAnswers.mailCount", { counts: countLine(t, ctx.counts) }),
      "",
      t("publishedAnswers.mailLink"),
      ctx.link,
      "",
      t("mail.linkPrivate"),
    ].join("\n"),
  };
}
