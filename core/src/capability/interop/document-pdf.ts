import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { type DocumentSnapshot, personDisplayName, signer, snapshotCompletion } from './document-snapshot';

export interface PdfOptions {
  /** IANA time zone for the dates printed on the page; UTC by default so output never depends on the host. */
  timeZone?: string;
}

interface FontSet {
  regular: Buffer;
  bold: Buffer;
}

// pdfkit's 14 standard fonts are WinAnsi only, so names like "Ångström" or units like "≥ 38 °C"
// need an embedded Unicode font. DejaVu Sans ships with the app (npm dejavu-fonts-ttf, Bitstream
// Vera licence) so Docker and CI images need no system fonts; Debian's copy is only a fallback for
// an install that pruned optional files. DejaVu has no CJK glyphs: those print as empty boxes.
const FONT_FILES = {
  regular: ['dejavu-fonts-ttf/ttf/DejaVuSans.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'],
  bold: ['dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'],
};

let fonts: FontSet | undefined;

function loadFonts(): FontSet {
  if (!fonts) fonts = { regular: readFont(FONT_FILES.regular), bold: readFont(FONT_FILES.bold) };
  return fonts;
}

function readFont(candidates: string[]): Buffer {
  const require = createRequire(import.meta.url);
  for (const candidate of candidates) {
    let path: string | undefined;
    if (candidate.startsWith('/')) path = existsSync(candidate) ? candidate : undefined;
    else {
      try {
        path = require.resolve(candidate);
      } catch {
        path = undefined;
      }
    }
    if (path) return readFileSync(path);
  }
  throw new Error(`No Unicode font for PDF rendering; tried ${candidates.join(', ')}`);
}

// Ligatures turn "fi" into U+FB01, which text extraction, search and screen readers then report
// instead of the two letters; clinical text is searched and copied, so letters stay letters.
const NO_LIGATURES = { liga: false, clig: false } as unknown as PDFKit.Mixins.OpenTypeFeatures[];

const PAGE = { size: 'LETTER', margin: 54, footerHeight: 36 } as const;
const BODY_SIZE = 10.5;

/**
 * Renders the printable note: header with patient, visit and provenance, the text, a signature
 * block, and "Page n of m" with the patient's name and MRN on every page, so a loose printed page
 * can always be put back in the right chart.
 */
export async function renderDocumentPdf(doc: DocumentSnapshot, options: PdfOptions = {}): Promise<Buffer> {
  const fontSet = loadFonts();
  const when = dateFormatter(options.timeZone ?? 'UTC');
  const pdf = new PDFDocument({
    size: PAGE.size,
    margins: {
      top: PAGE.margin,
      left: PAGE.margin,
      right: PAGE.margin,
      bottom: PAGE.margin + PAGE.footerHeight,
    },
    bufferPages: true,
    autoFirstPage: true,
    lang: 'en-US',
    displayTitle: true,
    info: {
      Title: `${doc.workType.name} ${doc.number}`,
      Author: personDisplayName(doc.author),
      Creator: 'Dictum',
      Producer: 'Dictum',
      // Fixed dates (pdfkit defaults to now) make re-rendering a document byte-for-byte stable.
      CreationDate: doc.finalizedAt,
      ModDate: doc.finalizedAt,
    },
  });
  pdf.registerFont('body', fontSet.regular);
  pdf.registerFont('bold', fontSet.bold);

  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const left = pdf.page.margins.left;
  const width = pdf.page.width - pdf.page.margins.left - pdf.page.margins.right;

  pdf
    .font('bold')
    .fontSize(11)
    .fillColor('#444444')
    .text(doc.organization.name, { features: NO_LIGATURES, width });
  pdf.font('bold').fontSize(16).fillColor('black').text(doc.workType.name, { features: NO_LIGATURES, width });
  pdf.moveDown(0.3);

  if (doc.parent && doc.kind !== 'ORIGINAL') {
    const banner =
      doc.kind === 'ADDENDUM'
        ? `ADDENDUM to document ${doc.parent.number}`
        : `REPLACEMENT of document ${doc.parent.number}, which it supersedes`;
    const y = pdf.y;
    const h =
      pdf
        .font('bold')
        .fontSize(10)
        .heightOfString(banner, { features: NO_LIGATURES, width: width - 12 }) + 8;
    pdf.save().rect(left, y, width, h).fillAndStroke('#f1f1f1', '#888888').restore();
    pdf.fillColor('black').text(banner, left + 6, y + 4, { features: NO_LIGATURES, width: width - 12 });
    pdf.x = left;
    pdf.y = y + h + 6;
  }

  const signedBy = signer(doc);
  const visit = doc.encounter;
  const rows: Array<[string, string, string, string]> = [
    ['Patient', doc.patient.name, 'MRN', doc.patient.mrn],
    ['Birth date', doc.patient.birthDate, 'Sex', doc.patient.sex],
  ];
  if (visit) {
    rows.push(['Visit', visit.visitNumber, 'Location', visit.location ?? '']);
    if (visit.date) rows.push(['Visit date', when(visit.date), '', '']);
  }
  rows.push(
    ['Author', personDisplayName(doc.author), 'Dictated', when(doc.dictatedAt)],
    [
      'Transcribed by',
      doc.transcriptionist ? personDisplayName(doc.transcriptionist) : '',
      'Finalized',
      when(doc.finalizedAt),
    ],
    [
      'Signed by',
      signedBy ? personDisplayName(signedBy) : 'not signed',
      signedBy && doc.signedAt ? 'Signed' : '',
      signedBy && doc.signedAt ? when(doc.signedAt) : '',
    ],
    ['Document', `${doc.number} (version ${doc.version})`, 'Status', statusLabel(doc)],
  );
  if (doc.filedAt) rows.push(['Filed', when(doc.filedAt), '', '']);
  drawFieldRows(pdf, rows, left, width);

  rule(pdf, left, width);
  pdf.moveDown(0.5);

  pdf.font('body').fontSize(BODY_SIZE).fillColor('black');
  pdf.text(printableText(doc.text), left, pdf.y, { features: NO_LIGATURES, width, lineGap: 2 });

  pdf.moveDown(1.5);
  // The status line and this block both come from snapshotCompletion, so they cannot disagree.
  const signature = signedBy
    ? `Electronically signed by ${personDisplayName(signedBy)} on ${when(doc.signedAt as Date)}`
    : (snapshotCompletion(doc).unsignedLine ?? 'Not signed');
  const provenance = [
    `D: ${when(doc.dictatedAt)} by ${personDisplayName(doc.author)}`,
    `T: ${when(doc.finalizedAt)}${doc.transcriptionist ? ` by ${personDisplayName(doc.transcriptionist)}` : ''}`,
  ].join('    ');
  // Keep the signature block together rather than splitting it across a page break.
  const blockHeight =
    pdf.font('bold').fontSize(10).heightOfString(signature, { features: NO_LIGATURES, width }) +
    pdf.font('body').fontSize(9).heightOfString(provenance, { features: NO_LIGATURES, width }) +
    16;
  if (pdf.y + blockHeight > pdf.page.height - pdf.page.margins.bottom) pdf.addPage();
  rule(pdf, left, width);
  pdf.moveDown(0.4);
  pdf.font('bold').fontSize(10).text(signature, left, pdf.y, { features: NO_LIGATURES, width });
  pdf
    .font('body')
    .fontSize(9)
    .fillColor('#444444')
    .text(provenance, left, pdf.y, { features: NO_LIGATURES, width });

  drawFooters(pdf, doc);
  pdf.end();
  return done;
}

