import { describe, expect, it } from "vitest";
import { get } from "./http.ts";

interface Operation {
  responses: Record<string, { content?: Record<string, unknown> }>;
}
interface OpenApi {
  openapi: string;
  paths: Record<string, { get: Operation }>;
}

/** Concrete requests for each documented path: the path's example, and one that fails as documented. */
const EXAMPLES: Record<string, string[]> = {
  "/latest/{region}": [
    "/latest/us-east-1",
    "/latest/us-east-1?field=ImageId",
    "/latest/xx-nowhere-1",
    "/latest/us_east_1",
    "/latest/US-EAST-1",
  ],
  "/latest/{region}/{family}": [
    "/latest/eu-west-1/al2023-arm64",
    "/latest/eu-west-1/al2099",
    "/latest/eu-west-1/al2023?field=Bogus",
  ],
  "/latest": ["/latest", "/latest?field=ImageId", "/latest?family=al2099"],
  "/regions": ["/regions"],
  "/families": ["/families"],
  "/healthz": ["/healthz"],
  "/openapi.json": ["/openapi.json"],
  "/": ["/"],
  "/history/{region}/{family}": [
    "/history/us-east-1/al2023",
    "/history/us-east-1/al2099",
    "/history/us_east_1/al2023",
    "/history/US-EAST-1/al2023",
  ],
  "/changes": [
    "/changes",
    "/changes?family=al2023&region=eu-west-1",
    "/changes?family=al2099",
    "/changes?region=x",
  ],
  "/changes.atom": ["/changes.atom", "/changes.atom?region=xx-nowhere-1"],
};

describe("every documented route answers as documented", async () => {
  const spec = (await (await get("/openapi.json")).json()) as OpenApi;

  it("documents exactly the routes that are served", () => {
    expect(Object.keys(spec.paths).sort()).toEqual(Object.keys(EXAMPLES).sort());
  });

  const cases = Object.entries(EXAMPLES).flatMap(([path, urls]) => urls.map((url) => [path, url] as const));
  it.each(cases)("%s: %s", async (path, url) => {
    const response = await get(url);
    const documented = spec.paths[path]?.get.responses[String(response.status)];
    expect(documented, `status ${response.status} is documented for ${path}`).toBeDefined();
    const type = (response.headers.get("content-type") ?? "").split(";", 1)[0] ?? "";
    if (documented?.content) expect(Object.keys(documented.content)).toContain(type);
  });
});

describe("what the description says of its parameters and headers", () => {
  it("accepts the field paths the Worker answers, and no other name", async () => {
    const doc = (await (await get("/openapi.json")).json()) as {
      components: {
        parameters: { field: { schema: { items: { anyOf: { enum?: string[]; pattern?: string }[] } } } };
      };
    };
    const schemas = doc.components.parameters.field.schema.items.anyOf;
    const documented = (field: string) =>
      schemas.some(
        (schema) =>
          schema.enum?.includes(field) ||
          (schema.pattern !== undefined && new RegExp(schema.pattern).test(field)),
      );
    for (const field of ["ImageId", "Region", "Source.Version", "BlockDeviceMappings.0.Ebs.SnapshotId"]) {
      expect(documented(field), field).toBe(true);
    }
    for (const field of ["Nope", "Nope.Version", "Source.", "__proto__"]) {
      expect(documented(field), field).toBe(false);
    }
    expect((await get("/latest/us-east-1?field=Source.Version")).status).toBe(200);
  });

  it("documents Last-Modified only where it is sent", async () => {
    const doc = (await (await get("/openapi.json")).json()) as {
      paths: Record<string, { get: { responses: { "200": { headers?: Record<string, unknown> } } } }>;
    };
    for (const path of ["/", "/openapi.json", "/latest/us-east-1", "/regions"]) {
      const template = path === "/latest/us-east-1" ? "/latest/{region}" : path;
      const documented = "Last-Modified" in (doc.paths[template]?.get.responses["200"].headers ?? {});
      expect(documented, path).toBe((await get(path)).headers.has("last-modified"));
    }
  });
});
