import { describe, expect, it } from "vitest";
import { parseFunctionName } from "../../local/aws/lambda/function-name.ts";

describe("parseFunctionName", () => {
  it.each([
    ["refresh", { name: "refresh" }],
    ["refresh:$LATEST", { name: "refresh", qualifier: "$LATEST" }],
    ["123456789012:function:refresh", { name: "refresh" }],
    ["arn:aws:lambda:eu-west-1:123456789012:function:refresh", { name: "refresh" }],
    ["arn:aws:lambda:eu-west-1:123456789012:function:refresh:live", { name: "refresh", qualifier: "live" }],
  ])("reads %s", (functionName, reference) => {
    expect(parseFunctionName(functionName)).toEqual(reference);
  });

  it("refuses what is no FunctionName form", () => {
    expect(parseFunctionName("arn:aws:s3:::bucket")).toBeUndefined();
  });
});
