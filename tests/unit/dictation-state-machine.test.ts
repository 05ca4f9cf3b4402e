import {
  type DictationEvent,
  type DictationStatus,
  dictationStatuses,
  nextStatus,
  planTransition,
} from '@dictum/core/domain/dictation/state-machine';
import type { AppError } from '@dictum/core/errors';
import { describe, expect, it } from 'vitest';

const allowed: [DictationStatus, DictationEvent, DictationStatus][] = [
  ['UPLOADED', { type: 'enqueue' }, 'QUEUED'],
  ['QUEUED', { type: 'startTranscription' }, 'TRANSCRIBING'],
  ['TRANSCRIBING', { type: 'startTranscription' }, 'TRANSCRIBING'],
  ['TRANSCRIBING', { type: 'draftReady' }, 'DRAFT_READY'],
  ['TRANSCRIBING', { type: 'transcriptionFailed' }, 'TRANSCRIPTION_FAILED'],
  ['TRANSCRIPTION_FAILED', { type: 'claim' }, 'IN_EDIT'],
  ['DRAFT_READY', { type: 'claim' }, 'IN_EDIT'],
  ['IN_EDIT', { type: 'release', hasTranscript: true }, 'DRAFT_READY'],
  ['IN_EDIT', { type: 'release', hasTranscript: false }, 'TRANSCRIPTION_FAILED'],
  ['IN_EDIT', { type: 'finalize' }, 'FINALIZED'],
  ['FINALIZED', { type: 'sign' }, 'SIGNED'],
  ['FINALIZED', { type: 'file', requiresSignature: false }, 'FILED'],
  ['SIGNED', { type: 'file', requiresSignature: true }, 'FILED'],
  ['FILED', { type: 'amend' }, 'AMENDED'],
  ['AMENDED', { type: 'amend' }, 'AMENDED'],
  ['UPLOADED', { type: 'cancel' }, 'CANCELLED'],
  ['QUEUED', { type: 'cancel' }, 'CANCELLED'],
  ['DRAFT_READY', { type: 'cancel' }, 'CANCELLED'],
];

describe('the dictation state machine', () => {
  it.each(allowed)('%s --%o--> %s', (from, event, to) => {
    expect(nextStatus(from, event)).toBe(to);
  });

  it('allows nothing else: every other (status, event) pair is refused', () => {
    const events: DictationEvent[] = [
      { type: 'enqueue' },
      { type: 'startTranscription' },
      { type: 'draftReady' },
      { type: 'transcriptionFailed' },
      { type: 'requeueTranscription' },
      { type: 'claim' },
      { type: 'release', hasTranscript: true },
      { type: 'finalize' },
      { type: 'sign' },
      { type: 'file', requiresSignature: true },
      { type: 'amend' },
      { type: 'cancel' },
    ];
    const extra = new Set([
      'TRANSCRIPTION_FAILED|requeueTranscription',
      'UPLOADED|requeueTranscription',
      'QUEUED|transcriptionFailed',
      'TRANSCRIPTION_FAILED|cancel',
    ]);
    for (const from of dictationStatuses) {
      for (const event of events) {
        const listed = allowed.some(([f, e]) => f === from && e.type === event.type);
        const to = nextStatus(from, event);
        if (!listed && !extra.has(`${from}|${event.type}`)) expect(to, `${from} ${event.type}`).toBeNull();
      }
    }
  });

  it('a work type that needs a signature cannot be filed before the author signs', () => {
    expect(nextStatus('FINALIZED', { type: 'file', requiresSignature: true })).toBeNull();
  });

  it('cancelling is over once editing starts', () => {
    for (const from of ['IN_EDIT', 'FINALIZED', 'SIGNED', 'FILED'] as const)
      expect(nextStatus(from, { type: 'cancel' })).toBeNull();
  });

  it('checks the role before the status', () => {
    expect(() => planTransition('DRAFT_READY', { type: 'claim' }, 'PHYSICIAN')).toThrowError(
      expect.objectContaining({ code: 'FORBIDDEN' }) as unknown as AppError,
    );
    expect(() => planTransition('FINALIZED', { type: 'finalize' }, 'TRANSCRIPTIONIST')).toThrowError(
      expect.objectContaining({ code: 'DICTATION_ALREADY_FINALIZED' }) as unknown as AppError,
    );
    expect(() => planTransition('QUEUED', { type: 'claim' }, 'TRANSCRIPTIONIST')).toThrowError(
      expect.objectContaining({ code: 'INVALID_STATE', status: 409 }) as unknown as AppError,
    );
  });
});
