import { Link } from "@remix-run/react";
import type { VersionSummary } from "#db/queries/versions";
import { useT } from "~/i18n/use-t";
import { CONTENT_LANG } from "~/components/content-lang";

export function VersionList({ versions, consultationId }: { versions: VersionSummary[]; consultationId: number }) {
  const t = useT();
  if (versions.length === 0) return <p className="muted">{t("version.none")}</p>;
  return (
    <ul className="versions">
      {versions.map((v) => (
        <li key={v.id}>
          <Link to={`/staff/consultations/${consultationId}/versions/${v.id}`} lang={CONTENT_LANG}>{v.label}</Link>{" "}
          {v.publishedAt === null ? (
            <span className="badge status-preparing">{t("version.unpublished")}</span>
          ) : (
            <span className="badge status-open">{t("version.published")}</span>
          )}{" "}
          <span className="muted small">
            {t("outline.count", { n: v.clauseCount })}
            {v.sourceFilename ? ` · ${v.sourceFilename}` : ""}
          </span>
        </li>
      ))}
    </ul>
  );
}
