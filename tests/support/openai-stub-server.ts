import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalPocketsphinxEngine } from '@dictum/core/capability/asr/local-engine';
import { normalizeAudio } from '@dictum/core/capability/audio/normalize-audio';
import { readWavInfo } from '@dictum/core/capability/audio/wav-header';

/**
 * A real HTTP server speaking OpenAI's `POST /v1/audio/transcriptions` (multipart in, json /
 * verbose_json / text out), for testing the openai engine without the internet.
 *
 *   const stub = await startOpenAiStub({ apiKey: 'sk-test' });
 *   const engine = new OpenAiEngine({ apiKey: 'sk-test', baseUrl: stub.url, model: 'whisper-1', ... });
 *   stub.setBehaviour({ status: 429, retryAfter: 1 }, { status: 500 }); // next two requests fail
 *   ...
 *   expect(stub.requests[0]).toMatchObject({ model: 'whisper-1', responseFormat: 'verbose_json' });
 *   await stub.close();
 *
 * The words are honest: pocketsphinx recognises the uploaded WAV, so timings come from the audio and
 * tests that expect certain words work over this engine too. Or set `transcript` to have that text
 * spread evenly over the audio's real duration instead (fast; no recognition).
 *
 * Requests are checked like the real API: multipart with `model` and `file` (which must be WAV,
 * what the engine uploads), a known `response_format`, `timestamp_granularities[]` only with
 * verbose_json, an optional size limit (413), and the bearer key when `apiKey` is set (401).
 * Malformed requests get 400 with the API's error body `{ error: { message, type, param, code } }`.
 */
export type StubBehaviour =
  /** Answer with this status (and `body`, default an OpenAI error body); 200 with no body = normal. */
  | { status: number; retryAfter?: number | string; retryAfterMs?: number; body?: unknown; delayMs?: number }
  /** Read the request, never answer. */
  | { hang: true }
  /** Answer normally after a pause. */
  | { delayMs: number };

export interface OpenAiStubOptions {
  /** Require `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Fixed transcript spread over the audio instead of recognising it. */
  transcript?: string;
  /** Initial behaviour queue; once it is used up, requests are answered normally. */
  behaviours?: StubBehaviour[];
  /** Largest accepted file (the real limit is 25 MB). */
  maxFileBytes?: number;
  pocketsphinxBin?: string;
}

export interface StubRequest {
  model?: string;
  responseFormat?: string;
  timestampGranularities: string[];
  prompt?: string;
  language?: string;
  fileName?: string;
  fileType?: string;
  /** Size of the uploaded file. */
  bytes: number;
  /** Duration of the uploaded WAV, when it was one. */
  durationSec?: number;
  authorization?: string;
  /** What the stub answered (0 when it never did). */
  status: number;
  /** When the request body had arrived (Date.now()). */
  receivedAt: number;
}

export interface OpenAiStub {
  /** Base URL for the SDK (`baseURL`), ending in /v1. */
  url: string;
  requests: StubRequest[];
  /** Replaces the behaviour queue; each request takes the next one. */
  setBehaviour(...behaviours: StubBehaviour[]): void;
  setTranscript(text: string | undefined): void;
  close(): Promise<void>;
}

const RESPONSE_FORMATS = ['json', 'text', 'srt', 'verbose_json', 'vtt'];
const SUPPORTED_FORMATS = ['json', 'text', 'verbose_json'];

