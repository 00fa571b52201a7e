import type { ImageRecord, RegionDocument } from "../contract/document.ts";
import { canonicalFamily, DEFAULT_FAMILY } from "../contract/families.ts";
import { ANSWER_FIELDS, IMAGE_FIELDS, isSelectableField } from "../contract/fields.ts";
import { HttpError } from "./http-error.ts";

/** The answer for one region and family: the shape `GET /latest/:region[/:family]` returns. */
export interface ImageAnswer {
  Region: string;
  Family: string;
  RetrievedAt: string;
  LatestImage: ImageRecord;
}

/**
 * The answer for `family` (canonical name or alias; default family when undefined), or the
 * HttpError that says why there is none.
 */
export function answerFor(document: RegionDocument, family: string | undefined): ImageAnswer {
  const name = family === undefined ? DEFAULT_FAMILY : canonicalFamily(family);
  const image = Object.hasOwn(document.Images, name) ? document.Images[name] : undefined;
  if (image)
    return { Region: document.Region, Family: name, RetrievedAt: document.RetrievedAt, LatestImage: image };
  const unresolved = Object.hasOwn(document.Unresolved, name) ? document.Unresolved[name] : undefined;
  if (unresolved) {
    throw new HttpError(
      404,
      "image_not_found",
      `AWS's parameter ${unresolved.SsmParameter} names ${unresolved.ImageId}, which EC2 does not describe in ${document.Region}; it is not served.`,
      { region: document.Region, family: name, imageId: unresolved.ImageId },
    );
  }
  throw new HttpError(404, "unknown_family", `Family ${name} is not published in ${document.Region}.`, {
    region: document.Region,
    family: name,
  });
}

/**
 * One field of an answer: `Region`, `Family`, `RetrievedAt`, or a field of the image.
 * Unknown names are a 400 listing the valid ones; a field this image lacks is a 404.
 */
export function selectField(answer: ImageAnswer, field: string): unknown {
  if (!isSelectableField(field)) {
    throw new HttpError(400, "unknown_field", `Unknown field ${JSON.stringify(field.slice(0, 64))}.`, {
      validFields: [...ANSWER_FIELDS, ...IMAGE_FIELDS],
    });
  }
  const value =
    field === "Region" || field === "Family" || field === "RetrievedAt"
      ? answer[field]
      : answer.LatestImage[field];
  if (value === undefined) {
    throw new HttpError(404, "field_absent", `Image ${answer.LatestImage.ImageId} has no ${field}.`, {
      field,
    });
  }
  return value;
}

/** A selected value as a line of text: strings as they are, anything else as JSON. */
export function fieldText(value: unknown): string {
  return `${typeof value === "string" ? value : JSON.stringify(value)}\n`;
}
