/**
 * The fields a client may select. Image fields are DescribeImages' `Image` members (every one
 * AWS defines, so a field AWS did not return for this image is "absent", not "unknown");
 * `Source` is ours; `Region`, `Family` and `RetrievedAt` describe the answer itself.
 */
export const IMAGE_FIELDS = [
  "ImageId",
  "Name",
  "Description",
  "Architecture",
  "CreationDate",
  "DeprecationTime",
  "State",
  "OwnerId",
  "ImageOwnerAlias",
  "Public",
  "ImageType",
  "ImageLocation",
  "Platform",
  "PlatformDetails",
  "UsageOperation",
  "RootDeviceName",
  "RootDeviceType",
  "VirtualizationType",
  "Hypervisor",
  "SriovNetSupport",
  "EnaSupport",
  "BootMode",
  "TpmSupport",
  "ImdsSupport",
  "BlockDeviceMappings",
  "ProductCodes",
  "KernelId",
  "RamdiskId",
  "StateReason",
  "Tags",
  "SourceInstanceId",
  "SourceImageId",
  "SourceImageRegion",
  "DeregistrationProtection",
  "LastLaunchedTime",
  "ImageAllowed",
  "FreeTierEligible",
  "PublicSsmParameterName",
  "Source",
] as const;

/** Fields of the answer rather than of the image. */
export const ANSWER_FIELDS = ["Region", "Family", "RetrievedAt"] as const;

export type SelectableField = (typeof IMAGE_FIELDS)[number] | (typeof ANSWER_FIELDS)[number];

const SELECTABLE: ReadonlySet<string> = new Set<string>([...ANSWER_FIELDS, ...IMAGE_FIELDS]);

/** True when `name` is a field clients may select (only our data's own names, never `__proto__`). */
export function isSelectableField(name: string): name is SelectableField {
  return SELECTABLE.has(name);
}
