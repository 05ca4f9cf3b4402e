import {
  buildMdmMessage,
  hl7DateTime,
  type MdmOptions,
  parseMdmText,
} from '@dictum/core/capability/interop/hl7-mdm';
import { Hl7Message } from '@medplum/core';
import { describe, expect, it } from 'vitest';
import { NOTE_TEXT, originalSigned } from './fixtures';

// Per-interface MDM settings that the delivery tests do not reach: FT layout, the PDF as an ED OBX,
// the receiver's provider ids, T11, and time zones across a DST change.

const OPTIONS: MdmOptions = {
  sendingApp: 'DICTUM',
  sendingFacility: 'PPTH',
  receivingApp: 'EHR',
  receivingFacility: 'MAIN',
  controlId: 'MSG0002',
  now: new Date('2024-03-06T08:00:01Z'),
};
const segments = (er7: string) => er7.split('\r').slice(0, -1);

describe('MDM interface settings', () => {
  it('FT layout: one OBX with \\.br\\ line breaks that reads back to the exact text', () => {
    const er7 = buildMdmMessage(originalSigned(), { ...OPTIONS, obxLayout: 'FT' });
    const obx = segments(er7).filter((s) => s.startsWith('OBX|'));
    expect(obx).toHaveLength(1);
    expect(obx[0]?.split('|')[2]).toBe('FT');
    expect(obx[0]).toContain('\\.br\\');
    expect(parseMdmText(er7)).toBe(NOTE_TEXT);
    expect(
      segments(er7)
        .find((s) => s.startsWith('TXA|'))
        ?.split('|')[3],
    ).toBe('FT');
  });

  it('the PDF as OBX ED (^AP^PDF^Base64^...), after the text', () => {
    const pdf = Buffer.from('%PDF-1.7 test bytes');
    const er7 = buildMdmMessage(originalSigned(), { ...OPTIONS, pdf });
    const msg = Hl7Message.parse(er7.slice(0, -1));
    const obx = msg.getAllSegments('OBX');
    const ed = obx.at(-1);
    expect(ed?.getField(2).toString()).toBe('ED');
    expect(ed?.getField(5).toString()).toBe(`^AP^PDF^Base64^${pdf.toString('base64')}`);
    expect(obx.slice(0, -1).every((s) => s.getField(2).toString() === 'TX')).toBe(true);
    expect(parseMdmText(er7)).toBe(NOTE_TEXT);
  });

  it("an author without NPI is identified by the receiver's provider id when the interface names its system", () => {
    const doc = originalSigned();
    doc.author = { ...doc.author, ehrProviderIds: [{ system: 'EPICPROV', value: 'E1234' }] };
    const er7 = buildMdmMessage(doc, { ...OPTIONS, providerIdSystem: 'EPICPROV' });
    const txa5 = segments(er7)
      .find((s) => s.startsWith('TXA|'))
      ?.split('|')[5];
    expect(txa5).toBe('E1234^House^Gregory^^^^^^EPICPROV^L^^^PRN');
  });

  it('a retraction is MDM^T11 (structure MDM_T01) without the note text', () => {
    const er7 = buildMdmMessage(originalSigned(), { ...OPTIONS, event: 'RETRACT' });
    expect(segments(er7).map((s) => s.slice(0, 3))).toEqual(['MSH', 'EVN', 'PID', 'PV1', 'TXA']);
    expect(segments(er7)[0]?.split('|')[8]).toBe('MDM^T11^MDM_T01');
  });

  it("timestamps in the interface time zone carry that zone's offset at that instant", () => {
    expect(hl7DateTime(new Date('2024-01-15T12:00:00Z'), 'America/New_York')).toBe('20240115070000-0500');
    expect(hl7DateTime(new Date('2024-07-15T12:00:00Z'), 'America/New_York')).toBe('20240715080000-0400');
    expect(hl7DateTime(new Date('2024-07-15T12:00:00Z'), 'Asia/Kolkata')).toBe('20240715173000+0530');
    expect(hl7DateTime(new Date('2024-07-15T12:00:00Z'))).toBe('20240715120000+0000');
  });
});
