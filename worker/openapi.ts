import { ALIASES, DEFAULT_FAMILY } from "../contract/families.ts";
import { ANSWER_FIELDS, IMAGE_FIELDS } from "../contract/fields.ts";
import type { Answer } from "./answers.ts";
import { HISTORY_PATHS, HISTORY_SCHEMA } from "./openapi-history.ts";
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

/**
 * The OpenAPI 3.1 description of the HTTP interface, served at `/openapi.json`. A test checks
 * that it validates and that every route answers as it says.
 */

const selectionParameters = [
  { $ref: "#/components/parameters/field" },
  { $ref: "#/components/parameters/fields" },
  { $ref: "#/components/parameters/format" },
];

const imageResponses = {
  "200": {
    description:
      "The image. JSON without fields; with one field, the value and a newline as text; with several, a JSON object (or one tab-separated line with format=text).",
    headers: cached,
    content: {
      "application/json": { schema: { $ref: "#/components/schemas/ImageAnswer" } },
      "text/plain": { schema: { type: "string" }, example: "ami-0006118602dfc1c09\n" },
    },
  },
  "301": { description: "Redirect to the canonical URL (lower-case region, no trailing slash)." },
  "304": notModified,
  "400": errorResponse("Malformed region or family name, unknown field or format."),
  "404": errorResponse("Unknown region or family, image no longer described, or a field this image lacks."),
  "502": retryLaterResponse("The stored document is not valid and no earlier copy is kept; see Retry-After."),
  "503": retryLaterResponse("The store cannot be read and no earlier copy is kept; see Retry-After."),
};

