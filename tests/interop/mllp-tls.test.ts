import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sendMllpMessage } from '@dictum/core/domain/delivery/mllp-target';
import { createLogger } from '@dictum/core/infra/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hl7Listener, startHl7Listener } from '../../api/src/hl7/hl7-listener';
import { uniqueName } from '../support/api-harness';
import { useTestApp } from '../support/use-test-app';

// MLLP over TLS both ways: the ADT listener with a certificate, and the sender (as a delivery target
// uses it) verifying that certificate against a CA file. A sender without the CA is refused.

const { t } = useTestApp({ env: { ASR_ENGINE: 'none' } });
let listener: Hl7Listener;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'dictum-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  listener = await startHl7Listener(
    { db: t.ctx.db, log: createLogger('silent'), config: t.ctx.config },
    {
      port: 0,
      host: '127.0.0.1',
      tls: { cert: readFileSync(path.join(dir, 'cert.pem')), key: readFileSync(path.join(dir, 'key.pem')) },
    },
  );
});

afterAll(async () => {
  await listener?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('MLLP over TLS', () => {
  it('an ADT sent over TLS to the listener is applied and ACKed AA; an unverified server is refused', async () => {
    const mrn = uniqueName('TLS').toUpperCase();
    const control = `TLS${Date.now()}`;
    const adt = [
      `MSH|^~\\&|EPIC|MAIN|DICTUM|MAIN|20261206120000||ADT^A04^ADT_A01|${control}|P|2.5.1`,
      'EVN|A04|20261206120000',
      `PID|1||${mrn}^^^MAIN^MR||Secure^Sam||19750505|M`,
    ]
      .map((s) => `${s}\r`)
      .join('');
    const result = await sendMllpMessage(adt, {
      host: '127.0.0.1',
      port: listener.port,
      timeoutMs: 5000,
      tls: { caFile: path.join(dir, 'cert.pem') },
    });
    expect(result).toMatchObject({ outcome: 'accepted', payloadId: control, log: { ackCode: 'AA' } });
    expect((await t.ctx.db.patient.findUniqueOrThrow({ where: { mrn } })).name).toBe('Secure, Sam');

    // Without the CA the certificate cannot be verified: nothing is sent, the delivery would retry.
    const refused = await sendMllpMessage(adt.replace(control, `${control}X`), {
      host: '127.0.0.1',
      port: listener.port,
      timeoutMs: 5000,
      tls: {},
    });
    expect(refused).toMatchObject({ outcome: 'retry', reason: 'MLLP_UNREACHABLE' });

    // As a configured target sends: the CA's contents, read once when the configuration loaded.
    const configured = await sendMllpMessage(adt.replace(control, `${control}Y`), {
      host: '127.0.0.1',
      port: listener.port,
      timeoutMs: 5000,
      tls: { ca: readFileSync(path.join(dir, 'cert.pem'), 'utf8') },
    });
    expect(configured).toMatchObject({ outcome: 'accepted', payloadId: `${control}Y` });
  });
});
