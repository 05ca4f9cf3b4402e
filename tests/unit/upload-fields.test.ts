import { expect, it } from 'vitest';
import { parseUploadFields } from '../../api/src/services/dictations/upload-fields';

it('parses dictatedAt forms', () => {
  const base = { patientMrn: 'A', workType: 'PROGRESS', priority: 'stat' };
  expect(parseUploadFields({ ...base, dictatedAt: '2026-11-01T10:00:00Z' }).dictatedAt?.toISOString()).toBe(
    '2026-11-01T10:00:00.000Z',
  );
  expect(parseUploadFields({ ...base, dictatedAt: '2026-11-01T10:00:00' }).dictatedAt?.toISOString()).toBe(
    '2026-11-01T10:00:00.000Z',
  );
  expect(
    parseUploadFields({ ...base, dictatedAt: '2026-11-01T10:00:00+02:00' }).dictatedAt?.toISOString(),
  ).toBe('2026-11-01T08:00:00.000Z');
  expect(parseUploadFields({ ...base, dictatedAt: '2026-11-01' }).dictatedAt?.toISOString()).toBe(
    '2026-11-01T00:00:00.000Z',
  );
  expect(parseUploadFields(base).priority).toBe('STAT');
  expect(() => parseUploadFields({ ...base, dictatedAt: 'yesterday' })).toThrow(/dictatedAt/);
  expect(() => parseUploadFields({ ...base, dictatedAt: '2099-01-01' })).toThrow(/dictatedAt/);
});
