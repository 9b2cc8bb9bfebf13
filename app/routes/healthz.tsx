import { ping } from "#db/client.server";

/** For load balancers and the test harness: the database answers. */
export async function loader() {
  await ping();
  return new Response("ok", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
}
