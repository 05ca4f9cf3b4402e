// Upload gatekeeping by magic bytes (SPEC §7): the client's file name and Content-Type are never
// trusted. Sniffing only says what a file claims to be; probeAudio/ffmpeg decide whether it decodes.
//
// Synchronous on purpose, so the upload path can decide on the first chunk without awaiting:
// file-type (async only) serves the tests as an oracle instead. Each check is the format's
// published signature; bare MPEG/ADTS streams must show two consecutive valid frames, because
// sync bytes plus a plausible header occur in a few random buffers in 100,000.

/** Head bytes sniffAudio needs (file-type's sample size; enough for ID3-then-frame checks). */
export const SNIFF_BYTES = 4100;

export interface SniffedAudio {
  /** Canonical content type to store with the object. */
  mime: string;
  ext: string;
}

const t = (mime: string, ext: string): SniffedAudio => ({ mime, ext });
export const AUDIO_TYPES = {
  wav: t('audio/wav', 'wav'),
  mp3: t('audio/mpeg', 'mp3'),
  mp2: t('audio/mpeg', 'mp2'),
  m4a: t('audio/mp4', 'm4a'),
  mov: t('video/quicktime', 'mov'),
  '3gp': t('audio/3gpp', '3gp'),
  '3g2': t('audio/3gpp2', '3g2'),
  aac: t('audio/aac', 'aac'),
  ogg: t('audio/ogg', 'ogg'),
  webm: t('audio/webm', 'webm'),
  mka: t('audio/x-matroska', 'mka'),
  flac: t('audio/flac', 'flac'),
  amr: t('audio/amr', 'amr'),
  wma: t('audio/x-ms-wma', 'wma'),
  aiff: t('audio/aiff', 'aiff'),
  caf: t('audio/x-caf', 'caf'),
  dss: t('audio/x-dss', 'dss'),
  ds2: t('audio/x-ds2', 'ds2'),
} as const satisfies Record<string, SniffedAudio>;

const ASF_GUID = Buffer.from('3026b2758e66cf11a6d900aa0062ce6c', 'hex');
const EBML_MAGIC = Buffer.from('1a45dfa3', 'hex');

/**
 * What kind of audio file `head` (the first SNIFF_BYTES bytes, or the whole file if shorter) starts,
 * or null when it is not audio we accept (text, PDF, images, random bytes). Containers that can
 * also hold video (mp4, webm, mov, 3gp) are accepted because phones and browsers record audio into
 * them; probeAudio insists on an audio stream.
 */
export function sniffAudio(head: Buffer): SniffedAudio | null {
  if (head.length < 4) return null;
  const tag = (at: number, text: string) => head.toString('latin1', at, at + text.length) === text;

  if ((tag(0, 'RIFF') || tag(0, 'RF64') || tag(0, 'BW64')) && tag(8, 'WAVE')) return AUDIO_TYPES.wav;
  if (tag(0, 'FORM') && (tag(8, 'AIFF') || tag(8, 'AIFC'))) return AUDIO_TYPES.aiff;
  if (tag(0, 'caff') && head.length >= 6 && head.readUInt16BE(4) === 1) return AUDIO_TYPES.caf;
  if (tag(0, 'fLaC')) return AUDIO_TYPES.flac;
  if (tag(0, 'OggS') && head.length >= 6 && head[4] === 0) return AUDIO_TYPES.ogg;
  if (tag(0, '#!AMR')) return AUDIO_TYPES.amr;
  if (head.subarray(0, 16).equals(ASF_GUID)) return AUDIO_TYPES.wma;
  // Olympus/Philips dictation formats: a version byte, then the tag.
  if (tag(1, 'dss')) return AUDIO_TYPES.dss;
  if (tag(1, 'ds2')) return AUDIO_TYPES.ds2;
  if (head.subarray(0, 4).equals(EBML_MAGIC)) return matroska(head);
  if (tag(4, 'ftyp')) return isoBrand(head.toString('latin1', 8, 12));
  // QuickTime files from before ftyp existed start with one of these atoms.
  if (tag(4, 'moov') || tag(4, 'mdat') || tag(4, 'wide')) return AUDIO_TYPES.mov;
  if (tag(0, 'ID3')) return afterId3(head);
  if (head[0] === 0xff) return adtsFrames(head, 0) ? AUDIO_TYPES.aac : mpegFrames(head, 0);
  return null;
}

function isoBrand(brand: string): SniffedAudio {
  if (brand === 'qt  ') return AUDIO_TYPES.mov;
  if (brand.startsWith('3gp')) return AUDIO_TYPES['3gp'];
  if (brand.startsWith('3g2')) return AUDIO_TYPES['3g2'];
  // M4A, M4B, isom, mp42, dash, ...: all MPEG-4 files ffmpeg reads the same way.
  return AUDIO_TYPES.m4a;
}

