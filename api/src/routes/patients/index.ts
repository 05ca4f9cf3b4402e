import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { createPatient } from '../../services/patients/create-patient';
import { listEncounters } from '../../services/patients/list-encounters';
import { readPatient, searchPatients } from '../../services/patients/read-patient';
import {
  createPatientBody,
  encounterListSchema,
  mrnParams,
  patientListSchema,
  patientSchema,
  searchPatientsQuery,
} from './patients.schemas';

const clinical = ['PHYSICIAN', 'TRANSCRIPTIONIST', 'RECORDS'] as const;

export const patientRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/patients',
      {
        config: { roles: ['RECORDS', 'ADMIN'], tokenScope: 'patients:write' },
        schema: { tags: ['patients'], body: createPatientBody, response: { 201: patientSchema } },
      },
      async (request, reply) => reply.status(201).send(await createPatient(ctx, request.actor, request.body)),
    );

    app.get(
      '/patients',
      {
        config: { roles: clinical },
        schema: {
          tags: ['patients'],
          querystring: searchPatientsQuery,
          response: { 200: patientListSchema },
        },
      },
      async (request) => searchPatients(ctx, request.actor, request.query.q),
    );

    app.get(
      '/patients/:mrn',
      {
        config: { roles: clinical, tokenScope: 'patients:read' },
        schema: {
          tags: ['patients'],
          params: mrnParams,
          response: { 200: patientSchema },
        },
      },
      async (request) => readPatient(ctx, request.actor, request.params.mrn),
    );

    // The visits a dictation can be filed under (the recorder's encounter choice).
    app.get(
      '/patients/:mrn/encounters',
      {
        config: { roles: clinical, tokenScope: 'patients:read' },
        schema: {
          tags: ['patients'],
          params: mrnParams,
          response: { 200: encounterListSchema },
        },
      },
      async (request) => listEncounters(ctx, request.actor, request.params.mrn),
    );
  };
