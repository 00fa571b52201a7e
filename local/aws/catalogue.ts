/**
 * The AMI catalogue on disk, one file a region, read lazily: the endpoint starts at once, and a
 * region's file (about half a megabyte) is parsed the first time a request needs it, then kept.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  compare,
  type Image,
  parseExtraImages,
  parseRegionFile,
  type RegionCatalogue,
} from "./catalogue-schema.ts";

const REGION_FILE = /^([a-z0-9-]+)\.json$/;

/** The catalogue's regions and, on demand, each region's contents. */
export interface Catalogue {
  /** Region names with a file, sorted. */
  regions(): readonly string[];
  has(region: string): boolean;
  /** The region's contents; throws for a region without a file, which routing has ruled out. */
  region(region: string): RegionCatalogue;
}

/**
 * A catalogue over the `<region>.json` files in `directory`.
 * @example createCatalogue("local/fixtures/aws-snapshot").region("us-east-1").images.length // 1133
 */
export function createCatalogue(directory: string, extraImagesFile?: string): Catalogue {
  let names: readonly string[] | undefined;
  let extra: readonly Image[] | undefined;
  const extraImages = (): readonly Image[] => {
    extra ??= extraImagesFile ? parseExtraImages(readFileSync(extraImagesFile, "utf8"), extraImagesFile) : [];
    return extra;
  };
  const loaded = new Map<string, RegionCatalogue>();

  const regions = (): readonly string[] => {
    names ??= readdirSync(directory)
      .flatMap((file) => REGION_FILE.exec(file)?.[1] ?? [])
      .sort();
    return names;
  };

  return {
    regions,
    has: (region) => regions().includes(region),
    region(region) {
      const cached = loaded.get(region);
      if (cached !== undefined) {
        return cached;
      }
      if (!regions().includes(region)) {
        throw new Error(`the catalogue in ${directory} has no region ${region}`);
      }
      const path = join(directory, `${region}.json`);
      const parsed = withImages(parseRegionFile(readFileSync(path, "utf8"), path), extraImages());
      loaded.set(region, parsed);
      return parsed;
    },
  };
}

/** A region's catalogue with `extra` images added (an id already in the region keeps the region's). */
function withImages(catalogue: RegionCatalogue, extra: readonly Image[]): RegionCatalogue {
  if (extra.length === 0) return catalogue;
  const added = extra.filter((image) => !catalogue.imagesById.has(image.ImageId));
  const images = [...catalogue.images, ...added].sort((a, b) => compare(a.ImageId, b.ImageId));
  return { ...catalogue, images, imagesById: new Map(images.map((image) => [image.ImageId, image])) };
}

/**
 * Reads and checks every file of the catalogue in `directory` now, so a wrong folder or a broken
 * file is one clear error at start rather than failed requests later.
 */
export function checkCatalogue(directory: string, extraImagesFile?: string): Catalogue {
  const catalogue = createCatalogue(directory, extraImagesFile);
  let regions: readonly string[];
  try {
    regions = catalogue.regions();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`the catalogue folder ${directory} cannot be read: ${reason}`);
  }
  if (regions.length === 0) throw new Error(`the catalogue folder ${directory} has no <region>.json files`);
  for (const region of regions) catalogue.region(region);
  return catalogue;
}
