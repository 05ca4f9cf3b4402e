import type { ZodType, z } from 'zod';
import type { UserActor } from '../../plugins/authenticate';
import { draftQualityReport } from '../../services/reports/draft-quality-report';
import { lineCountReport } from '../../services/reports/line-count-report';
import { operationsDashboard } from '../../services/reports/operations-dashboard';
import { type Access, admins, recordsAndAdmins, resourceRoutes } from '../endpoint';
import * as schemas from './reports.schemas';

// The reports: aggregates over a period or a filter, never patient names or MRNs. Each is a GET
// whose query narrows it and whose answer states its own definitions (services/reports).
export const reportRoutes = resourceRoutes(['reports'], (app, ctx, endpoint) => {
  const report = <C extends Access, Q extends ZodType, R extends ZodType>(
    url: string,
    access: C,
    openapi: { description: string; tags?: string[] },
    schema: { querystring: Q; answer: R },
    run: (actor: UserActor, query: z.output<Q>) => Promise<z.input<R>>,
  ) =>
    app.get(
      url,
      endpoint(access, {
        ...openapi,
        querystring: schema.querystring as ZodType,
        response: { 200: schema.answer as ZodType },
      }),
      // The query is checked against Q where `run` is written; here it is any schema.
      async (request) => run(request.actor, request.query as z.output<Q>),
    );

  report(
    '/admin/quality',
    admins,
    {
      tags: ['admin', 'reports'],
      description:
        'Edit distance between the engine drafts and the finalized texts, by engine, author, work type or day: documents, draft and final words, word errors and WER (= total wordErrors ÷ total finalWords). Optional filters: engine, workType (code), author (username).',
    },
    { querystring: schemas.qualityQuery, answer: schemas.qualityReportSchema },
    (actor, query) => draftQualityReport(ctx, actor, query),
  );

  report(
    '/admin/dashboard',
    admins,
    {
      tags: ['admin', 'reports'],
      description:
        'Operations overview: dictations by status, overdue work by priority, oldest waiting item per status, transcription failures in the last 24 h by reason, documents finalized today, median turnaround over 7 days, deliveries by status. Optionally for one work type (code).',
    },
    { querystring: schemas.dashboardQuery, answer: schemas.dashboardSchema },
    (_actor, query) => operationsDashboard(ctx, query),
  );

  report(
    '/reports/line-counts',
    recordsAndAdmins,
    {
      description:
        'Lines per transcriptionist (who finalized) and period: AHDI lines (65 characters including spaces) and VA VBC lines (visible characters ÷ 65). The response states the definitions.',
    },
    { querystring: schemas.lineCountQuery, answer: schemas.lineCountReportSchema },
    (actor, query) => lineCountReport(ctx, actor, query),
  );
});
