/**
 * DescribeImages over one region's catalogue: ids, owners, filters and pagination with EC2's
 * rules and error codes, then each image as an `<item>` of `imagesSet`.
 */
import { AwsError } from "../aws-error.ts";
import type { Image, RegionCatalogue } from "../catalogue-schema.ts";
import { decodeToken, type Page, pageOf } from "../page-token.ts";
import { type Xml, xmlElement, xmlText } from "../xml.ts";
import { type FilterFields, filterPredicate } from "./filters.ts";
import { booleanParam, checkParams, filters, integerParam, memberList } from "./query.ts";

const PARAMS = [
  /^ImageId\.\d+$/,
  /^Owner\.\d+$/,
  /^Filter\.\d+\.Name$/,
  /^Filter\.\d+\.Value\.\d+$/,
  /^IncludeDeprecated$/,
  /^IncludeDisabled$/,
  /^MaxResults$/,
  /^NextToken$/,
  /^DryRun$/,
];

/** EC2's bounds on a DescribeImages page. */
const MIN_PAGE = 5;
const MAX_PAGE = 1000;

const IMAGE_ID = /^ami-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;
const ACCOUNT_ID = /^\d{12}$/;
/** Owner aliases EC2 accepts in `Owner.N`; `self` is the caller, who owns nothing here. */
const OWNER_ALIASES = new Set(["amazon", "aws-marketplace", "aws-backup-vault", "self"]);

const IMAGE_FILTERS: FilterFields<Image> = {
  architecture: (image) => image.Architecture,
  "creation-date": (image) => image.CreationDate,
  description: (image) => image.Description,
  hypervisor: (image) => image.Hypervisor,
  "image-id": (image) => image.ImageId,
  "image-type": (image) => image.ImageType,
  "is-public": (image) => String(image.Public),
  name: (image) => image.Name,
  "owner-alias": (image) => image.ImageOwnerAlias,
  "owner-id": (image) => image.OwnerId,
  platform: (image) => image.Platform,
  "root-device-name": (image) => image.RootDeviceName,
  "root-device-type": (image) => image.RootDeviceType,
  "sriov-net-support": (image) => image.SriovNetSupport,
  state: (image) => image.State,
  "virtualization-type": (image) => image.VirtualizationType,
};

/**
 * The page of images a DescribeImages request asks for, in ImageId order.
 * @example selectImages(catalogue, new URLSearchParams("Owner.1=amazon&MaxResults=5")).items.length // 5
 */
export function selectImages(catalogue: RegionCatalogue, params: URLSearchParams): Page<Image> {
  checkParams(params, PARAMS);
  // Accepted for their validation only: the snapshot has no deprecated or disabled images.
  booleanParam(params, "IncludeDeprecated");
  booleanParam(params, "IncludeDisabled");
  const size = integerParam(params, "MaxResults", MIN_PAGE, MAX_PAGE);
  const ids = memberList(params, "ImageId");
  if (size !== undefined && ids.length > 0) {
    throw new AwsError(
      "InvalidParameterCombination",
      "The parameter imageIdsSet cannot be used with the parameter maxResults",
    );
  }
  const owners = memberList(params, "Owner");
  const candidates = ids.length > 0 ? imagesWithIds(catalogue, ids) : catalogue.images;
  const wanted = filterPredicate(filters(params), IMAGE_FILTERS);
  const ownedBy = ownerPredicate(owners);
  const selected = candidates.filter((image) => ownedBy(image) && wanted(image));
  return pageOf(selected, (image) => image.ImageId, { after: pageStart(params), size });
}

/**
 * The region as EC2 would see it without the images `hidden`: an id filter leaves them out, and
 * `ImageId.N` naming one is InvalidAMIID.NotFound, as for any image EC2 does not have.
 * @example withoutImages(catalogue, new Set(["ami-0006118602dfc1c09"])).imagesById.has("ami-0006118602dfc1c09") // false
 */
export function withoutImages(
  catalogue: RegionCatalogue,
  hidden: ReadonlySet<string> | undefined,
): RegionCatalogue {
  if (hidden === undefined || hidden.size === 0) {
    return catalogue;
  }
  const images = catalogue.images.filter((image) => !hidden.has(image.ImageId));
  return { ...catalogue, images, imagesById: new Map(images.map((image) => [image.ImageId, image])) };
}

/** The `imagesSet` and `nextToken` fields of the answer. */
export function imagesXml(page: Page<Image>): Xml[] {
  return [xmlElement("imagesSet", page.items.map(imageItem)), xmlText("nextToken", page.nextToken)];
}

function imageItem(image: Image): Xml {
  return xmlElement("item", [
    xmlText("imageId", image.ImageId),
    // What AWS shows for an Amazon image: the owner's alias (else its account), then the name.
    xmlText("imageLocation", `${image.ImageOwnerAlias ?? image.OwnerId}/${image.Name}`),
    xmlText("imageState", image.State),
    xmlText("imageOwnerId", image.OwnerId),
    // Derived from the name's date stamp (see creation-date.ts); absent when the name has none.
    xmlText("creationDate", image.CreationDate),
    xmlText("isPublic", image.Public),
    xmlText("architecture", image.Architecture),
    xmlText("imageType", image.ImageType),
    xmlText("sriovNetSupport", image.SriovNetSupport),
    xmlText("imageOwnerAlias", image.ImageOwnerAlias),
    xmlText("name", image.Name),
    xmlText("description", image.Description),
    xmlText("rootDeviceType", image.RootDeviceType),
    xmlText("rootDeviceName", image.RootDeviceName),
    xmlText("virtualizationType", image.VirtualizationType),
    xmlText("hypervisor", image.Hypervisor),
    xmlText("platform", image.Platform),
    xmlText("deprecationTime", image.DeprecationTime),
  ]);
}

/** The images `ImageId.N` names, sorted; unlike the `image-id` filter, an unknown id is an error. */
function imagesWithIds(catalogue: RegionCatalogue, ids: readonly string[]): Image[] {
  const malformed = ids.find((id) => !IMAGE_ID.test(id));
  if (malformed !== undefined) {
    throw new AwsError("InvalidAMIID.Malformed", `Invalid id: "${malformed}" (expecting "ami-...")`);
  }
  const missing = ids.filter((id) => !catalogue.imagesById.has(id));
  if (missing.length === 1) {
    throw new AwsError("InvalidAMIID.NotFound", `The image id '[${missing.join(", ")}]' does not exist`);
  }
  if (missing.length > 1) {
    throw new AwsError("InvalidAMIID.NotFound", `The image ids '[${missing.join(", ")}]' do not exist`);
  }
  return catalogue.images.filter((image) => ids.includes(image.ImageId));
}

function ownerPredicate(owners: readonly string[]): (image: Image) => boolean {
  const malformed = owners.find((owner) => !ACCOUNT_ID.test(owner) && !OWNER_ALIASES.has(owner));
  if (malformed !== undefined) {
    throw new AwsError("InvalidUserID.Malformed", `Invalid user id: "${malformed}"`);
  }
  if (owners.length === 0) {
    return () => true;
  }
  return (image) =>
    owners.some((owner) => owner === image.OwnerId || (owner !== "self" && owner === image.ImageOwnerAlias));
}

function pageStart(params: URLSearchParams): string | undefined {
  const token = params.get("NextToken");
  if (token === null) {
    return undefined;
  }
  const after = decodeToken(token);
  if (after === undefined) {
    throw new AwsError("InvalidPaginationToken", `Invalid pagination token: ${token}`);
  }
  return after;
}
