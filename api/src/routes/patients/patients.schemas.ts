// The REST contract of /patients: contracts/src/patients.ts (the web app and tests share it).
export {
  createPatientBody,
  encounterListSchema,
  encounterSchema,
  mrnParams,
  mrnSchema,
  patientListSchema,
  patientSchema,
  searchPatientsQuery,
} from '@dictum/contracts/patients';
