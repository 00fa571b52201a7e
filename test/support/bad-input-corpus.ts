/**
 * The bad-input corpus: requests built to break the Worker (traversal in every spelling, 10,000-
 * character segments, Unicode, NUL and control characters, upper case, repeated, unknown and huge
 * query parameters, prototype names, giant or malformed conditional and CORS headers, every
 * method). Pure (fast-check only, no Node or Workers API), so the workerd test that sends it and
 * the Node test that reports it draw the same requests from the same seed.
 */
import fc from "fast-check";

/** Fixed, so every run sends the same requests and the report counts exactly those. */
export const BAD_INPUT_SEED = 20_260_727;
export const BAD_INPUT_RUNS = 640;

/** One request of the corpus, as data; `categories` says what it is made of (for the report). */
export interface BadRequest {
  method: string;
  /** Path and query, appended to the Worker's origin as they are. */
  target: string;
  headers: [string, string][];
  body?: string;
  categories: string[];
}

/**
 * What a body must never contain: stack frames, JS error prefixes, our paths and sources, S3's
 * XML. The corpus never contains them itself, so one in a body can only be a leak.
 */
export const LEAK_PATTERNS: readonly RegExp[] = [
  // Quantifiers are bounded: the corpus holds 64 KiB strings, and an unbounded `[^\s()]+` before a
  // literal backtracks quadratically over them.
  /\bat (?:async )?[^\s()]{1,300} \([^)]{0,300}:\d{1,9}:\d{1,9}\)/,
  /\bat [^\s()]{1,300}:\d{1,9}:\d{1,9}/,
  /Error: /,
  /\/work\//,
  /node_modules/,
  /\.ts:/,
  /<\?xml|<Error>|<Code>|NoSuchKey|AccessDenied/,
];

/**
 * The methods the Worker must be able to receive (any case); workerd's `new Request()` refuses
 * some others (CONNECT, M-SEARCH: "Invalid HTTP method string"), and such a request never reaches
 * a Worker's `fetch` handler, as workerd answers it itself.
 */
export const ROUTABLE_METHODS: readonly string[] = [
  "GET",
  "HEAD",
  "OPTIONS",
  "POST",
  "PUT",
  "DELETE",
  "PATCH",
];

interface Part {
  text: string;
  tags: string[];
}

const TEN_THOUSAND = 10_000;
/** Over every bound the Worker applies to a header (8 KiB for If-None-Match, 1 KiB for preflights). */
const GIANT_HEADER = 64 * 1024;

function tagged(arbitrary: fc.Arbitrary<string>, ...tags: string[]): fc.Arbitrary<Part> {
  return arbitrary.map((text) => ({ text, tags }));
}

function repeatTo(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

const PUBLISHED_REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-5", "sa-east-1", "il-central-1"];

const TRAVERSALS = [
  "..",
  ".",
  "...",
  "%2e%2e",
  "%2E%2E",
  ".%2e",
  "%2e.",
  "..%2f..%2fregions",
  "%2e%2e%2f%2e%2e%2fregions",
  "..\\..\\regions",
  "%5c..%5c",
  "..%5c..%5cregions",
  "%252e%252e",
  "%252e%252e%252fregions",
  "%252f",
  "%c0%ae%c0%ae",
  "..;",
  "..%00",
  "us-east-1/..",
  "us-east-1/../..",
  "us-east-1%2f..%2f..%2fregions.json",
  "..%2f..%2flatest-ami%2fv1%2fregions.json",
  "us-east-1/../../../latest-ami/v1/history/us-east-1",
  "%2e%2e%2fhistory%2fus-east-1",
  "history%2fus-east-1",
  "us-east-1.json",
  "us-east-1%23",
  "us-east-1%3f",
];

const LOOK_ALIKES = [
  "us\u2010east\u20101", // hyphens that are not hyphen-minus
  "us-\u0435ast-1", // Cyrillic e
  "\uff55\uff53-east-1", // full-width u s
  "us-east-\uff11",
  "us-east-1\u200b",
  "\u202eus-east-1",
  "us-east-\u0661", // Arabic-Indic one
  "\u212aa-east-1", // Kelvin sign, lower-cases to k
  "\ud83d\ude00",
  "\ud800", // a lone surrogate
];

const tenThousand = tagged(
  fc
    .constantFrom("a", "A", "us-east-1", "%2e", ".", "-", "\u00e9", "%00", "\u{1f600}")
    .map((unit) => repeatTo(unit, TEN_THOUSAND)),
  "path: 10,000-char segment",
);

const unicode = fc.oneof(
  tagged(fc.constantFrom(...LOOK_ALIKES), "path: Unicode"),
  tagged(fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }), "path: Unicode"),
  tagged(fc.string({ unit: "binary", minLength: 1, maxLength: 12 }), "path: Unicode"),
);

