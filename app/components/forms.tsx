import { Form, useLocation, useNavigation, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import type { FieldErrors } from "~/forms";
import type { MessageKey } from "~/i18n";
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
  children: (props: { id: string; name: string; "aria-invalid"?: boolean; "aria-describedby"?: string }) => ReactNode;
}

/** A labelled control with its hint and its error right beside it. */
export function Field({ name, label, errors, hint, children }: FieldProps) {
  const t = useT();
  const id = `field-${name}`;
  const error = errors?.[name];
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className={error ? "field has-error" : "field"}>
      <label htmlFor={id}>{t(label)}</label>
      {children({
        id,
        name,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": describedBy || undefined,
      })}
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {t(hint)}
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
  // Posted as a fetcher (navigate={false}), not as a navigation. While a navigation's POST to /lang is
  // in flight, any fetcher action that finishes (the invitee page's "opened" beacon, an autosave sent
  // as the click blurs a box) makes the router revalidate at the navigation's location, /lang: its
  // loader redirects to "/", and the router follows that redirect instead of the language's, so the
  // click was lost (the agency landed on the sign-in page). A fetcher's POST leaves the navigation
  // idle; the action's redirect back to this page is then followed as usual. Without JavaScript it is
  // a plain form POST.
  return (
    <Form method="post" action="/lang" navigate={false} className="lang-switch" aria-label={t("lang.choose")}>
      <CsrfInput />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      {LANGUAGES.map((l) => (
        <button key={l} type="submit" name="lang" value={l} aria-pressed={l === lang} className="link-button">
          {l.toUpperCase()}
        </button>
      ))}
    </Form>
  );
}
