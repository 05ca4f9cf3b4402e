import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { worklistStats } from '../../services/reports/worklist-stats';
import { authorContext } from '../../services/worklist/author-context';
import { authorContextSchema, dictationIdParams, statsQuery, statsSchema } from './worklist-stats.schemas';

export const worklistStatsRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/worklist/stats',
      {
        config: { roles: ['TRANSCRIPTIONIST', 'ADMIN'] },
        schema: {
          tags: ['dictations'],
          description:
            'The backlog at a glance (jobs, audio minutes waiting and overdue, by priority and work type) and lines/jobs finalized per transcriptionist today and this week (UTC days, weeks from Monday). No patient data.',
          querystring: statsQuery,
          response: { 200: statsSchema },
        },
      },
      async (request) => worklistStats(ctx.db, request.actor, request.query.among),
    );

    app.get(
      '/dictations/:id/author-context',
      {
        config: { roles: ['TRANSCRIPTIONIST'] },
        schema: {
          tags: ['dictations'],
          description:
            "For the transcriptionist holding the job: the patient's date of birth and sex, the author's typing preferences and the author's earlier notes for this patient (read-only, latest 5). 404 for anyone else.",
          params: dictationIdParams,
          response: { 200: authorContextSchema },
        },
      },
      async (request) => authorContext(ctx, request.actor, request.params.id),
    );
  };
