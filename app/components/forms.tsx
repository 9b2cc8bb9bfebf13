import { useLocation, useNavigation, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import type { FieldErrors } from "~/forms";
import type { MessageKey, Params } from "~/i18n";
import { Sentence } from "~/components/content-lang";
import { LANGUAGES } from "~/i18n";
import { useLang, useT } from "~/i18n/use-t";

/** The hidden anti-CSRF field every state-changing form carries (see app/auth/csrf.server.ts). */
export function CsrfInput() {
  const root = useRouteLoaderData<{ csrf: string }>("root");
  return <input type="hidden" name="csrf" value={root?.csrf ?? ""} />;
}

interface FieldProps {
  name: string;
  label: MessageKey;
  errors?: FieldErrors;
  hint?: MessageKey;
  /**
   * Examples of content inside the label or the hint ("UBND TỈNH SÓC TRĂNG" in "In capitals, e.g.
   * {example}."): Vietnamese whatever the page's language, so marked with lang (content-lang.tsx).
   */
  labelExamples?: Params;
  hintExamples?: Params;
  children: (props: { id: string; name: string; "aria-invalid"?: boolean; "aria-describedby"?: string }) => ReactNode;
}

/** A labelled control with its hint and its error right beside it. */
export function Field({ name, label, errors, hint, labelExamples, hintExamples, children }: FieldProps) {
  const t = useT();
  const id = `field-${name}`;
  const error = errors?.[name];
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className={error ? "field has-error" : "field"}>
      <label htmlFor={id}>{labelExamples ? <Sentence t={t} k={label} params={labelExamples} marked={Object.keys(labelExamples)} /> : t(label)}</label>
      {children({
        id,
        name,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": describedBy || undefined,
      })}
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hintExamples ? <Sentence t={t} k={hint} params={hintExamples} marked={Object.keys(hintExamples)} /> : t(hint)}
        </p>
      ) : null}
      {error ? (
        <p className="error" id={`${id}-error`} role="alert">
          {t(error)}
        </p>
      ) : null}
    </div>
  );
}

export function FormError({ errors }: { errors?: FieldErrors }) {
  const t = useT();
  const error = errors?._form;
  return error ? (
    <p className="form-error" role="alert">
      {t(error)}
    </p>
  ) : null;
}

export function SubmitButton({ label, pendingLabel, className, name, value }: {
  label: MessageKey;
  pendingLabel?: MessageKey;
  className?: string;
  name?: string;
  value?: string;
}) {
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  return (
    <button type="submit" className={className ?? "button primary"} disabled={busy} name={name} value={value}>
      {busy && pendingLabel ? t(pendingLabel) : t(label)}
    </button>
  );
}

export function LanguageSwitch() {
  const lang = useLang();
  const t = useT();
  const location = useLocation();
  // A plain form POST that reloads the document, before and after hydration alike. Every string on the
  // page changes anyway, and the router stays out of it: as a navigation, a fetcher action finishing
  // meanwhile (the invitee page's "opened" beacon, an autosave sent as the click blurs a box) made it
  // revalidate at /lang and follow that loader's redirect instead; as a fetcher it also waited on route
  // discovery of /lang, and a click during hydration was sometimes lost under load (CI of 2026-12-01).
  return (
    <form method="post" action="/lang" className="lang-switch" aria-label={t("lang.choose")}>
      <CsrfInput />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      {LANGUAGES.map((l) => (
        <button key={l} type="submit" name="lang" value={l} aria-pressed={l === lang} className="link-button">
          {l.toUpperCase()}
        </button>
      ))}
    </form>
  );
}
