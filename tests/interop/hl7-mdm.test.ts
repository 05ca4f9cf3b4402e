import { splitPersonName } from '@dictum/core/capability/interop/document-snapshot';
import {
  buildMdmMessage,
  escapeHl7,
  hl7DateTime,
  type MdmOptions,
  normalizeLineBreaks,
  parseMdmText,
  unescapeHl7,
} from '@dictum/core/capability/interop/hl7-mdm';
import { Hl7Message } from '@medplum/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALL_SNAPSHOTS,
  addendum,
  NOTE_TEXT,
  originalSigned,
  originalUnsigned,
  replacement,
  withoutEncounter,
} from './fixtures';

const OPTIONS: MdmOptions = {
  sendingApp: 'DICTUM',
  sendingFacility: 'PPTH',
  receivingApp: 'EHR',
  receivingFacility: 'PPTH^MAIN',
  controlId: 'MSG0001',
  now: new Date('2024-03-06T08:00:01.456Z'),
};

/** The independent reading: medplum's parser, then only our unescape of each OBX-5. */
function textViaMedplum(message: Hl7Message): string {
  return message
    .getAllSegments('OBX')
    .map((obx) => unescapeHl7(obx.getField(5)?.toString() ?? ''))
    .join('\n');
}

function build(doc = originalSigned(), options: Partial<MdmOptions> = {}) {
  const er7 = buildMdmMessage(doc, { ...OPTIONS, ...options });
  // Every segment ends with CR (the last one too); medplum's parser reads a trailing CR as an
  // empty segment, so it is handed the message without it.
  expect(er7.endsWith('\r')).toBe(true);
  return { er7, msg: Hl7Message.parse(er7.slice(0, -1)) };
}

