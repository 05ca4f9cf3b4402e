import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalPocketsphinxEngine } from '@dictum/core/capability/asr/local-engine';
import {
  type BackgroundNgrams,
  backgroundNgrams,
  readBackgroundModel,
} from '@dictum/core/capability/asr/model/background-lm';
import { buildAsrModel, lmTokens, readAsrModel } from '@dictum/core/capability/asr/model/build-model';
import { rebuildAndPromote } from '@dictum/core/capability/asr/model/learn-from-corrections';
import { buildArpa, logProb, parseArpa } from '@dictum/core/capability/asr/model/ngram-lm';
import { ipaToCmu } from '@dictum/core/capability/asr/model/pronounce';
import { normalizeAudio } from '@dictum/core/capability/audio/normalize-audio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesizeSpeech } from '../support/synthesize-speech';

const DEBIAN_LM = '/usr/share/pocketsphinx/model/en-us/en-us.lm.bin';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dictum-asr-model-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('pronunciations', () => {
  it.each([
    ['mˈɛɾəpɹˌɑːlɑːl', 'M EH T AH P R AA L AA L'],
    ['lˈɪsɪnˌɑːpɹəl', 'L IH S IH N AA P R AH L'],
    ['tɹˈɑːpənˌɪn', 'T R AA P AH N IH N'],
    ['hˌaɪdɹəklˌoːɹoʊθɪˈeɪzaɪd', 'HH AY D R AH K L AO R OW TH IH EY Z AY D'],
    ['dˈɪspniə', 'D IH S P N IY AH'],
    ['tʃˈɜːtʃ', 'CH ER CH'],
  ])('%s → %s', (ipa, cmu) => {
    expect(ipaToCmu(ipa)?.join(' ')).toBe(cmu);
  });

  it('refuses symbols it does not know', () => {
    expect(ipaToCmu('mɛ☃')).toBeNull();
  });
});

