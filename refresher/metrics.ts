import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { METRICS_DIMENSIONS, METRICS_NAMESPACE, REFRESH_SUCCEEDED_METRIC } from "../contract/metrics.ts";
import type { RefreshReport } from "./refresh-region.ts";

/** Metric names; the staleness alarm (infra/) watches RefreshSucceeded. */
export const METRIC = {
  refreshSucceeded: REFRESH_SUCCEEDED_METRIC,
  refreshFailed: "RefreshFailed",
  regionSkipped: "RegionSkipped",
  familiesChanged: "FamiliesChanged",
  familiesStale: "FamiliesStale",
  writeConflicts: "WriteConflicts",
} as const;

/** Embedded Metric Format on stdout: CloudWatch turns the log lines into metrics, no API calls. */
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_DIMENSIONS.service });

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
