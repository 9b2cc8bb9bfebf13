import { getDatabase } from "#db/client.server";

/** For load balancers and the test harness: the database answers. */
export function loader() {
  getDatabase().sqlite.prepare("select 1").get();
  return new Response("ok", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
}
