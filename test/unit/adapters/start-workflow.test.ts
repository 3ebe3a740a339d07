import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { workflowStarter } from '../../../functions/adapters/start-workflow.ts';
import { ConfigurationError } from '../../../functions/domain/errors.ts';

const sfnClient = new SFNClient({ region: 'eu-west-2' });
const sfn = mockClient(sfnClient);
const startWorkflow = workflowStarter(sfnClient);

const stateMachineArn = 'arn:aws:states:eu-west-2:123456789012:stateMachine:close-election';
const transferId = '6f1c2a53-9a8e-4f3e-9d64-0b1e2f7c8a90';
const input = { transferId, milestone: 'election-closes' };

describe('Function: workflowStarter', () => {
  const before = process.env.CLOSE_ELECTION_WORKFLOW_ARN;

  beforeEach(() => {
    process.env.CLOSE_ELECTION_WORKFLOW_ARN = stateMachineArn;
  });

  afterEach(() => {
    sfn.reset();
    if (before === undefined) delete process.env.CLOSE_ELECTION_WORKFLOW_ARN;
    else process.env.CLOSE_ELECTION_WORKFLOW_ARN = before;
  });

  it('starts the state machine named by <WORKFLOW>_WORKFLOW_ARN with the name and the input as JSON', async () => {
    // Prepare
    const executionArn = `arn:aws:states:eu-west-2:123456789012:execution:close-election:${transferId}-x`;
    sfn.on(StartExecutionCommand).resolves({ executionArn, startDate: new Date() });

    // Act
    const answer = await startWorkflow('close-election', `${transferId}-x`, input);

    // Assess
    expect(answer).toEqual({ executionArn, alreadyStarted: false });
    const calls = sfn.commandCalls(StartExecutionCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      stateMachineArn,
      name: `${transferId}-x`,
      input: JSON.stringify(input),
    });
  });

  it('answers alreadyStarted with the execution ARN when an execution has that name', async () => {
    // Prepare
    sfn
      .on(StartExecutionCommand)
      .rejects(new ExecutionAlreadyExists({ message: 'Execution Already Exists', $metadata: {} }));

    // Act
    const answer = await startWorkflow('close-election', `${transferId}-x`, input);

    // Assess
    expect(answer).toEqual({
      executionArn: `arn:aws:states:eu-west-2:123456789012:execution:close-election:${transferId}-x`,
      alreadyStarted: true,
    });
  });

  it('passes on other failures', async () => {
    // Prepare
    sfn
      .on(StartExecutionCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));

    // Act
    const starting = startWorkflow('close-election', `${transferId}-x`, input);

    // Assess
    await expect(starting).rejects.toThrow('Rate exceeded');
  });

  it('names the missing variable and calls nothing when the ARN is not configured', async () => {
    // Prepare
    delete process.env.CLOSE_ELECTION_WORKFLOW_ARN;

    // Act
    const starting = startWorkflow('close-election', `${transferId}-x`, input);

    // Assess
    await expect(starting).rejects.toThrow(ConfigurationError);
    await expect(starting).rejects.toThrow('CLOSE_ELECTION_WORKFLOW_ARN');
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });
});
