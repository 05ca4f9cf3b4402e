// What /patients validates and answers: the REST contract (contracts/src/patients.ts).
export * from '@dictum/contracts/patients';