describe('buildMdmMessage', () => {
  it.each(ALL_SNAPSHOTS)('%s parses with medplum and gives back the exact text', (_name, make) => {
    const doc = make();
    const { er7, msg } = build(doc);
    expect(msg.segments.map((s) => s.name)).toEqual([
      'MSH',
      'EVN',
      'PID',
      'PV1',
      'TXA',
      ...doc.text.split('\n').map(() => 'OBX'),
    ]);
    expect(textViaMedplum(msg)).toBe(doc.text);
    expect(parseMdmText(er7)).toBe(doc.text);
    // Segments are terminated by CR only (the last one too); no LF or MLLP framing byte inside.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: these bytes are what must not appear
    expect(er7).not.toMatch(/[\n\u000b\u001c]/);
    expect(er7.split('\r').at(-1)).toBe('');
    expect(
      er7
        .split('\r')
        .slice(0, -1)
        .every((segment) => /^[A-Z][A-Z0-9]{2}\|/.test(segment)),
    ).toBe(true);
  });

  it('writes MSH for v2.5.1 with UTF-8 and the trigger of the document kind', () => {
    const { msg } = build(originalSigned());
    const msh = msg.header;
    expect(msh.getField(1).toString()).toBe('|');
    expect(msh.getField(2).toString()).toBe('^~\\&');
    expect(msh.getComponent(3, 1)).toBe('DICTUM');
    expect(msh.getComponent(4, 1)).toBe('PPTH');
    expect(msh.getComponent(5, 1)).toBe('EHR');
    // A delimiter inside a configured value is escaped, not taken as a component separator.
    expect(unescapeHl7(msh.getField(6).toString())).toBe('PPTH^MAIN');
    expect(msh.getField(7).toString()).toBe('20240306080001+0000');
    expect(msh.getField(9).toString()).toBe('MDM^T02^MDM_T02');
    expect(msh.getField(10).toString()).toBe('MSG0001');
    expect(msh.getField(11).toString()).toBe('P');
    expect(msh.getField(12).toString()).toBe('2.5.1');
    expect(msh.getField(18).toString()).toBe('UNICODE UTF-8');
    expect(msg.getSegment('EVN')?.getField(1).toString()).toBe('T02');
    // EVN-2 is when the note was filed (recorded), not when the message was built.
    const d = originalSigned();
    expect(msg.getSegment('EVN')?.getField(2).toString()).toBe(hl7DateTime(d.filedAt ?? d.finalizedAt));

    expect(build(addendum()).msg.header.getField(9).toString()).toBe('MDM^T06^MDM_T02');
    expect(build(addendum()).msg.getSegment('EVN')?.getField(1).toString()).toBe('T06');
    expect(build(replacement()).msg.header.getField(9).toString()).toBe('MDM^T10^MDM_T02');
    expect(build(originalSigned(), { processingId: 'T' }).msg.header.getField(11).toString()).toBe('T');
  });

  it('identifies the patient in PID', () => {
    const { msg } = build(originalSigned());
    const pid = msg.getSegment('PID');
    expect(pid?.getComponent(3, 1)).toBe('MRN-004711');
    expect(pid?.getComponent(3, 4)).toBe('PPTH');
    expect(pid?.getComponent(3, 5)).toBe('MR');
    expect(pid?.getComponent(5, 1)).toBe('Ångström');
    expect(pid?.getComponent(5, 2)).toBe('Zoë');
    expect(pid?.getField(7).toString()).toBe('19700214');
    expect(pid?.getField(8).toString()).toBe('F');

    const other = build(originalSigned(), { mrnAssigningAuthority: 'PPTH-MRN' }).msg.getSegment('PID');
    expect(other?.getComponent(3, 4)).toBe('PPTH-MRN');
    const sexes = (['male', 'female', 'other', 'unknown'] as const).map((sex) =>
      build(originalSigned({ patient: { ...originalSigned().patient, sex } }))
        .msg.getSegment('PID')
        ?.getField(8)
        .toString(),
    );
    expect(sexes).toEqual(['M', 'F', 'O', 'U']);
    const family = build(
      originalSigned({ patient: { ...originalSigned().patient, name: "O'Brien-Smith, Mary Ann" } }),
    );
    expect(family.msg.getSegment('PID')?.getField(5).toString()).toBe("O'Brien-Smith^Mary^Ann");
  });

  it('writes the visit in PV1, or a placeholder class without one', () => {
    const pv1 = build(originalSigned()).msg.getSegment('PV1');
    expect(pv1?.getField(2).toString()).toBe('U');
    expect(unescapeHl7(pv1?.getField(3).toString() ?? '')).toBe('Clinic 3 | East');
    expect(pv1?.getField(19).toString()).toBe('V-20240305-01');
    expect(pv1?.getField(44).toString()).toBe('20240305093000+0000');
    const none = build(withoutEncounter()).msg.getSegment('PV1');
    expect(none?.getField(2).toString()).toBe('N');
    expect(none?.getField(19)?.toString() ?? '').toBe('');
  });

  it('fills TXA for a signed original', () => {
    const doc = originalSigned();
    const txa = build(doc).msg.getSegment('TXA');
    expect(txa?.getField(1).toString()).toBe('1');
    expect(txa?.getComponent(2, 1)).toBe('PN');
    expect(txa?.getComponent(2, 2)).toBe('Progress note');
    expect(txa?.getField(3).toString()).toBe('TX');
    expect(txa?.getField(4).toString()).toBe('20240305093000+0000');
    // No NPI: our username, under our facility, identifier type PRN.
    expect(txa?.getField(5).toString()).toBe('dr.house^House^Gregory^^^^^^PPTH^L^^^PRN');
    expect(txa?.getField(6).toString()).toBe(hl7DateTime(doc.dictatedAt));
    expect(txa?.getField(7).toString()).toBe(hl7DateTime(doc.finalizedAt));
    expect(txa?.getField(9).toString()).toBe('dr.house^House^Gregory^^^^^^PPTH^L^^^PRN');
    expect(txa?.getField(11).toString()).toBe('mt.jones^Jones^Mary^Ann^^^^^PPTH^L^^^PRN');
    expect(txa?.getField(12).toString()).toBe('D2024-000123');
    expect(txa?.getField(13).toString()).toBe('');
    expect(txa?.getField(17).toString()).toBe('LA');
    expect(txa?.getField(19).toString()).toBe('AV');
    expect(txa?.getComponent(22, 1)).toBe('dr.house');
    expect(txa?.getComponent(22, 2)).toBe('House');
    expect(txa?.getComponent(22, 15)).toBe('20240305184500+0000');
  });

  it('marks an unsigned note as unavailable with no authentication', () => {
    const txa = build(originalUnsigned()).msg.getSegment('TXA');
    expect(txa?.getField(17).toString()).toBe('DO');
    expect(txa?.getField(19).toString()).toBe('UN');
    expect(txa?.getField(22)?.toString() ?? '').toBe('');
    expect(
      build(originalSigned({ status: 'SUPERSEDED' }))
        .msg.getSegment('TXA')
        ?.getField(19)
        .toString(),
    ).toBe('OB');
    expect(build(withoutEncounter()).msg.getSegment('TXA')?.getField(11)?.toString() ?? '').toBe('');
    expect(build(withoutEncounter()).msg.getSegment('TXA')?.getField(4).toString()).toBe(
      hl7DateTime(withoutEncounter().dictatedAt),
    );
  });

  it('points addenda and replacements at the parent in TXA-13', () => {
    const a = build(addendum()).msg.getSegment('TXA');
    expect(a?.getField(12).toString()).toBe('D2024-000124');
    expect(a?.getField(13).toString()).toBe('D2024-000123');
    const r = build(replacement()).msg.getSegment('TXA');
    expect(r?.getField(12).toString()).toBe('D2024-000125');
    expect(r?.getField(13).toString()).toBe('D2024-000123');
  });

  it('writes one TX OBX per line with the LOINC type, escaping delimiters', () => {
    const { msg } = build(originalSigned());
    const obx = msg.getAllSegments('OBX');
    expect(obx).toHaveLength(NOTE_TEXT.split('\n').length);
    obx.forEach((segment, i) => {
      expect(segment.getField(1).toString()).toBe(String(i + 1));
      expect(segment.getField(2).toString()).toBe('TX');
      expect(segment.getField(3).toString()).toBe('11506-3^Progress note^LN');
      expect(segment.getField(11).toString()).toBe('F');
    });
    expect(obx[4]?.getField(5).toString()).toBe(
      'Vitamin B12 5 µg daily \\F\\ aspirin 81 mg \\S\\ PRN \\T\\ rest \\R\\ fluids \\E\\ as needed.',
    );
    // Blank lines are OBX segments with an empty OBX-5.
    expect(obx[2]?.getField(5).toString()).toBe('');
    expect(obx[5]?.getField(5).toString()).toBe('');
    expect(obx[6]?.getField(5).toString()).toBe('');
  });

  it('keeps leading, trailing and repeated blank lines, and an empty note', () => {
    for (const text of ['', '\n', '\n\nA\n\n', 'A\n', '\nA', 'A\n\n\nB']) {
      const { er7, msg } = build(originalSigned({ text }));
      expect(textViaMedplum(msg)).toBe(text);
      expect(parseMdmText(er7)).toBe(text);
    }
  });

  it('normalises CRLF and CR to LF (the app stores LF-only text)', () => {
    const { er7, msg } = build(originalSigned({ text: 'A\r\nB\rC\n\r\nD' }));
    expect(textViaMedplum(msg)).toBe('A\nB\nC\n\nD');
    expect(parseMdmText(er7)).toBe('A\nB\nC\n\nD');
  });

  it('property: any text survives build → medplum parse → unescape → join (after CR/CRLF → LF)', () => {
    const special = fc.constantFrom(
      '|',
      '^',
      '~',
      '\\',
      '&',
      '\n',
      '\r\n',
      '\r',
      '\t',
      '\u000b',
      '\u001c',
      '\\E\\',
      '\\.br\\',
      'µ',
      'Ω',
      '你好',
      '👩‍⚕️',
    );
    const text = fc
      .array(fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), special), {
        maxLength: 30,
      })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.string({ unit: 'grapheme', maxLength: 30 }), (note, name) => {
        const doc = originalSigned({ text: note, patient: { ...originalSigned().patient, name } });
        const { er7, msg } = build(doc);
        const expected = normalizeLineBreaks(note);
        expect(textViaMedplum(msg)).toBe(expected);
        expect(parseMdmText(er7)).toBe(expected);
        expect(msg.getSegment('PID')?.getComponent(3, 1)).toBe('MRN-004711');
        expect(msg.getSegment('TXA')?.getField(12).toString()).toBe('D2024-000123');
        expect(unescapeHl7(msg.getSegment('PID')?.getComponent(5, 1) ?? '')).toBe(
          splitPersonName(name).family,
        );
        expect(msg.getAllSegments('OBX')).toHaveLength(expected.split('\n').length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('escapeHl7 / unescapeHl7', () => {
  it('escapes the five delimiters, the escape character first', () => {
    expect(escapeHl7('a|b^c&d~e\\f')).toBe('a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f');
    expect(escapeHl7('\\F\\')).toBe('\\E\\F\\E\\');
    expect(unescapeHl7('\\E\\F\\E\\')).toBe('\\F\\');
    expect(escapeHl7('Zoë ≥ 38 °C\tok')).toBe('Zoë ≥ 38 °C\tok');
  });

  it('hex-escapes control characters so they cannot end a segment or an MLLP frame', () => {
    expect(escapeHl7('a\rb\nc\u000bd\u001ce\u007f')).toBe('a\\X0D\\b\\X0A\\c\\X0B\\d\\X1C\\e\\X7F\\');
  });

  it('reads what other senders write', () => {
    expect(unescapeHl7('line one\\.br\\line two')).toBe('line one\nline two');
    expect(unescapeHl7('\\X0D0A\\')).toBe('\r\n');
    expect(unescapeHl7('\\XC2B5\\g')).toBe('µg');
    expect(unescapeHl7('\\H\\bold\\N\\ text')).toBe('bold text');
    expect(unescapeHl7('C:\\temp')).toBe('C:\\temp');
    expect(unescapeHl7('trailing \\')).toBe('trailing \\');
    expect(unescapeHl7('\\Q\\x')).toBe('\\Q\\x');
  });

  it('property: unescape(escape(s)) === s, and escaped text holds no raw delimiter or control character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const escaped = escapeHl7(s);
        expect(unescapeHl7(escaped)).toBe(s);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: these characters are what must not appear
        expect(escaped).not.toMatch(/[|^~&\u0000-\u0008\u000a-\u001f\u007f]/);
        // Every escape character opens one of the escapes we emit.
        expect(escaped.replace(/\\(?:[EFSTR]|X[0-9A-F]{2})\\/g, '')).not.toContain('\\');
      }),
      { numRuns: 1000 },
    );
  });
});

