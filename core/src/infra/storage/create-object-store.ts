import type { AppConfig } from '../config';
import { FsObjectStore } from './fs-object-store';
import type { ObjectStore } from './object-store';
import { S3ObjectStore } from './s3-object-store';

/** The store the configuration asks for: the filesystem by default, S3 when STORAGE_DRIVER=s3. */
export function createObjectStore(config: AppConfig['storage']): ObjectStore {
  if (config.driver === 'fs') {
    return new FsObjectStore({ dir: config.dir, encryptionKey: config.encryptionKey });
  }
  const s3 = config.s3;
  // Refuse rather than ignore: an operator who set a key expects it to protect the audio.
  if (config.encryptionKey) {
    throw new Error('STORAGE_ENCRYPTION_KEY applies to the fs driver only; for S3 use S3_SSE');
  }
  if (Boolean(s3.accessKeyId) !== Boolean(s3.secretAccessKey)) {
    throw new Error('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together');
  }
  if (s3.sseKmsKeyId && s3.sse !== 'aws:kms') {
    throw new Error('S3_SSE_KMS_KEY_ID needs S3_SSE=aws:kms');
  }
  return new S3ObjectStore({
    endpoint: s3.endpoint,
    bucket: s3.bucket,
    region: s3.region,
    credentials:
      s3.accessKeyId && s3.secretAccessKey
        ? { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey }
        : undefined,
    forcePathStyle: s3.forcePathStyle,
    sse: s3.sse,
    sseKmsKeyId: s3.sseKmsKeyId,
  });
}
