import { createAsrEngine } from '@dictum/core/capability/asr/create-engine';
import type { AsrEngine } from '@dictum/core/capability/asr/engine';
import type { AppConfig } from '@dictum/core/infra/config';
import { createLogger, type Logger } from '@dictum/core/infra/logger';
import {
  closeProcessResources,
  createProcessResources,
  type ProcessResources,
} from '@dictum/core/infra/process-resources';
import { createWorkerMetrics, type WorkerMetrics } from './metrics';

export interface WorkerContext extends ProcessResources {
  engine: AsrEngine | null;
  log: Logger;
  metrics: WorkerMetrics;
}

export function createWorkerContext(config: AppConfig): WorkerContext {
  return {
    ...createProcessResources(config, 'worker', config.transcription.concurrency + 4),
    engine: createAsrEngine(config.transcription),
    log: createLogger(config.logLevel, { service: 'worker' }),
    metrics: createWorkerMetrics(),
  };
}

export const closeWorkerContext = closeProcessResources;