describe('parseMdmText', () => {
  it('reads LF-separated messages, FT line breaks and OBX-5 repetitions, and skips non-text OBX', () => {
    const message = [
      'MSH|^~\\&|X|Y|Z|W|20240101000000||MDM^T02^MDM_T02|1|P|2.5.1',
      'TXA|1|PN|TX',
      'OBX|1|FT|||first\\.br\\second',
      'OBX|2|NM|||42',
      'OBX|3|TX|||third~fourth',
      'OBX|4|ST|||a \\T\\ b',
    ].join('\n');
    expect(parseMdmText(message)).toBe('first\nsecond\nthird\nfourth\na & b');
  });

  it('rejects text that is not an HL7 message', () => {
    expect(() => parseMdmText('hello')).toThrow(/MSH/);
  });
});

describe('splitPersonName', () => {
  it.each([
    ['Zoë Ångström', { family: 'Ångström', given: ['Zoë'] }],
    ['Mary Ann  Jones', { family: 'Jones', given: ['Mary', 'Ann'] }],
    ['Jones, Mary Ann', { family: 'Jones', given: ['Mary', 'Ann'] }],
    ['van der Berg, Anna', { family: 'van der Berg', given: ['Anna'] }],
    ['Cher', { family: 'Cher', given: [] }],
    ['  ', { family: '', given: [] }],
  ])('%s', (name, expected) => {
    expect(splitPersonName(name)).toEqual(expected);
  });
});
