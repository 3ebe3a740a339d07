/** Starts a workflow under a deterministic name, so starting it twice runs it once. */
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { WorkflowName } from '../workflow-names.ts';
import { requireEnvironment, workflowArnVariable } from './environment.ts';

/** Ids only, never a person: a transfer's milestone, or a consultation's or contract's timer. */
export type WorkflowInput =
  | {
      transferId: string;
      milestone: string;
      /** The number of a date change, for `notify-date-change`. */
      change?: number;
    }
  /** Retention of a finished transfer's personal data. */
  | { transferId: string }
  | { consultationId: string; timer?: string }
  /** A transfer's representative election: started by HR (no timer) or by one of its timers. */
  | { transferId: string; timer?: string }
  | { contractId: string; timer: string }
  /** An evidence pack being built: its transfer and the pack's own id. */
  | { transferId: string; packId: string };

export type StartWorkflow = (
  workflow: WorkflowName,
  executionName: string,
  input: WorkflowInput,
) => Promise<{ executionArn: string; alreadyStarted: boolean }>;

/** One client per process, shared by the starter and the describer. */
export const defaultSfnClient = new SFNClient({});

/** The ARN Step Functions gives an execution of a state machine under a name. */
export function executionArnOf(stateMachineArn: string, executionName: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;
}

export function workflowStarter(client: SFNClient = defaultSfnClient): StartWorkflow {
  return async (workflow, executionName, input) => {
    const stateMachineArn = requireEnvironment(workflowArnVariable(workflow));
    try {
      // Same name and same input: Step Functions answers with the execution already running or done.
      const answer = await client.send(
        new StartExecutionCommand({ stateMachineArn, name: executionName, input: JSON.stringify(input) }),
      );
      return { executionArn: answer.executionArn ?? '', alreadyStarted: false };
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists) {
        return { executionArn: executionArnOf(stateMachineArn, executionName), alreadyStarted: true };
      }
      throw error;
    }
  };
}