export const OPENAPI_DOCUMENT = {
  openapi: "3.1.0",
  info: {
    title: "latest-ami",
    version: "1",
    summary: "The newest AMI of every AWS region, as AWS's own public SSM parameters name it.",
    description: `Default family: ${DEFAULT_FAMILY}. Every answer carries CORS (Access-Control-Allow-Origin: *), Cache-Control, and (on 200/304) a strong ETag and Last-Modified. HEAD is answered like GET without a body; OPTIONS is a CORS preflight (204); other methods are 405.`,
  },
  paths: {
    "/latest/{region}": {
      get: {
        summary: "The newest image of the default family in a region",
        parameters: [{ $ref: "#/components/parameters/region" }, ...selectionParameters, ...conditional],
        responses: imageResponses,
      },
    },
    "/latest/{region}/{family}": {
      get: {
        summary: "The newest image of a family (canonical name or alias) in a region",
        parameters: [
          { $ref: "#/components/parameters/region" },
          {
            name: "family",
            in: "path",
            required: true,
            description: `An SSM parameter's name (al2023-ami-kernel-default-x86_64, ecs/amazon-linux-2023/arm64) or an alias: ${[...ALIASES.keys()].join(", ")}.`,
            schema: { type: "string", maxLength: 128 },
            example: "al2023-arm64",
          },
          ...selectionParameters,
          ...conditional,
        ],
        responses: imageResponses,
      },
    },
    "/latest": {
      get: {
        summary: "One family in every region at once",
        parameters: [
          {
            name: "family",
            in: "query",
            schema: { type: "string" },
            description: "Family or alias; default family when absent.",
          },
          ...selectionParameters,
          ...conditional,
        ],
        responses: {
          "200": {
            description:
              "JSON map region → image summary (or → selected fields, null where absent); with text format, one `region<TAB>values` line a region, sorted.",
            headers: cached,
            content: {
              "application/json": { schema: { type: "object", additionalProperties: { type: "object" } } },
              "text/plain": { schema: { type: "string" }, example: "us-east-1\tami-0006118602dfc1c09\n" },
            },
          },
          "304": notModified,
          "400": errorResponse("Malformed family, unknown field or format."),
          "404": errorResponse("The family is not published in any region."),
          "503": retryLaterResponse("The store cannot be read."),
        },
      },
    },
    "/regions": {
      get: {
        summary: "The regions the refresher covers",
        parameters: conditional,
        responses: {
          "200": {
            description: "The region list.",
            headers: cached,
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["Regions", "GeneratedAt"],
                  properties: {
                    Regions: { type: "array", items: { type: "string" } },
                    GeneratedAt: { type: "string", format: "date-time" },
                  },
                },
              },
            },
          },
          "304": notModified,
          "503": retryLaterResponse("The store cannot be read."),
        },
      },
    },
    "/families": {
      get: {
        summary: "Every family, its aliases, and the regions that publish it",
        parameters: conditional,
        responses: {
          "200": {
            description: "The family catalogue.",
            headers: cached,
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["Default", "Aliases", "Families"],
                  properties: {
                    Default: { type: "string" },
                    Aliases: { type: "object", additionalProperties: { type: "string" } },
                    Families: {
                      type: "object",
                      additionalProperties: {
                        type: "object",
                        required: ["Source", "Aliases", "Regions"],
                        properties: {
                          Source: { type: "string", enum: ["ssm", "pattern"] },
                          Aliases: { type: "array", items: { type: "string" } },
                          Regions: { type: "array", items: { type: "string" } },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          "304": notModified,
          "503": retryLaterResponse("The store cannot be read."),
        },
      },
    },
    "/healthz": {
      get: {
        summary: "Freshness of every region",
        responses: {
          "200": {
            description: "Every region was refreshed within two refresh intervals (12 h).",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Health" } } },
          },
          "503": {
            description: "Some regions are stale (listed), or the store cannot be read.",
            content: {
              "application/json": {
                schema: {
                  oneOf: [{ $ref: "#/components/schemas/Health" }, { $ref: "#/components/schemas/Error" }],
                },
              },
            },
          },
        },
      },
    },
    ...HISTORY_PATHS,
    "/openapi.json": {
      get: {
        summary: "This description",
        parameters: conditionalByTag,
        responses: {
          "200": {
            description: "OpenAPI 3.1 document.",
            headers: cachedByTag,
            content: { "application/json": { schema: { type: "object" } } },
          },
          "304": notModifiedByTag,
        },
      },
    },
  },
  components: {
    parameters: {
      region: {
        name: "region",
        in: "path",
        required: true,
        description: "An AWS region name, lower case.",
        schema: { type: "string", pattern: "^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$", maxLength: 32 },
        example: "us-east-1",
      },
      field: {
        name: "field",
        in: "query",
        description:
          "A field to select; repeatable. A path may follow (BlockDeviceMappings.0.Ebs.SnapshotId).",
        schema: {
          type: "array",
          items: {
            anyOf: [
              { type: "string", enum: [...ANSWER_FIELDS, ...IMAGE_FIELDS] },
              { type: "string", pattern: `^(?:${IMAGE_FIELDS.join("|")})(?:\\.[A-Za-z0-9]+)+$` },
            ],
          },
          maxItems: 32,
        },
        style: "form",
        explode: true,
      },
      fields: {
        name: "fields",
        in: "query",
        description: "Fields to select, comma-separated.",
        schema: { type: "string" },
      },
      format: {
        name: "format",
        in: "query",
        description:
          "json or text (one tab-separated line); default text for one field (or Accept: text/plain), JSON otherwise.",
        schema: { type: "string", enum: ["json", "text"] },
      },
      "If-None-Match": {
        name: "If-None-Match",
        in: "header",
        schema: { type: "string" },
        description: "ETags (weak comparison) or *; wins over If-Modified-Since.",
      },
      "If-Modified-Since": {
        name: "If-Modified-Since",
        in: "header",
        schema: { type: "string" },
        description: "An HTTP date.",
      },
    },
    headers: {
      "Cache-Control": {
        schema: { type: "string" },
        description: "public, max-age=300, stale-while-revalidate=3600, stale-if-error=86400",
      },
      ETag: { schema: { type: "string" }, description: "Strong, from the bytes of the answer." },
      "Last-Modified": { schema: { type: "string" }, description: "When this answer last changed." },
    },
    schemas: {
      Error: {
        type: "object",
        required: ["error"],
        properties: {
          error: {
            type: "object",
            required: ["code", "message"],
            properties: { code: { type: "string" }, message: { type: "string" } },
            additionalProperties: true,
          },
        },
      },
      Image: {
        type: "object",
        required: ["ImageId", "Source"],
        properties: {
          ImageId: { type: "string", pattern: "^ami-[0-9a-f]+$" },
          Name: { type: "string" },
          CreationDate: { type: "string", format: "date-time" },
          DeprecationTime: { type: "string", format: "date-time" },
          Architecture: { type: "string" },
          Source: {
            description:
              "AWS's parameter (SsmParameter, Version, LastModifiedDate), or the pattern that chose the image (Pattern).",
            type: "object",
            properties: {
              SsmParameter: { type: "string" },
              Version: { type: "integer" },
              LastModifiedDate: { type: "string", format: "date-time" },
              Pattern: {
                type: "object",
                required: ["Owners", "NamePattern", "Architecture"],
                properties: {
                  Owners: { type: "array", items: { type: "string" } },
                  NamePattern: { type: "string" },
                  Architecture: { type: "string" },
                },
              },
            },
          },
        },
        additionalProperties: true,
      },
      ImageAnswer: {
        type: "object",
        required: ["Region", "Family", "RetrievedAt", "LatestImage"],
        properties: {
          Region: { type: "string" },
          Family: { type: "string" },
          RetrievedAt: { type: "string", format: "date-time" },
          LatestImage: { $ref: "#/components/schemas/Image" },
        },
      },
      History: HISTORY_SCHEMA,
      Health: {
        type: "object",
        required: ["Status", "StaleAfterSeconds", "Stale", "Regions"],
        properties: {
          Status: { type: "string", enum: ["ok", "stale"] },
          StaleAfterSeconds: { type: "integer" },
          Stale: { type: "array", items: { type: "string" } },
          Regions: { type: "object", additionalProperties: { type: "object" } },
        },
      },
    },
  },
};

const BODY = JSON.stringify(OPENAPI_DOCUMENT);

/** `/openapi.json` as an answer like the others; it changes only with a deploy, so no Last-Modified, only its ETag. */
export function openApiAnswer(): Answer {
  return { body: BODY, contentType: "application/json", stale: false };
}
