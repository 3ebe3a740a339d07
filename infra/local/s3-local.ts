/**
 * The local S3: s3rver on loopback, its objects under DATA_DIR/s3, the evidence bucket created on start.
 * It checks request signatures as S3 does, so a pre-signed link that opens here is signed right; the
 * handlers' credentials (`local`) are registered as one of its keys.
 */
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { loopbackHost } from './free-port.ts';
import { localCredentials } from './local-aws.ts';

export const localEvidenceBucket = 'transfer-desk-evidence';

/** What this file uses of s3rver 3 (a CommonJS package without types). */
interface S3rverServer {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
interface S3rverModule {
  new (options: {
    address: string;
    port: number;
    directory: string;
    silent: boolean;
    configureBuckets: Array<{ name: string; configs: string[] }>;
  }): S3rverServer;
}
interface S3rverAccounts {
  DUMMY_ACCOUNT: { createKeyPair(accessKeyId: string, secretAccessKey: string): void };
}

const require = createRequire(import.meta.url);

export interface S3Local {
  endpoint: string;
  bucket: string;
  stop(): Promise<void>;
}

export async function startS3Local({ dataDir }: { dataDir: string }): Promise<S3Local> {
  const S3rver = require('s3rver') as S3rverModule;
  const accounts = require('s3rver/lib/models/account.js') as S3rverAccounts;
  accounts.DUMMY_ACCOUNT.createKeyPair(localCredentials.accessKeyId, localCredentials.secretAccessKey);
  const directory = join(dataDir, 's3');
  await mkdir(directory, { recursive: true });
  const server = new S3rver({
    address: loopbackHost,
    port: 0,
    directory,
    silent: true,
    configureBuckets: [{ name: localEvidenceBucket, configs: [] }],
  });
  const { port } = await server.run();
  return {
    endpoint: `http://${loopbackHost}:${port}`,
    bucket: localEvidenceBucket,
    stop: () => server.close(),
  };
}
