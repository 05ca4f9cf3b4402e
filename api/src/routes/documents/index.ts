import type { Role } from '@dictum/contracts/actor';
import type { DocumentDetail } from '@dictum/contracts/documents';
import type { FastifyRequest } from 'fastify';
import type { ZodType, z } from 'zod';
import type { UserActor } from '../../plugins/authenticate';
import { perUserLimit } from '../../plugins/rate-limits';
import { amendDocument } from '../../services/documents/amend-document';
import { type ExportFormat, exportDocument } from '../../services/documents/export-document';
import { fileDocument } from '../../services/documents/file-document';
import { listDocuments, listDocumentsToSign } from '../../services/documents/list-documents';
import { listPatientDocuments } from '../../services/documents/list-patient-documents';
import { listDocumentVersions, readDocument } from '../../services/documents/read-document';
import { reassignDocument } from '../../services/documents/reassign-document';
import { refileDocument, retractDocument } from '../../services/documents/retract-document';
import { retryDelivery } from '../../services/documents/retry-delivery';
import { returnDocument } from '../../services/documents/return-document';
import { signDocument } from '../../services/documents/sign-document';
import {
  type Access,
  clinicalStaff,
  errorReplies,
  physicians,
  recordsAndAdmins,
  recordsStaff,
  resourceRoutes,
} from '../endpoint';
import { accepted, created } from '../replies';
import { requestAuth } from '../request-auth';
import * as schemas from './documents.schemas';

const tags = ['documents'];
/** Physicians: their own notes. */
const documentReaders = { roles: ['RECORDS', 'ADMIN', 'PHYSICIAN'] } as const;
const amenders = { roles: ['RECORDS', 'PHYSICIAN'] } as const;

