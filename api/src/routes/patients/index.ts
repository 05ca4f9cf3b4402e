import { createPatient } from '../../services/patients/create-patient';
import { listEncounters } from '../../services/patients/list-encounters';
import { readPatient, searchPatients } from '../../services/patients/read-patient';
import { clinicalStaff, recordsAndAdmins, resourceRoutes } from '../endpoint';
import { created } from '../replies';
import * as schemas from './patients.schemas';

const patientsWrite = { ...recordsAndAdmins, tokenScope: 'patients:write' } as const;
const patientsRead = { ...clinicalStaff, tokenScope: 'patients:read' } as const;

export const patientRoutes = resourceRoutes(['patients'], (app, ctx, endpoint) => {
  app.post(
    '/patients',
    endpoint(patientsWrite, { body: schemas.createPatientBody, response: { 201: schemas.patientSchema } }),
    async (request, reply) => created(reply, createPatient(ctx, request.actor, request.body)),
  );

  app.get(
    '/patients',
    endpoint(clinicalStaff, {
      querystring: schemas.searchPatientsQuery,
      response: { 200: schemas.patientListSchema },
    }),
    async (request) => searchPatients(ctx, request.actor, request.query.q),
  );

  app.get(
    '/patients/:mrn',
    endpoint(patientsRead, { params: schemas.mrnParams, response: { 200: schemas.patientSchema } }),
    async (request) => readPatient(ctx, request.actor, request.params.mrn),
  );

  // The visits a dictation can be filed under (the recorder's encounter choice).
  app.get(
    '/patients/:mrn/encounters',
    endpoint(patientsRead, { params: schemas.mrnParams, response: { 200: schemas.encounterListSchema } }),
    async (request) => listEncounters(ctx, request.actor, request.params.mrn),
  );
});
