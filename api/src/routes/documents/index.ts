import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';

// Filing, FHIR, HL7 and PDF routes: see services/documents.
export const documentRoutes = (_ctx: AppContext): FastifyPluginAsyncZod => async (_app) => {};
