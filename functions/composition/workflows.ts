/** Starting and following workflow runs: the Step Functions client, only in the bundles that start runs. */
import { type DescribeWorkflowRun, workflowRunDescriber } from '../adapters/describe-workflow-run.ts';
import { type StartWorkflow, workflowStarter } from '../adapters/start-workflow.ts';
import type { Wiring } from './wiring.ts';

export function startWorkflowOf(wiring: Wiring): StartWorkflow {
  return wiring.access.startWorkflow ?? wiring.once('start-workflow', () => workflowStarter());
}

export function describeRunOf(wiring: Wiring): DescribeWorkflowRun {
  return wiring.access.describeRun ?? wiring.once('describe-run', () => workflowRunDescriber());
}
