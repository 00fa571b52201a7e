import { describe, expect, it } from "vitest";
import {
  ContextError,
  contextFlag,
  contextLogLevel,
  contextPrefix,
  contextString,
} from "../../infra/context.ts";

describe("contextFlag", () => {
  it.each([
    [true, true],
    ["true", true],
    [false, false],
    ["false", false],
    [undefined, false],
  ])("reads %j as %j", (value, expected) => {
    expect(contextFlag(value, "publicRead")).toBe(expected);
  });

  it.each(["yes", "1", 1, "TRUE", ""])("refuses %j, naming the setting", (value) => {
    expect(() => contextFlag(value, "publicRead")).toThrow(
      new ContextError(`context publicRead must be true or false, got ${JSON.stringify(value)}`),
    );
  });
});

describe("contextPrefix", () => {
  it("defaults to the refresher's v1", () => {
    expect(contextPrefix(undefined)).toBe("v1");
  });

  it.each([
    ["v1", "v1"],
    ["/v1/", "v1"],
    ["docs/v2", "docs/v2"],
    ["", ""],
    ["/", ""],
  ])("reads %j as %j, slashes at either end dropped as the refresher drops them", (value, expected) => {
    expect(contextPrefix(value)).toBe(expected);
  });

  it.each(["v1/*", "v?", "a b", "v1//x", "v1$", 1])(
    "refuses %j, which could widen an IAM grant or break a key",
    (value) => {
      expect(() => contextPrefix(value)).toThrow(ContextError);
    },
  );
});

describe("contextLogLevel", () => {
  it("defaults to info", () => {
    expect(contextLogLevel(undefined)).toBe("info");
  });

  it.each(["info", "warn", "error"])("accepts %s", (level) => {
    expect(contextLogLevel(level)).toBe(level);
  });

  it("refuses a level the refresher does not know", () => {
    expect(() => contextLogLevel("debug")).toThrow(
      'context logLevel must be one of info, warn, error, got "debug"',
    );
  });
});

describe("contextString", () => {
  it("treats absent and empty as unset", () => {
    expect(contextString(undefined, "alarmTopicArn")).toBeUndefined();
    expect(contextString("", "alarmTopicArn")).toBeUndefined();
  });

  it("refuses a non-string", () => {
    expect(() => contextString(42, "alarmTopicArn")).toThrow(
      "context alarmTopicArn must be a string, got 42",
    );
  });
});
