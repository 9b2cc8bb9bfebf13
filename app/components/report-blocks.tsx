/**
 * The blocks of an official document in the form of Decree 30/2020/NĐ-CP as the print views show
 * them (the report, the comparison table): the header (issuer and number on the left, national name,
 * motto and date line on the right) and "Nơi nhận" beside the signature block.
 */
import type { CSSProperties } from "react";
import type { ReportHeader, ReportSignature } from "~/domain/report/build-report";
import { HEAD_COLUMNS_MM, nationalNameSize, SIGNATURE_WIDTHS } from "~/domain/report/layout";

export function Cols({ widths }: { widths: readonly number[] }) {
  return (
    <colgroup>
      {widths.map((w, i) => (
        <col key={i} style={{ width: `${w}%` }} />
      ))}
    </colgroup>
  );
}

/** `rightMm`: the national name's column (the page's text width less the issuer's 63 mm). */
export function ReportHead({ header: h, rightMm = HEAD_COLUMNS_MM[1] }: { header: ReportHeader; rightMm?: number }) {
  const headColumns = { gridTemplateColumns: `${HEAD_COLUMNS_MM[0]}mm ${rightMm}mm` } as CSSProperties;
  return (
    <div className="report-head" style={headColumns}>
      <div>
        {h.governingBody ? <p className="rd-governing">{h.governingBody}</p> : null}
        <p className="bold">
          <span className="rd-ruled rd-ruled-short">{h.issuingBody}</span>
        </p>
        {h.numberLine ? <p className="rd-number">{h.numberLine}</p> : null}
      </div>
      <div>
        <p className="bold rd-national" style={{ fontSize: `${nationalNameSize(h.nationalName)}pt` }}>
          {h.nationalName}
        </p>
        <p className="bold rd-motto">
          <span className="rd-ruled">{h.motto}</span>
        </p>
        <p className="italic rd-date">{h.dateLine}</p>
      </div>
    </div>
  );
}

export function SignatureBlock({ recipientsLabel, recipients, signature }: { recipientsLabel: string; recipients: string[]; signature: ReportSignature }) {
  return (
    <table className="rd-signature" data-testid="report-signature">
      <Cols widths={SIGNATURE_WIDTHS} />
      <tbody>
        <tr>
          <td>
            <p className="rd-recipients-label">{recipientsLabel}</p>
            {recipients.map((line, i) => (
              <p key={i} className="rd-recipient">
                {line}
              </p>
            ))}
          </td>
          <td className="center">
            {signature.authority ? <p className="bold">{signature.authority}</p> : null}
            {signature.title ? <p className="bold">{signature.title}</p> : null}
            <div className="rd-sign-space" />
            <p className="bold">{signature.name}</p>
          </td>
        </tr>
      </tbody>
    </table>
  );
}
