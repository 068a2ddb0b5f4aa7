import { getDraft } from '../../server/drafts/service.ts';
import type { SurveyDoc } from '../../server/builder/document.ts';
import { postForm, type SignedIn, type TestContext } from '../helpers.ts';

// Drives the builder the way a browser without JavaScript does: read the form out of the page that
// was drawn, change some fields, press one of its buttons. So the tests also prove that the forms
// the builder draws carry everything its operations need.

export interface Fetched {
  status: number;
  location: string | null;
  html: string;
}

/** GETs a page as a signed-in user, without following redirects. */
export async function getPage(ctx: TestContext, path: string, as?: SignedIn): Promise<Fetched> {
  const res = await ctx.app.request(path, { headers: as?.headers ?? {}, redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location'), html: await res.text() };
}

/** POSTs a form as a signed-in user (with its CSRF token). */
export async function post(ctx: TestContext, path: string, fields: Record<string, string | string[]>, as?: SignedIn): Promise<Fetched> {
  const res = await postForm(ctx.app, path, fields, as);
  return { status: res.status, location: res.headers.get('location'), html: await res.text() };
}

const decode = (text: string) =>
  text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? decode(match[1]!) : undefined;
}
const hasAttribute = (tag: string, name: string) => new RegExp(`\\s${name}(=|\\s|>|/)`).test(tag);

/** The HTML of the first form inside the element with this id (or the first form whose action ends with `action`). */
export function formHtml(html: string, where: { within?: string; action?: string }): string {
  let from = 0;
  if (where.within) {
    from = html.indexOf(`id="${where.within}"`);
    if (from < 0) throw new Error(`No element #${where.within} on the page`);
  }
  const forms = [...html.slice(from).matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/g)].map((m) => m[0]);
  const form = where.action ? forms.find((f) => (attribute(f, 'action') ?? '').endsWith(where.action!)) : forms[0];
  if (!form) throw new Error(`No form ${JSON.stringify(where)} on the page`);
  return form;
}

/** The fields a browser would submit from a form as drawn (checked boxes, selected options). */
export function fieldsOf(form: string): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  const add = (name: string | undefined, value: string) => {
    if (name) (fields[name] ??= []).push(value);
  };
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const type = attribute(tag, 'type') ?? 'text';
    if ((type === 'checkbox' || type === 'radio') && !hasAttribute(tag, 'checked')) continue;
    add(attribute(tag, 'name'), attribute(tag, 'value') ?? (type === 'checkbox' ? 'on' : ''));
  }
  for (const [, attrs, text] of form.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) add(attribute(attrs!, 'name'), decode(text!));
  for (const [, attrs, body] of form.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const options = [...body!.matchAll(/<option\b([^>]*)>/g)].map((m) => m[1]!);
    const chosen = options.find((o) => hasAttribute(o, 'selected')) ?? options[0];
    if (chosen !== undefined) add(attribute(attrs!, 'name'), attribute(chosen, 'value') ?? '');
  }
  return fields;
}

/** The formaction of a submit button in a form, found by its visible text. */
export function buttonAction(form: string, text: string | RegExp): { action: string; name?: string; value?: string } {
  for (const [tag, inner] of [...form.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/g)].map((m) => [m[1]!, m[2]!.replace(/<[^>]+>/g, '')] as const)) {
    const matches = typeof text === 'string' ? inner.trim() === text : text.test(inner);
    if (!matches) continue;
    return { action: attribute(tag, 'formaction') ?? attribute(form, 'action')!, name: attribute(tag, 'name'), value: attribute(tag, 'value') };
  }
  throw new Error(`No button ${String(text)} in the form`);
}

/** The draft's document as stored. */
export async function draftDoc(ctx: TestContext, slug: string): Promise<SurveyDoc> {
  const draft = await getDraft(ctx.database.db, slug);
  if (!draft) throw new Error(`No draft for ${slug}`);
  return draft.document as unknown as SurveyDoc;
}

/** A signed-in researcher working in the builder of one survey. */
export class Builder {
  constructor(
    readonly ctx: TestContext,
    readonly as: SignedIn,
    readonly slug: string,
  ) {}

  get base() {
    return `/studio/surveys/${this.slug}/build`;
  }

  /** The builder page as drawn now. */
  async page(): Promise<string> {
    const page = await getPage(this.ctx, this.base, this.as);
    if (page.status !== 200) throw new Error(`builder answered ${page.status}: ${page.html.slice(0, 300)}`);
    return page.html;
  }

  /** Fills a form of the builder page and presses a button; `changes` replace fields. */
  async submit(where: { within?: string; action?: string }, button: string | RegExp, changes: Record<string, string | string[] | undefined> = {}, html?: string): Promise<Fetched> {
    const form = formHtml(html ?? (await this.page()), where);
    const fields: Record<string, string | string[]> = fieldsOf(form);
    for (const [name, value] of Object.entries(changes)) {
      if (value === undefined) delete fields[name];
      else fields[name] = value;
    }
    const pressed = buttonAction(form, button);
    if (pressed.name) fields[pressed.name] = pressed.value ?? '';
    delete fields._csrf;
    return post(this.ctx, pressed.action, fields, this.as);
  }

  /** Like submit, but expects the builder's redirect back to an item and returns its anchor. */
  async edit(where: { within?: string; action?: string }, button: string | RegExp, changes: Record<string, string | string[] | undefined> = {}): Promise<string> {
    const res = await this.submit(where, button, changes);
    if (res.status !== 303) throw new Error(`expected a redirect, got ${res.status}: ${res.html.replace(/\s+/g, ' ').slice(0, 600)}`);
    const location = res.location ?? '';
    if (!location.startsWith(`${this.base}#`)) throw new Error(`redirected to ${location}`);
    return location.slice(this.base.length + 1);
  }

  /** The stored draft. */
  doc(): Promise<SurveyDoc> {
    return draftDoc(this.ctx, this.slug);
  }
}

/** The text of the element with this id (tags removed, whitespace collapsed). */
export function textOf(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) throw new Error(`No #${id}`);
  const open = html.lastIndexOf('<', start);
  const tag = /^<([a-z0-9]+)/.exec(html.slice(open))![1]!;
  // Find the matching close tag by counting nested tags of the same name.
  let depth = 0;
  const re = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'g');
  re.lastIndex = open;
  let match: RegExpExecArray | null;
  let end = html.length;
  while ((match = re.exec(html))) {
    depth += match[1] ? -1 : 1;
    if (depth === 0) {
      end = match.index;
      break;
    }
  }
  return decode(html.slice(open, end).replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
}
