import { AwsClient } from "aws4fetch";
import { parseRegionDocument, type RegionDocument } from "../contract/document.ts";
import { parseRegionHistory, type RegionHistory } from "../contract/history.ts";
import { isRegionName } from "../contract/regions.ts";
import { cacheTtlSeconds, ORIGIN_TIMEOUT_MS } from "./cache-policy.ts";
import { HttpError } from "./http-error.ts";
import { allSettled, Memo, type Memoized } from "./memo.ts";

/** The Worker's settings: `ORIGIN_URL` (a var), optional S3 secrets, optional CACHE_TTL_S. */
export interface OriginEnv {
  ORIGIN_URL: string;
  CACHE_TTL_S?: string;
  S3_ACCESS_KEY_ID?: string;
  S3_SECRET_ACCESS_KEY?: string;
  /** The bucket's region, for signing; default us-east-1. */
  S3_REGION?: string;
}

/** The region list the fan-out writes beside the documents. */
export interface RegionList {
  Regions: string[];
  GeneratedAt: string;
}

/** Thrown inside a load when the origin could not give an answer; never shown as is. */
class OriginFailure extends Error {
  override name = "OriginFailure";
}

const documents = new Memo<RegionDocument | null>();
const regionLists = new Memo<RegionList | null>();
const histories = new Memo<RegionHistory | null>();
let signer: { key: string; client: AwsClient } | undefined;

/** Signs with SigV4 when S3 credentials are bound; only the request made here, never a client's headers. */
function originFetch(env: OriginEnv, url: string): Promise<Response> {
  // Redirects are not followed: the origin is one fixed place, and a 3xx from it is a fault.
  const init: RequestInit = {
    headers: { accept: "application/json" },
    redirect: "manual",
    signal: AbortSignal.timeout(ORIGIN_TIMEOUT_MS),
  };
  if (!env.S3_ACCESS_KEY_ID || !env.S3_SECRET_ACCESS_KEY) return fetch(url, init);
  const key = `${env.S3_ACCESS_KEY_ID}\n${env.S3_SECRET_ACCESS_KEY}\n${env.S3_REGION ?? ""}`;
  if (signer?.key !== key) {
    const client = new AwsClient({
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
      service: "s3",
      region: env.S3_REGION ?? "us-east-1",
    });
    signer = { key, client };
  }
  return signer.client.fetch(url, init);
}

/**
 * The parsed JSON at `<ORIGIN_URL>/<name>`, or null when the object does not exist (S3 answers 403
 * for a missing key when the reader may not list the bucket). Other failures throw OriginFailure.
 */
async function readJson(env: OriginEnv, name: string): Promise<unknown> {
  const url = `${env.ORIGIN_URL.replace(/\/+$/, "")}/${name}`;
  let response: Response;
  try {
    response = await originFetch(env, url);
  } catch (error) {
    throw new OriginFailure(`origin unreachable for ${name}: ${String(error)}`);
  }
  if (response.status === 403 || response.status === 404) {
    await response.body?.cancel();
    return null;
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new OriginFailure(`origin answered ${response.status} for ${name}`);
  }
  try {
    return await response.json();
  } catch (error) {
    console.error(JSON.stringify({ message: "malformed JSON at origin", name, error: String(error) }));
    throw new HttpError(502, "bad_origin_document", `The stored document ${name} is not valid JSON.`);
  }
}

function ttlMs(env: OriginEnv): number {
  return cacheTtlSeconds(env.CACHE_TTL_S) * 1000;
}

/** Turns a failed read with nothing kept into the answer the client sees; logs what happened. */
function unavailable(error: unknown, what: string): HttpError {
  console.error(JSON.stringify({ message: "origin read failed", what, error: String(error) }));
  if (error instanceof HttpError) return error;
  return new HttpError(
    503,
    "origin_unavailable",
    "The image catalogue cannot be read right now; try again shortly.",
  );
}

/**
 * A region's document (`region` already validated). Fresh from the memo, else read once for all
 * concurrent callers; when the read fails, the last good copy (stale) if there is one.
 */