describe('language model', () => {
  it('reads the general English unigrams from Debian’s binary model', async () => {
    const general = await readBackgroundModel(DEBIAN_LM);
    const unigrams = new Map(general.words.map((w, i) => [w, general.unigramProb[i]!]));
    expect(unigrams.size).toBe(72547);
    expect(unigrams.get('the')!).toBeGreaterThan(-2);
    expect(unigrams.get('zyuganov')!).toBeLessThan(-5);
    expect(unigrams.has('metoprolol')).toBe(false);
  });

  it('reads the whole general English trigram model, whose distributions sum to one', async () => {
    const model = await readBackgroundModel(DEBIAN_LM);
    expect([model.words.length, model.bigrams.v.length, model.trigrams.u.length]).toEqual([
      72547, 2051547, 1669625,
    ]);
    const general = backgroundNgrams(model, () => true);
    // P(w | history) over the whole vocabulary, through the model's own backoff: a mis-read bit
    // field (word, probability, backoff or range pointer) would not sum to one.
    for (const [u, v] of [
      ['<s>', 'the'],
      ['of', 'the'],
      ['the', 'patient'],
    ] as const) {
      let bigramSum = 0;
      let trigramSum = 0;
      for (const w of model.words) {
        if (w === '<s>') continue;
        bigramSum += 10 ** general.bigram(v, w)!;
        trigramSum += 10 ** general.trigram(u, v, w)!;
      }
      expect(bigramSum, v).toBeCloseTo(1, 1);
      expect(trigramSum, `${u} ${v}`).toBeCloseTo(1, 1);
    }
    expect(general.bigram('of', 'the')!).toBeGreaterThan(-1);
    expect(general.trigram('a', 'pack', 'a')!).toBeGreaterThan(general.bigram('pack', 'a')!);
  }, 60_000);

  it('mixes general English n-grams in and every history’s distribution still sums to one', () => {
    const sentences = ['a b c', 'a b d', 'b c d', 'a c'].map((s) => s.split(' '));
    // A toy general model: "a e" and "e b" common, "a e b" more so.
    const bigram = (v: string, w: string) =>
      Math.log10(v === 'a' && w === 'e' ? 0.6 : v === 'e' && w === 'b' ? 0.5 : 0.1);
    const general: BackgroundNgrams = {
      bigram,
      trigram: (u, v, w) => (u === 'a' && v === 'e' && w === 'b' ? Math.log10(0.8) : bigram(v, w)),
      bigrams: [
        ['a', 'e'],
        ['e', 'b'],
      ],
      trigrams: [['a', 'e', 'b']],
    };
    const { arpa } = buildArpa(sentences, {
      domainWeight: 0.7,
      backgroundWeight: 0.25,
      background: new Map([
        ['a', Math.log10(0.3)],
        ['e', Math.log10(0.5)],
        ['b', Math.log10(0.2)],
      ]),
      backgroundNgrams: general,
      lexicon: ['f'],
    });
    const model = parseArpa(arpa);
    expect(model.prob.has('a e b')).toBe(true);
    const vocab = ['a', 'b', 'c', 'd', 'e', 'f', '</s>'];
    for (const history of [['<s>'], ['a'], ['e'], ['a', 'e'], ['a', 'b'], ['<s>', 'a']]) {
      const total = vocab.reduce((sum, w) => sum + 10 ** logProb(model, history, w), 0);
      expect(total, history.join(' ')).toBeCloseTo(1, 2);
    }
    // The general model's phrasing reaches the mix: "a e b" is likelier than the domain alone makes it.
    expect(logProb(model, ['a', 'e'], 'b')).toBeGreaterThan(logProb(model, ['a', 'e'], 'c'));
  });

  it('every history’s distribution sums to one', () => {
    const sentences = ['a b c', 'a b d', 'b c d', 'a c', 'd d b'].map((s) => s.split(' '));
    const background = new Map([
      ['a', Math.log10(0.3)],
      ['e', Math.log10(0.5)],
      ['b', Math.log10(0.2)],
    ]);
    const { arpa } = buildArpa(sentences, {
      domainWeight: 0.8,
      backgroundWeight: 0.15,
      background,
      lexicon: ['f'],
    });
    const model = parseArpa(arpa);
    const vocab = ['a', 'b', 'c', 'd', 'e', 'f', '</s>'];
    for (const history of [['<s>'], ['a'], ['<s>', 'a'], ['a', 'b'], ['b', 'c'], ['e'], ['d', 'd']]) {
      const total = vocab.reduce((sum, w) => sum + 10 ** logProb(model, history, w), 0);
      expect(total, history.join(' ')).toBeCloseTo(1, 2);
    }
  });

  it('joins spelled abbreviations into the lexicon’s words', () => {
    expect(lmTokens('metoprolol twenty five milligrams p o b i d at ten a m')).toEqual(
      'metoprolol twenty five milligrams p.o. b.i.d. at ten a.m.'.split(' '),
    );
    expect(lmTokens('the e k g and a chest x ray')).toEqual(['the', 'ekg', 'and', 'a', 'chest', 'x-ray']);
  });
});

