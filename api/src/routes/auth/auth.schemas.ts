// The REST contract of /auth: contracts/src/auth.ts (the web app and tests share it).
export {
  csrfReply,
  loginBody,
  loginReply,
  meReply,
  mfaEnrollReply,
  mfaVerifyBody,
  mfaVerifyReply,
  noContentReply,
  userSchema,
} from '@dictum/contracts/auth';
export { roleSchema } from '@dictum/contracts/enums';
