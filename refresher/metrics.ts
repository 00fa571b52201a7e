import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { RefreshReport } from "./refresh-region.ts";

/** CloudWatch namespace of the refresher's metrics; the stack's alarms read the same names. */
export const METRICS_NAMESPACE = "LatestAmi";

/** Metric names, shared with infra/ (the staleness alarm watches RefreshSucceeded). */
export const METRIC = {
  refreshSucceeded: "RefreshSucceeded",
  refreshFailed: "RefreshFailed",
  regionSkipped: "RegionSkipped",
  familiesChanged: "FamiliesChanged",
  familiesStale: "FamiliesStale",
  writeConflicts: "WriteConflicts",
} as const;

/** Embedded Metric Format on stdout: CloudWatch turns the log lines into metrics, no API calls. */
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: "latest-ami-refresher" });

/** Publishes what one region refresh did. */
export function publishRefresh(report: RefreshReport): void {
  metrics.addMetric(METRIC.refreshSucceeded, MetricUnit.Count, 1);
  metrics.addMetric(METRIC.familiesChanged, MetricUnit.Count, report.changed.length);
  metrics.addMetric(METRIC.familiesStale, MetricUnit.Count, report.stale.length);
  metrics.addMetric(METRIC.writeConflicts, MetricUnit.Count, report.writeAttempts - 1);
  metrics.publishStoredMetrics();
}

/** Publishes a refresh that failed, or a region skipped because it is not enabled for the account. */
export function publishOutcome(outcome: "failed" | "skipped"): void {
  metrics.addMetric(outcome === "failed" ? METRIC.refreshFailed : METRIC.regionSkipped, MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
}
