import type { Role } from '@dictum/contracts/actor';
import { AppError } from '@dictum/core/errors';
import type { ZodType, z } from 'zod';
import type { UserActor } from '../../plugins/authenticate';
import { fastSerializerCompiler } from '../../plugins/fast-serializer';
import { cancelDictation, signDictation } from '../../services/dictations/author-actions';
import { answerBlank, createBlank, listBlanks, updateBlank } from '../../services/dictations/blanks';
import { claimDictation, releaseDictation } from '../../services/dictations/claim-dictation';
import { finalizeDictation } from '../../services/dictations/finalize-dictation';
import { listDictations, listWorklist } from '../../services/dictations/list-dictations';
import { readDictation } from '../../services/dictations/read-dictation';
import { readPeaks } from '../../services/dictations/read-peaks';
import { listTranscriptVersions, readTranscript } from '../../services/dictations/read-transcript';
import { retranscribeDictation } from '../../services/dictations/retranscribe-dictation';
import { saveTranscript } from '../../services/dictations/save-transcript';
import { streamDictationAudio } from '../../services/dictations/stream-audio';
import { uploadDictation } from '../../services/dictations/upload-dictation';
import { signBody } from '../documents/documents.schemas';
import { type Access, clinicalStaff, physicians, resourceRoutes, transcriptionists } from '../endpoint';
import { created } from '../replies';
import { requestAuth } from '../request-auth';
import * as schemas from './dictations.schemas';

const readers = clinicalStaff;
const dictationsRead = { ...readers, tokenScope: 'dictations:read' } as const;

