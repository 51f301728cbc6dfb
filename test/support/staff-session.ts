// A signed-in office, auditor or admin user for integration tests: signs in through the real form (cookie, CSRF
// token, redirect), then sends the session cookie and the token with every request, as the browser would.
import { randomBytes } from 'node:crypto';
import type { StaffRole } from '../../store/accounts';
import type { Store } from '../../store/open-store';

export interface StaffSession {
  login: string;
  /** fetch relative to the web server, signed in; unsafe methods carry the CSRF token in a header. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** A form POST, as a page of ours sends it: the token in the body, no redirect followed. */
  postForm(path: string, fields: Record<string, string>): Promise<Response>;
  csrf: string;
  cookieHeader(): string;
}

const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** Signs in with the form at /sign-in; throws with the page's status when the password is refused. */
export async function signIn(webUrl: string, login: string, password: string): Promise<StaffSession> {
  const jar = new CookieJar();
  const form = await fetch(`${webUrl}/sign-in`);
  jar.take(form);
  const signInCsrf = csrfIn(await form.text());
  if (!signInCsrf) throw new Error('the sign-in page has no CSRF token');
  const res = await fetch(`${webUrl}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: jar.header() },
    body: new URLSearchParams({ login, password, next: '/', _csrf: signInCsrf }),
  });
  if (res.status !== 303) throw new Error(`sign-in as ${login} answered ${res.status}`);
  jar.take(res);
  const home = await fetch(`${webUrl}/`, { headers: { cookie: jar.header() }, redirect: 'manual' });
  const csrf = csrfIn(await home.text());
  if (!csrf) throw new Error(`signed in as ${login}, but the home page (${home.status}) has no CSRF token`);
  const session: StaffSession = {
    login,
    csrf,
    cookieHeader: () => jar.header(),
    async fetch(path, init = {}) {
      const headers = new Headers(init.headers);
      headers.set('cookie', jar.header());
      if (init.method && init.method !== 'GET' && init.method !== 'HEAD' && !headers.has('x-csrf-token'))
        headers.set('x-csrf-token', csrf);
      return fetch(`${webUrl}${path}`, { ...init, headers });
    },
    postForm(path, fields) {
      return fetch(`${webUrl}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: jar.header() },
        body: new URLSearchParams({ ...fields, _csrf: csrf }),
      });
    },
  };
  return session;
}

/** A new account of the role, made in the store, signed in over HTTP. */
export async function staffSession(
  store: Store,
  webUrl: string,
  role: StaffRole,
  login = `${role}-${randomBytes(3).toString('hex')}`,
): Promise<StaffSession & { password: string }> {
  const password = randomBytes(12).toString('base64url');
  await store.accounts.create({ login, role, password });
  return { ...(await signIn(webUrl, login, password)), password };
}