const nul = tagged(
  fc.constantFrom("%00", "us-east-1%00", "us-east-1\u0000", "\u0000", "%00.json", "us-east-1%00.json"),
  "path: NUL",
);

const CONTROL_CHARS = [..."\u0001\u0002\u0007\b\t\n\u000b\f\r\u001b\u001f\u007f"];
const control = fc.oneof(
  tagged(
    fc.string({ unit: fc.constantFrom(...CONTROL_CHARS, "u", "s", "-", "1"), minLength: 1, maxLength: 12 }),
    "path: control characters",
  ),
  tagged(
    fc.constantFrom(
      "us-east-\t1",
      "us-east-1\r\n",
      "%0d%0aSet-Cookie:%20a=b",
      "us-east-1%0a",
      "%7f",
      "%1b[31m",
    ),
    "path: control characters",
  ),
);

const traversal = tagged(fc.constantFrom(...TRAVERSALS), "path: traversal");
const printable = tagged(fc.string({ unit: "grapheme-ascii", maxLength: 24 }), "path: random ASCII");

/** What any segment may be when it is junk. */
const junkSegment = fc.oneof(traversal, tenThousand, unicode, nul, control, printable);

const upperCaseRegion = tagged(
  fc
    .tuple(fc.constantFrom(...PUBLISHED_REGIONS), fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }))
    .map(([region, upper]) =>
      [...region].map((char, i) => (i === 0 || upper[i] ? char.toUpperCase() : char)).join(""),
    ),
  "region: upper case",
);

const regionSegment: fc.Arbitrary<Part> = fc.oneof(
  { arbitrary: tagged(fc.constantFrom(...PUBLISHED_REGIONS), "region: published"), weight: 4 },
  {
    arbitrary: tagged(
      fc.constantFrom("zz-fake-9", "us-gov-west-1", "eu-isoe-west-1", "aa-bbbbbbbbbbbb-cc-dd-99"),
      "region: region-shaped, not published",
    ),
    weight: 1,
  },
  { arbitrary: upperCaseRegion, weight: 2 },
  {
    arbitrary: tagged(
      fc.constantFrom("us%2Deast%2D1", "%75s-east-1", "us-east-%31"),
      "region: percent-encoded",
    ),
    weight: 1,
  },
  { arbitrary: junkSegment, weight: 6 },
);

const familySegment: fc.Arbitrary<Part> = fc.oneof(
  {
    arbitrary: tagged(
      fc.constantFrom(
        "al2023",
        "al2023-arm64",
        "al2023-ami-kernel-default-x86_64",
        "ecs/amazon-linux-2023/arm64",
        "amzn2-ami-hvm-x86_64-gp2",
        "no-such-family",
      ),
      "family: well-formed",
    ),
    weight: 3,
  },
  {
    arbitrary: tagged(
      fc.constantFrom(
        "ecs%2Famazon-linux-2023",
        "ecs%2famazon-linux-2023%2farm64",
        "ecs//amazon-linux-2023",
        "ecs/./amazon-linux-2023",
        "ecs/../ecs/amazon-linux-2023",
        "al2023.",
        ".al2023",
        "al2023..",
        "al2023%5carm64",
        "ecs\\amazon-linux-2023",
        "al2023%252farm64",
        "ecs/amazon-linux-2023/arm64/",
      ),
      "family: slashes, dots, encoded separators",
    ),
    weight: 3,
  },
  {
    arbitrary: tagged(
      fc.constantFrom("__proto__", "constructor", "toString", "hasOwnProperty", "ecs/__proto__", "prototype"),
      "family: prototype names",
    ),
    weight: 1,
  },
  {
    arbitrary: tagged(fc.constantFrom("AL2023", "Al2023-Arm64", "ECS/amazon-linux-2"), "family: upper case"),
    weight: 1,
  },
  { arbitrary: junkSegment, weight: 4 },
);

