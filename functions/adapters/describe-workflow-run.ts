/** Asks Step Functions what became of a run: a record may say `running` after its execution has ended. */
import { DescribeExecutionCommand, ExecutionDoesNotExist, type SFNClient } from '@aws-sdk/client-sfn';
import type { RunState } from '../domain/milestone-outcome.ts';
import type { WorkflowName } from '../workflow-names.ts';
import { requireEnvironment, workflowArnVariable } from './environment.ts';
import { defaultSfnClient, executionArnOf } from './start-workflow.ts';

export type DescribeWorkflowRun = (workflow: WorkflowName, executionName: string) => Promise<RunState>;

const knownStates: ReadonlySet<string> = new Set([
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'ABORTED',
  'PENDING_REDRIVE',
]);

export function workflowRunDescriber(client: SFNClient = defaultSfnClient): DescribeWorkflowRun {
  return async (workflow, executionName) => {
    const executionArn = executionArnOf(requireEnvironment(workflowArnVariable(workflow)), executionName);
    try {
      const { status } = await client.send(new DescribeExecutionCommand({ executionArn }));
      if (status === undefined || !knownStates.has(status)) {
        throw new Error(`Step Functions answered an unknown status ${String(status)} for ${executionArn}`);
      }
      return status as RunState;
    } catch (error) {
      // Never started (its starter died between claim and start) or forgotten by the engine: it has ended.
      if (error instanceof ExecutionDoesNotExist) return 'NOT_FOUND';
      throw error;
    }
  };
}
