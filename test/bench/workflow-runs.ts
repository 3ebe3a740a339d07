/**
 * What a workflow run took, read from the local Step Functions: its wall time, how many history events it
 * wrote (a Standard execution stops at 25,000) and how long each state took, to split a run's time.
 */
import {
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { waitFor } from './measure.ts';

/** AWS Step Functions' limit on a Standard execution's history. */
export const historyEventLimit = 25_000;

export interface WorkflowRun {
  seconds: number;
  historyEvents: number;
  /** Seconds from a state's first entry to its last exit, by state name. */
  stateSeconds: Record<string, number>;
}

const localStateMachineArn = (workflow: string) =>
  `arn:aws:states:eu-west-2:000000000000:stateMachine:${workflow}`;

export function workflowRuns(endpoint: string) {
  const client = new SFNClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });

  return {
    /** The transfer's finished run of `workflow` (execution names start with the transfer's id). */
    async finishedRun(workflow: string, transferId: string, deadlineMs = 120_000): Promise<WorkflowRun> {
      const execution = await waitFor(
        `the ${workflow} run to finish`,
        async () => {
          const listed = await client.send(
            new ListExecutionsCommand({ stateMachineArn: localStateMachineArn(workflow), maxResults: 1000 }),
          );
          const found = (listed.executions ?? []).find((run) => run.name?.startsWith(transferId));
          return found?.stopDate ? found : undefined;
        },
        { deadlineMs, everyMs: 500 },
      );
      if (!execution.executionArn || !execution.startDate || !execution.stopDate) {
        throw new Error(`The ${workflow} run has no start or stop`);
      }
      if (execution.status !== 'SUCCEEDED') throw new Error(`The ${workflow} run ${execution.status}`);
      const events: HistoryEvent[] = [];
      let nextToken: string | undefined;
      do {
        const page = await client.send(
          new GetExecutionHistoryCommand({
            executionArn: execution.executionArn,
            maxResults: 1000,
            includeExecutionData: false,
            ...(nextToken ? { nextToken } : {}),
          }),
        );
        events.push(...(page.events ?? []));
        nextToken = page.nextToken;
      } while (nextToken);
      const spans = new Map<string, { from: number; to: number }>();
      for (const event of events) {
        const name = event.stateEnteredEventDetails?.name ?? event.stateExitedEventDetails?.name;
        if (!name || !event.timestamp) continue;
        const at = event.timestamp.getTime();
        const span = spans.get(name) ?? { from: at, to: at };
        spans.set(name, { from: Math.min(span.from, at), to: Math.max(span.to, at) });
      }
      return {
        seconds: (execution.stopDate.getTime() - execution.startDate.getTime()) / 1000,
        historyEvents: events.length,
        stateSeconds: Object.fromEntries(
          [...spans].map(([name, { from, to }]) => [name, (to - from) / 1000]),
        ),
      };
    },
    destroy: () => client.destroy(),
  };
}
