/** EventBridge Scheduler schedules for the catalog functions that run on a clock (the sweep). */
import { Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import type { FunctionSpec } from '../../../functions/catalog.ts';
import { acknowledgeWildcard } from '../acknowledge-wildcard.ts';

export interface FunctionSchedulesProps {
  entries: ReadonlyArray<{ spec: FunctionSpec; handler: IFunction }>;
  account: string;
}

export class FunctionSchedules extends Construct {
  readonly schedules = new Map<string, Schedule>();

  constructor(scope: Construct, id: string, props: FunctionSchedulesProps) {
    super(scope, id);
    for (const { spec, handler } of props.entries) {
      if (!spec.schedule) continue;
      const every = Duration.minutes(spec.schedule.everyMinutes);

      const role = new Role(this, `${spec.name}-scheduler-role`, {
        assumedBy: new ServicePrincipal('scheduler.amazonaws.com').withConditions({
          StringEquals: { 'aws:SourceAccount': props.account },
        }),
        description: `Lets EventBridge Scheduler invoke ${spec.name} every ${spec.schedule.everyMinutes} minutes`,
      });

      const schedule = new Schedule(this, `${spec.name}-schedule`, {
        description: spec.purpose,
        schedule: ScheduleExpression.rate(every),
        target: new LambdaInvoke(handler, {
          role,
          // A missed run is retried briefly, never so late that it overlaps the next one.
          retryAttempts: 2,
          maxEventAge: Duration.minutes(Math.max(1, spec.schedule.everyMinutes - 5)),
        }),
      });
      acknowledgeWildcard(
        role,
        'Resource',
        `${handler.functionArn}:*`,
        `The scheduler role may invoke only ${spec.name}; the ':*' form added by grantInvoke covers that function's versions and aliases.`,
      );
      this.schedules.set(spec.name, schedule);
    }
  }
}
