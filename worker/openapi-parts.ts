/** Pieces the OpenAPI description repeats, shared by its modules. */

export const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

/** A failure of the store that clears up by itself: the client is told when to try again. */
export const retryLaterResponse = (description: string) => ({
  ...errorResponse(description),
  headers: {
    "Retry-After": {
      description: "Seconds to wait before trying again.",
      schema: { type: "integer", minimum: 1 },
    },
  },
});

export const cached = {
  "Cache-Control": { $ref: "#/components/headers/Cache-Control" },
  ETag: { $ref: "#/components/headers/ETag" },
  "Last-Modified": { $ref: "#/components/headers/Last-Modified" },
};

export const conditional = [
  { $ref: "#/components/parameters/If-None-Match" },
  { $ref: "#/components/parameters/If-Modified-Since" },
];

export const notModified = {
  description: "Not modified: the client's copy (If-None-Match / If-Modified-Since) is current.",
  headers: cached,
};

/** For what changes only with a deploy (the dashboard, this description): an ETag, no Last-Modified. */
export const cachedByTag = {
  "Cache-Control": { $ref: "#/components/headers/Cache-Control" },
  ETag: { $ref: "#/components/headers/ETag" },
};

export const conditionalByTag = [{ $ref: "#/components/parameters/If-None-Match" }];

export const notModifiedByTag = {
  description: "Not modified: the client's copy (If-None-Match) is current.",
  headers: cachedByTag,
};
