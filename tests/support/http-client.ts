import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** A client as an outside integration would use the API: fetch, a session cookie, the CSRF header. */
export class HttpClient {
  private cookie = '';
  private csrf = '';
  constructor(readonly baseUrl: string) {}

  async login(username: string, password: string) {
    const res = await fetch(`${this.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (!res.ok) throw new Error(`login ${res.status}`);
    this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    this.csrf = (await res.json()).csrfToken;
    return this;
  }

  async fetch(pathname: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    headers.set('cookie', this.cookie);
    headers.set('x-csrf-token', this.csrf);
    return fetch(`${this.baseUrl}${pathname}`, { ...init, headers });
  }

  async json<T = any>(pathname: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
    const res = await this.fetch(pathname, init);
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  async uploadDictation(file: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('audio', new Blob([await readFile(file)]), path.basename(file));
    return this.json('/api/v1/dictations', { method: 'POST', body: form, headers });
  }
}
