import { useState } from "react";
import { useT } from "~/i18n/use-t";

/** An invitation link, selectable by hand, with a copy button when the browser allows it. */
export function CopyLink({ url }: { url: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <span className="copy-link">
      <input readOnly value={url} aria-label={t("board.link")} onFocus={(e) => e.currentTarget.select()} className="mono small" />
      <button
        type="button"
        className="link-button"
        onClick={() => {
          void navigator.clipboard?.writeText(url).then(() => setCopied(true));
        }}
      >
        {copied ? t("board.copied") : t("board.copy")}
      </button>
    </span>
  );
}
