import type { ConsultationStatus } from "#db/queries/consultations";
import { useT } from "~/i18n/use-t";

export function StatusBadge({ status }: { status: ConsultationStatus }) {
  const t = useT();
  return <span className={`badge status-${status}`}>{t(`status.${status}`)}</span>;
}
