/**
 * The evidence bucket: packs and their parts written, parts read back, and pre-signed download links.
 * One S3 client a process with default configuration (the local stack points it at its S3 emulator by
 * AWS_ENDPOINT_URL_S3). The bucket encrypts with the table's key by default: nothing here names a key.
 */
import type { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { environmentNames, requireEnvironment } from './environment.ts';

export const defaultS3Client = new S3Client({});

/** 8 MB parts, two in flight: the upload holds about 16 MB whatever the pack's size (S3 allows 10,000 parts). */
const uploadPartBytes = 8 * 1024 * 1024;
const uploadPartsInFlight = 2;

export interface EvidenceBucket {
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<Buffer>;
  /** Streams `body` into the object by multipart upload; resolves once S3 holds the whole object. */
  upload(key: string, body: Readable, contentType: string): Promise<void>;
  /** A GET link that opens for `expiresInSeconds`, downloading as `fileName`. */
  downloadLink(key: string, fileName: string, expiresInSeconds: number): Promise<string>;
}

export function evidenceBucket(
  client: S3Client = defaultS3Client,
  bucketName: () => string = () => requireEnvironment(environmentNames.evidenceBucket),
): EvidenceBucket {
  return {
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

    downloadLink(key, fileName, expiresInSeconds) {
      const safeName = fileName.replace(/[^A-Za-z0-9._-]/g, '-');
      return getSignedUrl(
        client,
        new GetObjectCommand({
          Bucket: bucketName(),
          Key: key,
          ResponseContentDisposition: `attachment; filename="${safeName}"`,
        }),
        { expiresIn: expiresInSeconds },
      );
    },
  };
}
