import type { AppConfig } from '../config';
import type { AsrEngine } from './engine';
import { type LocalEngineOptions, LocalPocketsphinxEngine } from './local-engine';
import { OpenAiEngine } from './openai-engine';

export interface CreateEngineExtras {
  /** Extra settings for the local engine (custom dictionary or language model). */
  local?: Omit<LocalEngineOptions, 'bin'>;
  /** Scratch space for split uploads. */
  workDir?: string;
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
        medicalModelDir: config.medicalModelDir,
        ...extras.local,
        bin: config.pocketsphinxBin,
      });
    case 'openai':
      return new OpenAiEngine({ ...config.openai, workDir: extras.workDir });
  }
}
