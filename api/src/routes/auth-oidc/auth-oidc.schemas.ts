import { z } from 'zod';

export const oidcLoginQuery = z.object({ returnTo: z.string().max(500).optional() });

// The callback carries whatever the provider sends (code, state, iss, error...); openid-client
// validates the whole query, so only `state` is read here.
export const oidcCallbackQuery = z.looseObject({ state: z.string().max(512).optional() });

export const backchannelLogoutBody = z.looseObject({ logout_token: z.string().max(16_384).optional() });

export const signInOptionsReply = z.object({
  sso: z.object({ enabled: z.boolean(), providerName: z.string().nullable() }),
  localLogin: z.enum(['all', 'admins-only', 'off']),
});

export const ssoLogoutReply = z.object({ endSessionUrl: z.string().nullable() });
