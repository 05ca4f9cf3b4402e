// The REST contract of single sign-on: contracts/src/auth.ts (the web app and tests share it).
export {
  backchannelLogoutBody,
  oidcCallbackQuery,
  oidcLoginQuery,
  signInOptionsReply,
  ssoLogoutReply,
} from '@dictum/contracts/auth';
