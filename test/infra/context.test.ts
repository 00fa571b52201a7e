import { describe, expect, it } from "vitest";
import {
  ContextError,
  contextFlag,
  contextLogLevel,
  contextPatternFamilies,
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

describe("contextPatternFamilies", () => {
  const golden = {
    Name: "golden-web",
    Owners: ["123456789012"],
    NamePattern: "golden-web-*",
    Architecture: "arm64",
  };

  it("is none when unset", () => {
    expect(contextPatternFamilies(undefined)).toEqual([]);
  });

  it("reads a JSON string, as -c gives it, or a list, as cdk.json gives it", () => {
    expect(contextPatternFamilies(JSON.stringify([golden]))).toEqual([golden]);
    expect(contextPatternFamilies([golden])).toEqual([golden]);
  });

  it("refuses a family with no owner before anything deploys", () => {
    const { Owners: _, ...ownerless } = golden;
    expect(() => contextPatternFamilies([ownerless])).toThrow(
      new ContextError(
        "context patternFamilies: family golden-web: Owners is required (a name pattern alone would match strangers' images)",
      ),
    );
  });

  it("refuses text that is not JSON", () => {
    expect(() => contextPatternFamilies("[{")).toThrow(/^context patternFamilies is not JSON: /);
  });
});
