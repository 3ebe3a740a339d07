/**
 * One Standard state machine per catalog workflow, its definition read from `workflows/*.asl.json` and
 * its `${XxxFunctionArn}` placeholders substituted with the ARNs of the catalog functions they name.
 */
import { join, relative } from 'node:path';
import { Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { FunctionSpec, WorkflowName, WorkflowSpec } from '../../../functions/catalog.ts';
import { readWorkflowDefinition } from '../workflow-definition.ts';
import { logRetention } from './functions-from-catalog.ts';

export interface WorkflowsFromCatalogProps {
  workflows: readonly WorkflowSpec[];
  functions: readonly FunctionSpec[];
  /** The function built for a catalog entry. */
  functionFor: (name: string) => IFunction;
  /** Where the `*.asl.json` files are: the repository's `workflows/` folder, or test fixtures. */
  workflowsDirectory: string;
  encryptionKey: IKey;
}

export class WorkflowsFromCatalog extends Construct {
  readonly stateMachines = new Map<WorkflowName, StateMachine>();

  constructor(scope: Construct, id: string, props: WorkflowsFromCatalogProps) {
    super(scope, id);
    for (const workflow of props.workflows) {
      this.stateMachines.set(workflow.name, this.createStateMachine(workflow, props));
    }
  }

  private createStateMachine(workflow: WorkflowSpec, props: WorkflowsFromCatalogProps): StateMachine {
    // The catalog names `workflows/<file>`; the file is looked for in the given folder.
    const path = join(props.workflowsDirectory, relative('workflows', workflow.definition));
    const definition = readWorkflowDefinition(path, props.functions);

    const definitionSubstitutions: Record<string, string> = {};
    for (const [placeholder, fn] of definition.placeholders) {
      definitionSubstitutions[placeholder] = props.functionFor(fn.name).functionArn;
    }

    const logGroup = new LogGroup(this, `${workflow.name}-logs`, {
      // Vended-logs prefix: Step Functions log delivery then needs no growing resource policy.
      logGroupName: `/aws/vendedlogs/states/${Stack.of(this).stackName}/${workflow.name}`,
      retention: logRetention,
      encryptionKey: props.encryptionKey,
    });

    const stateMachine = new StateMachine(this, workflow.name, {
      comment: workflow.purpose,
      definitionBody: DefinitionBody.fromString(definition.text),
      definitionSubstitutions,
      stateMachineType: StateMachineType.STANDARD,
      // Every state transition is logged, without the payloads: they carry ids only, but logs stay free of data.
      logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });

    // The tasks call the unqualified function ARN; `grantInvoke` would also allow every version and alias.
    const invoked = [...definition.placeholders.values()].map((fn) => props.functionFor(fn.name).functionArn);
    stateMachine.addToRolePolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: invoked }),
    );

    Validations.of(stateMachine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        `The ${workflow.name} state machine role needs the CloudWatch Logs log-delivery actions (for its ALL-level logs) ` +
        'and the X-Ray segment actions (for tracing), which support no resource-level permissions.',
    });
    return stateMachine;
  }
}
