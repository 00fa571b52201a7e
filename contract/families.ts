/**
 * The family catalogue: which SSM parameters name an image family, the canonical family names,
 * and the short aliases people type. Families are discovered from AWS's parameter names, so a
 * family AWS publishes tomorrow appears with no change here.
 */

/** Amazon Linux: every parameter directly under this path is a family named by its leaf. */
export const AMAZON_LINUX_PATH = "/aws/service/ami-amazon-linux-latest/";

/** ECS-optimized: `<os>[/<variant>...]/recommended/image_id` under this path is a family. */
export const ECS_PATH = "/aws/service/ecs/optimized-ami/";

/** Both public parameter trees the refresher walks. */
export const SSM_PATHS = [AMAZON_LINUX_PATH, ECS_PATH] as const;

const ECS_SUFFIX = "/recommended/image_id";
export const ECS_FAMILY_PREFIX = "ecs/";

/** What `/latest/:region` serves, and what the stored document's `LatestImage` holds. */
export const DEFAULT_FAMILY = "al2023-ami-kernel-default-x86_64";

/**
 * Short names for the common families. AL2's aliases follow AWS's `kernel-default` line, as
 * `al2023` does, rather than the older names that stay on kernel 4.14.
 */
export const ALIASES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    al2023: "al2023-ami-kernel-default-x86_64",
    "al2023-arm64": "al2023-ami-kernel-default-arm64",
    "al2023-minimal": "al2023-ami-minimal-kernel-default-x86_64",
    "al2023-minimal-arm64": "al2023-ami-minimal-kernel-default-arm64",
    al2: "amzn2-ami-kernel-default-hvm-x86_64-gp2",
    "al2-arm64": "amzn2-ami-kernel-default-hvm-arm64-gp2",
    "ecs-al2023": "ecs/amazon-linux-2023",
    "ecs-al2023-arm64": "ecs/amazon-linux-2023/arm64",
    "ecs-al2": "ecs/amazon-linux-2",
    "ecs-al2-arm64": "ecs/amazon-linux-2/arm64",
  }),
);

/** Lower-case words joined by `-`, `.`, `_` or `/`; bounded so no input is scanned at length. */
const FAMILY_NAME = /^[a-z0-9](?:[a-z0-9._-]|\/(?=[a-z0-9])){0,127}$/;

/** True when `name` could be a family name or alias (not whether one exists). */
export function isFamilyName(name: string): boolean {
  return FAMILY_NAME.test(name);
}

/**
 * The family an SSM parameter names, or undefined when the parameter is not an image pointer.
 * @example familyOfParameter("/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id")
 *   // "ecs/amazon-linux-2023/arm64"
 */
export function familyOfParameter(parameterName: string): string | undefined {
  if (parameterName.startsWith(AMAZON_LINUX_PATH)) {
    const leaf = parameterName.slice(AMAZON_LINUX_PATH.length);
    return leaf.includes("/") || !isFamilyName(leaf) ? undefined : leaf;
  }
  if (parameterName.startsWith(ECS_PATH) && parameterName.endsWith(ECS_SUFFIX)) {
    const line = parameterName.slice(ECS_PATH.length, -ECS_SUFFIX.length);
    const family = ECS_FAMILY_PREFIX + line;
    return line && isFamilyName(family) ? family : undefined;
  }
  return undefined;
}

/**
 * The canonical family for a name or alias (aliases resolved, canonical names unchanged).
 * Whether the family exists in a region is the document's to say.
 */
export function canonicalFamily(nameOrAlias: string): string {
  return ALIASES.get(nameOrAlias) ?? nameOrAlias;
}