export const dictationRoutes = resourceRoutes(['dictations'], (app, ctx, endpoint) => {
  app.post(
    '/dictations',
    endpoint(
      {
        roles: ['PHYSICIAN'],
        tokenScope: 'dictations:write',
        rateLimit: { max: ctx.config.rateLimit.uploadPerMinute, timeWindow: '1 minute' },
      },
      {
        consumes: ['multipart/form-data'],
        description:
          'Multipart upload: fields patientMrn, workType, priority (STAT|ROUTINE), optional encounter and dictatedAt, then the file field `audio`. Optional header Idempotency-Key.',
        response: { 201: schemas.uploadReply },
      },
    ),
    async (request, reply) => {
      if (!request.isMultipart()) {
        throw new AppError('VALIDATION_FAILED', 'send multipart/form-data with an audio file');
      }
      const key = request.headers['idempotency-key'];
      const result = await uploadDictation(
        ctx,
        request.actor,
        request.parts(),
        typeof key === 'string' ? key : undefined,
      );
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      return reply
        .status(201)
        .send({ id: result.id, status: result.status, possibleDuplicate: result.possibleDuplicate });
    },
  );

  // The hottest reads: fast-json-stringify instead of a zod pass over 50 items (see the plugin).
  const listRoute = <C extends Access>(path: string, access: C, list: typeof listDictations) =>
    app.get(
      path,
      {
        ...endpoint(access, { querystring: schemas.listQuery, response: { 200: schemas.dictationPage } }),
        serializerCompiler: fastSerializerCompiler,
      },
      async (request) => list(ctx, request.actor, request.query),
    );
  listRoute('/dictations', dictationsRead, listDictations);
  listRoute('/worklist', transcriptionists, listWorklist);

  // Reads of one dictation the caller may see: its view, waveform, transcript, versions, blanks.
  const readRoute = <C extends Access, R extends ZodType>(
    path: string,
    access: C,
    reply: R,
    read: (context: typeof ctx, actor: UserActor, id: string) => Promise<z.infer<R>>,
  ) =>
    app.get(
      path,
      // The reply is checked against R where `read` is passed; here it is any schema.
      endpoint(access, { params: schemas.idParams, response: { 200: reply as ZodType } }),
      async (request) => read(ctx, request.actor, request.params.id),
    );
  readRoute('/dictations/:id', dictationsRead, schemas.dictationSchema, readDictation);

  app.get(
    '/dictations/:id/audio',
    endpoint(readers, {
      params: schemas.idParams,
      description: 'The audio, with HTTP Range support (206).',
    }),
    async (request, reply) => {
      const audio = await streamDictationAudio(ctx, request.actor, request.params.id, request.headers.range);
      reply
        .status(audio.status)
        .header('content-type', audio.contentType)
        .header('content-length', audio.contentLength)
        .header('accept-ranges', 'bytes')
        .header('cache-control', 'private, no-store');
      if (audio.contentRange) reply.header('content-range', audio.contentRange);
      return reply.send(audio.stream);
    },
  );

  readRoute('/dictations/:id/peaks', readers, schemas.peaksSchema, readPeaks);

  readRoute('/dictations/:id/transcript', readers, schemas.transcriptSchema, readTranscript);

  readRoute(
    '/dictations/:id/transcript/versions',
    readers,
    schemas.transcriptVersionListSchema,
    listTranscriptVersions,
  );

  app.put(
    '/dictations/:id/transcript',
    endpoint(transcriptionists, {
      params: schemas.idParams,
      body: schemas.saveTranscriptBody,
      response: { 200: schemas.savedTranscriptReply },
    }),
    async (request, reply) => {
      const saved = await saveTranscript(ctx, request.actor, request.params.id, {
        ...request.body,
        ifMatch: request.headers['if-match'],
      });
      reply.header('etag', `"${saved.version}"`);
      return saved;
    },
  );

  const transitionRoute = (
    path: string,
    roles: readonly Role[],
    run: (actor: Parameters<typeof claimDictation>[1], id: string) => Promise<unknown>,
  ) =>
    app.post(path, endpoint({ roles }, { params: schemas.idParams }), async (request) =>
      run(request.actor, request.params.id),
    );

  transitionRoute('/dictations/:id/claim', ['TRANSCRIPTIONIST'], (a, id) => claimDictation(ctx, a, id));
  transitionRoute('/dictations/:id/release', ['TRANSCRIPTIONIST', 'ADMIN'], (a, id) =>
    releaseDictation(ctx, a, id),
  );
  transitionRoute('/dictations/:id/finalize', ['TRANSCRIPTIONIST'], (a, id) => finalizeDictation(ctx, a, id));
  app.post(
    '/dictations/:id/sign',
    endpoint(physicians, {
      description:
        'The author signs the finalized report (as POST /documents/:id/sign): needs a sign-in within 5 minutes or `password`.',
      params: schemas.idParams,
      body: signBody.nullish(),
    }),
    async (request) =>
      signDictation(ctx, request.actor, request.params.id, request.body ?? {}, requestAuth(request)),
  );
  transitionRoute('/dictations/:id/cancel', ['PHYSICIAN'], (a, id) => cancelDictation(ctx, a, id));
  transitionRoute('/dictations/:id/retranscribe', ['TRANSCRIPTIONIST', 'ADMIN'], (a, id) =>
    retranscribeDictation(ctx, a, id),
  );

  readRoute('/dictations/:id/blanks', readers, schemas.blankListSchema, listBlanks);
  app.post(
    '/dictations/:id/blanks',
    endpoint(transcriptionists, {
      params: schemas.idParams,
      body: schemas.createBlankBody,
      response: { 201: schemas.blankSchema },
    }),
    async (request, reply) =>
      created(reply, createBlank(ctx, request.actor, request.params.id, request.body)),
  );
  app.patch(
    '/dictations/:id/blanks/:blankId',
    endpoint(transcriptionists, {
      params: schemas.blankParams,
      body: schemas.updateBlankBody,
      response: { 200: schemas.blankSchema },
    }),
    async (request) =>
      updateBlank(ctx, request.actor, request.params.id, request.params.blankId, request.body),
  );
  app.post(
    '/dictations/:id/blanks/:blankId/answer',
    endpoint(physicians, {
      description:
        "The author answers a blank routed to them (status ROUTED_TO_AUTHOR): the answer is stored and the blank is OPEN again for the transcriptionist. 404 for another physician's dictation; 409 when the blank is not waiting for the author.",
      params: schemas.blankParams,
      body: schemas.answerBlankBody,
      response: { 200: schemas.blankSchema },
    }),
    async (request) =>
      answerBlank(ctx, request.actor, request.params.id, request.params.blankId, request.body),
  );
});
