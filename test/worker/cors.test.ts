import { describe, expect, it } from "vitest";
import { errorOf, get } from "./http.ts";

const EXPOSED = "ETag, Last-Modified, Age, Cache-Status, Retry-After";

describe("CORS", () => {
  it.each([
    ["a 200", "/latest/us-east-1?field=ImageId", {}, 200],
    ["a 404", "/latest/us-east-1/al2099", {}, 404],
    ["a 400", "/latest/us_east_1", {}, 400],
    ["a 304", "/latest/us-east-1?field=ImageId", { "if-none-match": "*" }, 304],
    ["a 301", "/latest/US-EAST-1", {}, 301],
    ["a 405", "/latest/us-east-1", { method: "POST" }, 405],
  ])("lets any origin read %s, with the validators exposed", async (_, path, init, status) => {
    const { method, ...headers } = init as { method?: string } & Record<string, string>;
    const response = await get(path, { method, headers: { origin: "https://dash.example", ...headers } });
    expect(response.status).toBe(status);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-expose-headers")).toBe(EXPOSED);
    expect(response.headers.has("access-control-allow-credentials")).toBe(false);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("answers a preflight with 204, the methods, the asked headers and a day's max-age", async () => {
    const response = await get("/latest/us-east-1", {
      method: "OPTIONS",
      headers: {
        origin: "https://dash.example",
        "access-control-request-method": "GET",
        "access-control-request-headers": "if-none-match, x-bad header, <script>, accept",
      },
    });
    expect(response.status).toBe(204);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "access-control-allow-origin": "*",
      "access-control-allow-methods": "GET, HEAD, OPTIONS",
      "access-control-allow-headers": "if-none-match, accept",
      "access-control-max-age": "86400",
      allow: "GET, HEAD, OPTIONS",
      vary: "Access-Control-Request-Headers",
    });
  });

  it("bounds the headers a preflight may ask for", async () => {
    const many = Array.from({ length: 40 }, (_, i) => `x-h${i}`).join(",");
    const response = await get("/latest", {
      method: "OPTIONS",
      headers: { "access-control-request-method": "GET", "access-control-request-headers": many },
    });
    expect(response.headers.get("access-control-allow-headers")?.split(", ")).toHaveLength(16);
  });
});

describe("methods", () => {
  it.each(["POST", "PUT", "DELETE", "PATCH"])("405s %s with Allow", async (method) => {
    const response = await get("/latest/us-east-1", { method });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect((await errorOf(response)).code).toBe("method_not_allowed");
  });
});

describe("redirects to the canonical URL", () => {
  it.each([
    ["/latest/US-EAST-1?field=ImageId", "/latest/us-east-1?field=ImageId"],
    ["/latest/Eu-West-1/al2023-arm64", "/latest/eu-west-1/al2023-arm64"],
    ["/latest/us-east-1/", "/latest/us-east-1"],
    ["/latest/us-east-1/al2023///?field=Name", "/latest/us-east-1/al2023?field=Name"],
    ["/regions/", "/regions"],
  ])("301s %s to %s", async (from, to) => {
    const response = await get(from);
    expect(response.status).toBe(301);
    expect(response.headers.get("location")).toBe(to);
  });

  it("never redirects to another host: //evil.example/latest/ is a 404, not a 301 to //evil.example", async () => {
    const response = await get("//evil.example/latest/");
    expect(response.status).toBe(404);
    expect(response.headers.get("location")).toBeNull();
  });

  it("does not redirect an upper-case name that is no region even in lower case", async () => {
    expect((await get("/latest/US_EAST_1")).status).toBe(400);
  });
});
