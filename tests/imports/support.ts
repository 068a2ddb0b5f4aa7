import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SignedIn, TestContext } from '../helpers.ts';

// What the import tests share: the fixture files, an upload through the page's form, and the
// problem table read back out of the HTML.

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'imports');

/** A fixture file's bytes. */
export function fixture(name: string): Uint8Array {
  return readFileSync(join(FIXTURES, name));
}

/** Posts the upload form as a signed-in user (multipart, with the CSRF token). */
export function upload(
  ctx: TestContext,
  slug: string,
  as: SignedIn,
  options: { version?: string; file?: { name: string; content: string | Uint8Array }; csrf?: string | null } = {},
) {
  const form = new FormData();
  if (options.csrf !== null) form.append('_csrf', options.csrf ?? as.csrf);
  form.append('version', options.version ?? '1');
  if (options.file) {
    const { content, name } = options.file;
    form.append('file', new File([typeof content === 'string' ? content : new Uint8Array(content)], name, { type: 'text/csv' }));
  }
  return ctx.app.request(`/studio/surveys/${slug}/data/import`, { method: 'POST', headers: as.headers, body: form });
}

const ENTITIES: Record<string, string> = { '&quot;': '"', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&#39;': "'", '&#x27;': "'" };
const textOf = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&(quot|amp|lt|gt|#39|#x27);/g, (entity) => ENTITIES[entity]!);

/** The rows of the problem table on a report page: row, line, column and message as shown. */
export function problemRows(html: string): { row: string; line: string; column: string; message: string }[] {
  const table = /<table class="studio-table"><caption id="import-problems-caption">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
  return [...table.matchAll(/<tr><td class="num">(.*?)<\/td><td class="num">(.*?)<\/td><td>(.*?)<\/td><td>(.*?)<\/td><\/tr>/g)].map((match) => ({
    row: textOf(match[1]!),
    line: textOf(match[2]!),
    column: textOf(match[3]!),
    message: textOf(match[4]!),
  }));
}

/** The page's text without tags, for asserting on what a person reads. */
export function pageText(html: string): string {
  return textOf(html).replace(/\s+/g, ' ');
}
