import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Identity } from '../../server/auth/identity.ts';
import { savePressItem, type PressItem, type PressItemKind, type PressItemSpec } from '../../server/press-items/service.ts';
import { postJson, type SignedIn, type TestContext } from '../helpers.ts';
import { START_FOR_LIFE_ANSWERS } from '../support/server-process.ts';

// 24 Start for Life parents in four cells of gender x age band, with answers chosen so that every
// figure the press items tests check can be worked by hand. Under TWO_BY_TWO_SCHEME (women 37.5%,
// men 62.5%; ages 17-24 and 25-34 half each) raking reaches the exact weights w = a(gender) * b(age)
// with a = (1, 2), b = (1, 0.5), as in tests/weighting/fixtures.ts: women 17-24 weigh 1, women 25-34
// 0.5, men 17-24 2, men 25-34 1 (weighted women 6 + 3 = 9 of 24, men 6 + 9 = 15; ages 12 and 12).
//
// q_welcome_support (agree5 with don't know "9"; top2 = codes 4 and 5):
//   women 17-24 (6, w 1):   5 5 5 4 2 2        top2 4
//   women 25-34 (6, w 0.5): 4 4 3 3 3 3        top2 2
//   men 17-24   (3, w 2):   4 4 4              top2 3
//   men 25-34   (9, w 1):   5 1 1 3 3 3 3 3 9  top2 1 (one don't know)
// q_advice_outdated.s_cry_it_out: women 17-24 "4", women 25-34 "2", men 17-24 "4", men 25-34 "5".
//
// Hand-worked figures (all 24 respondents):
//   top2 unweighted 10/24 = 41.667%; weighted 4 + 1 + 6 + 1 = 12 of 24 = 50%
//   option 4 unweighted 6/24 = 25%; weighted 1 + 1 + 6 = 8 of 24 = 33.333%
//   women top2 unweighted 6/12 = 50%; weighted (4 + 1) / (6 + 3) = 55.556%, n_eff 9²/7.5 = 10.8
//   s_cry_it_out top2 unweighted 18/24 = 75%; weighted (6 + 6 + 9)/24 = 87.5%
//   Kish n_eff = 24² / (6·1 + 6·0.25 + 3·4 + 9·1) = 576 / 28.5
//   dontKnow=exclude: base 23, top2 unweighted 10/23, weighted 12/23

export const SLUG = 'start-for-life-parents';
export const SCHEME = 'two-by-two';
export const Z = 1.959963984540054;

export interface Respondent {
  gender: string;
  age: string;
  welcome: string;
  cry: string;
}

const cell = (gender: string, age: string, cry: string, welcome: string[]): Respondent[] => welcome.map((answer) => ({ gender, age, welcome: answer, cry }));

export const RESPONDENTS: Respondent[] = [
  ...cell('1', '2', '4', ['5', '5', '5', '4', '2', '2']),
  ...cell('1', '3', '2', ['4', '4', '3', '3', '3', '3']),
  ...cell('2', '2', '4', ['4', '4', '4']),
  ...cell('2', '3', '5', ['5', '1', '1', '3', '3', '3', '3', '3', '9']),
];

export const TWO_BY_TWO_SCHEME = {
  variables: [
    { question: 'q_gender', targets: { '1': 0.375, '2': 0.625 } },
    { question: 'q_age_band', targets: { '2': 0.5, '3': 0.5 } },
  ],
};

/** Posts complete responses through the public API; returns their submission ids. */
export async function postRespondents(ctx: TestContext, respondents: Respondent[]): Promise<string[]> {
  const ids: string[] = [];
  for (const r of respondents) {
    const submissionId = randomUUID();
    const answers = {
      ...START_FOR_LIFE_ANSWERS,
      q_gender: r.gender,
      q_age_band: r.age,
      q_welcome_support: r.welcome,
      q_advice_outdated: { ...START_FOR_LIFE_ANSWERS.q_advice_outdated, s_cry_it_out: r.cry },
    };
    const res = await postJson(ctx.app, `/api/surveys/${SLUG}/responses`, { submissionId, version: 1, answers });
    expect(res.status, await res.clone().text()).toBe(201);
    ids.push(submissionId);
  }
  return ids;
}

/** Sends a JSON request as a signed-in user (with the CSRF header a session needs), or anonymously. */
export function requestAs(ctx: TestContext, method: string, path: string, as: SignedIn | null, body?: unknown) {
  return ctx.app.request(path, {
    method,
    headers: {
      ...(as ? { ...as.headers, 'x-csrf-token': as.csrf } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
}

/** Saves (or replaces) the weighting scheme as a researcher. */
export async function putScheme(ctx: TestContext, researcher: SignedIn, scheme: unknown): Promise<void> {
  const res = await requestAs(ctx, 'PUT', `/api/surveys/${SLUG}/weightings/${SCHEME}`, researcher, scheme);
  expect(res.status, await res.clone().text()).toBeLessThan(300);
}

/** The Wilson score interval, written out from Wilson (1927) for the tests. */
export function wilson(p: number, n: number): { lower: number; upper: number } {
  const z2 = Z * Z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { lower: centre - half, upper: centre + half };
}

/** The latest submitted_at of the survey's counted responses, read straight from the tables. */
export async function latestSubmittedAt(ctx: TestContext): Promise<string> {
  const rows = await ctx.database.db
    .selectFrom('responses')
    .leftJoin('response_exclusions', 'response_exclusions.response_id', 'responses.id')
    .select(['responses.submitted_at', 'response_exclusions.response_id as excluded'])
    .where('responses.survey_slug', '=', SLUG)
    .execute();
  return rows
    .filter((row) => row.excluded === null)
    .map((row) => row.submitted_at)
    .sort()
    .at(-1)!;
}

/** Saves a press item as a signed-in user, the way the headline and chart studios do (they own the
 * routes that create items). */
export function saveItem(ctx: TestContext, as: SignedIn, input: { surveySlug: string; kind: PressItemKind; title: string; spec: PressItemSpec }): Promise<PressItem> {
  const actor: Identity = { user: { id: as.user.id, email: as.user.email, name: `Test ${as.user.role}`, role: as.user.role }, via: 'session' };
  return savePressItem(ctx.database.db, input, actor);
}
