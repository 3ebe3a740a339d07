/** The account and region the local stack pretends to be, and the ARNs it gives catalog functions and workflows. */
export const localRegion = 'eu-west-2';
export const localAccountId = '000000000000';

export function localFunctionArn(functionName: string): string {
  return `arn:aws:lambda:${localRegion}:${localAccountId}:function:${functionName}`;
}

export function localStateMachineArn(workflowName: string): string {
  return `arn:aws:states:${localRegion}:${localAccountId}:stateMachine:${workflowName}`;
}
