/**
 * cdk-nag reports each IAM wildcard as its own finding (`AwsSolutions-IAM5[Resource::<Table.Arn>/index/*]`)
 * and v3 acknowledges findings one by one: this builds the finding id the way cdk-nag does, so each
 * acknowledgement names the exact action or resource it accepts and says why.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

export function wildcardFindingId(scope: IConstruct, kind: 'Action' | 'Resource', value: string): string {
  return `AwsSolutions-IAM5[${kind}::${flattenCfnReference(Stack.of(scope).resolve(value))}]`;
}

/** Acknowledges one IAM5 finding on `scope` (a role, or a construct above the policy that holds the wildcard). */
export function acknowledgeWildcard(
  scope: IConstruct,
  kind: 'Action' | 'Resource',
  value: string,
  reason: string,
): void {
  Validations.of(scope).acknowledge({ id: wildcardFindingId(scope, kind, value), reason });
}
