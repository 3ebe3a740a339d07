/** Paths the CDK app reads, resolved from this module's location so synth never depends on the working directory. */
import { fileURLToPath } from 'node:url';

/** This file is infra/aws/repository-paths.ts: the repository root is two folders up. */
export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

export const workflowsDirectory = fileURLToPath(new URL('../../workflows/', import.meta.url));
