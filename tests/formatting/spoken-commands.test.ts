import { formatDraft } from '@dictum/core/capability/formatting/format-draft';
import { describe, expect, it } from 'vitest';
import { spokenWords } from './support';

const fmt = (spoken: string) => formatDraft(spokenWords(spoken)).text;

describe('spoken punctuation and commands', () => {
  it.each([
    ['the patient is stable period', 'The patient is stable.'],
    ['the patient is stable full stop', 'The patient is stable.'],
    ['fever comma chills comma and cough period', 'Fever, chills, and cough.'],
    ['is she pregnant question mark', 'Is she pregnant?'],
    ['she has pain semicolon it is worse at night period', 'She has pain; it is worse at night.'],
    ['plan colon admit period', 'PLAN: Admit.'],
    ['stable period new paragraph she will follow up period', 'Stable.\n\nShe will follow up.'],
    ['stable period new line she will follow up period', 'Stable.\nShe will follow up.'],
    [
      'she was given tylenol open paren acetaminophen close paren period',
      'She was given tylenol (acetaminophen).',
    ],
    ['no acute distress exclamation point', 'No acute distress!'],
    // Literal uses of command words.
    ['polyp in the sigmoid colon period', 'Polyp in the sigmoid colon.'],
    ['history of colon cancer period', 'History of colon cancer.'],
    ['for a period of two weeks period', 'For a period of 2 weeks.'],
    ['in the postoperative period she did well period', 'In the postoperative period she did well.'],
    // Ending the dictation or before a break: punctuation even after "same" (a colon stays anatomy).
    ['keep the metformin the same period', 'Keep the metformin the same.'],
    ['for the same period period', 'For the same period.'],
    ['keep the dose the same period new paragraph stable period', 'Keep the dose the same.\n\nStable.'],
    ['mass in the sigmoid colon', 'Mass in the sigmoid colon'],
    // Punctuation with nothing before it is dropped, repeated periods collapse.
    ['period the patient', 'The patient'],
    ['new paragraph new paragraph hello period', 'Hello.'],
    ['stable period period', 'Stable.'],
  ])('%s', (spoken, written) => {
    expect(fmt(spoken)).toBe(written);
  });
});

describe('numbered lists', () => {
  it.each([
    [
      'medications colon next number aspirin daily period next number lisinopril daily period',
      'MEDICATIONS:\n1. Aspirin daily.\n2. Lisinopril daily.',
    ],
    [
      'next number pneumonia period next number anemia period next number gout period',
      '1. Pneumonia.\n2. Anemia.\n3. Gout.',
    ],
    [
      'impression colon next number stable period new paragraph plan colon next number discharge period',
      'IMPRESSION:\n1. Stable.\n\nPLAN:\n1. Discharge.',
    ],
    [
      'assessment colon next item asthma period next item reflux period',
      'ASSESSMENT:\n1. Asthma.\n2. Reflux.',
    ],
  ])('%s', (spoken, written) => {
    expect(fmt(spoken)).toBe(written);
  });
});

describe('scratch that', () => {
  it.each([
    ['start amoxicillin scratch that start azithromycin period', 'Start azithromycin.'],
    [
      'she is stable period start amoxicillin scratch that start doxycycline period',
      'She is stable. Start doxycycline.',
    ],
    ['fever comma chills scratch that night sweats period', 'Fever, night sweats.'],
    ['she is stable period scratch that she is improving period', 'She is improving.'],
    ['one period two period scratch that three period', 'One. Three.'],
    ['strike that the patient is fine period', 'The patient is fine.'],
    ['the patient delete that the patient is fine period', 'The patient is fine.'],
  ])('%s', (spoken, written) => {
    expect(fmt(spoken)).toBe(written);
  });
});

describe('capitalisation', () => {
  it.each([
    ['the patient is here period she is well period', 'The patient is here. She is well.'],
    ['i saw her today period', 'I saw her today.'],
    [
      'history of present illness colon sixty year old man period',
      'HISTORY OF PRESENT ILLNESS: 60-year-old man.',
    ],
    ['chief complaint colon cough period', 'CHIEF COMPLAINT: Cough.'],
    ['heart colon regular rate period lungs colon clear period', 'HEART: Regular rate. LUNGS: Clear.'],
    ['the plan colon rest period', 'The plan: Rest.'],
    ['two tablets daily period', '2 tablets daily.'],
    ['one of the nurses is here period', 'One of the nurses is here.'],
    ['forty milligrams daily period', '40 mg daily.'],
  ])('%s', (spoken, written) => {
    expect(fmt(spoken)).toBe(written);
  });

  it('leaves already written text alone', () => {
    expect(fmt('Blood pressure 130/82, pulse 72. She is on metoprolol 25 mg b.i.d.')).toBe(
      'Blood pressure 130/82, pulse 72. She is on metoprolol 25 mg b.i.d.',
    );
  });
});