export async function startOpenAiStub(options: OpenAiStubOptions = {}): Promise<OpenAiStub> {
  const queue: StubBehaviour[] = [...(options.behaviours ?? [])];
  const requests: StubRequest[] = [];
  const sockets = new Set<Socket>();
  let transcript = options.transcript;
  const maxFileBytes = options.maxFileBytes ?? 25 * 1024 * 1024;
  const engine = new LocalPocketsphinxEngine({ bin: options.pocketsphinxBin });
  const workDir = path.join(tmpdir(), `dictum-openai-stub-${randomUUID().slice(0, 8)}`);
  await mkdir(workDir, { recursive: true });

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent)
        sendError(res, 500, 'The server had an error while processing your request.', 'server_error');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://stub');
    if (req.method !== 'POST' || url.pathname !== '/v1/audio/transcriptions') {
      req.resume();
      sendError(res, 404, `Invalid URL (${req.method} ${url.pathname})`, 'invalid_request_error');
      return;
    }
    const body = await readBody(req, maxFileBytes + 1024 * 1024);
    const record: StubRequest = {
      timestampGranularities: [],
      bytes: 0,
      status: 0,
      authorization: req.headers.authorization,
      receivedAt: Date.now(),
    };
    requests.push(record);
    const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
      res.writeHead(status, {
        'content-type': typeof payload === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
        'x-request-id': `req_${randomUUID().replaceAll('-', '')}`,
        ...headers,
      });
      res.end(text);
    };
    const fail = (
      status: number,
      message: string,
      type: string,
      param: string | null = null,
      code: string | null = null,
    ) => answer(status, errorBody(message, type, param, code));

    if (body === null)
      return fail(413, `Maximum content size limit (${maxFileBytes}) exceeded.`, 'invalid_request_error');
    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return fail(401, 'Incorrect API key provided.', 'invalid_request_error', null, 'invalid_api_key');
    }
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(req.headers['content-type'] ?? '');
    if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? '') || !boundary) {
      return fail(400, 'Expected a multipart/form-data request body.', 'invalid_request_error');
    }
    let parts: Part[];
    try {
      parts = parseMultipart(body, (boundary[1] ?? boundary[2])!.trim());
    } catch {
      return fail(400, 'Could not parse multipart form.', 'invalid_request_error');
    }
    const field = (name: string) =>
      parts.find((p) => p.name === name && p.fileName === undefined)?.content.toString('utf8');
    const file = parts.find((p) => p.name === 'file');
    record.model = field('model');
    record.responseFormat = field('response_format');
    record.prompt = field('prompt');
    record.language = field('language');
    record.timestampGranularities = parts
      .filter((p) => p.name === 'timestamp_granularities[]')
      .map((p) => p.content.toString('utf8'));
    record.fileName = file?.fileName;
    record.fileType = file?.contentType;
    record.bytes = file?.content.length ?? 0;

    const behaviour = queue.shift();
    if (behaviour && 'hang' in behaviour) return; // the socket stays open until close()
    if (behaviour?.delayMs) await new Promise((r) => setTimeout(r, behaviour.delayMs));
    if (behaviour && 'status' in behaviour && behaviour.status !== 200) {
      const headers: Record<string, string> = {};
      if (behaviour.retryAfter !== undefined) headers['retry-after'] = String(behaviour.retryAfter);
      if (behaviour.retryAfterMs !== undefined) headers['retry-after-ms'] = String(behaviour.retryAfterMs);
      return answer(behaviour.status, behaviour.body ?? defaultErrorBody(behaviour.status), headers);
    }
    if (behaviour && 'status' in behaviour && behaviour.body !== undefined)
      return answer(200, behaviour.body);

    if (!record.model)
      return fail(400, 'you must provide a model parameter', 'invalid_request_error', 'model');
    if (!file || file.fileName === undefined) {
      return fail(400, "Missing required parameter: 'file'.", 'invalid_request_error', 'file');
    }
    if (file.content.length > maxFileBytes) {
      return fail(413, `Maximum content size limit (${maxFileBytes}) exceeded.`, 'invalid_request_error');
    }
    const format = record.responseFormat ?? 'json';
    if (!RESPONSE_FORMATS.includes(format)) {
      return fail(
        400,
        `'${format}' is not one of ${RESPONSE_FORMATS.join(', ')}`,
        'invalid_request_error',
        'response_format',
      );
    }
    if (!SUPPORTED_FORMATS.includes(format)) {
      return fail(
        400,
        `the stub does not implement response_format=${format}`,
        'invalid_request_error',
        'response_format',
      );
    }
    if (record.timestampGranularities.some((g) => g !== 'word' && g !== 'segment')) {
      return fail(
        400,
        'Invalid timestamp_granularities.',
        'invalid_request_error',
        'timestamp_granularities',
      );
    }
    if (record.timestampGranularities.length && format !== 'verbose_json') {
      return fail(
        400,
        'timestamp_granularities is only supported with response_format=verbose_json',
        'invalid_request_error',
        'timestamp_granularities',
      );
    }
    const content = file.content;
    if (
      content.length < 12 ||
      content.toString('latin1', 0, 4) !== 'RIFF' ||
      content.toString('latin1', 8, 12) !== 'WAVE'
    ) {
      return fail(
        400,
        "Invalid file format. Supported formats: ['flac', 'm4a', 'mp3', 'mp4', 'mpeg', 'mpga', 'oga', 'ogg', 'wav', 'webm']",
        'invalid_request_error',
        'file',
      );
    }

    const result = await transcribe(content);
    if (!result)
      return fail(400, 'Audio file might be corrupted or unsupported', 'invalid_request_error', 'file');
    record.durationSec = result.duration;
    if (format === 'text') return answer(200, `${result.text}\n`);
    if (format === 'json') return answer(200, { text: result.text, usage: result.usage });
    const words = record.timestampGranularities.includes('word') ? { words: result.words } : {};
    const segments =
      record.timestampGranularities.length === 0 || record.timestampGranularities.includes('segment');
    return answer(200, {
      task: 'transcribe',
      language: record.language ?? 'english',
      duration: result.duration,
      text: result.text,
      ...words,
      ...(segments ? { segments: result.segments } : {}),
      usage: result.usage,
    });
  }

  async function transcribe(wav: Buffer) {
    const file = path.join(workDir, `${randomUUID()}.wav`);
    const normalized = `${file}.16k.wav`;
    try {
      await writeFile(file, wav);
      let info = await readWavInfo(file).catch(() => null);
      if (!info) return null;
      let input = file;
      if (info.sampleRate !== 16_000 || info.channels !== 1) {
        await normalizeAudio(file, normalized, 'ffmpeg');
        input = normalized;
        info = await readWavInfo(input);
      }
      const duration = round(info.durationSec);
      let timed: Array<{ word: string; start: number; end: number; confidence: number }>;
      if (transcript !== undefined) {
        const tokens = transcript.split(/\s+/).filter(Boolean);
        const slot = duration / Math.max(1, tokens.length);
        timed = tokens.map((word, i) => ({
          word,
          start: round(i * slot),
          end: round((i + 0.9) * slot),
          confidence: 0.9,
        }));
      } else {
        const recognised = await engine.transcribe(input, { durationSec: info.durationSec });
        timed = recognised.words.map((w) => ({
          word: w.text,
          start: w.start,
          end: w.end,
          confidence: w.confidence,
        }));
      }
      const segments = toSegments(timed);
      return {
        duration,
        text: timed.map((w) => w.word).join(' '),
        words: timed.map(({ word, start, end }) => ({ word, start, end })),
        segments,
        usage: { type: 'duration', seconds: Math.ceil(info.durationSec) },
      };
    } finally {
      await rm(file, { force: true });
      await rm(normalized, { force: true });
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    setBehaviour(...behaviours) {
      queue.splice(0, queue.length, ...behaviours);
    },
    setTranscript(text) {
      transcript = text;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

/** Whisper-style segments: a new one after a pause of more than 0.6 s. */
function toSegments(words: Array<{ word: string; start: number; end: number; confidence: number }>) {
  const groups: (typeof words)[] = [];
  for (const w of words) {
    const current = groups.at(-1);
    if (current && w.start - current.at(-1)!.end <= 0.6) current.push(w);
    else groups.push([w]);
  }
  let token = 1000;
  return groups.map((g, id) => {
    const meanConfidence = g.reduce((sum, w) => sum + w.confidence, 0) / g.length;
    const start = g[0]!.start;
    return {
      id,
      seek: Math.floor(start * 100),
      start,
      end: g.at(-1)!.end,
      text: ` ${g.map((w) => w.word).join(' ')}`,
      tokens: g.map(() => token++),
      temperature: 0,
      avg_logprob: round(Math.log(Math.max(0.01, meanConfidence))),
      compression_ratio: 1.2,
      no_speech_prob: 0.01,
    };
  });
}

interface Part {
  name?: string;
  fileName?: string;
  contentType?: string;
  content: Buffer;
}

/** RFC 7578 multipart/form-data, strictly: any deviation throws. */
function parseMultipart(body: Buffer, boundary: string): Part[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const next = Buffer.from(`\r\n--${boundary}`);
  const parts: Part[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) throw new Error('no boundary');
  at += delimiter.length;
  for (;;) {
    if (body.toString('latin1', at, at + 2) === '--') return parts;
    if (body.toString('latin1', at, at + 2) !== '\r\n') throw new Error('bad delimiter line');
    at += 2;
    const headerEnd = body.indexOf('\r\n\r\n', at);
    if (headerEnd < 0) throw new Error('unterminated part headers');
    const headers = body.toString('utf8', at, headerEnd).split('\r\n');
    const end = body.indexOf(next, headerEnd + 4);
    if (end < 0) throw new Error('unterminated part');
    const part: Part = { content: body.subarray(headerEnd + 4, end) };
    for (const header of headers) {
      const [key, ...rest] = header.split(':');
      const value = rest.join(':').trim();
      if (key?.toLowerCase() === 'content-disposition') {
        if (!/^form-data\b/i.test(value)) throw new Error('not form-data');
        part.name = /\bname="([^"]*)"/i.exec(value)?.[1];
        part.fileName = /\bfilename="([^"]*)"/i.exec(value)?.[1];
      } else if (key?.toLowerCase() === 'content-type') {
        part.contentType = value;
      }
    }
    if (part.name === undefined) throw new Error('part without a name');
    parts.push(part);
    at = end + next.length;
  }
}

/** The whole body, or null (after draining) when it is larger than `limit`. */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  return size > limit ? null : Buffer.concat(chunks);
}

function errorBody(message: string, type: string, param: string | null = null, code: string | null = null) {
  return { error: { message, type, param, code } };
}

function defaultErrorBody(status: number) {
  if (status === 429) {
    return errorBody(
      'Rate limit reached for requests. Please try again later.',
      'requests',
      null,
      'rate_limit_exceeded',
    );
  }
  if (status === 401)
    return errorBody('Incorrect API key provided.', 'invalid_request_error', null, 'invalid_api_key');
  if (status >= 500)
    return errorBody('The server had an error while processing your request.', 'server_error');
  return errorBody(`Request failed with status ${status}.`, 'invalid_request_error');
}

function sendError(res: ServerResponse, status: number, message: string, type: string) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(errorBody(message, type)));
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
