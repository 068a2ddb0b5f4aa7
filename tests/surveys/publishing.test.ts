import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../server/errors.ts';
import { publishSurveyFolder, publishSurveyVersion } from '../../server/surveys/service.ts';
import { allQuestionTypes } from '../fixtures/all-question-types.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../helpers.ts';

describe.each(ENGINES)('publishing survey versions on %s', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(() => database.drop());

  it('publishes a new version and treats identical content as a no-op', async () => {
    expect(await publishSurveyVersion(database.db, allQuestionTypes)).toBe('published');
    expect(await publishSurveyVersion(database.db, structuredClone(allQuestionTypes))).toBe('unchanged');
    const rows = await database.db.selectFrom('survey_versions').select('version').where('survey_slug', '=', 'all-question-types').execute();
    expect(rows).toEqual([{ version: 1 }]);
  });

  it('refuses different content under a published version number, naming slug, version and what differs', async () => {
    const changed = structuredClone(allQuestionTypes);
    changed.title.en = 'A new title';
    changed.pages[1]!.questions[1]!.text.en = 'Reworded';
    const attempt = publishSurveyVersion(database.db, changed);
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toThrow(
      'Survey "all-question-types" version 1 is already published with different content (differs at pages[1].questions[1].text.en, title.en)',
    );
    const stored = await database.db
      .selectFrom('survey_versions')
      .select('definition')
      .where('survey_slug', '=', 'all-question-types')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(stored.definition).title.en).toBe('Every question type');
  });

  it('publishes the change as a new version number beside the old one', async () => {
    const next = { ...structuredClone(allQuestionTypes), version: 2, title: { en: 'A new title' } };
    expect(await publishSurveyVersion(database.db, next)).toBe('published');
    const versions = await database.db
      .selectFrom('survey_versions')
      .select('version')
      .where('survey_slug', '=', 'all-question-types')
      .orderBy('version')
      .execute();
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
  });

  it('publishes nothing from a folder with any invalid file, listing every problem by file and path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'attune-surveys-'));
    cpSync(join(import.meta.dirname, '..', 'fixtures', 'surveys-broken'), dir, { recursive: true });
    writeFileSync(join(dir, 'fine.json'), JSON.stringify({ ...allQuestionTypes, slug: 'fine-survey' }));
    const attempt = publishSurveyFolder(database.db, dir);
    await expect(attempt).rejects.toThrow(/broken-example\.v1\.json: pages\[0\]\.questions\[2\]\.options\[4\]\.code: duplicate code "4"/);
    await expect(publishSurveyFolder(database.db, dir)).rejects.toThrow(/broken-shape\.v1\.json: metadata\.population: is required/);
    await expect(publishSurveyFolder(database.db, dir)).rejects.toThrow(/not-json\.json: cannot read as JSON/);
    const fine = await database.db.selectFrom('surveys').select('slug').where('slug', '=', 'fine-survey').execute();
    expect(fine).toEqual([]);
  });

  it('refuses two files that define the same slug and version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'attune-surveys-'));
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ ...allQuestionTypes, slug: 'twice' }));
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ ...allQuestionTypes, slug: 'twice', title: { en: 'Other' } }));
    await expect(publishSurveyFolder(database.db, dir)).rejects.toThrow(/b\.json: version: twice v1 is also defined in .*a\.json/);
  });
});
