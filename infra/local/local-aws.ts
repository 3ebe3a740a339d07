/** The account and region the local stack pretends to be, and the ARNs it gives catalog functions and workflows. */
export const localRegion = 'eu-west-2';
export const localAccountId = '000000000000';
/** The credentials the handlers sign with locally; the local S3 checks signatures against them. */
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

export function localFunctionArn(functionName: string): string {
  return `arn:aws:lambda:${localRegion}:${localAccountId}:function:${functionName}`;
}

export function localStateMachineArn(workflowName: string): string {
  return `arn:aws:states:${localRegion}:${localAccountId}:stateMachine:${workflowName}`;
}
