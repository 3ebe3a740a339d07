/** The smallest Lambda handler: the baseline of the cold-init bench (test/bench/cold-init.ts). */
export const handler = async () => ({ statusCode: 200, body: 'hello' });
