import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenOutCodes } from '../../server/surveys/routing.ts';
import { optionsOf } from '../../server/surveys/model.ts';
import type { Question, SurveyDefinition } from '../../server/surveys/schema.ts';
import { readSurveyFile } from '../../server/surveys/service.ts';
import { createTestApp, ENGINES, EXAMPLE_SURVEYS_DIR, type TestContext } from '../helpers.ts';
import { RespondentClient } from './respondent-client.ts';

// Every example survey can be answered end to end through the respondent pages, in each of its
// languages: a smoke test that catches a definition the pages cannot render or route.

const files = readdirSync(EXAMPLE_SURVEYS_DIR).filter((name) => name.endsWith('.json')).sort();

/** Form fields answering a question with its first option that does not screen out (or a plausible value). */
function fieldsFor(question: Question): Record<string, string> {
  const firstKept = () => optionsOf(question).find((option) => !screenOutCodes(question).includes(option.code))!.code;
  switch (question.type) {
    case 'likert-grid':
      return Object.fromEntries(question.statements.map((statement) => [`${question.id}.${statement.id}`, firstKept()]));
    case 'multiple-choice':
    case 'single-choice':
    case 'likert':
      return { [question.id]: firstKept() };
    case 'number':
      return { [question.id]: String(question.min ?? 1) };
    default:
      return { [question.id]: 'Dim ond prawf / just a test' };
  }
}

describe.each(ENGINES)('example surveys through the respondent pages on %s', (engine) => {
  let ctx: TestContext;
  let definitions: SurveyDefinition[];
  beforeAll(async () => {
    const read = await Promise.all(files.map((name) => readSurveyFile(join(EXAMPLE_SURVEYS_DIR, name))));
    definitions = read.flatMap((file) => (file.definition ? [file.definition] : []));
    ctx = await createTestApp(engine, { examples: false, definitions });
  });
  afterAll(() => ctx.database.drop());

  it.each(files)('%s can be answered in each of its languages', async (name) => {
    const definition = definitions.find((candidate) => `${candidate.slug}.v${candidate.version}.json` === name);
    expect(definition, `${name} is not a valid definition`).toBeDefined();
    for (const language of definition!.languages) {
      const base = `/s/${definition!.slug}`;
      const client = new RespondentClient(ctx.app);
      const start = await client.get(`${base}?lang=${language}`);
      expect(start.status).toBe(200);
      expect(start.html).toContain(`<html lang="${language}">`);
      let location = (await client.post(`${base}/start`, { consent: 'yes' })).location!;
      for (let steps = 0; location.startsWith(`${base}/pages/`); steps++) {
        expect(steps).toBeLessThan(definition!.pages.length);
        const shown = await client.get(location);
        expect(shown.status, location).toBe(200);
        expect(shown.html).toContain(`<html lang="${language}">`);
        const pageId = location.slice(`${base}/pages/`.length);
        const page = definition!.pages.find((candidate) => candidate.id === pageId)!;
        const fields = Object.assign({}, ...page.questions.map(fieldsFor));
        const saved = await client.post(location, fields);
        expect(saved.status, `${location}: ${saved.html.match(/error-summary__list">(.*?)<\/ul>/)?.[1]}`).toBe(303);
        location = saved.location!;
      }
      expect(location).toBe(`${base}/check`);
      expect((await client.get(location)).html).toContain(`<html lang="${language}">`);
      expect((await client.post(`${base}/submit`)).location).toBe(`${base}/done`);
      const done = await client.get(`${base}/done`);
      expect(done.html).toMatch(/class="reference">[0-9A-Z]{4}-[0-9A-Z]{4}</);
    }
  });
});
