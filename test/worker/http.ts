import { exports } from "cloudflare:workers";
import { expect } from "vitest";

/** A request to the Worker under test (its real entry, inside workerd). Redirects are not followed. */
export function get(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(`http://latest-ami.test${path}`, { redirect: "manual", ...init }));
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
