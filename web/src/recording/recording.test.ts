import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { mrnFromBarcode } from './barcode';
import {
  modelFor,
  POWERMIC_3,
  POWERMIC_4,
  POWERMIC_4_GAMEPAD,
  pressedActions,
  SPEECHMIKE,
  SPEECHMIKE_GAMEPAD,
  TAUGHT,
  taughtBit,
} from './dictationMics';
import { actionFor, comboOf, DEFAULT_RECORDER_KEYS } from './hotkeys';
import { isRetryable, retryDelaySec } from './outbox';
import { lengthAfter, renderTimeline, spliceSamples, timelineLength } from './timeline';
import { encodeWav, wavDurationSec } from './wav';

const report = (bytes: number[]) => new DataView(new Uint8Array(bytes).buffer);

describe('timeline: insert and overwrite at a position', () => {
  it('overwrite from the middle: first part + new part (when the new part runs past the end)', () => {
    expect(lengthAfter(10, 5, 8, 'overwrite')).toBe(13);
    // inside the old audio: the length does not change
    expect(lengthAfter(10, 2, 3, 'overwrite')).toBe(10);
  });
  it('insert: the sum', () => {
    expect(lengthAfter(10, 5, 8, 'insert')).toBe(18);
    expect(lengthAfter(10, 0, 2, 'insert')).toBe(12);
  });
  it('clamps a position past the end (append)', () => {
    expect(lengthAfter(10, 99, 2, 'overwrite')).toBe(12);
  });
  it('sums ops in order', () => {
    const d = new Map([
      ['a', 10],
      ['b', 4],
      ['c', 3],
    ]);
    expect(
      timelineLength(
        [
          { takeId: 'a', at: 0, mode: 'insert' },
          { takeId: 'b', at: 5, mode: 'overwrite' },
          { takeId: 'c', at: 1, mode: 'insert' },
        ],
        d,
      ),
    ).toBe(13);
  });
  it('splices samples: overwrite replaces, insert shifts the rest', () => {
    const base = Float32Array.from([1, 2, 3, 4, 5]);
    const add = Float32Array.from([9, 9]);
    expect([...spliceSamples(base, add, 1, 'overwrite')]).toEqual([1, 9, 9, 4, 5]);
    expect([...spliceSamples(base, add, 4, 'overwrite')]).toEqual([1, 2, 3, 4, 9, 9]);
    expect([...spliceSamples(base, add, 1, 'insert')]).toEqual([1, 9, 9, 2, 3, 4, 5]);
    expect([...spliceSamples(base, add, 0, 'insert')]).toEqual([9, 9, 1, 2, 3, 4, 5]);
  });
  it('renders the takes in order at the sample rate', () => {
    const takes = new Map([
      ['a', Float32Array.from([1, 1, 1, 1])],
      ['b', Float32Array.from([2, 2])],
    ]);
    const out = renderTimeline(
      [
        { takeId: 'a', at: 0, mode: 'insert' },
        { takeId: 'b', at: 0.5, mode: 'overwrite' },
      ],
      takes,
      2,
    );
    expect([...out]).toEqual([1, 2, 2, 1]);
  });
});

describe('WAV', () => {
  it('writes 16-bit mono PCM with the right header and length', () => {
    const wav = encodeWav(new Float32Array(16000 * 2).fill(0.5), 16000);
    expect(new TextDecoder().decode(wav.subarray(0, 4))).toBe('RIFF');
    expect(new TextDecoder().decode(wav.subarray(8, 12))).toBe('WAVE');
    expect(wav.byteLength).toBe(44 + 64000);
    expect(wavDurationSec(wav)).toBe(2);
    const v = new DataView(wav.buffer);
    expect(v.getInt16(44, true)).toBe(Math.trunc(0.5 * 0x7fff));
  });
  it('clips samples outside -1..1', () => {
    const v = new DataView(encodeWav(Float32Array.from([2, -2]), 8000).buffer);
    expect(v.getInt16(44, true)).toBe(0x7fff);
    expect(v.getInt16(46, true)).toBe(-0x8000);
  });
});

