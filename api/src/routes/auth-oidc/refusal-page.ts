import type { SsoRefusal } from '../../services/auth/oidc/sso-refusal';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page a refused single sign-on lands on: what happened, the reason code, a way back. */
export function refusalPage(refusal: SsoRefusal, providerName: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign-in refused · Dictum</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1b1f24}
h1{font-size:1.4rem}code{background:#eef1f4;padding:.1rem .3rem;border-radius:3px}a{color:#0b57d0}</style>
</head><body><main>
<h1>Sign-in refused</h1>
<p>${escapeHtml(refusal.message)}</p>
<p>Reason code: <code id="reason">${escapeHtml(refusal.reason)}</code> (sign-in with ${escapeHtml(providerName)})</p>
<p><a href="/login">Back to the sign-in page</a></p>
</main></body></html>`;
}
