/**
 * The catalog's workflows as the local Step Functions endpoint runs them: each ASL file with its
 * `${XxxFunctionArn}` placeholders replaced by the local ARN of the catalog function, as the CDK's
 * DefinitionSubstitutions do in AWS.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { type FunctionSpec, substitutionName, type WorkflowSpec } from '../../functions/catalog.ts';
import { localFunctionArn } from './local-aws.ts';
import type { StateMachineSpec } from './step-functions-server.ts';

const placeholderPattern = /\$\{([^}]*)\}/g;

export function substitutePlaceholders(
  source: string,
  text: string,
  functions: readonly FunctionSpec[],
): string {
  const arns = new Map(functions.map((spec) => [substitutionName(spec.name), localFunctionArn(spec.name)]));
  return text.replace(placeholderPattern, (placeholder, name: string) => {
    const arn = arns.get(name);
    if (arn === undefined) throw new Error(`${source}: ${placeholder} names no catalog function`);
    return arn;
  });
}

export async function loadWorkflows(
  workflows: readonly WorkflowSpec[],
  functions: readonly FunctionSpec[],
  repositoryRoot: string,
): Promise<StateMachineSpec[]> {
  return Promise.all(
    workflows.map(async (workflow) => {
      const text = await readFile(resolve(repositoryRoot, workflow.definition), 'utf8');
      const definition = JSON.parse(
        substitutePlaceholders(workflow.definition, text, functions),
      ) as StateMachineDefinition;
      return { name: workflow.name, definition };
    }),
  );
}
