import type { Image } from "@aws-sdk/client-ec2";
import type { Parameter } from "@aws-sdk/client-ssm";
import type { ImageRecord, ImageSource, RegionDocument, UnresolvedFamily } from "../contract/document.ts";
import { familyOfParameter } from "../contract/families.ts";
import type { PatternFamily } from "../contract/pattern-families.ts";
import { mergeRegionDocument } from "./merge-document.ts";
import { selectImage } from "./select-image.ts";

/** What AWS answered for one region: every parameter of both walks, and the images they name. */
export interface RegionAnswers {
  region: string;
  parameters: readonly Parameter[];
  images: readonly Image[];
  retrievedAt: Date;
}

/** AMI IDs as AWS issues them: 8 or 17 hex digits. */
const IMAGE_ID = /^ami-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

/** A family AWS publishes, before its image is looked up. */
export interface FamilyPointer {
  family: string;
  parameter: Parameter & { Name: string; Value: string };
}

/**
 * The image families among a walk's parameters, sorted by family name. A parameter that is not
 * an image pointer (ECS metadata such as `.../recommended/os`) is not a family.
 */
export function familyPointers(parameters: readonly Parameter[]): FamilyPointer[] {
  const pointers: FamilyPointer[] = [];
  for (const parameter of parameters) {
    const { Name, Value } = parameter;
    if (Name === undefined || Value === undefined) continue;
    const family = familyOfParameter(Name);
    if (family) pointers.push({ family, parameter: { ...parameter, Name, Value } });
  }
  return pointers.sort((a, b) => (a.family < b.family ? -1 : a.family > b.family ? 1 : 0));
}

/** The distinct image IDs the pointers name, sorted, ignoring values that are not AMI IDs. */
export function pointedImageIds(pointers: readonly FamilyPointer[]): string[] {
  const ids = new Set(pointers.map((p) => p.parameter.Value).filter((value) => IMAGE_ID.test(value)));
  return [...ids].sort();
}

/** DescribeImages' record without empty members, plus where its ImageId came from. */
function imageRecord(image: Image & { ImageId: string }, parameter: FamilyPointer["parameter"]): ImageRecord {
  const Source: ImageSource = { SsmParameter: parameter.Name };
  if (parameter.Version !== undefined) Source.Version = parameter.Version;
  if (parameter.LastModifiedDate !== undefined)
    Source.LastModifiedDate = parameter.LastModifiedDate.toISOString();
  const fields = Object.fromEntries(Object.entries(image).filter(([, value]) => value !== undefined));
  // Source last, so no field of AWS's can shadow it.
  return { ...fields, ImageId: image.ImageId, Source };
}

/** What one refresh found: each listed family's image, or why it has none. */
export interface ResolvedFamilies {
  images: Record<string, ImageRecord>;
  missing: Record<string, UnresolvedFamily>;
}

/**
 * Each family's image is the one its parameter names (AWS's own choice, never a search); a family
 * whose image DescribeImages did not return is `missing`, with the reason.
 */
export function resolveFamilies(
  parameters: readonly Parameter[],
  images: readonly Image[],
): ResolvedFamilies {
  const imagesById = new Map<string, Image & { ImageId: string }>();
  for (const image of images) {
    if (image.ImageId) imagesById.set(image.ImageId, { ...image, ImageId: image.ImageId });
  }
  const resolved: ResolvedFamilies = { images: {}, missing: {} };
  for (const { family, parameter } of familyPointers(parameters)) {
    const image = imagesById.get(parameter.Value);
    if (image) {
      resolved.images[family] = imageRecord(image, parameter);
    } else {
      const Reason = IMAGE_ID.test(parameter.Value)
        ? "DescribeImages did not return this image"
        : "the parameter's value is not an image ID";
      resolved.missing[family] = { SsmParameter: parameter.Name, ImageId: parameter.Value, Reason };
    }
  }
  return resolved;
}

/** The document, or why it cannot be made. */
export type BuildResult = { ok: true; document: RegionDocument } | { ok: false; reason: string };

/** The first region document from one refresh's answers (no earlier document to merge with). */
export function buildRegionDocument(answers: RegionAnswers): BuildResult {
  const resolved = resolveFamilies(answers.parameters, answers.images);
  return mergeRegionDocument(undefined, resolved, answers.region, answers.retrievedAt);
}

/** One image as a record of a pattern family: every field DescribeImages gave, and how it was chosen. */
function patternRecord(image: Image & { ImageId: string }, family: PatternFamily): ImageRecord {
  const fields = Object.fromEntries(Object.entries(image).filter(([, value]) => value !== undefined));
  const Pattern = {
    Owners: family.Owners,
    NamePattern: family.NamePattern,
    Architecture: family.Architecture,
  };
  return { ...fields, ImageId: image.ImageId, Source: { Pattern } };
}

/**
 * Each pattern family's image among `images` (see selectImage), or why it has none. When the one
 * DescribeImages for them failed (`failure`), every pattern family is missing with that reason, so
 * the merge keeps their last good records instead of failing the region.
 */
export function resolvePatternFamilies(
  families: readonly PatternFamily[],
  images: readonly Image[],
  now: Date,
  failure?: string,
): ResolvedFamilies {
  const resolved: ResolvedFamilies = { images: {}, missing: {} };
  for (const family of families) {
    const image = failure === undefined ? selectImage(family, images, now) : undefined;
    if (image?.ImageId) {
      resolved.images[family.Name] = patternRecord({ ...image, ImageId: image.ImageId }, family);
    } else {
      resolved.missing[family.Name] = {
        Reason: failure ?? "no available image of its owners matches its name pattern",
      };
    }
  }
  return resolved;
}
