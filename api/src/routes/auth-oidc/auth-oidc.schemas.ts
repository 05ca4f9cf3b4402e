// What single sign-on validates and answers: the REST contract (contracts/src/auth.ts).
export * from '@dictum/contracts/auth';
