import type { RegionDocument } from "../contract/document.ts";
import { canonicalFamily, DEFAULT_FAMILY } from "../contract/families.ts";

/** One request of the mix and the status it must get. */
export interface MixRequest {
  method: "GET" | "HEAD" | "POST" | "DELETE" | "PUT" | "OPTIONS";
  path: string;
  headers?: Record<string, string>;
  expected: number;
  /** What this request stands for, to group the results. */
  kind: string;
}

/** What the mix needs about a region: its document (which families it publishes) and its answers' validators. */
export interface RegionFacts {
  document: RegionDocument;
  /** ETag of `/latest/<region>?field=ImageId`. */
  imageIdEtag: string;
  /** Last-Modified of `/latest/<region>`. */
  lastModified: string;
}

/** 200 when the region publishes the family (alias or name), else the 404 the Worker owes. */
function familyStatus(document: RegionDocument, family: string): number {
  return Object.hasOwn(document.Images, canonicalFamily(family)) ? 200 : 404;
}

/** The requests for one region: every shape a client sends, each with the status it must get. */
export function regionRequests(region: string, facts: RegionFacts): MixRequest[] {
  const { document } = facts;
  const status = (family: string) => familyStatus(document, family);
  const latest = `/latest/${region}`;
  return [
    { method: "GET", path: latest, expected: status(DEFAULT_FAMILY), kind: "document JSON" },
    {
      method: "GET",
      path: `${latest}?field=ImageId`,
      expected: status(DEFAULT_FAMILY),
      kind: "field=ImageId",
    },
    {
      method: "GET",
      path: `${latest}/al2023-arm64?field=ImageId`,
      expected: status("al2023-arm64"),
      kind: "alias, field",
    },
    {
      method: "GET",
      path: `${latest}/al2?fields=ImageId,Name&format=text`,
      expected: status("al2"),
      kind: "multi-field text",
    },
    {
      method: "GET",
      path: `${latest}/ecs-al2023?field=ImageId&field=Name`,
      expected: status("ecs-al2023"),
      kind: "multi-field JSON",
    },
    {
      method: "GET",
      path: `${latest}/ecs/amazon-linux-2023/arm64?field=ImageId`,
      expected: status("ecs/amazon-linux-2023/arm64"),
      kind: "family with slashes",
    },
    {
      method: "GET",
      path: `${latest}/al2023-minimal?fields=ImageId,CreationDate`,
      headers: { accept: "text/plain" },
      expected: status("al2023-minimal"),
      kind: "Accept: text/plain",
    },
    {
      method: "GET",
      path: `${latest}/amzn2-ami-hvm-x86_64-gp2?field=Name`,
      expected: status("amzn2-ami-hvm-x86_64-gp2"),
      kind: "canonical family name",
    },
    {
      method: "GET",
      path: `${latest}?field=ImageId`,
      headers: { "if-none-match": facts.imageIdEtag },
      expected: 304,
      kind: "If-None-Match → 304",
    },
    {
      method: "GET",
      path: latest,
      headers: { "if-modified-since": facts.lastModified },
      expected: 304,
      kind: "If-Modified-Since → 304",
    },
    { method: "HEAD", path: latest, expected: 200, kind: "HEAD" },
    { method: "HEAD", path: `${latest}?field=ImageId`, expected: 200, kind: "HEAD" },
  ];
}

/** Requests about every region at once, and the service's own routes. */
export function globalRequests(allRegionsEtag: string): MixRequest[] {
  return [
    { method: "GET", path: "/latest", expected: 200, kind: "/latest all regions" },
    {
      method: "GET",
      path: "/latest?family=al2023-arm64&field=ImageId",
      expected: 200,
      kind: "/latest all regions",
    },
    {
      method: "GET",
      path: "/latest?family=ecs-al2023&fields=ImageId,Name",
      expected: 200,
      kind: "/latest all regions",
    },
    {
      method: "GET",
      path: "/latest",
      headers: { "if-none-match": allRegionsEtag },
      expected: 304,
      kind: "If-None-Match → 304",
    },
    { method: "GET", path: "/regions", expected: 200, kind: "service routes" },
    { method: "GET", path: "/families", expected: 200, kind: "service routes" },
    { method: "GET", path: "/healthz", expected: 200, kind: "service routes" },
    { method: "GET", path: "/openapi.json", expected: 200, kind: "service routes" },
    {
      method: "OPTIONS",
      path: "/latest/us-east-1",
      headers: { origin: "https://example.com", "access-control-request-method": "GET" },
      expected: 204,
      kind: "CORS preflight",
    },
  ];
}

/** Wrong requests and the status each must get. */
export function errorRequests(): MixRequest[] {
  return [
    { method: "GET", path: "/latest/not_a_region", expected: 400, kind: "error 400" },
    { method: "GET", path: "/latest/us-east-1?field=NoSuchField", expected: 400, kind: "error 400" },
    { method: "GET", path: "/latest/us-east-1?format=xml", expected: 400, kind: "error 400" },
    { method: "GET", path: "/latest/us-east-1/Bad%20Family", expected: 400, kind: "error 400" },
    { method: "GET", path: "/latest/xx-nowhere-9", expected: 404, kind: "error 404" },
    { method: "GET", path: "/latest/us-east-1/no-such-family", expected: 404, kind: "error 404" },
    { method: "GET", path: "/no/such/path", expected: 404, kind: "error 404" },
    { method: "POST", path: "/latest/us-east-1", expected: 405, kind: "error 405" },
    { method: "DELETE", path: "/latest", expected: 405, kind: "error 405" },
    { method: "PUT", path: "/regions", expected: 405, kind: "error 405" },
    { method: "GET", path: "/latest/US-EAST-1?field=ImageId", expected: 301, kind: "redirect 301" },
    { method: "GET", path: "/latest/eu-west-1/", expected: 301, kind: "redirect 301" },
  ];
}

/**
 * The whole mix, interleaved so that each stretch of it touches many regions and every kind:
 * region i's requests, then one global or error request, and so on round-robin.
 */
export function loadMix(regions: Map<string, RegionFacts>, allRegionsEtag: string): MixRequest[] {
  const perRegion = [...regions].map(([region, facts]) => regionRequests(region, facts));
  const others = [...globalRequests(allRegionsEtag), ...errorRequests()];
  const mix: MixRequest[] = [];
  const rounds = Math.max(...perRegion.map((requests) => requests.length));
  for (let round = 0; round < rounds; round++) {
    for (const requests of perRegion) {
      const request = requests[round];
      if (request) mix.push(request);
    }
    for (let i = round; i < others.length; i += rounds) {
      const other = others[i];
      if (other) mix.push(other);
    }
  }
  return mix;
}
