import type { ImageRecord } from "../contract/document.ts";
import { ANSWER_FIELDS, IMAGE_FIELDS, isSelectableField } from "../contract/fields.ts";
import { HttpError } from "./http-error.ts";

/** What a request asked for: which fields (none: the whole answer) and in which format. */
export interface Selection {
  fields: string[];
  format: "json" | "text";
}

/** More fields than this in one request is not a real use; the cap bounds the work. */
const MAX_FIELDS = 32;
/** Longer than any real path (`BlockDeviceMappings.0.Ebs.SnapshotId` is 34). */
const MAX_FIELD_LENGTH = 128;

const VALID_FIELDS = [...ANSWER_FIELDS, ...IMAGE_FIELDS];

/**
 * Reads `field` (repeatable) and `fields` (comma-separated), in the order asked, and the format:
 * `format=json|text`, else `Accept: text/plain` means text, else one field is text and several
 * are JSON. A field is a selectable name, optionally followed by a path into it
 * (`BlockDeviceMappings.0.Ebs.SnapshotId`).
 */
export function parseSelection(query: URLSearchParams, accept: string | null): Selection {
  const asked = [...query.getAll("field"), ...query.getAll("fields").flatMap((list) => list.split(","))];
  if (asked.length > MAX_FIELDS) {
    throw new HttpError(400, "too_many_fields", `At most ${MAX_FIELDS} fields can be selected at once.`);
  }
  const fields: string[] = [];
  for (const field of asked) {
    const name = field.trim();
    const top = name.split(".", 1)[0] ?? "";
    if (
      name.length > MAX_FIELD_LENGTH ||
      !isSelectableField(top) ||
      name.split(".").some((part) => part === "")
    ) {
      throw new HttpError(400, "unknown_field", `Unknown field ${JSON.stringify(name.slice(0, 64))}.`, {
        validFields: VALID_FIELDS,
      });
    }
    if (!fields.includes(name)) fields.push(name);
  }
  return { fields, format: formatOf(query.get("format"), accept, fields.length) };
}

function formatOf(format: string | null, accept: string | null, fieldCount: number): Selection["format"] {
  if (format === "json" || format === "text") {
    if (format === "text" && fieldCount === 0) {
      throw new HttpError(
        400,
        "field_required",
        "format=text needs at least one field, e.g. ?field=ImageId.",
      );
    }
    return format;
  }
  if (format !== null) {
    throw new HttpError(400, "unknown_format", `Unknown format ${JSON.stringify(format.slice(0, 32))}.`, {
      validFormats: ["json", "text"],
    });
  }
  if (fieldCount === 0) return "json";
  if (accept !== null && acceptsTextFirst(accept)) return "text";
  return fieldCount === 1 ? "text" : "json";
}

/** Accept is read this far, and this many media ranges: real clients send a few short ones. */
const MAX_ACCEPT_LENGTH = 1_024;
const MAX_MEDIA_RANGES = 32;

/**
 * How much Accept wants `type` (RFC 9110 §12.5.1): the q of the most specific range that covers it
 * (`text/plain` over `text/*` over `*\/*`), with that range's position; q 0 when none covers it. A
 * range with a malformed q is ignored.
 */
function preference(ranges: readonly string[], type: string): { q: number; position: number } {
  const [major] = type.split("/");
  let best = { specificity: 0, q: 0, position: Number.POSITIVE_INFINITY };
  ranges.forEach((range, position) => {
    const [media = "", ...parameters] = range.split(";").map((part) => part.trim().toLowerCase());
    const specificity = media === type ? 3 : media === `${major}/*` ? 2 : media === "*/*" ? 1 : 0;
    if (specificity <= best.specificity) return;
    const qParameter = parameters.find((parameter) => parameter.startsWith("q="));
    const q = qParameter === undefined ? 1 : Number(qParameter.slice(2));
    if (qParameter?.slice(2).trim() === "" || !(q >= 0 && q <= 1)) return;
    best = { specificity, q, position };
  });
  return { q: best.q, position: best.position };
}

/** True when Accept prefers text/plain to JSON: a higher q, or the same q and listed first. */
function acceptsTextFirst(accept: string): boolean {
  const ranges = accept.slice(0, MAX_ACCEPT_LENGTH).split(",", MAX_MEDIA_RANGES);
  const text = preference(ranges, "text/plain");
  const json = preference(ranges, "application/json");
  return text.q > json.q || (text.q === json.q && text.q > 0 && text.position < json.position);
}

/** True for `0`, `1`, … written canonically: the only keys that reach into an array. */
function isIndex(key: string): boolean {
  return key === String(Number.parseInt(key, 10)) && !key.startsWith("-");
}

/**
 * The value at `path` inside `value`: own members of objects, and elements of arrays by index
 * (never `length` or anything inherited); undefined where the path leads nowhere.
 */
function dig(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== "object" || current === null || !Object.hasOwn(current, key)) return undefined;
    if (Array.isArray(current) && !isIndex(key)) return undefined;
    current = Reflect.get(current, key);
  }
  return current;
}

/** What a field is read from: the answer's own members, then the image. */
export interface FieldSource {
  Region: string;
  Family: string;
  RetrievedAt: string;
  image: ImageRecord;
}

/** The value of one selected field, or undefined when this image does not have it. */
export function fieldValue(source: FieldSource, field: string): unknown {
  const [top = "", ...path] = field.split(".");
  const root =
    top === "Region" || top === "Family" || top === "RetrievedAt" ? source[top] : dig(source.image, [top]);
  return dig(root, path);
}

/** A value as one text cell: strings as they are, anything else as JSON, never a line break or tab. */
export function textCell(value: unknown): string {
  const text = typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value);
  return text.replaceAll("\t", " ").replaceAll("\r", " ").replaceAll("\n", " ");
}
