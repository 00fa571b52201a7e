import {
  cached,
  cachedByTag,
  conditional,
  conditionalByTag,
  errorResponse,
  notModified,
  notModifiedByTag,
  retryLaterResponse,
} from "./openapi-parts.ts";

/** The OpenAPI paths of the dashboard, the per-family history and the changes feeds. */

const feedFilters = [
  {
    name: "family",
    in: "query",
    schema: { type: "string", maxLength: 128 },
    description: "Only this family (canonical name or alias).",
    example: "al2023",
  },
  {
    name: "region",
    in: "query",
    schema: { type: "string", maxLength: 32 },
    description: "Only this region.",
    example: "us-east-1",
  },
];

const feedErrors = {
  "304": notModified,
  "400": errorResponse("Malformed family or region filter."),
  "404": errorResponse("No history for that region, or the family has none there."),
  "502": retryLaterResponse("A stored history is not valid; see Retry-After."),
  "503": retryLaterResponse("The store cannot be read, or no history is published yet; see Retry-After."),
};

const feedDescription =
  "One entry each time AWS pointed a (region, family) at a new image, newest first (at most 500), with a stable ID (`tag:latest-ami,2026:change/<region>/<family>/<ImageId>`). The first image recorded for a family is where its history starts, not a change.";

export const HISTORY_PATHS = {
  "/": {
    get: {
      summary: "The dashboard: a table of regions for a chosen family",
      parameters: conditionalByTag,
      responses: {
        "200": {
          description:
            "An HTML page that reads /families, /latest and /healthz; its state (family=, q=) is in its URL.",
          headers: cachedByTag,
          content: { "text/html": { schema: { type: "string" } } },
        },
        "304": notModifiedByTag,
      },
    },
  },
  "/history/{region}/{family}": {
    get: {
      summary: "The last images of a family in a region, with when each was first seen",
      parameters: [
        { $ref: "#/components/parameters/region" },
        {
          name: "family",
          in: "path",
          required: true,
          description: "A family's canonical name or an alias.",
          schema: { type: "string", maxLength: 128 },
          example: "al2023",
        },
        ...conditional,
      ],
      responses: {
        "200": {
          description: "Up to 20 images, newest first. Last-Modified is when the newest was first seen.",
          headers: cached,
          content: { "application/json": { schema: { $ref: "#/components/schemas/History" } } },
        },
        "301": { description: "Redirect to the canonical URL (lower-case region, no trailing slash)." },
        ...feedErrors,
        "404": errorResponse("No history for that region, or the family has none there."),
      },
    },
  },
  "/changes": {
    get: {
      summary: "New images as a JSON Feed 1.1",
      description: feedDescription,
      parameters: [...feedFilters, ...conditional],
      responses: {
        "200": {
          description:
            "JSON Feed 1.1; each item's `_latest_ami` holds region, family, image_id and previous_image_id.",
          headers: cached,
          content: {
            "application/feed+json": { schema: { type: "object", required: ["version", "items"] } },
          },
        },
        ...feedErrors,
      },
    },
  },
  "/changes.atom": {
    get: {
      summary: "New images as an Atom feed",
      description: feedDescription,
      parameters: [...feedFilters, ...conditional],
      responses: {
        "200": {
          description: "Atom (RFC 4287), the same entries and IDs as /changes.",
          headers: cached,
          content: { "application/atom+xml": { schema: { type: "string" } } },
        },
        ...feedErrors,
      },
    },
  },
};

/** The schema of a history answer, for components.schemas. */
export const HISTORY_SCHEMA = {
  type: "object",
  required: ["Region", "Family", "Images"],
  properties: {
    Region: { type: "string" },
    Family: { type: "string" },
    Images: {
      type: "array",
      items: {
        type: "object",
        required: ["ImageId", "FirstSeen"],
        properties: {
          ImageId: { type: "string", pattern: "^ami-[0-9a-f]+$" },
          Name: { type: "string" },
          CreationDate: { type: "string", format: "date-time" },
          FirstSeen: { type: "string", format: "date-time" },
        },
      },
    },
  },
};
