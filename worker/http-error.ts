import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * An answer that is an error. `code` is stable for programs; `message` is for people; `details`
 * (optional) holds what helps the caller fix the request, such as the valid values.
 */
export class HttpError extends Error {
  override name = "HttpError";
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly details: Record<string, unknown>;
  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** The one error shape on the wire: `{ "error": { "code", "message", ... } }`. */
  toJSON(): { error: Record<string, unknown> } {
    return { error: { code: this.code, message: this.message, ...this.details } };
  }
}
