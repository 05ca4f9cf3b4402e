import { createHmac, randomBytes } from 'node:crypto';
import type { AppContext } from '../../context';

// The browser keeps unsaved editor text encrypted under a key only a signed-in session receives
// (held in page memory, never stored). After sign-out, session expiry or a closed tab, what is left
// in localStorage is ciphertext; signing in again as the same user yields the same key, so a
// transcriptionist's unsaved work is recovered rather than lost.

const SECRET_SETTING = 'auth.draft-key-secret';
let cachedSecret: Buffer | null = null;

async function serverSecret(ctx: AppContext): Promise<Buffer> {
  if (ctx.config.auth.secretKey) return ctx.config.auth.secretKey;
  if (cachedSecret) return cachedSecret;
  // Without AUTH_SECRET_KEY (development): one random secret per database, kept in settings.
  const fresh = randomBytes(32).toString('base64');
  await ctx.db.setting.upsert({
    where: { key: SECRET_SETTING },
    create: { key: SECRET_SETTING, value: fresh },
    update: {},
  });
  const row = await ctx.db.setting.findUniqueOrThrow({ where: { key: SECRET_SETTING } });
  cachedSecret = Buffer.from(String(row.value), 'base64');
  return cachedSecret;
}

/** 32 bytes, base64: the AES-256-GCM key for this user's local drafts. */
export async function draftKeyFor(ctx: AppContext, userId: string): Promise<string> {
  const secret = await serverSecret(ctx);
  return createHmac('sha256', secret).update(`dictum-draft-key:${userId}`).digest('base64');
}
