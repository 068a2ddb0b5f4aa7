import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { WeightingVariableDefinition } from '../../server/weighting/service.ts';
import { postJson, type TestContext } from '../helpers.ts';
import { START_FOR_LIFE_ANSWERS } from '../support/server-process.ts';

// Start for Life responses with chosen gender, age band and region, posted through the public
// responses API so they are stored exactly as real ones.

export const SLUG = 'start-for-life-parents';

export interface Profile {
  gender: string;
  age?: string;
  region?: string;
}

/** Posts one complete response per profile; returns their submission ids in posting order. */
export async function postResponses(ctx: TestContext, profiles: Profile[]): Promise<string[]> {
  const ids: string[] = [];
  for (const profile of profiles) {
    const submissionId = randomUUID();
    const answers = { ...START_FOR_LIFE_ANSWERS, q_gender: profile.gender, q_age_band: profile.age ?? '3', q_region: profile.region ?? '7' };
    const res = await postJson(ctx.app, `/api/surveys/${SLUG}/responses`, { submissionId, version: 1, answers });
    expect(res.status, await res.clone().text()).toBe(201);
    ids.push(submissionId);
  }
  return ids;
}

/** `count` copies of a profile. */
export const times = (count: number, profile: Profile): Profile[] => Array.from({ length: count }, () => profile);

// A 2 x 2 sample that is not independent (women 2:2 across age, men 1:3), with targets met exactly by
// weights of the multiplicative form w = a(gender) * b(age) with a = (1, 2), b = (1, 0.5): women
// 17-24 weigh 1, women 25-34 0.5, men 17-24 2, men 25-34 1. Weighted: women 2*1 + 2*0.5 = 3 of 8
// (37.5%), men 1*2 + 3*1 = 5 (62.5%); age 17-24 2*1 + 1*2 = 4 (50%), 25-34 2*0.5 + 3*1 = 4 (50%).
// Raking converges to the unique weights of that form meeting both margins, so these are its answer.
export const TWO_BY_TWO: Profile[] = [
  ...times(2, { gender: '1', age: '2' }),
  ...times(2, { gender: '1', age: '3' }),
  ...times(1, { gender: '2', age: '2' }),
  ...times(3, { gender: '2', age: '3' }),
];
export const TWO_BY_TWO_SCHEME: { variables: WeightingVariableDefinition[] } = {
  variables: [
    { question: 'q_gender', targets: { '1': 0.375, '2': 0.625 } },
    { question: 'q_age_band', targets: { '2': 0.5, '3': 0.5 } },
  ],
};
/** The hand-worked weight of each TWO_BY_TWO profile, in order. */
export const TWO_BY_TWO_WEIGHTS = [1, 1, 0.5, 0.5, 2, 1, 1, 1];
