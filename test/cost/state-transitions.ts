/**
 * Step Functions' billed state transitions, read from the local engine's execution histories through its
 * API (ListExecutions, GetExecutionHistory): one per state entered, one more per retry of a Task. Also the
 * bytes of the workflows' execution logs in AWS (level ALL, no execution data: one log event per history
 * event, as the history event without its input and output plus the execution's ARN).
 */
import {
  type HistoryEvent,
  paginateGetExecutionHistory,
  paginateListExecutions,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { workflowNames } from '../../functions/catalog.ts';
import { localStateMachineArn } from '../../infra/local/local-aws.ts';

export interface ExecutionCounts {
  executions: number;
  running: number;
  transitions: number;
  retries: number;
  logEvents: number;
  logBytes: number;
  byWorkflow: Record<string, { executions: number; transitions: number }>;
}

/** Transitions of one history: every `…StateEntered`, and every Task scheduled again (a retry). */
export function transitionsOf(events: readonly { type?: string | undefined }[]): {
  transitions: number;
  retries: number;
} {
  let entered = 0;
  let taskEntered = 0;
  let scheduled = 0;
  for (const event of events) {
    const type = String(event.type ?? '');
    if (type.endsWith('StateEntered')) entered += 1;
    if (type === 'TaskStateEntered') taskEntered += 1;
    if (type === 'TaskScheduled') scheduled += 1;
  }
  const retries = Math.max(0, scheduled - taskEntered);
  return { transitions: entered + retries, retries };
}

/** Reads the executions not seen before; those still running are left for a later call. */
export function executionCounter(endpoint: string) {
  const client = new SFNClient({
    region: 'eu-west-2',
    endpoint,
    credentials: { accessKeyId: 'cost', secretAccessKey: 'cost' },
  });
  const counted = new Set<string>();

  return {
    async running(): Promise<number> {
      let running = 0;
      for (const workflow of workflowNames) {
        const pages = paginateListExecutions(
          { client },
          { stateMachineArn: localStateMachineArn(workflow), statusFilter: 'RUNNING' },
        );
        for await (const page of pages) running += page.executions?.length ?? 0;
      }
      return running;
    },

    /** Counts every execution ended since the last call. */
    async newlyEnded(): Promise<ExecutionCounts> {
      const counts: ExecutionCounts = {
        executions: 0,
        running: 0,
        transitions: 0,
        retries: 0,
        logEvents: 0,
        logBytes: 0,
        byWorkflow: {},
      };
      for (const workflow of workflowNames) {
        const pages = paginateListExecutions({ client }, { stateMachineArn: localStateMachineArn(workflow) });
        for await (const page of pages) {
          for (const execution of page.executions ?? []) {
            const arn = execution.executionArn ?? '';
            if (counted.has(arn)) continue;
            if (execution.status === 'RUNNING') {
              counts.running += 1;
              continue;
            }
            counted.add(arn);
            const events: HistoryEvent[] = [];
            const history = paginateGetExecutionHistory(
              { client },
              { executionArn: arn, includeExecutionData: false },
            );
            for await (const part of history) events.push(...(part.events ?? []));
            const { transitions, retries } = transitionsOf(events);
            counts.executions += 1;
            counts.transitions += transitions;
            counts.retries += retries;
            counts.logEvents += events.length;
            for (const event of events) {
              // CloudWatch Logs' own 26 bytes an event, on top of the line.
              counts.logBytes +=
                26 +
                Buffer.byteLength(
                  JSON.stringify({
                    ...event,
                    execution_arn: arn,
                    redrive_count: '0',
                    event_timestamp: String(event.timestamp),
                  }),
                );
            }
            const entry = counts.byWorkflow[workflow] ?? { executions: 0, transitions: 0 };
            counts.byWorkflow[workflow] = entry;
            entry.executions += 1;
            entry.transitions += transitions;
          }
        }
      }
      return counts;
    },

    close: () => client.destroy(),
  };
}
