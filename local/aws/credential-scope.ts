/**
 * Reads the SigV4 credential scope from an Authorization header. AWS decides which service and
 * region a request is for from its host name; with one local server behind every endpoint URL,
 * the signed scope is what still carries that information. Signatures are not checked: the
 * endpoint has no secrets to check them against.
 */

/** The parts of `Credential=AKID/20260727/us-east-1/ec2/aws4_request` routing needs. */
export interface CredentialScope {
  accessKeyId: string;
  region: string;
  service: string;
}

/** What an Authorization header amounted to. */
export type ScopeReading =
  | { kind: "signed"; scope: CredentialScope }
  | { kind: "missing" }
  | { kind: "garbled" };

const ALGORITHM = "AWS4-HMAC-SHA256 ";
const CREDENTIAL =
  /(?:^|[\s,])Credential=([^/\s,]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request(?:[\s,]|$)/;

/**
 * Reads the credential scope of a SigV4 Authorization header.
 * @example readCredentialScope("AWS4-HMAC-SHA256 Credential=AKID/20260727/eu-west-1/ssm/aws4_request, ...")
 */
export function readCredentialScope(authorization: string | undefined): ScopeReading {
  if (authorization === undefined || authorization.trim() === "") {
    return { kind: "missing" };
  }
  if (!authorization.startsWith(ALGORITHM)) {
    return { kind: "garbled" };
  }
  const match = CREDENTIAL.exec(authorization.slice(ALGORITHM.length));
  const [, accessKeyId, , region, service] = match ?? [];
  if (accessKeyId === undefined || region === undefined || service === undefined) {
    return { kind: "garbled" };
  }
  return { kind: "signed", scope: { accessKeyId, region, service } };
}
