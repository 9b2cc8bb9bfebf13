/**
 * The errors of a refused form at its top, each naming its field and linking to it (WCAG 3.3.1, 3.3.3).
 * It takes the focus when a new set of errors arrives, so a keyboard or screen reader user lands on it
 * after submitting instead of on <body>; the fields' own messages stay beside them (aria-describedby).
 */
import { useEffect, useRef } from "react";
import { useT } from "~/i18n/use-t";

export interface ErrorSummaryItem {
  /** The field's element id (the link's target); null for an error of the whole form. */
  fieldId: string | null;
  /** The field's name as its label says it; null for an error of the whole form. */
  field: string | null;
  message: string;
}

export function ErrorSummary({ items, focusKey }: { items: ErrorSummaryItem[]; focusKey: unknown }) {
  const t = useT();
  const ref = useRef<HTMLElement>(null);
  const shown = items.length > 0;
  useEffect(() => {
    if (shown) ref.current?.focus();
    // A new result (focusKey) with errors takes the focus again; re-renders of the same one do not.
  }, [focusKey, shown]);
  if (!shown) return null;
  return (
    <section className="error-summary" tabIndex={-1} ref={ref} aria-labelledby="error-summary-h" data-testid="error-summary">
      <h2 id="error-summary-h">{t("invitee.errors.title")}</h2>
      <ul>
        {items.map((item, i) => (
          <li key={`${item.fieldId ?? "form"}-${i}`}>
            {item.fieldId && item.field ? (
              <a href={`#${item.fieldId}`}>{t("invitee.errors.item", { field: item.field, message: item.message })}</a>
            ) : (
              item.message
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