const OTHER_PATHS = [
  "/",
  "/regions",
  "/families",
  "/healthz",
  "/openapi.json",
  "/latest",
  "/LATEST/us-east-1",
  "/Latest",
  "//evil.example/",
  "//evil.example/latest/",
  "/\\evil.example/",
  "/%2f%2fevil.example/",
  "/latest-ami/v1/us-east-1.json",
  "/v1/regions.json",
  "/_cache/v1/latest/us-east-1/al2023-ami-kernel-default-x86_64",
  "/__origin/counts",
  "/latest/",
  "/openapi.json/..",
  "/regions/../latest-ami/v1/history/us-east-1.json",
];

const path: fc.Arbitrary<Part> = fc.oneof(
  regionSegment.map((region) => ({
    text: `/latest/${region.text}`,
    tags: ["path: /latest/:region", ...region.tags],
  })),
  fc.tuple(regionSegment, familySegment).map(([region, family]) => ({
    text: `/latest/${region.text}/${family.text}`,
    tags: ["path: /latest/:region/:family", ...region.tags, ...family.tags],
  })),
  fc
    .tuple(
      regionSegment,
      familySegment,
      fc.array(fc.oneof(familySegment, junkSegment), { minLength: 1, maxLength: 3 }),
    )
    .map(([region, family, extra]) => ({
      text: `/latest/${region.text}/${family.text}/${extra.map((part) => part.text).join("/")}`,
      tags: ["path: extra segments", ...region.tags, ...family.tags, ...extra.flatMap((part) => part.tags)],
    })),
  tagged(fc.constantFrom(...OTHER_PATHS), "path: other routes and origin-looking paths"),
);

const trailing = fc.constantFrom("", "", "", "", "/", "//", "/.", "/%2f");

const SELECTION_VALUES = [
  "ImageId",
  "Name",
  "Source.Version",
  "ImageId,Name",
  "BlockDeviceMappings.0.Ebs.SnapshotId",
  "json",
  "text",
  "al2023-arm64",
];
const BAD_SELECTION_VALUES = [
  "NoSuchField",
  "ImageId.",
  ".ImageId",
  "ImageId..Name",
  "BlockDeviceMappings.length",
  "BlockDeviceMappings.-1",
  "Tags.constructor",
  ",,,",
  "xml",
  "TEXT",
  "../x",
];
const PROTOTYPE_NAMES = [
  "__proto__",
  "constructor",
  "toString",
  "prototype",
  "hasOwnProperty",
  "Source.__proto__",
  "ImageId.constructor",
  "__proto__.polluted",
];
const SELECTION_PARAMS = ["field", "fields", "format", "family"] as const;

