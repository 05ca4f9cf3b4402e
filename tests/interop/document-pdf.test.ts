import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { renderDocumentPdf } from '@dictum/core/capability/interop/document-pdf';
import type { DocumentSnapshot } from '@dictum/core/capability/interop/document-snapshot';
import { afterAll, describe, expect, it } from 'vitest';
import {
  addendum,
  NOTE_TEXT,
  originalSigned,
  originalUnsigned,
  replacement,
  withoutEncounter,
} from './fixtures';

// Text comes back through poppler's pdftotext, an extractor independent of pdfkit, so what is
// asserted is what a reader (or a records system indexing the PDF) actually gets.
const dir = mkdtempSync(path.join(tmpdir(), 'dictum-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
async function render(doc: DocumentSnapshot, options?: { timeZone?: string }) {
  const pdf = await renderDocumentPdf(doc, options);
  const file = path.join(dir, `doc-${++n}.pdf`);
  writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
  return { pdf, text, info, fonts, pages };
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The page footers interleave with the body at page breaks; drop them to read the body as one text. */
function withoutFooters(text: string, doc: DocumentSnapshot): string {
  const footer = `${doc.patient.name} · MRN ${doc.patient.mrn} · ${doc.workType.name} ${doc.number}`;
  return text.replaceAll(footer, ' ').replace(/Page \d+ of \d+/g, ' ');
}

describe('renderDocumentPdf', () => {
  it('prints header, the note text, signature and page number', async () => {
    const doc = originalSigned();
    const { pdf, text, pages } = await render(doc);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pages).toBe(1);
    const flat = squash(text);
    expect(flat).toContain(squash(NOTE_TEXT));
    for (const expected of [
      'Princeton-Plainsboro Teaching Hospital',
      'Progress note',
      'Zoë Ångström',
      'MRN-004711',
      '1970-02-14',
      'female',
      'V-20240305-01',
      'Clinic 3 | East',
      'Gregory House',
      'Jones, Mary Ann',
      'D2024-000123 (version 1)',
      'Filed, signed by the author (legally authenticated)',
      '2024-03-05 10:15 UTC', // dictated
      '2024-03-05 15:00 UTC', // finalized
      'Electronically signed by Gregory House on 2024-03-05 18:45 UTC',
      'Page 1 of 1',
    ]) {
      expect(flat).toContain(expected);
    }
    expect(flat).not.toContain('Not signed');
  });

  it('says when a note is not signed, and prints no visit without an encounter', async () => {
    const { text } = await render(originalUnsigned());
    expect(squash(text)).toContain("Not signed: awaiting the author's signature");
    expect(squash(text)).toContain("Finalized, not signed: awaiting the author's signature");
    expect(squash(text)).not.toContain('legally authenticated');
    const none = squash((await render(withoutEncounter())).text);
    expect(none).not.toContain('V-20240305-01');
    expect(none).toContain("Not signed: awaiting the author's signature");
  });

  it('names the parent document on addenda and replacements', async () => {
    expect(squash((await render(addendum())).text)).toContain('ADDENDUM to document D2024-000123');
    expect(squash((await render(replacement())).text)).toContain(
      'REPLACEMENT of document D2024-000123, which it supersedes',
    );
    expect(squash((await render(originalSigned())).text)).not.toMatch(/ADDENDUM to|REPLACEMENT of/);
  });

  it('embeds a Unicode font so non-Latin-1 text survives', async () => {
    const text =
      'Zoë Ångström, 5 µg, ≥ 38 °C, Ωmega, naïve café, ½ tab, ± 2 mm, → left, Ж, Ψ, “quoted”, fi fl';
    const { text: out, fonts } = await render(originalSigned({ text }));
    expect(squash(out)).toContain(text);
    expect(fonts).toMatch(/DejaVuSans\s/);
    // Every font in the file is embedded (emb = yes); the standard 14 fonts would not be.
    const rows = fonts
      .split('\n')
      .slice(2)
      .filter((l) => l.trim() !== '');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/\byes\s+yes\s+yes\b/);
  });

  it('does not fail on scripts the font lacks (CJK prints as empty boxes)', async () => {
    const { pages, text } = await render(originalSigned({ text: 'Patient name 王小明 (你好).' }));
    expect(pages).toBe(1);
    expect(squash(text)).toContain('Patient name');
  });

  it('wraps and paginates a long note, numbering every page', async () => {
    const paragraphs = Array.from({ length: 60 }, (_, i) =>
      `Paragraph ${i + 1}: the patient tolerated the procedure well, vitals stable at 37.2 °C, plan unchanged. `
        .repeat(3)
        .trim(),
    );
    const doc = originalSigned({ text: paragraphs.join('\n\n') });
    const { text, pages } = await render(doc);
    expect(pages).toBeGreaterThanOrEqual(3);
    const pageTexts = text.split('\f').filter((p) => p.trim() !== '');
    expect(pageTexts).toHaveLength(pages);
    pageTexts.forEach((page, i) => {
      expect(page).toContain(`Page ${i + 1} of ${pages}`);
      expect(page).toContain('MRN-004711');
    });
    expect(squash(withoutFooters(text, doc))).toContain(squash(doc.text));
    expect(squash(pageTexts[pages - 1] ?? '')).toContain('Electronically signed by Gregory House');
  });

  it('breaks a word longer than a line without losing characters', async () => {
    const word = `${'x'.repeat(250)}END`;
    const { text } = await render(originalSigned({ text: `before ${word} after` }));
    expect(text.replace(/\s+/g, '')).toContain(`before${word}after`);
  });

  it('is deterministic: the same document renders to the same bytes, dated when finalized', async () => {
    const a = await render(originalSigned());
    const b = await render(originalSigned());
    expect(a.pdf.equals(b.pdf)).toBe(true);
    expect(a.info).toMatch(/CreationDate:\s+Tue Mar\s+5 15:00:00 2024 UTC/);
    expect(a.info).toMatch(/Title:\s+Progress note D2024-000123/);
  });

  it('prints dates in the configured time zone', async () => {
    const { text } = await render(originalSigned(), { timeZone: 'America/New_York' });
    expect(squash(text)).toContain('Electronically signed by Gregory House on 2024-03-05 13:45 EST');
  });
});