// Filing, amendments, exports (FHIR, HL7, PDF) and EHR delivery: see services/documents.
export const documentRoutes = resourceRoutes(tags, (app, ctx, endpoint) => {
  app.get(
    '/documents',
    endpoint(recordsAndAdmins, {
      description:
        'Filing queue and document list. status: FINALIZED | SIGNED | FILED | SUPERSEDED, READY (may be filed now: signed, or finalized with a work type that needs no signature) or AWAITING_SIGNATURE. Queue statuses list oldest first, the others newest first.',
      querystring: schemas.listDocumentsQuery,
      response: { 200: schemas.documentPage },
    }),
    async (request) => listDocuments(ctx, request.actor, request.query),
  );

  app.get(
    '/documents/to-sign',
    endpoint(physicians, {
      description:
        "The physician's notes and amendments awaiting their signature, oldest first (`reason` says why an amendment was written).",
      response: { 200: schemas.documentPage },
    }),
    async (request) => listDocumentsToSign(ctx, request.actor),
  );

  app.get(
    '/documents/:id',
    endpoint(documentReaders, {
      description: 'The document with its text (physicians: their own).',
      params: schemas.idParams,
      response: { 200: schemas.documentDetailSchema },
    }),
    async (request) => readDocument(ctx, request.actor, request.params.id),
  );

  app.get(
    '/documents/:id/versions',
    endpoint(documentReaders, {
      description:
        'Every version of this note (originals, replacements, addenda, superseded, entered-in-error, returned), oldest first, with text and reasons.',
      params: schemas.idParams,
      response: { 200: schemas.documentVersionsSchema },
    }),
    async (request) => listDocumentVersions(ctx, request.actor, request.params.id),
  );

  app.patch(
    '/documents/:id',
    endpoint(recordsStaff, {
      description:
        'Reassign a not-yet-filed note (and its dictation) to the right patient; 422 for an unknown MRN.',
      params: schemas.idParams,
      body: schemas.reassignBody,
      response: { 200: schemas.documentSchema, ...errorReplies(409, 422) },
    }),
    async (request) => reassignDocument(ctx, request.actor, request.params.id, request.body),
  );

  app.post(
    '/documents/:id/file',
    endpoint(recordsStaff, {
      description:
        'File into the patient record and start EHR delivery. 409 SIGNATURE_REQUIRED while an author signature is missing, 409 DOCUMENT_ALREADY_FILED when filed.',
      params: schemas.idParams,
      response: { 200: schemas.documentSchema, ...errorReplies(409) },
    }),
    async (request) => fileDocument(ctx, request.actor, request.params.id),
  );

  app.post(
    '/documents/:id/amend',
    endpoint(amenders, {
      description:
        "Addendum (appends) or replacement (supersedes) of a filed note, with its reason (400 without); filed and delivered at once. The author's own amendment is signed by saving it (needs a sign-in within 5 minutes or `password`); one by records staff stays unsigned (DO) and, when the work type needs a signature, waits on the author's list.",
      params: schemas.idParams,
      body: schemas.amendBody,
      response: { 201: schemas.amendResponse, ...errorReplies(409) },
    }),
    async (request, reply) =>
      created(
        reply,
        amendDocument(ctx, request.actor, request.params.id, request.body, requestAuth(request)),
      ),
  );

  // Actions on one note that answer a note as it now is (its detail view): 200, or 201 when the
  // action made a new document.
  const detailAction = <C extends Access, B extends ZodType>(
    action: string,
    access: C,
    description: string,
    body: B,
    run: (actor: UserActor, id: string, body: z.infer<B>, request: FastifyRequest) => Promise<DocumentDetail>,
    status: 200 | 201 = 200,
  ) =>
    app.post(
      `/documents/:id/${action}`,
      endpoint(access, {
        description,
        params: schemas.idParams,
        // The body is checked against B where `run` is written; here it is any schema.
        body: body as ZodType,
        response: { [status]: schemas.documentDetailSchema },
      }),
      async (request, reply) =>
        reply
          .status(status)
          .send(await run(request.actor, request.params.id, request.body as z.infer<B>, request)),
    );
  detailAction(
    'sign',
    physicians,
    'The author signs this version (a finalized note or an amendment awaiting signature): records who, when and the sha256 of its text. Needs a sign-in within the last 5 minutes, or `password`, or a current second-factor `code` (403 REAUTHENTICATION_REQUIRED). With `text`, the corrected text becomes a new version signed by the author.',
    schemas.signBody.nullish(),
    (actor, id, body, request) => signDocument(ctx, actor, id, body ?? {}, requestAuth(request)),
  );

  detailAction(
    'return',
    physicians,
    'Before filing, the author sends the note back to transcription with a comment: the dictation returns to the worklist and the comment shows in the editor and GET /dictations/:id.',
    schemas.returnBody,
    (actor, id, body) => returnDocument(ctx, actor, id, body),
  );

  detailAction(
    'retract',
    recordsStaff,
    "Entered in error, with a reason: MDM^T11 and FHIR entered-in-error to the EHR targets; the note (and its addenda) leave the patient's current documents but are kept. The dictation can then be re-filed (POST /documents/:id/refile).",
    schemas.retractBody,
    (actor, id, body) => retractDocument(ctx, actor, id, body),
  );

  detailAction(
    'refile',
    recordsStaff,
    'After a retraction: the note as a new unsigned document under the right patient (422 for an unknown MRN), to be signed (when required) and filed.',
    schemas.refileBody,
    (actor, id, body) => refileDocument(ctx, actor, id, body),
    201,
  );

  app.post(
    '/documents/:id/deliveries/:target/retry',
    endpoint(recordsStaff, {
      description: 'Re-queue a FAILED delivery.',
      params: schemas.retryParams,
      response: { 202: schemas.deliverySchema },
    }),
    async (request, reply) =>
      accepted(reply, retryDelivery(ctx, request.actor, request.params.id, request.params.target)),
  );

  const exportRoute = (format: ExportFormat, roles: readonly Role[], description: string) =>
    app.get(
      `/documents/:id/${format}`,
      endpoint(
        {
          roles,
          tokenScope: 'documents:read',
          // Rendering costs CPU: bounded per user, whatever address they come from.
          rateLimit: perUserLimit(ctx.config.rateLimit.costlyPerMinute),
        },
        { description, params: schemas.idParams },
      ),
      async (request, reply) => {
        const result = await exportDocument(ctx, request.actor, request.params.id, format);
        return reply
          .header('content-type', result.contentType)
          .header('content-disposition', `inline; filename="${result.fileName}"`)
          .header('cache-control', 'private, no-store')
          .send(result.body);
      },
    );
  exportRoute('fhir', ['RECORDS', 'ADMIN'], 'FHIR R4 DocumentReference (US Core), application/fhir+json.');
  exportRoute(
    'hl7',
    ['RECORDS', 'ADMIN'],
    'HL7 v2.5.1 MDM (T02, or T06/T10 for addenda and replacements) in ER7, text/plain.',
  );
  exportRoute('pdf', ['PHYSICIAN', 'RECORDS', 'ADMIN'], 'Printable PDF (physicians: their own notes).');

  app.get(
    '/patients/:mrn/documents',
    endpoint(clinicalStaff, {
      tags: ['patients', ...tags],
      description:
        'The patient’s filed notes with their text, including superseded versions and addenda, newest first.',
      params: schemas.mrnParams,
      querystring: schemas.pageQuery,
      response: { 200: schemas.documentDetailPage },
    }),
    async (request) => listPatientDocuments(ctx, request.actor, request.params.mrn, request.query),
  );
});
