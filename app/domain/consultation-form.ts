/**
 * The choices of the consultation form (create and edit). The form is validated on the server by
 * ConsultationFormSchema in app/consultations/consultation-form.server.ts, out of the page's script.
 */
export const CONSULTATION_KINDS = ["plan", "decision", "regulation", "report", "other"] as const;
export const CONSULTATION_STATUSES = ["preparing", "open", "closed", "finished"] as const;
