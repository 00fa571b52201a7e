/** A region's refresh failed; nothing was written for it. `cause` holds what AWS or S3 said. */
export class RefreshError extends Error {
  override name = "RefreshError";
  readonly region: string;
  constructor(region: string, message: string, options?: ErrorOptions) {
    super(`${region}: ${message}`, options);
    this.region = region;
  }
}

/** An invocation event that does not name a valid region. */
export class InvalidEventError extends Error {
  override name = "InvalidEventError";
}

/** A required setting (environment variable) is missing or empty. */
export class MissingSettingError extends Error {
  override name = "MissingSettingError";
  readonly variable: string;
  constructor(variable: string) {
    super(`environment variable ${variable} is not set`);
    this.variable = variable;
  }
}

/** The message of anything thrown, for logs and reports. */
export function describeError(error: unknown): string {
  if (error instanceof Error)
    return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
  return String(error);
}

/** What AWS answers in a region the account has not enabled or may not use: retrying cannot help. */
const REGION_NOT_ENABLED = new Set([
  "AuthFailure",
  "UnauthorizedOperation",
  "OptInRequired",
  "UnrecognizedClientException",
]);

/** True when `error` (or its cause) is AWS refusing the region itself rather than failing. */
export function isRegionNotEnabled(error: unknown): boolean {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error && REGION_NOT_ENABLED.has(cause.name);
}
