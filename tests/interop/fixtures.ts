import type { DocumentSnapshot } from '@dictum/core/capability/interop/document-snapshot';

// Snapshots for the interop builders: one per document kind and state the builders distinguish.

export const NOTE_TEXT = [
  'SUBJECTIVE:',
  'Zoë Ångström, 54, presents with fever ≥ 38 °C for 3 days.',
  '',
  'MEDICATIONS:',
  'Vitamin B12 5 µg daily | aspirin 81 mg ^ PRN & rest ~ fluids \\ as needed.',
  '',
  '',
  'ASSESSMENT AND PLAN:',
  'Ωmega-3 supplementation. Follow up in 2 weeks.',
].join('\n');

const t = (iso: string) => new Date(iso);

export function originalUnsigned(overrides: Partial<DocumentSnapshot> = {}): DocumentSnapshot {
  return {
    id: '3f1c2a4e-8b7d-4c1e-9a2b-0d5e6f7a8b9c',
    number: 'D2024-000123',
    kind: 'ORIGINAL',
    version: 1,
    status: 'FINALIZED',
    text: NOTE_TEXT,
    createdAt: t('2024-03-05T15:00:00.000Z'),
    finalizedAt: t('2024-03-05T15:00:00.000Z'),
    signedAt: null,
    filedAt: null,
    parent: null,
    patient: {
      id: 'a1b2c3d4-0000-4000-8000-000000000001',
      mrn: 'MRN-004711',
      name: 'Zoë Ångström',
      birthDate: '1970-02-14',
      sex: 'female',
    },
    encounter: {
      id: 'e1e2e3e4-0000-4000-8000-000000000002',
      visitNumber: 'V-20240305-01',
      date: t('2024-03-05T09:30:00.000Z'),
      location: 'Clinic 3 | East',
    },
    workType: { code: 'PN', name: 'Progress note', loinc: '11506-3', requiresSignature: true },
    author: { id: 'u-author', username: 'dr.house', displayName: 'Gregory House' },
    transcriptionist: { id: 'u-mt', username: 'mt.jones', displayName: 'Jones, Mary Ann' },
    authenticator: null,
    dictatedAt: t('2024-03-05T10:15:00.000Z'),
    organization: { id: 'org-1', name: 'Princeton-Plainsboro Teaching Hospital' },
    ...overrides,
  };
}

export function originalSigned(overrides: Partial<DocumentSnapshot> = {}): DocumentSnapshot {
  return originalUnsigned({
    status: 'FILED',
    signedAt: t('2024-03-05T18:45:00.000Z'),
    filedAt: t('2024-03-06T08:00:00.000Z'),
    authenticator: { id: 'u-author', username: 'dr.house', displayName: 'Gregory House' },
    ...overrides,
  });
}

export function withoutEncounter(overrides: Partial<DocumentSnapshot> = {}): DocumentSnapshot {
  return originalUnsigned({ encounter: null, transcriptionist: null, ...overrides });
}

export function addendum(overrides: Partial<DocumentSnapshot> = {}): DocumentSnapshot {
  return originalSigned({
    id: '9d8c7b6a-1111-4222-8333-444455556666',
    number: 'D2024-000124',
    kind: 'ADDENDUM',
    text: 'ADDENDUM: Blood cultures negative at 48 hours.',
    createdAt: t('2024-03-07T12:00:00.000Z'),
    finalizedAt: t('2024-03-07T12:00:00.000Z'),
    signedAt: t('2024-03-07T13:00:00.000Z'),
    filedAt: t('2024-03-07T13:05:00.000Z'),
    dictatedAt: t('2024-03-07T11:40:00.000Z'),
    parent: { id: '3f1c2a4e-8b7d-4c1e-9a2b-0d5e6f7a8b9c', number: 'D2024-000123' },
    ...overrides,
  });
}

export function replacement(overrides: Partial<DocumentSnapshot> = {}): DocumentSnapshot {
  return originalSigned({
    id: '7e6d5c4b-2222-4333-8444-555566667777',
    number: 'D2024-000125',
    kind: 'REPLACEMENT',
    version: 2,
    text: `${NOTE_TEXT}\nCORRECTION: dose is 50 µg, not 5 µg.`,
    createdAt: t('2024-03-08T09:00:00.000Z'),
    finalizedAt: t('2024-03-08T09:00:00.000Z'),
    signedAt: t('2024-03-08T09:30:00.000Z'),
    filedAt: t('2024-03-08T09:31:00.000Z'),
    parent: { id: '3f1c2a4e-8b7d-4c1e-9a2b-0d5e6f7a8b9c', number: 'D2024-000123' },
    ...overrides,
  });
}

export const ALL_SNAPSHOTS: Array<[string, () => DocumentSnapshot]> = [
  ['original, unsigned', () => originalUnsigned()],
  ['original, signed and filed', () => originalSigned()],
  ['original without encounter', () => withoutEncounter()],
  ['superseded original', () => originalSigned({ status: 'SUPERSEDED' })],
  ['addendum', () => addendum()],
  ['replacement', () => replacement()],
  ['replacement without encounter', () => replacement({ encounter: null })],
];
