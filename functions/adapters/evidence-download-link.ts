/**
 * Pre-signed download links to the evidence bucket, and the bucket's S3 client: apart from the writing
 * (evidence-bucket.ts), so the functions that only hand out links carry no multipart upload.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { environmentNames, requireEnvironment } from './environment.ts';

/**
 * One S3 client a process with default configuration (the local stack points it at its S3 emulator by
 * AWS_ENDPOINT_URL_S3).
 */
export const defaultS3Client = new S3Client({});

export const evidenceBucketName = () => requireEnvironment(environmentNames.evidenceBucket);

export interface DownloadLink {
  /** A GET link that opens for `expiresInSeconds`, downloading as `fileName`. */
  downloadLink(key: string, fileName: string, expiresInSeconds: number): Promise<string>;
}

export function evidenceDownloadLink(
  client: S3Client = defaultS3Client,
  bucketName: () => string = evidenceBucketName,
): DownloadLink {
  return {
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
