import { draftQualityReport } from '../../services/reports/draft-quality-report';
import { operationsDashboard } from '../../services/reports/operations-dashboard';
import { admins, resourceRoutes } from '../endpoint';
import * as schemas from './admin-reports.schemas';

// The administrator's dashboards: draft quality (word error rate of the engine drafts) and the
// operations overview. Aggregates only; no patient names or MRNs.
export const adminReportRoutes = resourceRoutes(['admin', 'reports'], (app, ctx, endpoint) => {
  app.get(
    '/admin/quality',
    endpoint(admins, {
      description:
        'Edit distance between the engine drafts and the finalized texts, by engine, author, work type or day: documents, draft and final words, word errors and WER (= total wordErrors ÷ total finalWords). Optional filters: engine, workType (code), author (username).',
      querystring: schemas.qualityQuery,
      response: { 200: schemas.qualityReportSchema },
    }),
    async (request) => draftQualityReport(ctx, request.actor, request.query),
  );

  app.get(
    '/admin/dashboard',
    endpoint(admins, {
      description:
        'Operations overview: dictations by status, overdue work by priority, oldest waiting item per status, transcription failures in the last 24 h by reason, documents finalized today, median turnaround over 7 days, deliveries by status. Optionally for one work type (code).',
      querystring: schemas.dashboardQuery,
      response: { 200: schemas.dashboardSchema },
    }),
    async (request) => operationsDashboard(ctx, request.query),
  );
});