/** One `name=value` (or malformed) piece of a query string. */
const queryPiece: fc.Arbitrary<Part> = fc.oneof(
  fc
    .tuple(fc.constantFrom(...SELECTION_PARAMS), fc.constantFrom(...SELECTION_VALUES))
    .map(([name, value]) => ({ text: `${name}=${value}`, tags: ["query: well-formed selection"] })),
  fc
    .tuple(fc.constantFrom(...SELECTION_PARAMS), fc.constantFrom(...BAD_SELECTION_VALUES))
    .map(([name, value]) => ({ text: `${name}=${value}`, tags: ["query: bad selection"] })),
  fc
    .tuple(fc.constantFrom(...SELECTION_PARAMS, ...PROTOTYPE_NAMES), fc.constantFrom(...PROTOTYPE_NAMES, "1"))
    .map(([name, value]) => ({ text: `${name}=${value}`, tags: ["query: prototype names"] })),
  fc
    .tuple(
      fc.constantFrom(
        "cb",
        "utm_source",
        "X-Amz-Signature",
        "response-content-type",
        "Field",
        "FIELD",
        "region",
      ),
      fc.string({ unit: "grapheme-ascii", maxLength: 16 }),
    )
    .map(([name, value]) => ({
      text: `${name}=${encodeURIComponent(value)}`,
      tags: ["query: unknown parameter"],
    })),
  fc
    .tuple(
      fc.constantFrom(...SELECTION_PARAMS, "unknown"),
      fc.constantFrom("x", "ImageId,", "%2e", "\u00e9"),
      fc.constantFrom(TEN_THOUSAND, 100_000),
    )
    .map(([name, unit, length]) => ({
      text: `${name}=${repeatTo(unit, length)}`,
      tags: ["query: huge value"],
    })),
  fc
    .tuple(
      fc.constantFrom("field=ImageId", "format=json", "format=text", "fields=Name", "family=al2"),
      fc.integer({ min: 2, max: 40 }),
    )
    .map(([piece, times]) => ({
      text: Array(times).fill(piece).join("&"),
      tags: ["query: repeated parameter"],
    })),
  tagged(
    fc.constantFrom("", "=", "field", "field=", "%", "%zz", "%00", "field=%", "fields=%E0%A4%A", "&&", "?"),
    "query: empty or malformed",
  ),
  junkSegment.map((part) => ({
    text: `field=${part.text}`,
    tags: ["query: junk value", ...part.tags.map((tag) => tag.replace("path:", "query value:"))],
  })),
);

const query: fc.Arbitrary<Part> = fc.array(queryPiece, { maxLength: 4 }).chain((pieces) =>
  pieces.length === 0
    ? fc.constantFrom<Part>({ text: "", tags: ["query: none"] }, { text: "?", tags: ["query: none"] })
    : fc.constant({
        text: `?${pieces.map((piece) => piece.text).join("&")}`,
        tags: pieces.flatMap((piece) => piece.tags),
      }),
);

/** Latin-1 text a header value may hold (no NUL, CR or LF, which `Headers` refuses). */
const headerJunk = fc.string({
  unit: fc.oneof(
    fc.constantFrom("\t", "\u0001", "\u007f", "\u00ff", "\u0080"),
    fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
  ),
  maxLength: 40,
});

const giant = (unit: string) => repeatTo(unit, GIANT_HEADER);

const HEADER_VALUES: Record<string, fc.Arbitrary<string>> = {
  "If-None-Match": fc.oneof(
    fc.constantFrom(
      '"abc"',
      "*",
      'W/"abc"',
      "W/",
      '"',
      '""',
      "*, *",
      '"a", "b"',
      ",,,,",
      `"${"a".repeat(8_193)}"`,
    ),
    fc.constantFrom(giant('"x",'), giant("*")),
    headerJunk,
  ),
  "If-Modified-Since": fc.oneof(
    fc.constantFrom(
      "Wed, 21 Oct 2015 07:28:00 GMT",
      "Fri, 01 Jan 2100 00:00:00 GMT",
      "Thu, 01 Jan 1970 00:00:00 GMT",
      "0",
      "-1",
      "NaN",
      "2026-01-01T00:00:00Z",
      "Tue, 31 Feb 2026 25:61:61 GMT",
      `Wed, 21 Oct 2015 07:28:00 GMT${" ".repeat(40)}x`,
    ),
    fc.constant(giant("Wed, 21 Oct 2015 07:28:00 GMT ")),
    headerJunk,
  ),
  Accept: fc.oneof(
    fc.constantFrom(
      "text/plain",
      "TEXT/PLAIN;q=0",
      "*/*",
      "application/json",
      "text/html",
      ";;;;",
      ",text/plain",
    ),
    fc.constant(giant("text/plain,")),
    headerJunk,
  ),
  Origin: fc.oneof(
    fc.constantFrom(
      "https://evil.example",
      "null",
      "http://localhost:1",
      "file://",
      "https://a.example, https://b.example",
    ),
    fc.constant(giant("https://evil.example")),
    headerJunk,
  ),
  "Access-Control-Request-Headers": fc.oneof(
    fc.constantFrom("x-a, x-b", "content-type", "If-None-Match, Accept", "x y, <script>", "a".repeat(65)),
    fc.constantFrom(
      Array.from({ length: 17 }, (_, i) => `x-h${i}`).join(","),
      Array.from({ length: 2_000 }, (_, i) => `x-h${i}`).join(", "),
      giant(","),
    ),
    headerJunk,
  ),
  "Access-Control-Request-Method": fc.oneof(
    fc.constantFrom("GET", "DELETE", "CONNECT", "get", "G E T"),
    headerJunk,
  ),
};

