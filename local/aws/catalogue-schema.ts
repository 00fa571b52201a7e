/**
 * Parses one region file of the AMI catalogue. The files are data from outside the program, so
 * every field is checked where it enters; a bad file fails with the file and field named.
 */
import { creationDateFromName } from "./creation-date.ts";

/** A public SSM parameter, as GetParameter answers it. */
export interface SsmParameter {
  Name: string;
  Type: string;
  Value: string;
  /** Absent for parameters recorded without one (the ECS tree); never invented. */
  Version?: number;
  /** ISO 8601; absent where the record has none. */
  LastModifiedDate?: string;
  ARN: string;
  DataType: string;
}

/** An image, as DescribeImages answers it. */
export interface Image {
  ImageId: string;
  Name: string;
  Description: string;
  Architecture: string;
  OwnerId: string;
  ImageOwnerAlias?: string;
  Public: boolean;
  State: string;
  ImageType: string;
  RootDeviceName: string;
  RootDeviceType: string;
  VirtualizationType: string;
  Hypervisor: string;
  SriovNetSupport: string;
  Platform?: string;
  /** Derived from the date stamp in the name, not recorded: see creation-date.ts. */
  CreationDate?: string;
  /** Only in the made-up images (local/fixtures/made-up-images.json); the snapshot records none. */
  DeprecationTime?: string;
}

/** One region's catalogue, sorted so pages come out in a stable order. */
export interface RegionCatalogue {
  region: string;
  optInStatus: string;
  /** Sorted by Name. */
  parameters: readonly SsmParameter[];
  /** Sorted by ImageId. */
  images: readonly Image[];
  imagesById: ReadonlyMap<string, Image>;
}

type Fields = Readonly<Record<string, unknown>>;

function parseJson(json: string, source: string): unknown {
  try {
    return JSON.parse(json);
  } catch (error) {
    throw new Error(`${source} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Parses the text of `<region>.json`; `source` names the file in errors.
 * @example parseRegionFile(readFileSync(path, "utf8"), path).parameters.length // 199
 */
export function parseRegionFile(json: string, source: string): RegionCatalogue {
  const file = record(parseJson(json, source), source);
  const parameters = list(file, "SsmParameters", source).map((item, index) =>
    parameter(record(item, `${source} SsmParameters[${index}]`), `${source} SsmParameters[${index}]`),
  );
  const images = list(file, "Images", source).map((item, index) =>
    image(record(item, `${source} Images[${index}]`), `${source} Images[${index}]`),
  );
  parameters.sort((a, b) => compare(a.Name, b.Name));
  images.sort((a, b) => compare(a.ImageId, b.ImageId));
  return {
    region: text(file, "Region", source),
    optInStatus: text(file, "OptInStatus", source),
    parameters,
    images,
    imagesById: new Map(images.map((entry) => [entry.ImageId, entry])),
  };
}

/** Code-unit order, the same on every machine (unlike localeCompare). */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function parameter(fields: Fields, where: string): SsmParameter {
  const version = optional(fields, "Version", where, integer);
  const lastModified = optional(fields, "LastModifiedDate", where, isoDate);
  return {
    Name: text(fields, "Name", where),
    Type: text(fields, "Type", where),
    Value: text(fields, "Value", where),
    ...(version === undefined ? {} : { Version: version }),
    ...(lastModified === undefined ? {} : { LastModifiedDate: lastModified }),
    ARN: text(fields, "ARN", where),
    DataType: text(fields, "DataType", where),
  };
}

function image(fields: Fields, where: string): Image {
  const name = text(fields, "Name", where);
  const alias = optional(fields, "ImageOwnerAlias", where, string);
  const platform = optional(fields, "Platform", where, string);
  const deprecation = optional(fields, "DeprecationTime", where, isoDate);
  const creationDate = creationDateFromName(name);
  return {
    ImageId: text(fields, "ImageId", where),
    Name: name,
    Description: text(fields, "Description", where),
    Architecture: text(fields, "Architecture", where),
    OwnerId: text(fields, "OwnerId", where),
    ...(alias === undefined ? {} : { ImageOwnerAlias: alias }),
    Public: required(fields, "Public", where, boolean),
    State: text(fields, "State", where),
    ImageType: text(fields, "ImageType", where),
    RootDeviceName: text(fields, "RootDeviceName", where),
    RootDeviceType: text(fields, "RootDeviceType", where),
    VirtualizationType: text(fields, "VirtualizationType", where),
    Hypervisor: text(fields, "Hypervisor", where),
    SriovNetSupport: text(fields, "SriovNetSupport", where),
    ...(platform === undefined ? {} : { Platform: platform }),
    ...(creationDate === undefined ? {} : { CreationDate: creationDate }),
    ...(deprecation === undefined ? {} : { DeprecationTime: deprecation }),
  };
}

/**
 * Parses a file of extra images served in every region (`{ "Images": [...] }`, same fields as a
 * region file's images); `source` names the file in errors.
 */
export function parseExtraImages(json: string, source: string): Image[] {
  const file = record(parseJson(json, source), source);
  return list(file, "Images", source).map((item, index) =>
    image(record(item, `${source} Images[${index}]`), `${source} Images[${index}]`),
  );
}

function record(value: unknown, where: string): Fields {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`${where}: expected an object`);
  }
  return Object.fromEntries(Object.entries(value));
}

function list(fields: Fields, key: string, where: string): unknown[] {
  const value = fields[key];
  if (!Array.isArray(value)) {
    throw new Error(`${where}: ${key} must be a list`);
  }
  return value;
}

/** A reader turns a raw value into T, or undefined when it is not one. */
type Reader<T> = (value: unknown) => T | undefined;

const string: Reader<string> = (value) => (typeof value === "string" ? value : undefined);
const boolean: Reader<boolean> = (value) => (typeof value === "boolean" ? value : undefined);
const integer: Reader<number> = (value) => (Number.isSafeInteger(value) ? Number(value) : undefined);
const isoDate: Reader<string> = (value) =>
  typeof value === "string" && !Number.isNaN(Date.parse(value)) ? value : undefined;

function required<T>(fields: Fields, key: string, where: string, read: Reader<T>): T {
  const value = read(fields[key]);
  if (value === undefined) {
    throw new Error(`${where}: ${key} is missing or not the right type`);
  }
  return value;
}

function optional<T>(fields: Fields, key: string, where: string, read: Reader<T>): T | undefined {
  return fields[key] === undefined ? undefined : required(fields, key, where, read);
}

function text(fields: Fields, key: string, where: string): string {
  return required(fields, key, where, string);
}
