/**
 * SSM's parameter reads over one region's catalogue: GetParametersByPath (with its hierarchy
 * and paging rules), GetParameters and GetParameter.
 */
import { AwsError } from "../aws-error.ts";
import type { RegionCatalogue, SsmParameter } from "../catalogue-schema.ts";
import { decodeToken, pageOf } from "../page-token.ts";
import {
  booleanField,
  integerField,
  type JsonInput,
  stringField,
  stringListField,
  validationError,
} from "./input.ts";

/** SSM's bounds on a GetParametersByPath page, and on a GetParameters request. */
const MAX_PAGE = 10;
const MAX_NAMES = 10;

const BAD_PATH =
  'The parameter doesn\'t meet the parameter name requirements. The parameter name must begin with a forward slash "/".';

/** A parameter as the JSON protocol carries it: LastModifiedDate in epoch seconds. */
export interface ParameterJson {
  Name: string;
  Type: string;
  Value: string;
  Version?: number;
  LastModifiedDate?: number;
  ARN: string;
  DataType: string;
}

/**
 * GetParametersByPath: the direct children of `Path`, or everything below it with
 * `Recursive`, a page at a time in Name order.
 * @example getParametersByPath(catalogue, { Path: "/aws/service/ami-amazon-linux-latest" }).Parameters.length // 10
 */
export function getParametersByPath(
  catalogue: RegionCatalogue,
  input: JsonInput,
): { Parameters: ParameterJson[]; NextToken?: string } {
  const path = stringField(input, "Path");
  if (path === undefined) {
    throw validationError("null", "path", "Member must not be null");
  }
  if (!path.startsWith("/")) {
    throw new AwsError("ValidationException", BAD_PATH);
  }
  const parameterFilters = input.ParameterFilters;
  if (Array.isArray(parameterFilters) && parameterFilters.length > 0) {
    throw new AwsError("ValidationException", "ParameterFilters are not supported by this local endpoint");
  }
  const recursive = booleanField(input, "Recursive") ?? false;
  booleanField(input, "WithDecryption"); // Public parameters are plain strings: nothing to decrypt.
  const size = integerField(input, "MaxResults") ?? MAX_PAGE;
  if (size > MAX_PAGE) {
    throw validationError(
      String(size),
      "maxResults",
      `Member must have value less than or equal to ${MAX_PAGE}`,
    );
  }
  if (size < 1) {
    throw validationError(String(size), "maxResults", "Member must have value greater than or equal to 1");
  }
  const prefix = path.endsWith("/") ? path : `${path}/`;
  const below = catalogue.parameters.filter(
    (parameter) =>
      parameter.Name.startsWith(prefix) && (recursive || !parameter.Name.slice(prefix.length).includes("/")),
  );
  const page = pageOf(below, (parameter) => parameter.Name, { after: pageStart(input), size });
  return {
    Parameters: page.items.map(parameterJson),
    ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
  };
}

/** GetParameters: the named parameters that exist, and the names that do not. */
export function getParameters(
  catalogue: RegionCatalogue,
  input: JsonInput,
): { Parameters: ParameterJson[]; InvalidParameters: string[] } {
  const names = stringListField(input, "Names");
  if (names === undefined) {
    throw validationError("null", "names", "Member must not be null");
  }
  if (names.length < 1 || names.length > MAX_NAMES) {
    const bound = names.length < 1 ? "greater than or equal to 1" : `less than or equal to ${MAX_NAMES}`;
    throw validationError(`[${names.join(", ")}]`, "names", `Member must have length ${bound}`);
  }
  const unique = [...new Set(names)];
  const found = unique.flatMap((name) => named(catalogue, name) ?? []);
  return {
    Parameters: found.map(parameterJson),
    InvalidParameters: unique.filter((name) => named(catalogue, name) === undefined),
  };
}

/** GetParameter: one parameter, or ParameterNotFound. */
export function getParameter(catalogue: RegionCatalogue, input: JsonInput): { Parameter: ParameterJson } {
  const name = stringField(input, "Name");
  if (name === undefined) {
    throw validationError("null", "name", "Member must not be null");
  }
  const parameter = named(catalogue, name);
  if (parameter === undefined) {
    throw new AwsError("ParameterNotFound", `Parameter ${name} not found.`);
  }
  return { Parameter: parameterJson(parameter) };
}

function named(catalogue: RegionCatalogue, name: string): SsmParameter | undefined {
  return catalogue.parameters.find((parameter) => parameter.Name === name);
}

function parameterJson(parameter: SsmParameter): ParameterJson {
  const { LastModifiedDate, ...rest } = parameter;
  // The JSON protocol sends timestamps as epoch seconds, a number with milliseconds as a fraction.
  return LastModifiedDate === undefined
    ? rest
    : { ...rest, LastModifiedDate: Date.parse(LastModifiedDate) / 1000 };
}

function pageStart(input: JsonInput): string | undefined {
  const token = stringField(input, "NextToken");
  if (token === undefined) {
    return undefined;
  }
  const after = decodeToken(token);
  if (after === undefined) {
    throw new AwsError("InvalidNextToken", "The specified token isn't valid.");
  }
  return after;
}
