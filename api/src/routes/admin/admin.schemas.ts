// The REST contract of /admin (users, tokens, audit): contracts/src/admin.ts (the web app and tests share it).
export {
  adminIdParams as idParams,
  auditQuery,
  createTokenBody,
  createUserBody,
  updateUserBody,
} from '@dictum/contracts/admin';
