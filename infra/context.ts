import { type PatternFamily, parsePatternFamilies } from "../contract/pattern-families.ts";
import { DEFAULT_PREFIX } from "../refresher/settings.ts";

/**
 * Reading the app's settings from CDK context (`cdk.json`, or `-c name=value` on the command
 * line, which always arrives as a string). A setting that is present but malformed throws,
 * naming it: a typo must not deploy a different bucket policy.
 */

/** Thrown when a context value cannot be used. */
export class ContextError extends Error {
  override name = "ContextError";
}

/**
 * Characters a prefix may hold. It ends up in IAM resource ARNs and a bucket policy, where `*`
 * and `?` are wildcards, so anything that could widen a grant is refused.
 */
const PREFIX_PATTERN = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

/**
 * A boolean setting: `true`/`false` from cdk.json, or the strings "true"/"false" from `-c`.
 *
 * @example contextFlag(app.node.tryGetContext("publicRead"), "publicRead") // false when absent
 */
export function contextFlag(value: unknown, name: string): boolean {
  if (value === undefined || value === null) return false;
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  throw new ContextError(`context ${name} must be true or false, got ${JSON.stringify(value)}`);
}

/**
 * The object prefix, with slashes at either end dropped as the refresher drops them. An empty
 * string means the bucket root.
 *
 * @example contextPrefix("/v1/") // "v1"
 */
export function contextPrefix(value: unknown): string {
  if (value === undefined || value === null) return DEFAULT_PREFIX;
  if (typeof value !== "string")
    throw new ContextError(`context prefix must be a string, got ${JSON.stringify(value)}`);
  const prefix = value.replace(/^\/+|\/+$/g, "");
  if (prefix !== "" && !PREFIX_PATTERN.test(prefix))
    throw new ContextError(
      `context prefix ${JSON.stringify(value)} may hold only letters, digits, . _ - and /`,
    );
  return prefix;
}

/** An optional string setting; absent or empty is undefined. */
export function contextString(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string")
    throw new ContextError(`context ${name} must be a string, got ${JSON.stringify(value)}`);
  return value;
}

/** Levels the refresher's LOG_LEVEL understands (refresher/log.ts). */
const LOG_LEVELS = ["info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** LOG_LEVEL for both functions: `info` when absent. */
export function contextLogLevel(value: unknown): LogLevel {
  if (value === undefined || value === null) return "info";
  const level = LOG_LEVELS.find((known) => known === value);
  if (!level)
    throw new ContextError(
      `context logLevel must be one of ${LOG_LEVELS.join(", ")}, got ${JSON.stringify(value)}`,
    );
  return level;
}

/**
 * Context `patternFamilies`: a JSON list of pattern families (a string, as `-c` gives it, or a list
 * in cdk.json), checked now so a deploy never ships a definition the function would refuse.
 */
export function contextPatternFamilies(value: unknown): PatternFamily[] {
  if (value === undefined) return [];
  const json = typeof value === "string" ? parseJson(value) : value;
  try {
    return parsePatternFamilies(json);
  } catch (error) {
    throw new ContextError(
      `context patternFamilies: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ContextError(
      `context patternFamilies is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
