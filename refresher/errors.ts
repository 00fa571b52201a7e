/** A region's refresh failed; nothing was written for it. `cause` holds what AWS or S3 said. */
export class RefreshError extends Error {
  override name = "RefreshError";
  constructor(
    readonly region: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`${region}: ${message}`, options);
  }
}

/** An invocation event that does not name a valid region. */
export class InvalidEventError extends Error {
  override name = "InvalidEventError";
}

/** A required setting (environment variable) is missing or empty. */
export class MissingSettingError extends Error {
  override name = "MissingSettingError";
  constructor(readonly variable: string) {
    super(`environment variable ${variable} is not set`);
  }
}

/** The message of anything thrown, for logs and reports. */
export function describeError(error: unknown): string {
  if (error instanceof Error)
    return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
  return String(error);
}
