/** How a drafter can decide on a comment: shared by the triage form and the server. */
export const DECISIONS = ["accepted", "partly", "explained", "noted"] as const;
