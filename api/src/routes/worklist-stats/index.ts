import { worklistStats } from '../../services/reports/worklist-stats';
import { authorContext } from '../../services/worklist/author-context';
import { resourceRoutes, transcriptionists } from '../endpoint';
import * as schemas from './worklist-stats.schemas';

const backlogViewers = { roles: ['TRANSCRIPTIONIST', 'ADMIN'] } as const;

export const worklistStatsRoutes = resourceRoutes(['dictations'], (app, ctx, endpoint) => {
  app.get(
    '/worklist/stats',
    endpoint(backlogViewers, {
      description:
        'The backlog at a glance (jobs, audio minutes waiting and overdue, by priority and work type) and lines/jobs finalized per transcriptionist today and this week (UTC days, weeks from Monday). No patient data.',
      querystring: schemas.statsQuery,
      response: { 200: schemas.statsSchema },
    }),
    async (request) => worklistStats(ctx.db, request.actor, request.query.among),
  );

  app.get(
    '/dictations/:id/author-context',
    endpoint(transcriptionists, {
      description:
        "For the transcriptionist holding the job: the patient's date of birth and sex, the author's typing preferences and the author's earlier notes for this patient (read-only, latest 5). 404 for anyone else.",
      params: schemas.dictationIdParams,
      response: { 200: schemas.authorContextSchema },
    }),
    async (request) => authorContext(ctx, request.actor, request.params.id),
  );
});
