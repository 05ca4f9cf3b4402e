import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
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
import { lineCountReport } from '../../services/reports/line-count-report';
import {
  amendBody,
  amendResponse,
  deliverySchema,
  documentDetailPage,
  documentDetailSchema,
  documentPage,
  documentSchema,
  documentVersionsSchema,
  idParams,
  lineCountQuery,
  lineCountReportSchema,
  listDocumentsQuery,
  mrnParams,
  pageQuery,
  reassignBody,
  refileBody,
  retractBody,
  retryParams,
  returnBody,
  signBody,
} from './documents.schemas';

type Role = 'PHYSICIAN' | 'TRANSCRIPTIONIST' | 'RECORDS' | 'ADMIN';
const tags = ['documents'];

// Filing, amendments, exports (FHIR, HL7, PDF), EHR delivery and line counts: see services/documents.
export const documentRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/documents',
      {
        config: { roles: ['RECORDS', 'ADMIN'] },
        schema: {
          tags,
          description:
            'Filing queue and document list. status: FINALIZED | SIGNED | FILED | SUPERSEDED, READY (may be filed now: signed, or finalized with a work type that needs no signature) or AWAITING_SIGNATURE. Queue statuses list oldest first, the others newest first.',
          querystring: listDocumentsQuery,
          response: { 200: documentPage },
        },
      },
      async (request) => listDocuments(ctx, request.actor, request.query),
    );

    app.get(
      '/documents/:id',
      {
        config: { roles: ['RECORDS', 'ADMIN', 'PHYSICIAN'] },
        schema: {
          tags,
          description: 'The document with its text (physicians: their own).',
          params: idParams,
          response: { 200: documentDetailSchema },
        },
      },
      async (request) => readDocument(ctx, request.actor, request.params.id),
    );

    app.patch(
      '/documents/:id',
      {
        config: { roles: ['RECORDS'] },
        schema: {
          tags,
          description:
            'Reassign a not-yet-filed note (and its dictation) to the right patient; 422 for an unknown MRN.',
          params: idParams,
          body: reassignBody,
          response: { 200: documentSchema },
        },
      },
      async (request) => reassignDocument(ctx, request.actor, request.params.id, request.body),
    );

    app.post(
      '/documents/:id/file',
      {
        config: { roles: ['RECORDS'] },
        schema: {
          tags,
          description:
            'File into the patient record and start EHR delivery. 409 SIGNATURE_REQUIRED while an author signature is missing, 409 DOCUMENT_ALREADY_FILED when filed.',
          params: idParams,
          response: { 200: documentSchema },
        },
      },
      async (request) => fileDocument(ctx, request.actor, request.params.id),
    );

    app.post(
      '/documents/:id/amend',
      {
        config: { roles: ['RECORDS', 'PHYSICIAN'] },
        schema: {
          tags,
          description:
            "Addendum (appends) or replacement (supersedes) of a filed note, with its reason (400 without); filed and delivered at once. The author's own amendment is signed by saving it (needs a sign-in within 5 minutes or `password`); one by records staff stays unsigned (DO) and, when the work type needs a signature, waits on the author's list.",
          params: idParams,
          body: amendBody,
          response: { 201: amendResponse },
        },
      },
      async (request, reply) =>
        reply.status(201).send(
          await amendDocument(ctx, request.actor, request.params.id, request.body, {
            sessionId: request.session?.id ?? null,
          }),
        ),
    );

    app.get(
      '/documents/to-sign',
      {
        config: { roles: ['PHYSICIAN'] },
        schema: {
          tags,
          description:
            "The physician's notes and amendments awaiting their signature, oldest first (`reason` says why an amendment was written).",
          response: { 200: documentPage },
        },
      },
      async (request) => listDocumentsToSign(ctx, request.actor),
    );

    app.get(
      '/documents/:id/versions',
      {
        config: { roles: ['RECORDS', 'ADMIN', 'PHYSICIAN'] },
        schema: {
          tags,
          description:
            'Every version of this note (originals, replacements, addenda, superseded, entered-in-error, returned), oldest first, with text and reasons.',
          params: idParams,
          response: { 200: documentVersionsSchema },
        },
      },
      async (request) => listDocumentVersions(ctx, request.actor, request.params.id),
    );

    app.post(
      '/documents/:id/sign',
      {
        config: { roles: ['PHYSICIAN'] },
        schema: {
          tags,
          description:
            'The author signs this version (a finalized note or an amendment awaiting signature): records who, when and the sha256 of its text. Needs a sign-in within the last 5 minutes, or `password`, or a current second-factor `code` (403 REAUTHENTICATION_REQUIRED). With `text`, the corrected text becomes a new version signed by the author.',
          params: idParams,
          body: signBody.nullish(),
          response: { 200: documentDetailSchema },
        },
      },
      async (request) =>
        signDocument(ctx, request.actor, request.params.id, request.body ?? {}, {
          sessionId: request.session?.id ?? null,
        }),
    );

    app.post(
      '/documents/:id/return',
      {
        config: { roles: ['PHYSICIAN'] },
        schema: {
          tags,
          description:
            'Before filing, the author sends the note back to transcription with a comment: the dictation returns to the worklist and the comment shows in the editor and GET /dictations/:id.',
          params: idParams,
          body: returnBody,
          response: { 200: documentDetailSchema },
        },
      },
      async (request) => returnDocument(ctx, request.actor, request.params.id, request.body),
    );

    app.post(
      '/documents/:id/retract',
      {
        config: { roles: ['RECORDS'] },
        schema: {
          tags,
          description:
            "Entered in error, with a reason: MDM^T11 and FHIR entered-in-error to the EHR targets; the note (and its addenda) leave the patient's current documents but are kept. The dictation can then be re-filed (POST /documents/:id/refile).",
          params: idParams,
          body: retractBody,
          response: { 200: documentDetailSchema },
        },
      },
      async (request) => retractDocument(ctx, request.actor, request.params.id, request.body),
    );

    app.post(
      '/documents/:id/refile',
      {
        config: { roles: ['RECORDS'] },
        schema: {
          tags,
          description:
            'After a retraction: the note as a new unsigned document under the right patient (422 for an unknown MRN), to be signed (when required) and filed.',
          params: idParams,
          body: refileBody,
          response: { 201: documentDetailSchema },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await refileDocument(ctx, request.actor, request.params.id, request.body)),
    );

    app.post(
      '/documents/:id/deliveries/:target/retry',
      {
        config: { roles: ['RECORDS'] },
        schema: {
          tags,
          description: 'Re-queue a FAILED delivery.',
          params: retryParams,
          response: { 202: deliverySchema },
        },
      },
      async (request, reply) =>
        reply
          .status(202)
          .send(await retryDelivery(ctx, request.actor, request.params.id, request.params.target)),
    );

    const exportRoute = (format: ExportFormat, roles: readonly Role[], description: string) =>
      app.get(
        `/documents/:id/${format}`,
        {
          config: {
            roles,
            tokenScope: 'documents:read',
            // Rendering costs CPU: bounded per user, whatever address they come from.
            rateLimit: perUserLimit(ctx.config.rateLimit.costlyPerMinute),
          },
          schema: { tags, description, params: idParams },
        },
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
      {
        config: { roles: ['PHYSICIAN', 'TRANSCRIPTIONIST', 'RECORDS'] },
        schema: {
          tags: ['patients', ...tags],
          description:
            'The patient’s filed notes with their text, including superseded versions and addenda, newest first.',
          params: mrnParams,
          querystring: pageQuery,
          response: { 200: documentDetailPage },
        },
      },
      async (request) => listPatientDocuments(ctx, request.actor, request.params.mrn, request.query),
    );

    app.get(
      '/reports/line-counts',
      {
        config: { roles: ['RECORDS', 'ADMIN'] },
        schema: {
          tags: ['reports'],
          description:
            'Lines per transcriptionist (who finalized) and period: AHDI lines (65 characters including spaces) and VA VBC lines (visible characters ÷ 65). The response states the definitions.',
          querystring: lineCountQuery,
          response: { 200: lineCountReportSchema },
        },
      },
      async (request) => lineCountReport(ctx, request.actor, request.query),
    );
  };