describe('dictation microphones (WebHID reports as dictation_support reads them)', () => {
  it('knows the SpeechMike in HID mode: vendor 0x0911, usage page 0xFFA0', () => {
    const m = modelFor({
      vendorId: 0x0911,
      productId: 0x0c1c,
      collections: [{ usagePage: 0xffa0, usage: 1 }],
    });
    expect(m).toBe(SPEECHMIKE);
    // in Browser/Gamepad mode the buttons come on the gamepad collection
    expect(modelFor({ vendorId: 0x0911, productId: 0x0fa0, collections: [{ usagePage: 1, usage: 4 }] })).toBe(
      SPEECHMIKE_GAMEPAD,
    );
    expect(
      modelFor({ vendorId: 0x0911, productId: 0x0fa0, collections: [{ usagePage: 0xffa0, usage: 1 }] }),
    ).toBe(SPEECHMIKE);
    // a Philips foot control (0x1844) is not a microphone
    expect(modelFor({ vendorId: 0x0911, productId: 0x1844, collections: [{ usagePage: 1, usage: 4 }] })).toBe(
      null,
    );
    expect(modelFor({ vendorId: 0x0554, productId: 0x0064 })).toBe(POWERMIC_4);
    expect(modelFor({ vendorId: 0x0554, productId: 0x1001 })).toBe(POWERMIC_3);
    expect(modelFor({ vendorId: 0x07b4, productId: 0x0218 })).toBe(TAUGHT);
    expect(modelFor({ vendorId: 0x1234, productId: 1 })).toBe(null);
  });

  it('SpeechMike: command 0x80, buttons in bytes 7..8', () => {
    const idle = SPEECHMIKE.mask(report([0x80, 0, 0, 0, 0, 0, 0, 0, 0]))!;
    const rec = SPEECHMIKE.mask(report([0x80, 0, 0, 0, 0, 0, 0, 0, 1]))!;
    expect(pressedActions(idle, rec, SPEECHMIKE.bits)).toEqual(['record']);
    const cases: [number, string][] = [
      [2, 'stop'],
      [4, 'play'],
      [8, 'forward'],
      [16, 'rewind'],
      [32, 'send'],
      [64, 'insOvr'],
    ];
    for (const [b, action] of cases) {
      expect(
        pressedActions(0, SPEECHMIKE.mask(report([0x80, 0, 0, 0, 0, 0, 0, 0, b]))!, SPEECHMIKE.bits),
      ).toEqual([action]);
    }
    // a response to a command (not 0x80) is not a button event
    expect(SPEECHMIKE.mask(report([0x8b, 0, 0, 0, 0, 0, 0, 0, 1]))).toBe(null);
  });

  it('counts presses, not held buttons (slider models keep their position bits set)', () => {
    const rec = 1 << 8;
    expect(pressedActions(rec, rec, SPEECHMIKE.bits)).toEqual([]);
    expect(pressedActions(rec, rec | (1 << 14), SPEECHMIKE.bits)).toEqual(['insOvr']);
    expect(pressedActions(rec, 0, SPEECHMIKE.bits)).toEqual([]);
  });

  it('PowerMic 4 shares the report with its own bits; PowerMic III has its mask in bytes 1..2', () => {
    expect(
      pressedActions(0, POWERMIC_4.mask(report([0x80, 0, 0, 0, 0, 0, 0, 0, 1 << 5]))!, POWERMIC_4.bits),
    ).toEqual(['rewind']);
    expect(pressedActions(0, POWERMIC_3.mask(report([0, 4, 0]))!, POWERMIC_3.bits)).toEqual(['record']);
    expect(pressedActions(0, POWERMIC_3.mask(report([0, 64, 0]))!, POWERMIC_3.bits)).toEqual(['play']);
  });

  it('gamepad mode: the mask in bytes 0..1', () => {
    expect(pressedActions(0, SPEECHMIKE_GAMEPAD.mask(report([1 << 5, 0]))!, SPEECHMIKE_GAMEPAD.bits)).toEqual(
      ['record'],
    );
    expect(pressedActions(0, SPEECHMIKE_GAMEPAD.mask(report([0, 1 << 6]))!, SPEECHMIKE_GAMEPAD.bits)).toEqual(
      ['send'],
    );
    expect(pressedActions(0, POWERMIC_4_GAMEPAD.mask(report([0, 1 << 6]))!, POWERMIC_4_GAMEPAD.bits)).toEqual(
      ['rewind'],
    );
  });

  it('teaches a button from the single bit a press sets', () => {
    expect(taughtBit(0, 0b100)).toBe(0b100);
    expect(taughtBit(0b1, 0b101)).toBe(0b100);
    expect(taughtBit(0, 0b110)).toBe(null);
    expect(taughtBit(0b1, 0b1)).toBe(null);
    expect(TAUGHT.mask(report([0, 2, 0, 0, 9]))).toBe(0x200);
  });
});

