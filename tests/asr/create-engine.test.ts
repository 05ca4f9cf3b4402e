import { createAsrEngine } from '@dictum/core/capability/asr/create-engine';
import { LocalPocketsphinxEngine } from '@dictum/core/capability/asr/local-engine';
import { OpenAiEngine } from '@dictum/core/capability/asr/openai-engine';
import { loadConfig } from '@dictum/core/infra/config';
import { describe, expect, it } from 'vitest';

describe('createAsrEngine', () => {
  it('builds the configured engine, or none', async () => {
    expect(createAsrEngine(loadConfig({ ASR_ENGINE: 'none' }).transcription)).toBeNull();

    const local = createAsrEngine(loadConfig({ ASR_ENGINE: 'local' }).transcription);
    expect(local).toBeInstanceOf(LocalPocketsphinxEngine);
    expect(await local!.available()).toBe(true);
    const elsewhere = createAsrEngine(
      loadConfig({ ASR_ENGINE: 'local', POCKETSPHINX_BIN: '/nowhere/ps' }).transcription,
    );
    expect(await elsewhere!.available()).toBe(false);

    const openai = createAsrEngine(
      loadConfig({
        ASR_ENGINE: 'openai',
        OPENAI_API_KEY: 'sk-x',
        OPENAI_TRANSCRIBE_MODEL: 'gpt-4o-transcribe',
      }).transcription,
    );
    expect(openai).toBeInstanceOf(OpenAiEngine);
    expect(openai).toMatchObject({ name: 'openai', model: 'gpt-4o-transcribe' });
    expect(await openai!.available()).toBe(true);
  });
});
