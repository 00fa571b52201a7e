/**
 * AWS region names, validated before anything (an S3 key, a URL) is built from one.
 *
 * Shape: two-letter area, one or more lower-case words, a number: `us-east-1`,
 * `ap-southeast-5`, `us-gov-west-1`, `eu-isoe-west-1`.
 */
const REGION_NAME = /^[a-z]{2}(?:-[a-z]{1,12}){1,3}-[1-9]\d?$/;

/** Longest name the pattern can accept is well under this; anything longer is rejected unread. */
const MAX_REGION_NAME_LENGTH = 32;

/**
 * True when `name` is shaped like an AWS region name (lower case, as AWS spells it).
 * @example isRegionName("eu-west-1") // true
 */
export function isRegionName(name: string): boolean {
  return name.length <= MAX_REGION_NAME_LENGTH && REGION_NAME.test(name);
}
