import { type Context, Hono } from "hono";
import { canonicalFamily, DEFAULT_FAMILY, isFamilyName } from "../contract/families.ts";
import { isRegionName } from "../contract/regions.ts";
import { allRegionsAnswer, familiesAnswer, healthAnswer, imageAnswer, regionsAnswer } from "./answers.ts";
import { cacheTtlSeconds, NO_STORE } from "./cache-policy.ts";
import type { ChangeFilter } from "./changes.ts";
import { ALLOWED_METHODS, applyCommonHeaders, preflightResponse } from "./cors.ts";
import { dashboardAnswer, dashboardPolicy } from "./dashboard/page.ts";
import { cachedAnswer, cacheKey } from "./edge-cache.ts";
import { changesAnswer, type FeedFormat, historyAnswer } from "./history-answers.ts";
import { HttpError } from "./http-error.ts";
import { openApiAnswer } from "./openapi.ts";
import type { OriginEnv } from "./origin.ts";
import { canonicalRedirect } from "./redirects.ts";
import { answerResponse, conditionalResponse, errorResponse } from "./respond.ts";
import { parseSelection, type Selection } from "./selection.ts";
import { rememberRoute } from "./warm-path.ts";

type AppEnv = { Bindings: Env & OriginEnv };
type AppContext = Context<AppEnv>;

/** The edge app: the newest AMI of every region, as JSON or as the fields asked for. */
export const app = new Hono<AppEnv>();

// Outermost: every answer, errors and 304s included, gets CORS and nosniff. Every answer is built
// here with headers of its own (never a fetch's or a cache's), so they are set in place, no copy.
app.use(async (c, next) => {
  await next();
  applyCommonHeaders(c.res.headers);
});

// A read-only API: OPTIONS is a preflight, anything but GET and HEAD is 405 wherever it is sent.
app.use(async (c, next) => {
  const method = c.req.method;
  if (method === "OPTIONS") return preflightResponse(c.req.raw);
  if (method !== "GET" && method !== "HEAD") {
    const response = errorResponse(
      new HttpError(
        405,
        "method_not_allowed",
        `${method.slice(0, 16)} is not allowed here; this API is read-only.`,
      ),
    );
    response.headers.set("allow", ALLOWED_METHODS);
    return response;
  }
  return canonicalRedirect(c.req.raw) ?? next();
});

function checkRegion(region: string): string {
  if (!isRegionName(region))
    throw new HttpError(400, "invalid_region", "Region names look like us-east-1 (lower case).");
  return region;
}

function checkFamily(family: string | undefined): string {
  if (family === undefined) return DEFAULT_FAMILY;
  if (!isFamilyName(family)) {
    throw new HttpError(
      400,
      "invalid_family",
      "Family names look like al2023 or al2023-ami-kernel-default-x86_64.",
    );
  }
  return canonicalFamily(family);
}

/**
 * A filter parameter given at most once: `?region=a&region=b` is refused, not read as `a` alone.
 * (The error codes are the parameter's own: an invalid region or family.)
 */
function single(c: AppContext, name: "region" | "family"): string | undefined {
  const values = c.req.queries(name) ?? [];
  if (values.length > 1) {
    throw new HttpError(
      400,
      `invalid_${name}`,
      `Give ?${name}= at most once; it was given ${values.length} times.`,
    );
  }
  return values[0];
}

function selectionOf(c: AppContext): Selection {
  return parseSelection(new URL(c.req.url).searchParams, c.req.header("accept") ?? null);
}

/** The canonical parameters of a selection, in a fixed order, for the cache key. */
function selectionParams(selection: Selection): [string, string][] {
  return selection.fields.length
    ? [
        ["fields", selection.fields.join(",")],
        ["format", selection.format],
      ]
    : [];
}

