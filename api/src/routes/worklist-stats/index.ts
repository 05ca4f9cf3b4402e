import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { worklistStats } from '../../services/reports/worklist-stats';
import { authorContext } from '../../services/worklist/author-context';

const group = { jobs: z.number().int(), audioMinutes: z.number(), overdue: z.number().int() };
const output = z.object({ jobs: z.number().int(), lines: z.number().int() });

const statsSchema = z.object({
  backlog: z.object({
    ...group,
    needsManual: z.number().int(),
    needsManualIds: z.array(z.string()),
    oldestDictatedAt: z.string().nullable(),
    byPriority: z.array(z.object({ priority: z.enum(['STAT', 'ROUTINE']), ...group })),
    byWorkType: z.array(z.object({ code: z.string(), name: z.string(), ...group })),
  }),
  me: z.object({
    today: output,
    week: output,
    recent: z.array(
      z.object({
        documentId: z.string(),
        dictationId: z.string(),
        lines: z.number().int(),
        finalizedAt: z.string(),
      }),
    ),
  }),
  throughput: z.array(
    z.object({
      user: z.object({ id: z.string(), username: z.string(), displayName: z.string().nullable() }),
      today: output,
      week: output,
    }),
  ),
  since: z.object({ today: z.string(), week: z.string() }),
});

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
          querystring: z.object({
            /** Comma-separated dictation ids: report `needsManualIds` among these only. */
            among: z
              .string()
              .max(200 * 37)
              .transform((s) => s.split(',').filter(Boolean))
              .pipe(z.array(z.string().uuid()).max(200))
              .optional(),
          }),
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
          params: z.object({ id: z.string().uuid() }),
          response: {
            200: z.object({
              patient: z.object({ birthDate: z.string(), sex: z.string() }),
              authorPreferences: z.string().nullable(),
              earlierNotes: z.array(
                z.object({
                  id: z.string(),
                  number: z.string(),
                  workType: z.string(),
                  finalizedAt: z.string(),
                  text: z.string(),
                }),
              ),
            }),
          },
        },
      },
      async (request) => authorContext(ctx, request.actor, request.params.id),
    );
  };
