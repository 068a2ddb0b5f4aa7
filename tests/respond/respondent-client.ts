import type { App } from '../../server/app.ts';

/** A response with its body already read. */
export interface Page {
  status: number;
  location: string | null;
  html: string;
  headers: Headers;
}

/** A browser stand-in for app.request: keeps the cookies the app sets and sends them back by hand,
 * posts urlencoded forms, never follows redirects (so tests can assert each one). */
export class RespondentClient {
  readonly cookies = new Map<string, string>();
  /** Every Set-Cookie header seen, for asserting flags. */
  readonly setCookies: string[] = [];

  constructor(
    private readonly app: App,
    private readonly origin = 'http://localhost',
  ) {}

  private async send(path: string, init: RequestInit): Promise<Page> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const headers = new Headers(init.headers);
    if (cookie) headers.set('cookie', cookie);
    const res = await this.app.request(`${this.origin}${path}`, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      this.setCookies.push(line);
      const [pair] = line.split(';');
      const index = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, index), pair!.slice(index + 1));
    }
    return { status: res.status, location: res.headers.get('location'), html: await res.text(), headers: res.headers };
  }

  /** GETs a path. */
  get(path: string): Promise<Page> {
    return this.send(path, { method: 'GET' });
  }

  /** POSTs a form; repeated names (checkboxes) are given as arrays. */
  post(path: string, fields: Record<string, string | string[]> = {}): Promise<Page> {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) {
      for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
    }
    return this.send(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
  }

  /** A second browser tab: the same cookies, its own history. */
  fork(): RespondentClient {
    const other = new RespondentClient(this.app, this.origin);
    for (const [name, value] of this.cookies) other.cookies.set(name, value);
    return other;
  }
}

/** The Start for Life answers, page by page, as form fields. */
export const START_FOR_LIFE_FORMS = {
  p_eligibility: { q_age_band: '3', q_parent_under2: '1', q_region: '7' },
  p_household: { q_gender: '1', q_children_under2: '2' },
  p_awareness: { q_aware_mh_before_2: '2', q_confidence_emotional: '4' },
  p_support: {
    q_welcome_support: '5',
    'q_advice_outdated.s_any_advice': '4',
    'q_advice_outdated.s_cry_it_out': '9',
    'q_advice_outdated.s_limit_affection': '2',
  },
  p_feelings: { q_felt_guilty: '2' },
} as const;