/** An answer through the edge cache, then conditional-request handling. */
async function serve(
  c: AppContext,
  path: string,
  params: [string, string][],
  produce: () => Promise<import("./answers.ts").Answer>,
) {
  const context = {
    cache: caches.default,
    waitUntil: (p: Promise<unknown>) => c.executionCtx.waitUntil(p),
    ttlSeconds: cacheTtlSeconds(c.env.CACHE_TTL_S),
  };
  const key = cacheKey(new URL(c.req.url).origin, path, params);
  const response = await cachedAnswer(context, key, produce);
  rememberRoute(c.req.raw, key.url);
  return conditionalResponse(c.req.raw, response, new Date());
}

function latestImage(c: AppContext, rawRegion: string, rawFamily: string | undefined) {
  const region = checkRegion(rawRegion);
  const family = checkFamily(rawFamily);
  const selection = selectionOf(c);
  return serve(c, `/latest/${region}/${family}`, selectionParams(selection), () =>
    imageAnswer(c.env, region, family, selection),
  );
}

app.get("/latest/:region/:family{.+}", (c) => latestImage(c, c.req.param("region"), c.req.param("family")));
app.get("/latest/:region", (c) => latestImage(c, c.req.param("region"), undefined));

app.get("/latest", (c) => {
  const family = checkFamily(single(c, "family"));
  const selection = selectionOf(c);
  return serve(c, "/latest", [["family", family], ...selectionParams(selection)], () =>
    allRegionsAnswer(c.env, family, selection),
  );
});

app.get("/regions", (c) => serve(c, "/regions", [], () => regionsAnswer(c.env)));
app.get("/families", (c) => serve(c, "/families", [], () => familiesAnswer(c.env)));

app.get("/history/:region/:family{.+}", (c) => {
  const region = checkRegion(c.req.param("region"));
  const family = checkFamily(c.req.param("family"));
  return serve(c, `/history/${region}/${family}`, [], () => historyAnswer(c.env, region, family));
});

/** The feeds: filters validated (aliases resolved) before anything is read, and in the cache key. */
function changes(c: AppContext, path: string, format: FeedFormat) {
  const filter: ChangeFilter = {};
  const params: [string, string][] = [];
  const family = single(c, "family");
  const region = single(c, "region");
  if (family !== undefined) {
    filter.family = checkFamily(family);
    params.push(["family", filter.family]);
  }
  if (region !== undefined) {
    filter.region = checkRegion(region);
    params.push(["region", filter.region]);
  }
  const origin = new URL(c.req.url).origin;
  return serve(c, path, params, () => changesAnswer(c.env, origin, filter, format));
}

app.get("/changes", (c) => changes(c, "/changes", "json"));
app.get("/changes.atom", (c) => changes(c, "/changes.atom", "atom"));

app.get("/", async (c) => {
  const response = conditionalResponse(
    c.req.raw,
    await answerResponse(dashboardAnswer(), "latest-ami; hit"),
    new Date(),
  );
  response.headers.set("content-security-policy", await dashboardPolicy());
  response.headers.set("referrer-policy", "no-referrer");
  return response;
});

app.get("/openapi.json", async (c) =>
  conditionalResponse(c.req.raw, await answerResponse(openApiAnswer(), "latest-ami; hit"), new Date()),
);

app.get("/healthz", async (c) => {
  const health = await healthAnswer(c.env, new Date());
  const body = new TextEncoder().encode(health.body);
  return new Response(body, {
    status: health.healthy ? 200 : 503,
    headers: {
      "content-type": "application/json",
      "content-length": String(body.byteLength),
      "cache-control": NO_STORE,
    },
  });
});

app.notFound(() =>
  errorResponse(new HttpError(404, "not_found", "No such resource. Try /latest/us-east-1 or /openapi.json.")),
);

app.onError((error) => {
  if (error instanceof HttpError) return errorResponse(error);
  // Logged for us, never shown: the caller gets the one error shape and no stack.
  console.error(JSON.stringify({ message: "unhandled error", error: String(error) }));
  return errorResponse(new HttpError(500, "internal_error", "Something went wrong on our side."));
});
