import { ALIASES, ECS_FAMILY_PREFIX, isFamilyName } from "./families.ts";

/**
 * Families with no SSM parameter (Rocky Linux, AlmaLinux, CentOS Stream, a company's own golden
 * images): chosen from DescribeImages by owner, an anchored name pattern and architecture, never
 * by name alone, so a stranger's look-alike image can never be picked.
 */
export interface PatternFamily {
  /** The family's name, as served: `/latest/<region>/<Name>`. */
  Name: string;
  /** Publisher accounts (12 digits). Required: a name pattern without an owner invites look-alikes. */
  Owners: string[];
  /** EC2 wildcards (`*`, `?`) over the whole image name. */
  NamePattern: string;
  Architecture: "x86_64" | "arm64";
  /** Names matching any of these (same wildcards) are never chosen: GPU, minimal, LVM variants ... */
  Exclude?: string[];
  Description?: string;
}

/** Every ECS-optimized publisher account: one in the commercial regions, one per opt-in region. */
const ECS_PUBLISHERS = [
  "591542846629", // commercial regions
  "640558152053", // af-south-1
  "665337139932", // ap-east-1
  "296569632912", // ap-south-2
  "230995884829", // ap-southeast-3
  "947717515648", // ap-southeast-4
  "972826049847", // ap-southeast-5
  "065505494507", // ca-west-1
  "434623702375", // eu-central-2
  "097296689135", // eu-south-1
  "878116103691", // eu-south-2
  "496169089457", // il-central-1
  "661356072305", // me-central-1
  "050734284575", // me-south-1
];

/** Rocky Enterprise Software Foundation's account, as rockylinux.org's AWS download page lists it. */
const ROCKY = "792107900819";
/** AlmaLinux OS Foundation's account (wiki.almalinux.org/cloud/AWS.html). */
const ALMALINUX = "764336703387";
/**
 * The CentOS and Fedora projects' shared publishing account, as docs.fedoraproject.org (Fedora
 * CoreOS on AWS) and kitchen-ec2's CentOS Stream image search use it.
 */
const CENTOS = "125523088429";

function ecs(name: string, pattern: string, architecture: PatternFamily["Architecture"]): PatternFamily {
  return {
    Name: `ecs-by-name/${name}`,
    Owners: ECS_PUBLISHERS,
    NamePattern: pattern,
    Architecture: architecture,
    Description: `ECS-optimized ${name}, chosen by name: a cross-check of AWS's recommended parameter`,
  };
}

/**
 * The families shipped with the project. The ECS lines cross-check AWS's `recommended` parameter
 * (on the snapshot they agree in all 120 region × family pairs); the others have no parameter.
 */
export const SHIPPED_PATTERN_FAMILIES: readonly PatternFamily[] = [
  ecs("amazon-linux-2023", "al2023-ami-ecs-hvm-*-kernel-6.1-x86_64", "x86_64"),
  ecs("amazon-linux-2023/arm64", "al2023-ami-ecs-hvm-*-kernel-6.1-arm64", "arm64"),
  ecs("amazon-linux-2", "amzn2-ami-ecs-hvm-*-x86_64-ebs", "x86_64"),
  ecs("amazon-linux-2/arm64", "amzn2-ami-ecs-hvm-*-arm64-ebs", "arm64"),
  { Name: "rocky-9", Owners: [ROCKY], NamePattern: "Rocky-9-EC2-Base-9.*-*.x86_64", Architecture: "x86_64" },
  {
    Name: "rocky-9-arm64",
    Owners: [ROCKY],
    NamePattern: "Rocky-9-EC2-Base-9.*-*.aarch64",
    Architecture: "arm64",
  },
  {
    Name: "almalinux-9",
    Owners: [ALMALINUX],
    NamePattern: "AlmaLinux OS 9.* x86_64",
    Architecture: "x86_64",
  },
  {
    Name: "almalinux-9-arm64",
    Owners: [ALMALINUX],
    NamePattern: "AlmaLinux OS 9.* aarch64",
    Architecture: "arm64",
  },
  {
    Name: "centos-stream-9",
    Owners: [CENTOS],
    NamePattern: "CentOS Stream 9 x86_64 20*",
    Architecture: "x86_64",
  },
  {
    Name: "centos-stream-9-arm64",
    Owners: [CENTOS],
    NamePattern: "CentOS Stream 9 aarch64 20*",
    Architecture: "arm64",
  },
];

