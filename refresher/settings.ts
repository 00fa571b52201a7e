import { readFileSync } from "node:fs";
import {
  InvalidPatternFamilyError,
  type PatternFamily,
  parsePatternFamilies,
  SHIPPED_PATTERN_FAMILIES,
} from "../contract/pattern-families.ts";
import { MissingSettingError } from "./errors.ts";

/** Where documents go: `s3://<bucket>/<prefix>/<region>.json`. */
export interface StoreSettings {
  bucket: string;
  prefix: string;
}

/** Object prefix when PREFIX is not set: a version, so a future document shape can live beside this one. */
export const DEFAULT_PREFIX = "v1";

function required(variable: string): string {
  const value = process.env[variable];
  if (!value) throw new MissingSettingError(variable);
  return value;
}

/** BUCKET (required) and PREFIX (default `v1`, slashes at either end dropped). */
export function storeSettings(): StoreSettings {
  const prefix = (process.env.PREFIX ?? DEFAULT_PREFIX).replace(/^\/+|\/+$/g, "");
  return { bucket: required("BUCKET"), prefix };
}

/** REGION_FUNCTION_NAME: the function the fan-out invokes once a region. */
export function regionFunctionName(): string {
  return required("REGION_FUNCTION_NAME");
}

/**
 * The pattern families to resolve: the shipped ones plus those whoever deploys adds, as a JSON list
 * in PATTERN_FAMILIES or in the file PATTERN_FAMILIES_FILE names. Throws InvalidPatternFamilyError,
 * naming the setting and the field, for anything invalid (a family with no owner among them).
 */
export function patternFamilies(env: NodeJS.ProcessEnv = process.env): PatternFamily[] {
  const [setting, text] = env.PATTERN_FAMILIES
    ? ["PATTERN_FAMILIES", env.PATTERN_FAMILIES]
    : env.PATTERN_FAMILIES_FILE
      ? [`PATTERN_FAMILIES_FILE (${env.PATTERN_FAMILIES_FILE})`, readSettingFile(env.PATTERN_FAMILIES_FILE)]
      : [undefined, undefined];
  if (setting === undefined || text === undefined) return [...SHIPPED_PATTERN_FAMILIES];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidPatternFamilyError(
      `${setting} is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  try {
    return [...SHIPPED_PATTERN_FAMILIES, ...parsePatternFamilies(json)];
  } catch (error) {
    if (error instanceof InvalidPatternFamilyError)
      throw new InvalidPatternFamilyError(`${setting}: ${error.message}`);
    throw error;
  }
}

function readSettingFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidPatternFamilyError(`PATTERN_FAMILIES_FILE cannot be read: ${reason}`);
  }
}
