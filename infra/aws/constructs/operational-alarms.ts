/**
 * Alarms on failed workflows and function errors, sent to one encrypted SNS topic that operators subscribe to.
 * They live in a nested stack of their own: one alarm a function and a workflow would otherwise count against
 * the main stack's 500 CloudFormation resources (test/infra/resource-limits.test.ts keeps the margin). The
 * nested stack receives the function names and state machine ARNs as parameters, so it deploys after them.
 */
import { Duration, NestedStack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';

export interface OperationalAlarmsProps {
  encryptionKey: IKey;
  functions: ReadonlyArray<{ name: string; handler: IFunction }>;
  stateMachines: ReadonlyArray<{ name: string; stateMachine: IStateMachine }>;
}

export class OperationalAlarms extends NestedStack {
  readonly topic: Topic;
  readonly alarms = new Map<string, Alarm>();

  constructor(scope: Construct, id: string, props: OperationalAlarmsProps) {
    super(scope, id, { description: 'Transfer Desk alarms: failed workflows and function errors' });
    this.topic = new Topic(this, 'Topic', {
      displayName: 'Transfer Desk alarms',
      masterKey: props.encryptionKey,
      enforceSSL: true,
    });
    // CloudWatch publishes alarm notifications to the encrypted topic.
    props.encryptionKey.grant(
      new ServicePrincipal('cloudwatch.amazonaws.com'),
      'kms:Decrypt',
      'kms:GenerateDataKey*',
    );
    const action = new SnsAction(this.topic);

    for (const { name, stateMachine } of props.stateMachines) {
      const alarm = new Alarm(this, `${name}-executions-failed`, {
        alarmDescription: `A ${name} execution failed: the failure is recorded on the transfer; start the workflow again once the cause is fixed.`,
        metric: stateMachine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(action);
      this.alarms.set(`workflow:${name}`, alarm);
    }

    for (const { name, handler } of props.functions) {
      const alarm = new Alarm(this, `${name}-errors`, {
        alarmDescription: `The ${name} function reported errors: see its log group for the request ids.`,
        metric: handler.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(action);
      this.alarms.set(`function:${name}`, alarm);
    }
  }
}
