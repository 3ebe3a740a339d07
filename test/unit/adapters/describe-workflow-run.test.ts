import { DescribeExecutionCommand, ExecutionDoesNotExist, InvalidArn, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { workflowRunDescriber } from '../../../functions/adapters/describe-workflow-run.ts';
import { ConfigurationError } from '../../../functions/domain/errors.ts';

const sfnClient = new SFNClient({ region: 'eu-west-2' });
const sfn = mockClient(sfnClient);
const describeRun = workflowRunDescriber(sfnClient);

const stateMachineArn = 'arn:aws:states:eu-west-2:123456789012:stateMachine:close-election';
const name = '6f1c2a53-9a8e-4f3e-9d64-0b1e2f7c8a90-election-closes-2026-09-15-a2';
const executionArn = `arn:aws:states:eu-west-2:123456789012:execution:close-election:${name}`;

describe('Function: workflowRunDescriber', () => {
  const before = process.env.CLOSE_ELECTION_WORKFLOW_ARN;

  beforeEach(() => {
    process.env.CLOSE_ELECTION_WORKFLOW_ARN = stateMachineArn;
  });

  afterEach(() => {
    sfn.reset();
    if (before === undefined) delete process.env.CLOSE_ELECTION_WORKFLOW_ARN;
    else process.env.CLOSE_ELECTION_WORKFLOW_ARN = before;
  });

  it.each(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] as const)(
    'answers %s for an execution in that state, asked by the ARN its name makes',
    async (status) => {
      // Prepare
      sfn
        .on(DescribeExecutionCommand)
        .resolves({ executionArn, stateMachineArn, status, startDate: new Date() });

      // Act
      const state = await describeRun('close-election', name);

      // Assess
      expect(state).toBe(status);
      expect(sfn.commandCalls(DescribeExecutionCommand)[0]?.args[0].input).toEqual({ executionArn });
    },
  );

  it('answers NOT_FOUND when Step Functions does not know the execution', async () => {
    // Prepare
    sfn
      .on(DescribeExecutionCommand)
      .rejects(new ExecutionDoesNotExist({ message: 'Execution Does Not Exist', $metadata: {} }));

    // Act
    const state = await describeRun('close-election', name);

    // Assess
    expect(state).toBe('NOT_FOUND');
  });

  it('passes any other error on, so the sweep never fails a run it could not ask about', async () => {
    // Prepare
    sfn.on(DescribeExecutionCommand).rejects(new InvalidArn({ message: 'Invalid Arn', $metadata: {} }));

    // Act
    const outcome = describeRun('close-election', name);

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(InvalidArn);
  });

  it('refuses with a ConfigurationError naming the variable when the workflow ARN is not set', async () => {
    // Prepare
    delete process.env.CLOSE_ELECTION_WORKFLOW_ARN;

    // Act
    const outcome = describeRun('close-election', name);

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(ConfigurationError);
    expect(sfn.commandCalls(DescribeExecutionCommand)).toHaveLength(0);
  });
});
