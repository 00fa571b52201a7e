import { describe, expect, it } from "vitest";
import { fieldValue, parseSelection, textCell } from "../../../worker/selection.ts";

const query = (q: string) => new URLSearchParams(q);

describe("parseSelection", () => {
  it("keeps the order asked, drops repeats, and merges field before fields", () => {
    expect(parseSelection(query("field=Name&fields=ImageId,Name&field=Region"), null)).toEqual({
      fields: ["Name", "Region", "ImageId"],
      format: "json",
    });
  });

  it.each([
    ["field=ImageId", null, "text"],
    ["field=ImageId&field=Name", null, "json"],
    ["field=ImageId&field=Name", "text/plain", "text"],
    ["field=ImageId&field=Name", "application/json, text/plain", "json"],
    ["field=ImageId&format=json", "text/plain", "json"],
    ["", "text/plain", "json"],
    ["field=ImageId&field=Name", "text/plain;q=0, application/json", "json"],
    ["field=ImageId&field=Name", "application/json;q=0.1, text/plain;q=0.9", "text"],
    ["field=ImageId&field=Name", "text/*;q=0.8, application/json;q=0.5", "text"],
    ["field=ImageId&field=Name", "text/plain, application/json", "text"],
    ["field=ImageId&field=Name", "*/*", "json"],
    ["field=ImageId&field=Name", "text/plain;q=abc, application/json;q=0.2", "json"],
    ["field=ImageId&field=Name", "TEXT/PLAIN; Q=0.9, application/json; q=0.8", "text"],
    ["field=ImageId&field=Name", "application/json;q=0.5, text/plain;q=0.5", "json"],
  ])("%j with Accept %j → %s", (q, accept, format) => {
    expect(parseSelection(query(q), accept).format).toBe(format);
  });
});

describe("fieldValue", () => {
  const source = {
    Region: "us-east-1",
    Family: "al2023-ami-kernel-default-x86_64",
    RetrievedAt: "2026-07-27T21:00:00.000Z",
    image: {
      ImageId: "ami-0006118602dfc1c09",
      BlockDeviceMappings: [{ DeviceName: "/dev/xvda", Ebs: { SnapshotId: "snap-1", VolumeSize: 8 } }],
      Source: { SsmParameter: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64" },
    },
  };

  it("walks into arrays and objects", () => {
    expect(fieldValue(source, "BlockDeviceMappings.0.Ebs.SnapshotId")).toBe("snap-1");
    expect(fieldValue(source, "BlockDeviceMappings.0.Ebs")).toEqual({ SnapshotId: "snap-1", VolumeSize: 8 });
  });

  it("finds nothing outside the data's own members", () => {
    expect(fieldValue(source, "BlockDeviceMappings.length")).toBeUndefined();
    expect(fieldValue(source, "Source.constructor")).toBeUndefined();
    expect(fieldValue(source, "BlockDeviceMappings.1")).toBeUndefined();
  });

  it("reads the answer's own fields", () => {
    expect(fieldValue(source, "Region")).toBe("us-east-1");
  });
});

describe("textCell", () => {
  it("renders strings as they are, the rest as JSON, with no tabs or line breaks", () => {
    expect(textCell("ami-1")).toBe("ami-1");
    expect(textCell(8)).toBe("8");
    expect(textCell(true)).toBe("true");
    expect(textCell({ a: 1 })).toBe('{"a":1}');
    expect(textCell("a\tb\nc")).toBe("a b c");
    expect(textCell(undefined)).toBe("");
  });
});
