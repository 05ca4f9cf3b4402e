import { documentCompletion } from '@dictum/core/domain/document/completion-status';
import {
  documentStatuses,
  mayFireDocumentEvent,
  nextDocumentStatus,
  planDocumentTransition,
} from '@dictum/core/domain/document/state-machine';
import { describe, expect, it } from 'vitest';

describe('document state machine', () => {
  it('moves a note through sign, file, supersede and retract', () => {
    expect(nextDocumentStatus('FINALIZED', { type: 'sign', alreadySigned: false })).toBe('SIGNED');
    expect(nextDocumentStatus('FILED', { type: 'sign', alreadySigned: false })).toBe('FILED');
    expect(nextDocumentStatus('FILED', { type: 'sign', alreadySigned: true })).toBeNull();
    expect(nextDocumentStatus('SIGNED', { type: 'file', requiresSignature: true })).toBe('FILED');
    expect(nextDocumentStatus('FINALIZED', { type: 'file', requiresSignature: false })).toBe('FILED');
    expect(nextDocumentStatus('FINALIZED', { type: 'file', requiresSignature: true })).toBeNull();
    expect(nextDocumentStatus('FILED', { type: 'supersede' })).toBe('SUPERSEDED');
    expect(nextDocumentStatus('FILED', { type: 'retract' })).toBe('ENTERED_IN_ERROR');
    expect(nextDocumentStatus('FINALIZED', { type: 'return' })).toBe('RETURNED');
    expect(nextDocumentStatus('FILED', { type: 'return' })).toBeNull();
  });

  it('lets nothing leave a terminal status', () => {
    expect(nextDocumentStatus('SUPERSEDED', { type: 'retract' })).toBe('ENTERED_IN_ERROR');
    for (const from of ['ENTERED_IN_ERROR', 'RETURNED'] as const) {
      for (const event of [
        { type: 'sign', alreadySigned: false },
        { type: 'file', requiresSignature: false },
        { type: 'supersede' },
        { type: 'retract' },
        { type: 'return' },
      ] as const) {
        expect([from, event.type, nextDocumentStatus(from, event)]).toEqual([from, event.type, null]);
      }
    }
    expect(documentStatuses).toHaveLength(6);
  });

  it('says who may fire each event', () => {
    expect(mayFireDocumentEvent('PHYSICIAN', 'sign')).toBe(true);
    expect(mayFireDocumentEvent('RECORDS', 'sign')).toBe(false);
    expect(mayFireDocumentEvent('PHYSICIAN', 'retract')).toBe(false);
    expect(mayFireDocumentEvent('TRANSCRIPTIONIST', 'file')).toBe(false);
    expect(() => planDocumentTransition('FINALIZED', { type: 'retract' }, 'RECORDS')).toThrow(/FINALIZED/);
    expect(() =>
      planDocumentTransition('FINALIZED', { type: 'file', requiresSignature: true }, 'RECORDS'),
    ).toThrow(/signature/);
  });
});

describe('completion status from the facts of a version', () => {
  const base = { kind: 'ORIGINAL', requiresSignature: true, authorId: 'author' } as const;

  it('is LA and final only when the author signed', () => {
    const c = documentCompletion({ ...base, signedById: 'author', signedAt: new Date() });
    expect([c.hl7, c.docStatus, c.signedByAuthor, c.unsignedLine]).toEqual(['LA', 'final', true, null]);
    expect(
      documentCompletion({ ...base, kind: 'REPLACEMENT', signedById: 'author', signedAt: new Date() })
        .docStatus,
    ).toBe('amended');
  });

  it('is DO, never LA, without the author’s signature', () => {
    const pending = documentCompletion({ ...base, signedById: null, signedAt: null });
    expect([pending.hl7, pending.docStatus, pending.signaturePending]).toEqual(['DO', 'preliminary', true]);
    const someoneElse = documentCompletion({ ...base, signedById: 'records-clerk', signedAt: new Date() });
    expect(someoneElse.hl7).toBe('DO');
    const none = documentCompletion({ ...base, requiresSignature: false });
    expect([none.hl7, none.docStatus, none.signaturePending]).toEqual(['DO', 'final', false]);
    for (const c of [pending, someoneElse, none]) {
      expect(c.label).not.toContain('authenticated');
      expect(c.unsignedLine).toMatch(/^Not signed/);
    }
  });
});
