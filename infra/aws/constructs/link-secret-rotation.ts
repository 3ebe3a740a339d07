/**
 * Rotation of the link secret by the catalog function that rotates it: Secrets Manager may invoke that
 * function (for this account's secrets only) and runs it on the schedule its catalog entry gives.
 */
import { Duration } from 'aws-cdk-lib';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnRotationSchedule, type Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { FunctionSpec } from '../../../functions/catalog.ts';

export interface LinkSecretRotationProps {
  entries: ReadonlyArray<{ spec: FunctionSpec; handler: IFunction }>;
  secret: Secret;
  account: string;
}

export class LinkSecretRotation extends Construct {
  readonly schedule: CfnRotationSchedule | undefined;

  constructor(scope: Construct, id: string, props: LinkSecretRotationProps) {
    super(scope, id);
    const rotators = props.entries.filter(({ spec }) => spec.rotatesLinkSecret !== undefined);
    if (rotators.length > 1) {
      throw new Error(
        `Only one function may rotate the link secret, not ${rotators.map(({ spec }) => spec.name)}`,
      );
    }
    const [rotator] = rotators;
    if (!rotator?.spec.rotatesLinkSecret) return;
    const every = Duration.days(rotator.spec.rotatesLinkSecret.everyDays);

    const permissionId = 'SecretsManagerRotation';
    rotator.handler.addPermission(permissionId, {
      principal: new ServicePrincipal('secretsmanager.amazonaws.com'),
      // AWS's advice for rotation functions: the account only, so the function could rotate another secret.
      sourceAccount: props.account,
    });

    this.schedule = new CfnRotationSchedule(this, 'Schedule', {
      secretId: props.secret.secretArn,
      rotationLambdaArn: rotator.handler.functionArn,
      rotationRules: { scheduleExpression: `rate(${every.toDays()} days)` },
      // Deploying, or changing the schedule, does not rotate at once (it would drop the previous key early):
      // Secrets Manager then only runs testSecret on a copy of the current secret to check the set-up.
      rotateImmediatelyOnUpdate: false,
    });
    const permission = rotator.handler.permissionsNode.tryFindChild(permissionId);
    if (permission) this.schedule.node.addDependency(permission);
  }
}
