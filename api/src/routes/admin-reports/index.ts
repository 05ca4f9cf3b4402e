import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { draftQualityReport } from '../../services/reports/draft-quality-report';
import { operationsDashboard } from '../../services/reports/operations-dashboard';
import { dashboardQuery, dashboardSchema, qualityQuery, qualityReportSchema } from './admin-reports.schemas';

const tags = ['admin', 'reports'];
const admin = { roles: ['ADMIN'] as const };

// The administrator's dashboards: draft quality (word error rate of the engine drafts) and the
// operations overview. Aggregates only; no patient names or MRNs.
export const adminReportRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/admin/quality',
      {
        config: admin,
        schema: {
          tags,
          description:
            'Edit distance between the engine drafts and the finalized texts, by engine, author, work type or day: documents, draft and final words, word errors and WER (= total wordErrors ÷ total finalWords). Optional filters: engine, workType (code), author (username).',
          querystring: qualityQuery,
          response: { 200: qualityReportSchema },
        },
      },
      async (request) => draftQualityReport(ctx, request.actor, request.query),
    );

    app.get(
      '/admin/dashboard',
      {
        config: admin,
        schema: {
          tags,
          description:
            'Operations overview: dictations by status, overdue work by priority, oldest waiting item per status, transcription failures in the last 24 h by reason, documents finalized today, median turnaround over 7 days, deliveries by status. Optionally for one work type (code).',
          querystring: dashboardQuery,
          response: { 200: dashboardSchema },
        },
      },
      async (request) => operationsDashboard(ctx, request.query),
    );
  };
