import type { AppConfig } from '../../infra/config';
import type { AsrEngine } from './engine';
import { type LocalEngineOptions, LocalPocketsphinxEngine } from './local-engine';
import { OpenAiEngine } from './openai-engine';

export interface CreateEngineExtras {
  /** Extra settings for the local engine (custom dictionary or language model). */
  local?: Omit<LocalEngineOptions, 'bin'>;
  /** Scratch space for split uploads. */
  workDir?: string;
}

/** Where the telephone-adapted acoustic model lives: next to the medical model (ASR_MODEL_DIR). */
export const phoneModelDir = (medicalModelDir: string) => `${medicalModelDir.replace(/\/+$/, '')}-phone`;
/** Where the multi-condition wide-band acoustic model lives (noise, rooms, fast speech, codecs). */
export const wideModelDir = (medicalModelDir: string) => `${medicalModelDir.replace(/\/+$/, '')}-wide`;
/** Where the acoustic model for denoised steady-noise audio lives. */
export const noiseModelDir = (medicalModelDir: string) => `${medicalModelDir.replace(/\/+$/, '')}-noise`;
/** Where the acoustic model for reverberant rooms lives. */
export const roomModelDir = (medicalModelDir: string) => `${medicalModelDir.replace(/\/+$/, '')}-room`;
/** Where per-author models live (one folder per author id), next to the medical model. */
export const authorModelsDir = (medicalModelDir: string) => `${medicalModelDir.replace(/\/+$/, '')}-authors`;

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
        medicalModelDir: config.medicalModelDir,
        phoneModelDir: phoneModelDir(config.medicalModelDir),
        wideModelDir: wideModelDir(config.medicalModelDir),
        noiseModelDir: noiseModelDir(config.medicalModelDir),
        roomModelDir: roomModelDir(config.medicalModelDir),
        authorModelsDir: authorModelsDir(config.medicalModelDir),
        ...extras.local,
        bin: config.pocketsphinxBin,
      });
    case 'openai':
      return new OpenAiEngine({ ...config.openai, workDir: extras.workDir });
  }
}