describe('building and using the medical model', () => {
  it('builds a dictionary and language model the local engine uses when present', async () => {
    const modelDir = path.join(dir, 'model');
    const manifest = await buildAsrModel({
      outDir: modelDir,
      generatedCount: 3000,
      vocabulary: [
        { term: 'zanubrutinib', category: 'drug' },
        { term: 'dictumab', pronunciation: 'D IH K T AH M AE B', category: 'drug' },
      ],
      exclude: [
        'the patient takes metoprolol twenty five milligrams twice daily for her blood pressure period',
      ],
    });
    expect(manifest.heldoutOverlap).toEqual([]);
    const model = await readAsrModel(modelDir);
    expect(model).not.toBeNull();
    const dict = await readFile(model!.dict, 'utf8');
    expect(dict).toMatch(/^metoprolol [A-Z ]+$/m);
    expect(dict).toMatch(/^zanubrutinib [A-Z ]+$/m);
    expect(dict).toMatch(/^dictumab D IH K T AH M AE B$/m);
    expect(dict).toMatch(/^b\.i\.d\. B IY AY D IY$/m);
    const lm = parseArpa(await readFile(model!.lm, 'utf8'), new Set(['zanubrutinib', 'the', 'patient']));
    expect(lm.prob.has('zanubrutinib')).toBe(true);
    expect(lm.prob.has('the patient')).toBe(true);
    // Decoding reads the binary copy of the same model.
    expect(model!.decoderLm).toBe(path.join(modelDir, 'medical.lm.bin'));

    const sentence = 'she takes metoprolol and lisinopril daily';
    const wav = path.join(dir, 'speech.wav');
    const { durationSec } = await normalizeAudio(
      await synthesizeSpeech(sentence, { format: 'wav' }),
      wav,
      'ffmpeg',
    );
    const engine = new LocalPocketsphinxEngine({ medicalModelDir: modelDir });
    expect(await engine.available()).toBe(true);
    const result = await engine.transcribe(wav, { durationSec });
    expect(result.model).toBe(`en-us+medical@${manifest.id}`);
    // lisinopril is not in Debian's dictionary: only the medical model can write it.
    expect(result.text).toContain('lisinopril');
    expect((await new LocalPocketsphinxEngine().transcribe(wav, { durationSec })).text).not.toContain(
      'lisinopril',
    );

    // Without a model in the folder, the engine falls back to Debian's.
    const fallback = new LocalPocketsphinxEngine({ medicalModelDir: path.join(dir, 'nothing-here') });
    expect(await fallback.available()).toBe(true);
    expect(fallback.model).toBe('en-us');
    // A full model (general English n-grams included) builds in about 30 s on an idle core.
  }, 240_000);

  it('learns from finalized documents and keeps the previous model unless the new one is better', async () => {
    const modelDir = path.join(dir, 'learned');
    const notes = Array.from(
      { length: 6 },
      (_, n) =>
        `PLAN: Start zanubrutinib ${(n + 1) * 40} mg daily. Recheck the dictumab level in ${n + 2} weeks.`,
    );
    const first = await rebuildAndPromote({
      modelDir,
      generatedCount: 2000,
      backgroundNgrams: false,
      documents: [],
      evaluation: notes.slice(0, 2),
    });
    expect(first).toMatchObject({ promoted: true, reason: 'no model in use' });

    // Trained on the documents: predicts the held-back ones better, so it replaces the model.
    const second = await rebuildAndPromote({
      modelDir,
      generatedCount: 2000,
      backgroundNgrams: false,
      documents: notes.slice(2),
      evaluation: notes.slice(0, 2),
    });
    expect(second.promoted).toBe(true);
    expect(second.perplexity.candidate).toBeLessThan(second.perplexity.current!);
    const inUse = (await readAsrModel(modelDir))!.manifest.id;
    expect(inUse).toBe(second.candidate?.id);

    // Without them again: worse on the held-back notes, so the model in use stays.
    const third = await rebuildAndPromote({
      modelDir,
      generatedCount: 2000,
      backgroundNgrams: false,
      documents: [],
      evaluation: notes.slice(0, 2),
    });
    expect(third.promoted).toBe(false);
    expect((await readAsrModel(modelDir))!.manifest.id).toBe(inUse);
    // The worker builds in a child process, off its event loop: the same model comes out.
    const childDir = path.join(dir, 'child-built');
    const childBuilt = await buildAsrModel({
      outDir: childDir,
      generatedCount: 300,
      backgroundNgrams: false,
      inChildProcess: true,
    });
    expect((await readAsrModel(childDir))!.manifest.id).toBe(childBuilt.id);
    // Nothing held back to judge a candidate on: no build at all, the model in use stays.
    const fourth = await rebuildAndPromote({
      modelDir,
      generatedCount: 2000,
      documents: notes,
      evaluation: [],
    });
    expect(fourth).toMatchObject({ promoted: false, candidate: null });
    expect((await readAsrModel(modelDir))!.manifest.id).toBe(inUse);
    // No patient text is written next to a model trained on documents.
    await expect(readFile(path.join(modelDir, 'training-text.txt'), 'utf8')).rejects.toThrow();
  });
});