function matroska(head: Buffer): SniffedAudio | null {
  // The EBML header's DocType element (id 0x4282) names the flavour; it sits in the first bytes.
  const at = head.subarray(0, 64).indexOf(Buffer.from([0x42, 0x82]));
  if (at < 0 || at + 3 > head.length) return null;
  const sizeByte = head[at + 2]!;
  if ((sizeByte & 0x80) === 0) return null;
  const docType = head.toString('latin1', at + 3, at + 3 + (sizeByte & 0x7f));
  if (docType === 'webm') return AUDIO_TYPES.webm;
  if (docType === 'matroska') return AUDIO_TYPES.mka;
  return null;
}

function afterId3(head: Buffer): SniffedAudio | null {
  if (head.length < 10) return null;
  // Syncsafe size: 7 bits per byte; a footer adds 10 more bytes.
  const size =
    ((head[6]! & 0x7f) << 21) | ((head[7]! & 0x7f) << 14) | ((head[8]! & 0x7f) << 7) | (head[9]! & 0x7f);
  let at = 10 + size + (head[5]! & 0x10 ? 10 : 0);
  // Album art can push the audio past the head; an ID3 tag in front means MP3 in practice.
  if (at >= head.length) return AUDIO_TYPES.mp3;
  while (at < head.length && head[at] === 0) at += 1;
  if (head.toString('latin1', at, at + 4) === 'fLaC') return AUDIO_TYPES.flac;
  if (adtsFrames(head, at)) return AUDIO_TYPES.aac;
  return mpegFrames(head, at) ?? AUDIO_TYPES.mp3;
}

const bitratesKbps: Record<string, number[]> = {
  // MPEG-1 layer II / III, MPEG-2 and 2.5 layer II / III (index 0 = free format).
  '1-2': [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  '1-3': [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  '2-2': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  '2-3': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const sampleRates: Record<number, number[]> = {
  3: [44100, 48000, 32000], // MPEG-1
  2: [22050, 24000, 16000], // MPEG-2
  0: [11025, 12000, 8000], // MPEG-2.5
};

interface MpegFrame {
  length: number;
  layer: 2 | 3;
  version: number;
}

function mpegFrameAt(b: Buffer, at: number): MpegFrame | null {
  if (at + 4 > b.length || b[at] !== 0xff || (b[at + 1]! & 0xe0) !== 0xe0) return null;
  const versionBits = (b[at + 1]! >> 3) & 3;
  const layerBits = (b[at + 1]! >> 1) & 3;
  const bitrateIndex = b[at + 2]! >> 4;
  const rateIndex = (b[at + 2]! >> 2) & 3;
  const padding = (b[at + 2]! >> 1) & 1;
  // Layer I and free-format streams are not what recorders write; rejecting them keeps this strict.
  if (versionBits === 1 || (layerBits !== 1 && layerBits !== 2) || rateIndex === 3) return null;
  if (bitrateIndex === 0 || bitrateIndex === 15) return null;
  const layer = layerBits === 1 ? 3 : 2;
  const bitrate = bitratesKbps[`${versionBits === 3 ? 1 : 2}-${layer}`]![bitrateIndex]! * 1000;
  const sampleRate = sampleRates[versionBits]![rateIndex]!;
  const perFrame = layer === 3 && versionBits !== 3 ? 72 : 144;
  return { length: Math.floor((perFrame * bitrate) / sampleRate) + padding, layer, version: versionBits };
}

function mpegFrames(head: Buffer, at: number): SniffedAudio | null {
  const first = mpegFrameAt(head, at);
  if (!first) return null;
  // Frames are at most ~1.7 kB, so SNIFF_BYTES always holds two; a shorter file is no dictation.
  const second = mpegFrameAt(head, at + first.length);
  if (!second || second.layer !== first.layer || second.version !== first.version) return null;
  return first.layer === 3 ? AUDIO_TYPES.mp3 : AUDIO_TYPES.mp2;
}

function adtsFrameLength(b: Buffer, at: number): number | null {
  // 12 sync bits, then layer bits that are always 00 (which also tells ADTS apart from MPEG audio).
  if (at + 7 > b.length || b[at] !== 0xff || (b[at + 1]! & 0xf6) !== 0xf0) return null;
  if (((b[at + 2]! >> 2) & 0xf) > 12) return null;
  const length = ((b[at + 3]! & 3) << 11) | (b[at + 4]! << 3) | (b[at + 5]! >> 5);
  return length >= 7 ? length : null;
}

function adtsFrames(head: Buffer, at: number): boolean {
  const first = adtsFrameLength(head, at);
  if (first === null) return false;
  return adtsFrameLength(head, at + first) !== null;
}
