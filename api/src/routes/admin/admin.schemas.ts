// What /admin (users, tokens, audit) validates and answers: the REST contract (contracts/src/admin.ts).
export * from '@dictum/contracts/admin';
export { adminIdParams as idParams } from '@dictum/contracts/admin';
