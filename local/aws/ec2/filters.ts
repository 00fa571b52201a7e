/**
 * EC2's `Filter.N` semantics: values within one filter are alternatives, filters all apply, and
 * each value is a wildcard pattern matched against the whole field.
 */
import { AwsError } from "../aws-error.ts";
import { wildcardMatcher } from "../wildcard.ts";
import type { Filter } from "./query.ts";

/** The filter names a resource answers to, each reading one field (absent fields never match). */
export type FilterFields<T> = Readonly<Record<string, (item: T) => string | undefined>>;

/**
 * A predicate that holds when `item` passes every filter.
 * @example filterPredicate([{ name: "state", values: ["available"] }], IMAGE_FILTERS)
 */
export function filterPredicate<T>(
  filters: readonly Filter[],
  fields: FilterFields<T>,
): (item: T) => boolean {
  const tests = filters.map(({ name, values }) => {
    const read = fields[name];
    if (read === undefined) {
      throw new AwsError("InvalidParameterValue", `The filter '${name}' is invalid`);
    }
    const matchers = values.map(wildcardMatcher);
    return (item: T) => {
      const value = read(item);
      return value !== undefined && matchers.some((matches) => matches(value));
    };
  });
  return (item) => tests.every((passes) => passes(item));
}
