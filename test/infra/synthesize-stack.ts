/**
 * Builds the Transfer Desk stack for the infra tests. Bundling is skipped (`aws:cdk:bundling-stacks: []`,
 * CDK then stages the project folder instead of running esbuild) except in the bundling test.
 */
import { App, type CfnResource, type NestedStack, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { TransferDeskStack, type TransferDeskStackProps } from '../../infra/aws/transfer-desk-stack.ts';

export interface SynthesizedStack {
  stack: TransferDeskStack;
  template: Template;
  resources: Record<string, CfnTemplateResource>;
}

export interface CfnTemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
}

export interface PolicyStatementJson {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

export function synthesizeTransferDesk(
  options: { context?: Record<string, unknown>; props?: TransferDeskStackProps } = {},
): SynthesizedStack {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...options.context } });
  const stack = new TransferDeskStack(app, 'TransferDesk', options.props);
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Record<string, CfnTemplateResource>;
  return { stack, template, resources };
}

export interface NestedTemplate {
  template: Template;
  resources: Record<string, CfnTemplateResource>;
}

/**
 * A nested stack's template with every `Ref` to one of its parameters replaced by the value the parent
 * stack passes, so assertions compare with the parent's logical ids as they would in one template.
 */
export function nestedTemplateOf(parent: SynthesizedStack, nested: NestedStack): NestedTemplate {
  if (!nested.nestedStackResource) throw new Error(`${nested.node.path} has no nested stack resource`);
  const parameters = (parent.resources[logicalIdOf(nested.nestedStackResource)]?.Properties?.Parameters ??
    {}) as Record<string, unknown>;
  const resolved = replaceParameterRefs(Template.fromStack(nested).toJSON(), parameters);
  const template = Template.fromJSON(resolved as Record<string, unknown>);
  return { template, resources: template.toJSON().Resources as Record<string, CfnTemplateResource> };
}

function replaceParameterRefs(value: unknown, parameters: Record<string, unknown>): unknown {
  if (Array.isArray(value)) return value.map((item) => replaceParameterRefs(item, parameters));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const [onlyEntry] = entries;
  if (entries.length === 1 && onlyEntry?.[0] === 'Ref' && typeof onlyEntry[1] === 'string') {
    if (Object.hasOwn(parameters, onlyEntry[1])) return parameters[onlyEntry[1]];
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, replaceParameterRefs(item, parameters)]));
}

/** The logical id of a construct's CloudFormation resource (its default child for an L2). */
export function logicalIdOf(construct: IConstruct): string {
  const resource = (construct.node.defaultChild ?? construct) as CfnResource;
  const id: unknown = Stack.of(construct).resolve(Stack.of(construct).getLogicalId(resource));
  if (typeof id !== 'string') throw new Error(`No logical id for ${construct.node.path}`);
  return id;
}

/** Every statement of every IAM policy attached to the role with this logical id. */
export function statementsOfRole(
  resources: Record<string, CfnTemplateResource>,
  roleLogicalId: string,
): PolicyStatementJson[] {
  const statements: PolicyStatementJson[] = [];
  for (const resource of Object.values(resources)) {
    if (resource.Type !== 'AWS::IAM::Policy') continue;
    const roles = (resource.Properties?.Roles ?? []) as unknown[];
    if (!roles.some((role) => JSON.stringify(role) === JSON.stringify({ Ref: roleLogicalId }))) continue;
    const document = resource.Properties?.PolicyDocument as { Statement: PolicyStatementJson[] };
    statements.push(...document.Statement);
  }
  return statements;
}

export function actionsOf(statements: readonly PolicyStatementJson[]): string[] {
  return statements.flatMap((statement) =>
    Array.isArray(statement.Action) ? statement.Action : [statement.Action],
  );
}

/** The resources of the statements that allow `action`. */
export function resourcesAllowing(statements: readonly PolicyStatementJson[], action: string): unknown[] {
  return statements
    .filter((statement) => actionsOf([statement]).includes(action))
    .flatMap((statement) => (Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource]));
}

export const getAtt = (logicalId: string, attribute: string) => ({ 'Fn::GetAtt': [logicalId, attribute] });
export const ref = (logicalId: string) => ({ Ref: logicalId });

/** The environment variables of the Lambda function with this logical id. */
export function environmentOfFunction(
  resources: Record<string, CfnTemplateResource>,
  functionLogicalId: string,
): Record<string, unknown> {
  const environment = resources[functionLogicalId]?.Properties?.Environment as
    | { Variables: Record<string, unknown> }
    | undefined;
  if (!environment) throw new Error(`No environment on ${functionLogicalId}`);
  return environment.Variables;
}
