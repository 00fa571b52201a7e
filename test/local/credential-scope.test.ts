import { describe, expect, it } from "vitest";
import { readCredentialScope } from "../../local/aws/credential-scope.ts";

describe("readCredentialScope", () => {
  it("reads the access key, region and service of a SigV4 header", () => {
    const header =
      "AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20260727/eu-west-1/ssm/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc";

    expect(readCredentialScope(header)).toEqual({
      kind: "signed",
      scope: { accessKeyId: "AKIDLOCAL", region: "eu-west-1", service: "ssm" },
    });
  });

  it("calls an absent header missing", () => {
    expect(readCredentialScope(undefined)).toEqual({ kind: "missing" });
  });

  it.each([
    "Bearer token",
    "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=abc",
    "AWS4-HMAC-SHA256 Credential=AKID/2026/eu-west-1/ssm/aws4_request",
  ])("calls %s garbled", (header) => {
    expect(readCredentialScope(header)).toEqual({ kind: "garbled" });
  });
});
