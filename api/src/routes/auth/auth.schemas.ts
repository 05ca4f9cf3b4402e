// What /auth validates and answers: the REST contract (contracts/src/auth.ts).
export * from '@dictum/contracts/auth';
