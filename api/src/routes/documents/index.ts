import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { amendDocument } from '../../services/documents/amend-document';
import { type ExportFormat, exportDocument } from '../../services/documents/export-document';
import { fileDocument } from '../../services/documents/file-document';
import { lineCountReport } from '../../services/documents/line-count-report';
import { listDocuments } from '../../services/documents/list-documents';
import { listPatientDocuments } from '../../services/documents/list-patient-documents';
import { readDocument } from '../../services/documents/read-document';
import { reassignDocument } from '../../services/documents/reassign-document';
import { retryDelivery } from '../../services/documents/retry-delivery';
import {
  amendBody,
  amendResponse,
  deliverySchema,
  documentDetailPage,
  documentDetailSchema,
  documentPage,
  documentSchema,
  idParams,
  lineCountQuery,
  lineCountReportSchema,
  listDocumentsQuery,
  mrnParams,
  pageQuery,
  reassignBody,
  retryParams,
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
            'Addendum (appends) or replacement (supersedes) of a filed note; filed and delivered at once.',
          params: idParams,
          body: amendBody,
          response: { 201: amendResponse },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await amendDocument(ctx, request.actor, request.params.id, request.body)),
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
        { config: { roles }, schema: { tags, description, params: idParams } },
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
