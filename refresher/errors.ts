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
