import { Link } from "@remix-run/react";
import { useT } from "~/i18n/use-t";

/** Previous / next links that keep the other query parameters (filters). */
export function Pager({ page, hasMore, params }: { page: number; hasMore: boolean; params: URLSearchParams }) {
  const t = useT();
  if (page === 1 && !hasMore) return null;
  const to = (p: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(p));
    return `?${next.toString()}`;
  };
  return (
    <nav className="pager" aria-label={t("pager.label")}>
      {page > 1 ? <Link to={to(page - 1)}>← {t("pager.prev")}</Link> : <span />}
      <span className="muted small">{t("pager.page", { n: page })}</span>
      {hasMore ? <Link to={to(page + 1)}>{t("pager.next")} →</Link> : <span />}
    </nav>
  );
}
