import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Runs before every test file: a separate database and Redis DB index from development, and a
// queue prefix and storage folder of the file's own, so test files never see each other's jobs.
const id = randomUUID().slice(0, 8);
process.env.NODE_ENV = 'test';
process.env.DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/dictum_test';
process.env.REDIS_URL ??= 'redis://127.0.0.1:6379/1';
process.env.QUEUE_PREFIX = `test-${id}`;
process.env.STORAGE_DIR = path.join(tmpdir(), 'dictum-test', id, 'objects');
process.env.LOG_LEVEL ??= 'silent';
process.env.AUTH_SECRET_KEY ??= 'ZGljdHVtLXRlc3Qtb25seS10b3RwLXNlY3JldC1rZXk=';
mkdirSync(process.env.STORAGE_DIR, { recursive: true });