export async function readRegionDocument(env: OriginEnv, region: string): Promise<Memoized<RegionDocument>> {
  let result: Memoized<RegionDocument | null>;
  try {
    result = await documents.get(`${env.ORIGIN_URL}/${region}`, ttlMs(env), Date.now(), async () => {
      const json = await readJson(env, `${region}.json`);
      if (json === null) return null;
      try {
        const document = parseRegionDocument(json);
        if (document.Region !== region) throw new Error(`it is the document of ${document.Region}`);
        return document;
      } catch (error) {
        console.error(
          JSON.stringify({ message: "invalid document at origin", region, error: String(error) }),
        );
        throw new HttpError(502, "bad_origin_document", `The stored document for ${region} is not valid.`);
      }
    });
  } catch (error) {
    throw unavailable(error, `${region}.json`);
  }
  if (result.value === null) {
    throw new HttpError(404, "unknown_region", `No images are published for region ${region}.`, { region });
  }
  return { ...result, value: result.value };
}

function parseRegionList(json: unknown): RegionList {
  if (typeof json === "object" && json !== null && "Regions" in json && "GeneratedAt" in json) {
    const { Regions, GeneratedAt } = json;
    if (
      Array.isArray(Regions) &&
      Regions.every((r) => typeof r === "string" && isRegionName(r)) &&
      typeof GeneratedAt === "string"
    ) {
      return { Regions, GeneratedAt };
    }
  }
  throw new HttpError(502, "bad_origin_document", "The stored region list is not valid.");
}

/** The region list the fan-out wrote (`regions.json`), memoized like the documents. */
export async function readRegionList(env: OriginEnv): Promise<Memoized<RegionList>> {
  let result: Memoized<RegionList | null>;
  try {
    result = await regionLists.get(env.ORIGIN_URL, ttlMs(env), Date.now(), async () => {
      const json = await readJson(env, "regions.json");
      return json === null ? null : parseRegionList(json);
    });
  } catch (error) {
    throw unavailable(error, "regions.json");
  }
  if (result.value === null) {
    throw new HttpError(503, "origin_unavailable", "The region list has not been published yet.");
  }
  return { ...result, value: result.value };
}

/**
 * A region's image history (`history/<region>.json`), memoized like the documents. The region is
 * checked here too: the feeds read the histories of the regions `regions.json` lists, and no key
 * is ever built from a name that is not a region's.
 */
export async function readRegionHistory(env: OriginEnv, region: string): Promise<Memoized<RegionHistory>> {
  if (!isRegionName(region)) {
    throw new HttpError(502, "bad_origin_document", "The stored region list names an invalid region.");
  }
  let result: Memoized<RegionHistory | null>;
  try {
    result = await histories.get(`${env.ORIGIN_URL}/history/${region}`, ttlMs(env), Date.now(), async () => {
      const json = await readJson(env, `history/${region}.json`);
      if (json === null) return null;
      try {
        const history = parseRegionHistory(json);
        if (history.Region !== region) throw new Error(`it is the history of ${history.Region}`);
        return history;
      } catch (error) {
        console.error(JSON.stringify({ message: "invalid history at origin", region, error: String(error) }));
        throw new HttpError(502, "bad_origin_document", `The stored history for ${region} is not valid.`);
      }
    });
  } catch (error) {
    throw unavailable(error, `history/${region}.json`);
  }
  if (result.value === null) {
    throw new HttpError(404, "unknown_region", `No image history is published for region ${region}.`, {
      region,
    });
  }
  return { ...result, value: result.value };
}

/**
 * `read` for every region `regions.json` lists, all settled (see allSettled). A listed region with
 * nothing published yet (its first refresh has not landed) is reported missing, not an outage.
 */
export async function readEveryListedRegion<T>(
  env: OriginEnv,
  read: (env: OriginEnv, region: string) => Promise<Memoized<T>>,
): Promise<{ values: T[]; missing: string[]; stale: boolean }> {
  const list = await readRegionList(env);
  const reads = await allSettled(
    list.value.Regions.map(async (region) => {
      try {
        return await read(env, region);
      } catch (error) {
        if (error instanceof HttpError && error.code === "unknown_region") return region;
        throw error;
      }
    }),
  );
  const present = reads.filter((result) => typeof result !== "string");
  return {
    values: present.map((result) => result.value),
    missing: reads.filter((result) => typeof result === "string"),
    stale: list.stale || present.some((result) => result.stale),
  };
}
