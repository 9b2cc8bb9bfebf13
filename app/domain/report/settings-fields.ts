/**
 * The fields of the report's "signing details" form and the signer's authorities, as the page shows
 * them. No zod here: the form's page imports this, and the validation (./settings.ts,
 * ./settings-form.ts) stays on the server.
 */
import type { ReportSettings } from "./settings";

/** The signer's authority as Decree 30/2020 writes it ("" = signing in one's own right). */
export const SIGNER_AUTHORITIES = ["", "TM.", "KT.", "Q.", "TL.", "TUQ.", "PP."] as const;
export type SignerAuthority = (typeof SIGNER_AUTHORITIES)[number];

/** The form's fields, in the order the form shows them. */
export const REPORT_SETTINGS_FIELDS = [
  "governingBody",
  "issuingBody",
  "symbol",
  "placeName",
  "requestSender",
  "requestNumber",
  "requestDate",
  "signerAuthority",
  "signerAuthorityTitle",
  "signerTitle",
  "signerName",
  "recipients",
] as const satisfies readonly (keyof ReportSettings)[];
