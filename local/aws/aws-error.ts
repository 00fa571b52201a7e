/**
 * An error AWS would answer with: the code clients switch on, the message, the HTTP status.
 * Services throw it from anywhere below their handler; each renders it in its own protocol.
 */
export class AwsError extends Error {
  readonly code: string;
  readonly status: number;

  /** @example new AwsError("InvalidAMIID.NotFound", "The image id '[ami-1]' does not exist") */
  constructor(code: string, message: string, status = 400) {
    super(message);
    this.name = "AwsError";
    this.code = code;
    this.status = status;
  }
}