describe('recorder keys', () => {
  const ev = (
    key: string,
    mods: Partial<Record<'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey', boolean>> = {},
  ) => ({
    key,
    ctrlKey: false,
    altKey: false,
    shiftKey: false,
    metaKey: false,
    ...mods,
  });
  it('writes combos with modifiers in a fixed order', () => {
    expect(comboOf(ev('F9'))).toBe('F9');
    expect(comboOf(ev('r', { ctrlKey: true, shiftKey: true }))).toBe('Ctrl+Shift+R');
    expect(comboOf(ev(' '))).toBe('Space');
    expect(comboOf(ev('Shift', { shiftKey: true }))).toBe('');
  });
  it('finds the bound action', () => {
    expect(actionFor(ev('F9'), DEFAULT_RECORDER_KEYS)).toBe('record');
    expect(actionFor(ev('Enter', { ctrlKey: true, shiftKey: true }), DEFAULT_RECORDER_KEYS)).toBe('send');
    expect(actionFor(ev('F9', { altKey: true }), DEFAULT_RECORDER_KEYS)).toBe(null);
  });
});

describe('outbox retries', () => {
  it('retries network, server, rate-limit and session failures; not bad input', () => {
    expect(isRetryable(new ApiError(0, 'NETWORK', ''))).toBe(true);
    expect(isRetryable(new ApiError(503, 'UNAVAILABLE', ''))).toBe(true);
    expect(isRetryable(new ApiError(429, 'RATE_LIMITED', ''))).toBe(true);
    expect(isRetryable(new ApiError(401, 'UNAUTHENTICATED', ''))).toBe(true);
    expect(isRetryable(new ApiError(422, 'UNKNOWN_PATIENT', ''))).toBe(false);
    expect(isRetryable(new ApiError(415, 'UNSUPPORTED_MEDIA', ''))).toBe(false);
    expect(isRetryable(new Error('x'))).toBe(false);
  });
  it('backs off 5, 10, 20, 40 then 60 s', () => {
    expect([1, 2, 3, 4, 5, 9].map(retryDelaySec)).toEqual([5, 10, 20, 40, 60, 60]);
  });
});

describe('wristband barcodes', () => {
  it('reads the MRN alone, with a prefix, or before other fields', () => {
    expect(mrnFromBarcode('E2E1234')).toBe('E2E1234');
    expect(mrnFromBarcode(' MRN: 00123 ')).toBe('00123');
    expect(mrnFromBarcode('MRN00456')).toBe('00456');
    expect(mrnFromBarcode('A778^DOE^JOHN')).toBe('A778');
    expect(mrnFromBarcode('12|x')).toBe('12');
    expect(mrnFromBarcode('not an mrn!')).toBe(null);
    expect(mrnFromBarcode('')).toBe(null);
  });
});
