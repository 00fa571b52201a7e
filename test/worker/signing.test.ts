import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { AwsV4Signer } from "aws4fetch";
import { describe, expect, it } from "vitest";
import { app } from "../../worker/app.ts";
import { lastOriginRequest } from "./origin-control.ts";

const CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

/** The app with S3 credentials bound as secrets; its own copies never fresh, so the origin is read. */
async function signedGet(path: string, headers: Record<string, string>): Promise<Response> {
  const ctx = createExecutionContext();
  const bindings = {
    ...env,
    CACHE_TTL_S: "0",
    S3_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    S3_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    S3_REGION: "eu-central-1",
  };
  const response = await app.fetch(new Request(`http://latest-ami.test${path}`, { headers }), bindings, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

describe("reading a private bucket with SigV4", () => {
  it("signs exactly the request it makes to the origin, never the client's headers", async () => {
    const response = await signedGet("/latest/sa-east-1?field=ImageId", {
      authorization: "Bearer client-token",
      "x-client-header": "1",
    });
    expect(response.status).toBe(200);

    const seen = await lastOriginRequest();
    expect(seen.method).toBe("GET");
    expect(seen.path).toBe("/latest-ami/v1/sa-east-1.json");
    expect(seen.headers["x-client-header"]).toBeUndefined();
    const authorization = seen.headers.authorization ?? "";
    expect(authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=S3RVER\/\d{8}\/eu-central-1\/s3\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/,
    );

    // s3rver does not check SigV4 signatures, so recompute it from what the origin received.
    const signedHeaders = (authorization.split("SignedHeaders=")[1] ?? "").split(",")[0]?.split(";") ?? [];
    expect(signedHeaders).not.toContain("x-client-header");
    const datetime = seen.headers["x-amz-date"] ?? "";
    const signer = new AwsV4Signer({
      ...CREDENTIALS,
      service: "s3",
      region: "eu-central-1",
      method: "GET",
      url: `${env.ORIGIN_URL}/sa-east-1.json`,
      headers: Object.fromEntries(
        signedHeaders.filter((h) => h !== "host").map((h) => [h, seen.headers[h] ?? ""]),
      ),
      datetime,
    });
    const expected = await signer.sign();
    expect(expected.headers.get("authorization")).toBe(authorization);
  });
});
