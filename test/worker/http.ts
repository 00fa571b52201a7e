import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { expect } from "vitest";
import { app } from "../../worker/app.ts";

/** A request to the Worker under test (its real entry, inside workerd). Redirects are not followed. */
export function get(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(`http://latest-ami.test${path}`, { redirect: "manual", ...init }));
}

/**
 * A request to the app with its own copies (memo, edge cache) never fresh: every request asks the
 * origin, and the stale copies are kept for when it fails.
 */
export async function revalidating(path: string): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await app.fetch(
    new Request(`http://latest-ami.test${path}`),
    { ...env, CACHE_TTL_S: "0" },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return response;
}

/** The body of an error answer, after checking it has the one error shape. */
export async function errorOf(
  response: Response,
): Promise<{ code: string; message: string; [k: string]: unknown }> {
  expect(response.headers.get("content-type")).toBe("application/json");
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(["error"]);
  return body.error;
}
