/**
 * Reading a JSON 1.1 request body. Fields of the wrong type are refused with the
 * SerializationException AWS answers for a body it cannot read into the operation's input.
 */
import { AwsError } from "../aws-error.ts";

/** A request body: a JSON object. */
export type JsonInput = Readonly<Record<string, unknown>>;

/** Parses a body; an empty body is an empty input, as the SDK sends for operations without fields. */
export function parseJsonInput(body: string): JsonInput {
  let parsed: unknown;
  try {
    parsed = body.trim() === "" ? {} : JSON.parse(body);
  } catch {
    throw new AwsError("SerializationException", "The request body is not valid JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new AwsError("SerializationException", "The request body must be a JSON object");
  }
  return Object.fromEntries(Object.entries(parsed));
}

/** A string field, or undefined when absent. */
export function stringField(input: JsonInput, key: string): string | undefined {
  return field(input, key, "a string", (value) => (typeof value === "string" ? value : undefined));
}

/** A boolean field, or undefined when absent. */
export function booleanField(input: JsonInput, key: string): boolean | undefined {
  return field(input, key, "a boolean", (value) => (typeof value === "boolean" ? value : undefined));
}

/** A whole-number field, or undefined when absent. */
export function integerField(input: JsonInput, key: string): number | undefined {
  return field(input, key, "a whole number", (value) =>
    Number.isSafeInteger(value) ? Number(value) : undefined,
  );
}

/** A list-of-strings field, or undefined when absent. */
export function stringListField(input: JsonInput, key: string): string[] | undefined {
  return field(input, key, "a list of strings", (value) =>
    Array.isArray(value) && value.every((item) => typeof item === "string") ? value.map(String) : undefined,
  );
}

/** A `1 validation error detected` ValidationException, worded as AWS words them. */
export function validationError(value: string, member: string, constraint: string): AwsError {
  return new AwsError(
    "ValidationException",
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}

function field<T>(
  input: JsonInput,
  key: string,
  kind: string,
  read: (value: unknown) => T | undefined,
): T | undefined {
  const value = input[key];
  if (value === undefined || value === null) {
    return undefined;
  }
  const parsed = read(value);
  if (parsed === undefined) {
    throw new AwsError("SerializationException", `${key} must be ${kind}`);
  }
  return parsed;
}
