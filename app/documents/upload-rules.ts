/** What a draft upload may be; shared by the form (accept=…) and the server check. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const ACCEPTED_EXTENSIONS = [".txt", ".md", ".docx"] as const;
