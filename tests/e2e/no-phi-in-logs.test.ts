import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesizeSpeech } from '../support/synthesize-speech';
import { type Stack, startStack } from './e2e-context';

// A canary patient goes through upload → draft → edit → finalize with debug logging on; none of
// the patient's name, MRN or transcript words may appear in what the API or the worker print.

const CANARY_NAME = 'Quintessa Vandermolen';
const CANARY_PHRASE = 'zanzibar quokka marmalade';
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ ASR_ENGINE: 'local', LOG_LEVEL: 'debug' });
});
afterAll(async () => stack?.stop());

describe('logs carry no patient data', () => {
  it('none of the canary name, MRN, spoken or edited transcript text appears in API or worker output', async () => {
    const physician = await stack.user('PHYSICIAN');
    const mt = await stack.user('TRANSCRIPTIONIST');
    const mrn = await stack.patient(CANARY_NAME);
    const file = await synthesizeSpeech('the patient has a history of high blood pressure', {
      format: 'mp3',
    });
    const upload = await physician.uploadDictation(file, {
      patientMrn: mrn,
      workType: 'PROGRESS',
      priority: 'STAT',
    });
    expect(upload.status).toBe(201);
    await stack.waitForStatus(physician, upload.body.id, ['DRAFT_READY']);
    const id = upload.body.id;
    const draft = (await mt.json(`/api/v1/dictations/${id}/transcript`)).body;
    await physician.json(`/api/v1/patients/${mrn}`);
    await physician.json(`/api/v1/patients?q=${encodeURIComponent('Vandermolen')}`);
    await mt.json(`/api/v1/dictations/${id}/claim`, { method: 'POST' });
    const edited = `${draft.text} The patient mentions ${CANARY_PHRASE}.`;
    const saved = await mt.json(`/api/v1/dictations/${id}/transcript`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'if-match': `"${draft.version}"` },
      body: JSON.stringify({ text: edited }),
    });
    expect(saved.status).toBe(200);
    // A request that fails validation must not echo the values it was given either.
    await mt.json(`/api/v1/dictations/${id}/transcript`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'if-match': '"1"' },
      body: JSON.stringify({ text: 42, note: CANARY_NAME }),
    });
    expect((await mt.json(`/api/v1/dictations/${id}/finalize`, { method: 'POST' })).status).toBe(200);

    await new Promise((r) => setTimeout(r, 500));
    const output = `${stack.api.output()}\n${stack.worker.output()}`;
    expect(output.length).toBeGreaterThan(1000);
    for (const secret of [CANARY_NAME, 'Vandermolen', mrn, CANARY_PHRASE, draft.text]) {
      expect(output.includes(secret), `log output contains ${JSON.stringify(secret)}`).toBe(false);
    }
  });
  it('patient data sent through every error path (URLs, queries, bodies, malformed input) never reaches the log', async () => {
    const mrn = `ERR${Date.now().toString(36).toUpperCase()}`;
    const name = 'Ottoline Faraday-Quist';
    const records = await stack.user('RECORDS');
    const before = stack.api.output().length;
    const raw = (path: string, init: RequestInit = {}) =>
      fetch(`${stack.baseUrl}${path}`, init).then((r) => r.status);
    const statuses = [
      // Unmatched paths and unauthenticated requests naming the patient.
      await raw(`/api/v1/no-such-route/${mrn}?name=${encodeURIComponent(name)}`),
      await raw(`/${mrn}/${encodeURIComponent(name)}`, { headers: { accept: 'application/json' } }),
      await raw(`/api/v1/patients/${mrn}?q=${encodeURIComponent(name)}`),
      // A bad percent-encoding and an over-long parameter, both carrying the MRN.
      await raw(`/api/v1/patients/${mrn}%E0%A4%A`),
      await raw(`/api/v1/patients/${mrn}${'9'.repeat(600)}`),
      // Signed in: an unknown patient, validation failures and unreadable bodies quoting the patient.
      (await records.json(`/api/v1/patients/${mrn}`)).status,
      (await records.json(`/api/v1/patients?q=${encodeURIComponent(name.repeat(5))}${mrn}`)).status,
      (
        await records.json('/api/v1/patients', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ mrn, name, birthDate: `not-a-date ${name}`, sex: name }),
        })
      ).status,
      (
        await records.json('/api/v1/patients', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: `{"mrn":"${mrn}","name":"${name}"`,
        })
      ).status,
      (
        await records.json('/api/v1/patients', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: `${name} ${mrn}`,
        })
      ).status,
      (
        await records.json('/api/v1/patients', {
          method: 'POST',
          headers: { 'content-type': 'text/x-patient' },
          body: `${name} ${mrn}`,
        })
      ).status,
      (await records.json(`/api/v1/patients/${mrn}/documents?cursor=${encodeURIComponent(name)}`)).status,
      // A NUL byte in a text field: PostgreSQL refuses it, and its error must not carry the value.
      (
        await records.json('/api/v1/patients', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ mrn, name: `${name}\u0000${mrn}`, birthDate: '1950-01-01', sex: 'female' }),
        })
      ).status,
    ];
    expect(statuses.filter((s) => s < 400)).toEqual([]);
    await new Promise((r) => setTimeout(r, 500));
    const output = stack.api.output().slice(before);
    expect(output.length).toBeGreaterThan(200);
    for (const secret of [mrn, name, 'Faraday', encodeURIComponent(name)]) {
      expect(output.includes(secret), `log output contains ${JSON.stringify(secret)}`).toBe(false);
    }
  });
});
