/**
 * Reading EC2 Query requests: form fields (or URL query fields) whose lists are flattened into
 * numbered members, `ImageId.1`, `Filter.2.Value.1`, as the SDK's EC2 protocol writes them.
 */
import { AwsError } from "../aws-error.ts";
import type { WireRequest } from "../wire.ts";

/** One `Filter.N`: a name and the values any of which may match. */
export interface Filter {
  name: string;
  values: string[];
}

/** Fields every request carries whatever its action. */
const ENVELOPE = new Set(["Action", "Version"]);

/** All fields of a request: the URL's query, then the form body (which wins). */
export function queryParams(wire: WireRequest): URLSearchParams {
  const params = new URLSearchParams(wire.query);
  for (const [key, value] of new URLSearchParams(wire.body.toString("utf8"))) {
    params.set(key, value);
  }
  return params;
}

/**
 * The values of `prefix.1`, `prefix.2`, …, in member order.
 * @example memberList(new URLSearchParams("ImageId.2=b&ImageId.1=a"), "ImageId") // ["a", "b"]
 */
export function memberList(params: URLSearchParams, prefix: string): string[] {
  const members = [...params].flatMap(([key, value]) => {
    const rest = key.startsWith(`${prefix}.`) ? key.slice(prefix.length + 1) : "";
    return indexed(/^\d+$/.test(rest) ? rest : undefined, value);
  });
  return numbered(members);
}

/** Every `Filter.N.Name` with its `Filter.N.Value.M` values. */
export function filters(params: URLSearchParams): Filter[] {
  const names = [...params].flatMap(([key, value]) => indexed(/^Filter\.(\d+)\.Name$/.exec(key)?.[1], value));
  return names
    .sort((a, b) => a.index - b.index)
    .map(({ index, value }) => ({ name: value, values: memberList(params, `Filter.${index}.Value`) }));
}

/** A `true`/`false` field; anything else is refused as EC2 refuses it. */
export function booleanParam(params: URLSearchParams, name: string): boolean | undefined {
  const value = params.get(name);
  if (value === null) {
    return undefined;
  }
  if (value !== "true" && value !== "false") {
    throw new AwsError("InvalidParameterValue", `Value (${value}) for parameter ${name} is invalid.`);
  }
  return value === "true";
}

/** A whole-number field within `[min, max]`. */
export function integerParam(
  params: URLSearchParams,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const value = params.get(name);
  if (value === null) {
    return undefined;
  }
  const number = /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= min && number <= max)) {
    throw new AwsError(
      "InvalidParameterValue",
      `Value (${value}) for parameter ${name} is invalid. Expecting a value between ${min} and ${max}.`,
    );
  }
  return number;
}

/**
 * Refuses fields the action does not take, as EC2 does, so a caller never gets an answer that
 * silently ignored part of its question.
 */
export function checkParams(params: URLSearchParams, accepted: readonly RegExp[]): void {
  for (const key of params.keys()) {
    if (!ENVELOPE.has(key) && !accepted.some((pattern) => pattern.test(key))) {
      throw new AwsError("UnknownParameter", `The parameter ${key} is not recognized`);
    }
  }
}

interface Indexed {
  index: number;
  value: string;
}

function indexed(index: string | undefined, value: string): Indexed[] {
  return index === undefined ? [] : [{ index: Number(index), value }];
}

function numbered(members: Indexed[]): string[] {
  return members.sort((a, b) => a.index - b.index).map((member) => member.value);
}