function drawFieldRows(
  pdf: PDFKit.PDFDocument,
  rows: Array<[string, string, string, string]>,
  left: number,
  width: number,
) {
  const labelW = 80;
  const colW = width / 2;
  const valueW = colW - labelW - 8;
  pdf.fontSize(9);
  for (const [l1, v1, l2, v2] of rows) {
    const y = pdf.y;
    const h = Math.max(
      pdf.font('body').heightOfString(v1 || ' ', { features: NO_LIGATURES, width: valueW }),
      pdf.font('body').heightOfString(v2 || ' ', { features: NO_LIGATURES, width: valueW }),
    );
    pdf.font('bold').fillColor('#444444').text(l1, left, y, { features: NO_LIGATURES, width: labelW });
    pdf
      .font('body')
      .fillColor('black')
      .text(v1, left + labelW, y, { features: NO_LIGATURES, width: valueW });
    if (l2) {
      pdf
        .font('bold')
        .fillColor('#444444')
        .text(l2, left + colW, y, { features: NO_LIGATURES, width: labelW });
      pdf
        .font('body')
        .fillColor('black')
        .text(v2, left + colW + labelW, y, { features: NO_LIGATURES, width: valueW });
    }
    pdf.x = left;
    pdf.y = y + h + 2;
  }
}

function rule(pdf: PDFKit.PDFDocument, left: number, width: number) {
  pdf.moveDown(0.3);
  pdf
    .save()
    .moveTo(left, pdf.y)
    .lineTo(left + width, pdf.y)
    .lineWidth(0.5)
    .strokeColor('#888888')
    .stroke()
    .restore();
}

function drawFooters(pdf: PDFKit.PDFDocument, doc: DocumentSnapshot) {
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const { margins } = pdf.page;
    const width = pdf.page.width - margins.left - margins.right;
    const y = pdf.page.height - PAGE.margin - 12;
    // Writing below the bottom margin would make pdfkit start a new page, so lift it while drawing.
    const bottom = margins.bottom;
    margins.bottom = 0;
    pdf.font('body').fontSize(8).fillColor('#444444');
    pdf.text(
      `${doc.patient.name} · MRN ${doc.patient.mrn} · ${doc.workType.name} ${doc.number}`,
      margins.left,
      y,
      {
        features: NO_LIGATURES,
        width: width - 90,
        lineBreak: false,
        ellipsis: true,
      },
    );
    pdf.text(`Page ${i - range.start + 1} of ${range.count}`, margins.left + width - 90, y, {
      features: NO_LIGATURES,
      width: 90,
      align: 'right',
      lineBreak: false,
    });
    margins.bottom = bottom;
  }
}

/** Tabs and control characters have no glyph in the font; line breaks are normalised to LF. */
/**
 * pdfkit breaks a word wider than the line one character at a time, measuring the whole remainder
 * each time: quadratic, so one 20,000-character "word" blocked the process for 37 s (200,000 for
 * minutes). Runs without a space longer than this are cut into lines of this length first: no note
 * has such words, and the characters all still print, in order.
 */
const LONGEST_WORD = 60;

function printableText(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      .replace(/\t/g, '    ')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the intent
      .replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '')
      .replace(new RegExp(`[^\\s]{${LONGEST_WORD + 1},}`, 'gu'), (run) =>
        (run.match(new RegExp(`[^]{1,${LONGEST_WORD}}`, 'gu')) ?? [run]).join('\n'),
      )
  );
}

/** "Filed, signed by the author (legally authenticated)" or "Filed, not signed: ..." (SPEC §2). */
function statusLabel(doc: DocumentSnapshot): string {
  const words = doc.status.toLowerCase().replaceAll('_', ' ');
  const status = words.charAt(0).toUpperCase() + words.slice(1);
  return `${status}, ${snapshotCompletion(doc).label}`;
}

function dateFormatter(timeZone: string): (date: Date) => string {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });
  return (date) => {
    const parts = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
  };
}
