// A browser-less user agent for sign-in flows that cross sites: fetch with manual redirects and a
// cookie jar per origin (host:port), so each site only sees its own cookies.

export interface Hop {
  url: string;
  status: number;
  location: string | null;
  body: string;
  headers: Headers;
}

export class CookieAgent {
  private jar = new Map<string, Map<string, string>>();

  cookies(url: string): Map<string, string> {
    const origin = new URL(url).origin;
    const cookies = this.jar.get(origin) ?? new Map<string, string>();
    this.jar.set(origin, cookies);
    return cookies;
  }

  async request(url: string, init: RequestInit = {}): Promise<Hop> {
    const headers = new Headers(init.headers);
    const cookies = this.cookies(url);
    if (cookies.size) headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (expired) cookies.delete(name);
      else cookies.set(name, value);
    }
    const location = res.headers.get('location');
    return {
      url,
      status: res.status,
      location: location ? new URL(location, url).href : null,
      body: await res.text(),
      headers: res.headers,
    };
  }

  /** GETs and follows redirects until `stop(url)` says so (the hop to that URL is not made) or a non-redirect. */
  async follow(url: string, stop: (next: string) => boolean = () => false, init: RequestInit = {}) {
    let hop = await this.request(url, init);
    for (let i = 0; i < 20 && hop.location && hop.status >= 300 && hop.status < 400; i++) {
      if (stop(hop.location)) return hop;
      hop = await this.request(hop.location);
    }
    return hop;
  }

  /** Submits the page's (first) form with these fields; relative actions resolve against the page. */
  async submitForm(page: Hop, fields: Record<string, string>, stop?: (next: string) => boolean) {
    const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(page.body);
    if (!form) throw new Error(`no form on ${page.url}: ${page.body.slice(0, 200)}`);
    const hidden = Object.fromEntries(
      [...form[2]!.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/gi)].map((m) => [
        m[1],
        m[2],
      ]),
    );
    const action = new URL(form[1]!.replace(/&amp;/g, '&'), page.url).href;
    const body = new URLSearchParams({ ...hidden, ...fields }).toString();
    const first = await this.request(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    if (!first.location || stop?.(first.location)) return first;
    return this.follow(first.location, stop);
  }
}
