import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce?: string;
    clientIp?: string;
    /** When the request's headers arrived (server.js, body policy). */
    requestStartedAt?: number;
    /** When the last byte of a posted body arrived (server.js, body policy). */
    bodyReceivedAt?: number;
    /** The posted body as the body policy received it, to be parsed once (app/documents/multipart.server.ts). */
    receivedBody?: Uint8Array;
  }
}
