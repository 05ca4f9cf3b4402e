import { createHash, randomUUID } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { TimedWord } from '../../domain/transcript/word';
import { CHANNEL_TAGS, type ChannelTag } from './channel-files';
import { type CalibrationPoint, calibrateConfidence } from './confidence';
import { POCKETSPHINX_CALIBRATION } from './confidence-calibration';

// The organisation's own confidence map (issue 17, deliverable 5). The shipped maps were fitted on
// the project's development dictations; on a hospital's own prose the same posterior can mean other
// odds (on the evaluation's unseen prose a flagged wide-band word was wrong only a third of the
// time). The model refresh fits a second map on the organisation's drafts against what was signed
// off (model/refit-confidence.ts) and writes it here; the worker passes every local-engine draft's
// confidences through it, so the editor's flag means "more likely wrong than right" on this
// hospital's dictations. It maps the shipped calibrated confidence, not pocketsphinx's posterior.

/** A draft's decoding path: the acoustic model its words came from; `base` = the pooled map. */
export type DecodingPath = ChannelTag | 'base';

/**
 * The shipped maps the organisation's map sits on: a release with refitted shipped maps changes
 * what every stored confidence means, so a map fitted over the old ones is set aside (drafts keep
 * the shipped confidences) until the next refresh fits a new one.
 */
export const SHIPPED_CALIBRATION_ID = createHash('sha256')
  .update(JSON.stringify(POCKETSPHINX_CALIBRATION))
  .digest('hex')
  .slice(0, 12);

export interface OrganisationConfidence {
  id: string;
  createdAt: string;
  shippedCalibration: string;
  /** Per path when the drafts gave it enough words, else `base` (pooled over every path). */
  maps: { base: CalibrationPoint[] } & Partial<Record<ChannelTag, CalibrationPoint[]>>;
  /** How many draft words it was fitted on and judged on (the file holds numbers only, no text). */
  fitWords: number;
  heldBackWords: number;
}

/** The engine whose drafts the map was fitted on and is applied to. */
export const CALIBRATED_ENGINE = 'pocketsphinx';

/** The acoustic model named in a local draft's model string (`en-us+medical@…+room@…`). */
export function decodingPathOf(model: string | null | undefined): DecodingPath {
  for (const tag of CHANNEL_TAGS) if (model?.includes(`+${tag}@`)) return tag;
  return 'base';
}

function validPoints(points: unknown): points is CalibrationPoint[] {
  if (!Array.isArray(points) || points.length > 100) return false;
  let last = Number.NEGATIVE_INFINITY;
  for (const p of points) {
    const { raw, p: share } = (p ?? {}) as Record<string, unknown>;
    if (typeof raw !== 'number' || typeof share !== 'number') return false;
    if (!(raw >= 0 && raw <= 1 && share >= 0 && share <= 1) || raw < last) return false;
    last = raw;
  }
  return true;
}

/** The map in `file`, or null when there is none, it is not a well-formed map or it sits on other shipped maps (then drafts keep the shipped confidences). */
export async function readOrganisationConfidence(file: string): Promise<OrganisationConfidence | null> {
  let value: OrganisationConfidence;
  try {
    value = JSON.parse(await readFile(file, 'utf8')) as OrganisationConfidence;
  } catch {
    return null;
  }
  const maps = value?.maps as Record<string, unknown> | undefined;
  if (typeof value?.id !== 'string' || !maps || !validPoints(maps.base)) return null;
  if (value.shippedCalibration !== SHIPPED_CALIBRATION_ID) return null;
  if (CHANNEL_TAGS.some((tag) => maps[tag] !== undefined && !validPoints(maps[tag]))) return null;
  return value;
}

/** Replaces the map in one rename, so a draft being stored reads the old one or the new one whole. */
export async function writeOrganisationConfidence(file: string, value: OrganisationConfidence) {
  const part = `${file}.${randomUUID().slice(0, 8)}.part`;
  try {
    await writeFile(part, JSON.stringify(value, null, 2));
    await rename(part, file);
  } finally {
    await rm(part, { force: true });
  }
}

export function mapFor(value: OrganisationConfidence, path: DecodingPath): CalibrationPoint[] {
  return (path !== 'base' ? value.maps[path] : undefined) ?? value.maps.base;
}

/** The draft's words with the organisation's map applied; the map is monotone, so a formatted word that merged several keeps its lowest. */
export function applyOrganisationConfidence<W extends TimedWord>(
  words: readonly W[],
  value: OrganisationConfidence,
  path: DecodingPath,
): W[] {
  const points = mapFor(value, path);
  return words.map((w) => ({ ...w, confidence: calibrateConfidence(w.confidence, points) }));
}
