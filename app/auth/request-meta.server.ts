import type { AppLoadContext } from "@remix-run/node";

export function requestMeta(request: Request, context: AppLoadContext | undefined) {
  return {
    ip: context?.clientIp ?? "",
    userAgent: request.headers.get("user-agent") ?? "",
  };
}
