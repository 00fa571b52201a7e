import { compileErrors, validate } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";
import { OPENAPI_DOCUMENT } from "../../worker/openapi.ts";

describe("/openapi.json", () => {
  it("validates as OpenAPI 3.1", async () => {
    // Through JSON, as a client reads it from /openapi.json.
    const served: Parameters<typeof validate>[0] = JSON.parse(JSON.stringify(OPENAPI_DOCUMENT));
    const result = await validate(served);
    expect(result.valid ? "" : compileErrors(result)).toBe("");
    expect(OPENAPI_DOCUMENT.openapi).toBe("3.1.0");
  });
});
