/**
 * The status text of an export refused because every export connection is held by a download
 * (PostgreSQL, db/client.server.ts): the error page tells it apart from other 503s by this.
 */
export const EXPORTS_BUSY = "Exports busy";
