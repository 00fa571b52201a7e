import type { Image } from "@aws-sdk/client-ec2";
import type { PatternFamily } from "../contract/pattern-families.ts";
import { wildcardMatch } from "../contract/wildcard.ts";

/** True when `image` belongs to `family`: its owner, its architecture, its name and no exclusion; never pending. */
export function isCandidate(family: PatternFamily, image: Image): boolean {
  const name = image.Name ?? "";
  return (
    image.ImageId !== undefined &&
    image.State === "available" &&
    image.OwnerId !== undefined &&
    family.Owners.includes(image.OwnerId) &&
    image.Architecture === family.Architecture &&
    wildcardMatch(family.NamePattern, name) &&
    !(family.Exclude ?? []).some((pattern) => wildcardMatch(pattern, name))
  );
}

function isDeprecated(image: Image, now: Date): boolean {
  const at = Date.parse(image.DeprecationTime ?? "");
  return !Number.isNaN(at) && at <= now.getTime();
}

/** Newest CreationDate first (parsed as a date; an unparseable one counts as oldest), then Name, then ImageId. */
function newestFirst(a: Image, b: Image): number {
  const created = (image: Image) => {
    const at = Date.parse(image.CreationDate ?? "");
    return Number.isNaN(at) ? Number.NEGATIVE_INFINITY : at;
  };
  const byDate = created(b) - created(a);
  if (byDate !== 0) return byDate;
  const [nameA, nameB, idA, idB] = [a.Name ?? "", b.Name ?? "", a.ImageId ?? "", b.ImageId ?? ""];
  if (nameA !== nameB) return nameA < nameB ? 1 : -1;
  return idA < idB ? 1 : idA > idB ? -1 : 0;
}

/**
 * The image a pattern family resolves to among `images`: of its candidates, the newest current
 * one (a deprecated image only when no current one exists), with fixed tie-breaks so equal
 * CreationDates give the same pick in any input order. Undefined when nothing matches.
 */
export function selectImage(family: PatternFamily, images: readonly Image[], now: Date): Image | undefined {
  const candidates = images.filter((image) => isCandidate(family, image));
  const current = candidates.filter((image) => !isDeprecated(image, now));
  return [...(current.length ? current : candidates)].sort(newestFirst)[0];
}