const HEADER_NAMES = Object.keys(HEADER_VALUES);

const headers: fc.Arbitrary<{ headers: [string, string][]; tags: string[] }> = fc
  .subarray(HEADER_NAMES, { maxLength: 4 })
  .chain((names) =>
    fc.tuple(...names.map((name) => HEADER_VALUES[name] ?? fc.constant(""))).map((values) => ({
      headers: names.map((name, i): [string, string] => [name, values[i] ?? ""]),
      tags: names.flatMap((name, i) => [
        `header: ${name}`,
        ...((values[i]?.length ?? 0) >= GIANT_HEADER ? ["header: giant (64 KiB) value"] : []),
      ]),
    })),
  );

const method = fc.oneof(
  { arbitrary: fc.constant("GET"), weight: 12 },
  { arbitrary: fc.constantFrom("HEAD", "OPTIONS"), weight: 4 },
  { arbitrary: fc.constantFrom("POST", "PUT", "DELETE", "PATCH"), weight: 4 },
  {
    arbitrary: fc.constantFrom(
      "CONNECT",
      "TRACE",
      "TRACK",
      "PROPFIND",
      "PURGE",
      "QUERY",
      "get",
      "patch",
      "M-SEARCH",
      "FOO",
    ),
    weight: 2,
  },
);

const body = fc.option(fc.constantFrom("", "{}", '{"__proto__":{"polluted":1}}', "x".repeat(64 * 1024)), {
  nil: undefined,
});

/** True when `text` holds something a body must never show (see LEAK_PATTERNS). */
export function looksLeaked(text: string): boolean {
  return LEAK_PATTERNS.some((pattern) => pattern.test(text));
}

/** Every part of a request the Worker could echo back. */
function requestText(request: BadRequest): string {
  return [request.method, request.target, ...request.headers.flat(), request.body ?? ""].join("\n");
}

/** A request of the corpus. */
export const badRequest: fc.Arbitrary<BadRequest> = fc
  .record({ method, path, trailing, query, headers, body })
  .map(({ method, path, trailing, query, headers, body }): BadRequest => {
    const withBody = body !== undefined && method !== "GET" && method !== "HEAD" && method !== "get";
    return {
      method,
      target: `${path.text}${trailing}${query.text}`,
      headers: headers.headers,
      ...(withBody ? { body } : {}),
      categories: [
        `method: ${method}`,
        ...path.tags,
        ...(trailing ? ["path: trailing slash"] : []),
        ...query.tags,
        ...headers.tags,
        ...(withBody ? ["body: present"] : []),
      ],
    };
  })
  // The corpus never carries a leak marker itself, so a marker in an answer is the Worker's.
  .filter((request) => !looksLeaked(requestText(request)));

/** The corpus the tests send: the first BAD_INPUT_RUNS requests of BAD_INPUT_SEED. */
export function badInputCorpus(): BadRequest[] {
  return fc.sample(badRequest, { seed: BAD_INPUT_SEED, numRuns: BAD_INPUT_RUNS });
}

/** How many requests carry each category (a request counts once per category), sorted by name. */
export function categoryCounts(requests: readonly BadRequest[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const request of requests) {
    for (const category of new Set(request.categories)) counts.set(category, (counts.get(category) ?? 0) + 1);
  }
  return [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
