import { describe, expect, it } from "vitest";
import { creationDateFromName } from "../../local/aws/creation-date.ts";

describe("creationDateFromName", () => {
  it.each([
    ["al2023-ami-2023.12.20260727.0-kernel-6.1-x86_64", "2026-07-27T00:00:00.000Z"],
    ["amzn2-ami-ecs-hvm-2.0.20260226-arm64-ebs", "2026-02-26T00:00:00.000Z"],
    ["amzn-ami-hvm-2018.03.0.20231218.0-x86_64-gp2", "2023-12-18T00:00:00.000Z"],
    ["amzn-ami-2018.03.20250224-amazon-ecs-optimized", "2025-02-24T00:00:00.000Z"],
    ["Windows_Server-2016-English-Full-ECS_Optimized-2018.07.25", "2018-07-25T00:00:00.000Z"],
  ])("reads the date stamped in %s", (name, date) => {
    expect(creationDateFromName(name)).toBe(date);
  });

  it("gives no date for a name without a stamp", () => {
    expect(creationDateFromName("amzn-ami-2018.03.l-amazon-ecs-optimized")).toBeUndefined();
  });

  it("gives no date for eight digits that are not a calendar day", () => {
    expect(creationDateFromName("image-20260231-x86_64")).toBeUndefined();
  });
});
