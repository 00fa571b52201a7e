/**
 * DescribeRegions from the catalogue's regions: by default those enabled for the account,
 * every region with `AllRegions=true`, narrowed by `RegionName.N` and filters.
 */
import type { Catalogue } from "../catalogue.ts";
import { type Xml, xmlElement, xmlText } from "../xml.ts";
import { type FilterFields, filterPredicate } from "./filters.ts";
import { booleanParam, checkParams, filters, memberList } from "./query.ts";

const PARAMS = [
  /^AllRegions$/,
  /^RegionName\.\d+$/,
  /^Filter\.\d+\.Name$/,
  /^Filter\.\d+\.Value\.\d+$/,
  /^DryRun$/,
];

/** Opt-in states of a region the account can use. */
const ENABLED = new Set(["opt-in-not-required", "opted-in"]);

/** A region as DescribeRegions describes it. */
export interface RegionInfo {
  regionName: string;
  regionEndpoint: string;
  optInStatus: string;
}

const REGION_FILTERS: FilterFields<RegionInfo> = {
  endpoint: (region) => region.regionEndpoint,
  "opt-in-status": (region) => region.optInStatus,
  "region-name": (region) => region.regionName,
};

/**
 * The regions a DescribeRegions request asks for, by name. Opt-in status is in each region's
 * file, so the first call reads them all (well under a second, once).
 * @example selectRegions(catalogue, new URLSearchParams("RegionName.1=eu-west-1"))[0]?.optInStatus // "opt-in-not-required"
 */
export function selectRegions(catalogue: Catalogue, params: URLSearchParams): RegionInfo[] {
  checkParams(params, PARAMS);
  const all = booleanParam(params, "AllRegions") ?? false;
  const names = memberList(params, "RegionName");
  const wanted = filterPredicate(filters(params), REGION_FILTERS);
  return catalogue
    .regions()
    .filter((name) => names.length === 0 || names.includes(name))
    .map((name) => ({
      regionName: name,
      regionEndpoint: `ec2.${name}.amazonaws.com`,
      optInStatus: catalogue.region(name).optInStatus,
    }))
    .filter((region) => (all || ENABLED.has(region.optInStatus)) && wanted(region));
}

/** The `regionInfo` field of the answer. */
export function regionsXml(regions: readonly RegionInfo[]): Xml[] {
  const items = regions.map((region) =>
    xmlElement("item", [
      xmlText("regionName", region.regionName),
      xmlText("regionEndpoint", region.regionEndpoint),
      xmlText("optInStatus", region.optInStatus),
    ]),
  );
  return [xmlElement("regionInfo", items)];
}
