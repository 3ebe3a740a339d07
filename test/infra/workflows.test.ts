import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { functions, substitutionName, workflows } from '../../functions/catalog.ts';
import {
  getAtt,
  logicalIdOf,
  nestedTemplateOf,
  ref,
  resourcesAllowing,
  type SynthesizedStack,
  statementsOfRole,
  synthesizeTransferDesk,
} from './synthesize-stack.ts';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Every `FunctionName` of the Task states in an ASL document, wherever the states are nested. */
function functionNamesIn(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(functionNamesIn);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === 'FunctionName' && typeof value === 'string' ? [value] : functionNamesIn(value),
  );
}

/** The catalog functions a workflow file calls, read from the file itself. */
function functionsCalledBy(definition: string): string[] {
  const asl: unknown = JSON.parse(readFileSync(`${repositoryRoot}${definition}`, 'utf8'));
  const placeholders = new Set(functionNamesIn(asl).map((name) => name.replace(/^\$\{(.*)\}$/, '$1')));
  return functions.filter((fn) => placeholders.has(substitutionName(fn.name))).map((fn) => fn.name);
}

describe('Stack: TransferDesk', () => {
  let synthesized: SynthesizedStack;
  const stateMachineId = (name: (typeof workflows)[number]['name']) => {
    const stateMachine = synthesized.stack.workflows.stateMachines.get(name);
    if (!stateMachine) throw new Error(`No state machine ${name}`);
    return logicalIdOf(stateMachine);
  };
  const stateMachineProperties = (name: (typeof workflows)[number]['name']) => {
    const properties = synthesized.resources[stateMachineId(name)]?.Properties;
    if (!properties) throw new Error(`No state machine resource for ${name}`);
    return properties;
  };

  beforeAll(() => {
    synthesized = synthesizeTransferDesk();
  });

  describe('state machines from the workflow files', () => {
    it.each(workflows.map((workflow) => [workflow.name, workflow] as const))(
      'substitutes the ARN of each catalog function %s calls',
      (name, workflow) => {
        // Prepare
        const called = functionsCalledBy(workflow.definition);
        expect(called.length).toBeGreaterThan(0);

        // Act
        const substitutions = stateMachineProperties(name).DefinitionSubstitutions;

        // Assess
        expect(substitutions).toEqual(
          Object.fromEntries(
            called.map((fn) => [
              substitutionName(fn),
              getAtt(logicalIdOf(synthesized.stack.functions.byName(fn)), 'Arn'),
            ]),
          ),
        );
      },
    );

    it.each(workflows.map((workflow) => [workflow.name, workflow] as const))(
      'deploys %s with the definition in its file, placeholders left for CloudFormation',
      (name, workflow) => {
        // Act
        const deployed = stateMachineProperties(name).DefinitionString;

        // Assess
        expect(deployed).toBe(readFileSync(`${repositoryRoot}${workflow.definition}`, 'utf8'));
      },
    );

    it.each(workflows.map((workflow) => [workflow.name, workflow] as const))(
      'lets %s invoke exactly the functions it calls, unqualified',
      (name, workflow) => {
        // Prepare
        const role = stateMachineProperties(name).RoleArn as { 'Fn::GetAtt': [string, string] };

        // Act
        const invocable = resourcesAllowing(
          statementsOfRole(synthesized.resources, role['Fn::GetAtt'][0]),
          'lambda:InvokeFunction',
        );

        // Assess
        expect(new Set(invocable)).toEqual(
          new Set(
            functionsCalledBy(workflow.definition).map((fn) =>
              getAtt(logicalIdOf(synthesized.stack.functions.byName(fn)), 'Arn'),
            ),
          ),
        );
        expect(invocable).toHaveLength(functionsCalledBy(workflow.definition).length);
      },
    );

    it.each(workflows.map((workflow) => [workflow.name] as const))(
      'runs %s as a Standard workflow logging every event without execution data, traced by X-Ray',
      (name) => {
        // Act
        const properties = stateMachineProperties(name);

        // Assess
        expect(properties).toMatchObject({
          StateMachineType: 'STANDARD',
          LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
          TracingConfiguration: { Enabled: true },
        });
        const destinations = (
          properties.LoggingConfiguration as {
            Destinations: Array<{
              CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [string, string] } };
            }>;
          }
        ).Destinations;
        const logGroup =
          synthesized.resources[destinations[0]?.CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'][0] ?? ''];
        expect(logGroup?.Properties).toMatchObject({
          KmsKeyId: getAtt(logicalIdOf(synthesized.stack.dataStore.key), 'Arn'),
          RetentionInDays: 365,
        });
      },
    );

    it.each(workflows.map((workflow) => [workflow.name] as const))(
      'raises an alarm to the alarm topic when a %s execution fails',
      (name) => {
        // The alarms are in a nested stack; its parameters are read as the parent's values.
        const alarms = nestedTemplateOf(synthesized, synthesized.stack.alarms);
        alarms.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          MetricName: 'ExecutionsFailed',
          Namespace: 'AWS/States',
          Dimensions: [{ Name: 'StateMachineArn', Value: ref(stateMachineId(name)) }],
          Threshold: 1,
          AlarmActions: [ref(logicalIdOf(synthesized.stack.alarms.topic))],
        });
      },
    );
  });

  describe('workflow files that do not fit the catalog', () => {
    it('stops the synth with the placeholder named when a workflow file names no catalog function', () => {
      // Prepare
      const workflowsDirectory = fileURLToPath(
        new URL('./fixtures/workflows-with-unknown-placeholder/', import.meta.url),
      );

      // Act
      const synthesize = () => synthesizeTransferDesk({ props: { workflowsDirectory } });

      // Assess
      expect(synthesize).toThrow(
        /launch-transfer\.asl\.json uses the placeholder \$\{SendPostcardsFunctionArn\}, which names no catalog function/,
      );
    });
  });
});
