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
