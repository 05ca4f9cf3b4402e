import type { AppConfig } from '../../infra/config';
import type { ChannelTag } from './channel-files';
import type { AsrEngine } from './engine';
import { type LocalEngineOptions, LocalPocketsphinxEngine } from './local-engine';
import { OpenAiEngine } from './openai-engine';

export interface CreateEngineExtras {
  /** Extra settings for the local engine (custom dictionary or language model). */
  local?: Omit<LocalEngineOptions, 'bin'>;
  /** Scratch space for split uploads. */
  workDir?: string;
}

/**
 * Where an adapted acoustic model lives, next to the medical model (ASR_MODEL_DIR): `-phone`
 * (telephone), `-wide` (multi-condition wide-band), `-noise` (denoised steady noise), `-room`.
 */
export const channelModelDir = (medicalModelDir: string, tag: ChannelTag) =>
  `${medicalModelDir.replace(/\/+$/, '')}-${tag}`;
/** Where per-author models live (one folder per author id), next to the medical model. */
export const authorModelsDir = (medicalModelDir: string) => `${medicalModelDir.replace(/\/+$/, '')}-authors`;
/** The organisation's own confidence map (organisation-confidence.ts), next to the medical model. */
export const confidenceMapFile = (medicalModelDir: string) =>
  `${medicalModelDir.replace(/\/+$/, '')}-confidence.json`;

/**
 * The local engine as configured (channel models, settings) with `modelDir` as the medical model
 * and no per-author models: how a refresh decodes held-back recordings with one candidate model.
 */
export function localEngineWithMedicalModel(
  config: AppConfig['transcription'],
  modelDir: string,
): LocalPocketsphinxEngine {
  return new LocalPocketsphinxEngine({
    ...localEngineOptions(config),
    medicalModelDir: modelDir,
    authorModelsDir: undefined,
  });
}

function localEngineOptions(config: AppConfig['transcription']): LocalEngineOptions {
  return {
    medicalModelDir: config.medicalModelDir,
    phoneModelDir: channelModelDir(config.medicalModelDir, 'phone'),
    wideModelDir: channelModelDir(config.medicalModelDir, 'wide'),
    noiseModelDir: channelModelDir(config.medicalModelDir, 'noise'),
    roomModelDir: channelModelDir(config.medicalModelDir, 'room'),
    authorModelsDir: authorModelsDir(config.medicalModelDir),
    speakerAdaptation: config.speakerAdaptation,
    bin: config.pocketsphinxBin,
  };
}

/** The configured speech engine, or null when ASR_ENGINE=none (every dictation is typed by hand). */
export function createAsrEngine(
  config: AppConfig['transcription'],
  extras: CreateEngineExtras = {},
): AsrEngine | null {
  switch (config.engine) {
    case 'none':
      return null;
    case 'local':
      return new LocalPocketsphinxEngine({
        ...localEngineOptions(config),
        ...extras.local,
        bin: config.pocketsphinxBin,
      });
    case 'openai':
      return new OpenAiEngine({ ...config.openai, workDir: extras.workDir });
  }
}
