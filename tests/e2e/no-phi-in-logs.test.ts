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
});