/** A family definition that is not valid; the message says which field of which entry. */
export class InvalidPatternFamilyError extends Error {
  override name = "InvalidPatternFamilyError";
}

const ACCOUNT_ID = /^\d{12}$/;
const MAX_PATTERN_LENGTH = 128;

function stringList(value: unknown, where: string, nonEmpty: boolean): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string" && item !== "")) {
    throw new InvalidPatternFamilyError(`${where} must be a list of strings`);
  }
  if (nonEmpty && value.length === 0) throw new InvalidPatternFamilyError(`${where} must not be empty`);
  return value;
}

function parseOne(value: unknown, index: number): PatternFamily {
  const where = `family #${index + 1}`;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidPatternFamilyError(`${where} must be an object`);
  }
  const entry: Record<string, unknown> = { ...value };
  const name = entry.Name;
  if (typeof name !== "string" || !isFamilyName(name)) {
    throw new InvalidPatternFamilyError(`${where}: Name must be a family name (lower case, digits, - . _ /)`);
  }
  if (ALIASES.has(name) || name.startsWith(ECS_FAMILY_PREFIX)) {
    throw new InvalidPatternFamilyError(
      `${where}: Name ${name} is an alias or in the ${ECS_FAMILY_PREFIX} namespace of AWS's parameters; choose another`,
    );
  }
  const at = `family ${name}`;
  if (entry.Owners === undefined) {
    throw new InvalidPatternFamilyError(
      `${at}: Owners is required (a name pattern alone would match strangers' images)`,
    );
  }
  const owners = stringList(entry.Owners, `${at}: Owners`, true);
  const badOwner = owners.find((owner) => !ACCOUNT_ID.test(owner));
  if (badOwner !== undefined)
    throw new InvalidPatternFamilyError(
      `${at}: owner ${JSON.stringify(badOwner)} is not a 12-digit account ID`,
    );
  const pattern = entry.NamePattern;
  if (
    typeof pattern !== "string" ||
    pattern === "" ||
    pattern.length > MAX_PATTERN_LENGTH ||
    /^[*?]*$/.test(pattern)
  ) {
    throw new InvalidPatternFamilyError(
      `${at}: NamePattern must be a name with at most ${MAX_PATTERN_LENGTH} characters, not only wildcards`,
    );
  }
  const architecture = entry.Architecture;
  if (architecture !== "x86_64" && architecture !== "arm64") {
    throw new InvalidPatternFamilyError(`${at}: Architecture must be x86_64 or arm64`);
  }
  const family: PatternFamily = {
    Name: name,
    Owners: owners,
    NamePattern: pattern,
    Architecture: architecture,
  };
  if (entry.Exclude !== undefined) family.Exclude = stringList(entry.Exclude, `${at}: Exclude`, false);
  if (typeof entry.Description === "string") family.Description = entry.Description;
  return family;
}

/**
 * Validates family definitions (parsed JSON: a list of PatternFamily), refusing duplicate names and
 * names the shipped families use.
 */
export function parsePatternFamilies(
  value: unknown,
  taken: readonly PatternFamily[] = SHIPPED_PATTERN_FAMILIES,
): PatternFamily[] {
  if (!Array.isArray(value)) throw new InvalidPatternFamilyError("pattern families must be a JSON list");
  const families = value.map(parseOne);
  const seen = new Set(taken.map((family) => family.Name));
  for (const family of families) {
    if (seen.has(family.Name)) throw new InvalidPatternFamilyError(`family ${family.Name} is defined twice`);
    seen.add(family.Name);
  }
  return families;
}
