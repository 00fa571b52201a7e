/**
 * The names of the refresher's CloudWatch metrics, in one place for the code that emits them and
 * the alarms that watch them (infra/). No imports: the Lambda bundle and the CDK app both use it.
 */

/** Namespace of every metric the refresher publishes (Embedded Metric Format on stdout). */
export const METRICS_NAMESPACE = "LatestAmi";

/** Count, 1 for each region refresh that wrote its document. The staleness alarm watches its sum. */
export const REFRESH_SUCCEEDED_METRIC = "RefreshSucceeded";

/**
 * The one dimension on every refresher metric. Powertools Metrics always adds a `service`
 * dimension, and CloudWatch keeps a metric only under the dimension set it was emitted with, so
 * the alarms must name it too: a dimension-less query would see no data at all.
 */
export const METRICS_DIMENSIONS = { service: "latest-ami-refresher" } as const;
