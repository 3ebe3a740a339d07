/**
 * The evidence bucket: packs and their parts written, parts read back, and pre-signed download links
 * (evidence-download-link.ts, with the bucket's S3 client). The bucket encrypts with the table's key by
 * default: nothing here names a key.
 */
import type { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import {
  type DownloadLink,
  defaultS3Client,
  evidenceBucketName,
  evidenceDownloadLink,
} from './evidence-download-link.ts';

/** 8 MB parts, two in flight: the upload holds about 16 MB whatever the pack's size (S3 allows 10,000 parts). */
const uploadPartBytes = 8 * 1024 * 1024;
const uploadPartsInFlight = 2;

export interface EvidenceBucket extends DownloadLink {
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<Buffer>;
  /** Streams `body` into the object by multipart upload; resolves once S3 holds the whole object. */
  upload(key: string, body: Readable, contentType: string): Promise<void>;
}

export function evidenceBucket(
  client: S3Client = defaultS3Client,
  bucketName: () => string = evidenceBucketName,
): EvidenceBucket {
  return {
    ...evidenceDownloadLink(client, bucketName),

    async put(key, body, contentType) {
      await client.send(
        new PutObjectCommand({ Bucket: bucketName(), Key: key, Body: body, ContentType: contentType }),
      );
    },

    async get(key) {
      const answer = await client.send(new GetObjectCommand({ Bucket: bucketName(), Key: key }));
      if (!answer.Body) throw new Error(`The evidence bucket answered no body for ${key}`);
      return Buffer.from(await answer.Body.transformToByteArray());
    },

    async upload(key, body, contentType) {
      await new Upload({
        client,
        params: { Bucket: bucketName(), Key: key, Body: body, ContentType: contentType },
        partSize: uploadPartBytes,
        queueSize: uploadPartsInFlight,
        leavePartsOnError: false,
      }).done();
    },
  };
}
