/**
 * The `page` query parameter of the paginated lists: absent or empty is page 1, a positive whole number
 * up to MAX_PAGE is that page, anything else ("1e300", "-2", "1.5", "abc") is a 400 (the root error
 * boundary shows "body.badPage"), never an offset the database cannot take.
 */
export const MAX_PAGE = 1_000_000;

export function pageParam(params: URLSearchParams): number {
  const raw = params.get("page");
  if (raw === null || raw === "") return 1;
  if (!/^[1-9]\d{0,6}$/.test(raw) || Number(raw) > MAX_PAGE) throw new Response("Bad page", { status: 400, statusText: "Bad page" });
  return Number(raw);
}
