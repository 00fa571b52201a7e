import { Duration } from "aws-cdk-lib";
import {
  Alarm,
  ComparisonOperator,
  type IAlarmAction,
  Metric,
  Stats,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { Topic } from "aws-cdk-lib/aws-sns";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { METRICS_DIMENSIONS, METRICS_NAMESPACE, REFRESH_SUCCEEDED_METRIC } from "../contract/metrics.ts";
import { STALE_AFTER_HOURS } from "../contract/schedule.ts";

/**
 * With no successful refresh for two schedule intervals (6 hours each), answers are stale: the
 * same age at which the Worker's /healthz turns 503 (worker/answers.ts STALE_AFTER_S).
 */
export const STALENESS_WINDOW = Duration.hours(STALE_AFTER_HOURS);
/** Errors are counted per hour: a retry that then succeeds still shows, so a flaky region is seen. */
export const ERRORS_PERIOD = Duration.hours(1);
/** How soon a message on the failure queue is noticed. */
export const FAILURE_QUEUE_PERIOD = Duration.minutes(5);

export interface RefresherAlarmsProps {
  regionFunction: IFunction;
  failureQueue: IQueue;
  /** SNS topic each alarm notifies; none: the alarms only change state. */
  alarmTopicArn?: string | undefined;
}

/** The refresher's alarms: a region function error, an event given up on, and no refresh at all. */
export class RefresherAlarms extends Construct {
  readonly regionErrors: Alarm;
  readonly failedEvents: Alarm;
  readonly stale: Alarm;

  constructor(scope: Construct, id: string, props: RefresherAlarmsProps) {
    super(scope, id);
    this.regionErrors = new Alarm(this, "RegionErrors", {
      alarmDescription: "The region function threw (Lambda retries it twice before giving up)",
      metric: props.regionFunction.metricErrors({ period: ERRORS_PERIOD, statistic: Stats.SUM }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.failedEvents = new Alarm(this, "FailedEvents", {
      alarmDescription: "A refresh event failed all its attempts or expired: it is on the failure queue",
      metric: props.failureQueue.metricApproximateNumberOfMessagesVisible({
        period: FAILURE_QUEUE_PERIOD,
        statistic: Stats.MAXIMUM,
      }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.stale = new Alarm(this, "Stale", {
      alarmDescription: `No region refresh succeeded in ${STALENESS_WINDOW.toHours()} hours: the documents are going stale`,
      metric: new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: REFRESH_SUCCEEDED_METRIC,
        dimensionsMap: { ...METRICS_DIMENSIONS },
        period: STALENESS_WINDOW,
        statistic: Stats.SUM,
      }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // No data at all is the very failure this alarm is for: nothing ran, or nothing succeeded.
      treatMissingData: TreatMissingData.BREACHING,
    });

    if (props.alarmTopicArn) {
      const action: IAlarmAction = new SnsAction(Topic.fromTopicArn(this, "Topic", props.alarmTopicArn));
      for (const alarm of [this.regionErrors, this.failedEvents, this.stale]) alarm.addAlarmAction(action);
    }
  }
}
