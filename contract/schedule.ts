/**
 * How often the refresher runs. The schedule (infra/), the freshness the Worker promises
 * (`/healthz`, its cache lifetimes) and the staleness alarm all follow from this one number.
 */
export const REFRESH_INTERVAL_HOURS = 6;

/** A region is stale once it has missed a whole refresh: two intervals without a new document. */
export const STALE_AFTER_HOURS = 2 * REFRESH_INTERVAL_HOURS;
