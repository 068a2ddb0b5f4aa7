import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { App } from '../../server/app.ts';
import type { Answers } from '../../server/surveys/model.ts';
import { postJson } from '../helpers.ts';

/** Version 1 answers with hand-worked results (see results-api.test.ts): four complete, one screened out. */
export const V1_ANSWERS: Answers[] = [
  { q_eligible: '1', q_parent: '1', q_support: '5', q_children: 2, q_age_child: '1', q_sources: ['family', 'nhs'], q_advice: { s_cry: '4', s_affection: '1' }, q_comments: 'A private comment' },
  { q_eligible: '1', q_parent: '1', q_support: '4', q_children: 1, q_age_child: '2', q_sources: ['nhs'], q_advice: { s_cry: '5', s_affection: '9' } },
  { q_eligible: '1', q_parent: '2', q_support: '9', q_advice: { s_cry: '2', s_affection: '2' }, q_comments: '' },
  { q_eligible: '2' },
  { q_eligible: '1', q_parent: '2', q_support: '2', q_children: 4, q_sources: ['online'], q_advice: { s_cry: '4', s_affection: '3' } },
];

/** Submits responses through the public API, expecting each to be stored (201). */
export async function submitAll(app: App, slug: string, version: number, list: Answers[]): Promise<void> {
  for (const answers of list) {
    const res = await postJson(app, `/api/surveys/${slug}/responses`, { submissionId: randomUUID(), version, answers });
    expect(res.status, await res.clone().text()).toBe(201);
  }
}
