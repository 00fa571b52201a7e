import { parseRegionDocument, type RegionDocument } from "../contract/document.ts";
import { HttpError } from "./http-error.ts";

/**
 * Reads a region's document from the origin: `<ORIGIN_URL>/<region>.json`. `region` must already
 * be validated; nothing from the request other than it reaches the URL. What the origin says is
 * never passed on: a missing object is an unknown region (S3 answers 403 for a missing key when
 * the reader may not list the bucket), any other failure is ours to report.
 */
export async function readRegionDocument(originUrl: string, region: string): Promise<RegionDocument> {
  const url = `${originUrl.replace(/\/+$/, "")}/${region}.json`;
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: "application/json" } });
  } catch {
    throw new HttpError(
      503,
      "origin_unavailable",
      "The image catalogue could not be reached; try again shortly.",
    );
  }
  if (response.status === 403 || response.status === 404) {
    await response.body?.cancel();
    throw new HttpError(404, "unknown_region", `No images are published for region ${region}.`, { region });
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new HttpError(
      503,
      "origin_unavailable",
      "The image catalogue could not be read; try again shortly.",
    );
  }
  try {
    return parseRegionDocument(await response.json());
  } catch (error) {
    console.error(JSON.stringify({ message: "malformed document at origin", region, error: String(error) }));
    throw new HttpError(502, "bad_origin_document", `The stored document for ${region} is not valid.`);
  }
}
