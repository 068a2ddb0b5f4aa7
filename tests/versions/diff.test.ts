import { describe, expect, it } from 'vitest';
import type { SurveyDefinition } from '../../server/surveys/schema.ts';
import { blockingMeaningChanges, diffDefinitions, findMeaningChanges, normaliseLabel } from '../../server/versions/diff.ts';
import { allQuestionTypes } from '../fixtures/all-question-types.ts';
import { definitionFrom } from '../helpers.ts';

// The publish diff and the code-meaning rules on crafted pairs of versions.

/** A copy of the fixture as version 2, changed by `edit` and checked by the definition rules. */
function nextVersion(edit: (doc: any) => void, base: SurveyDefinition = allQuestionTypes): SurveyDefinition {
  const doc = structuredClone(base) as any;
  doc.version = base.version + 1;
  edit(doc);
  return definitionFrom(doc);
}

const question = (doc: any, id: string) => doc.pages.flatMap((p: any) => p.questions).find((q: any) => q.id === id);
const verdictOf = (diff: ReturnType<typeof diffDefinitions>, id: string) =>
  [...diff.pages.flatMap((p) => p.questions), ...diff.removedQuestions].find((q) => q.id === id);

describe('diffDefinitions', () => {
  it('finds nothing between a version and the same content under the next number', () => {
    const diff = diffDefinitions(allQuestionTypes, nextVersion(() => {}));
    expect(diff.identical).toBe(true);
    expect(diff.counts).toEqual({ unchanged: 9, changed: 0, new: 0, removed: 0 });
    expect(diff.survey).toEqual([]);
    expect(verdictOf(diff, 'q_role')!.labels).toEqual(['unchanged']);
  });

  it('gives each question its verdict: wording changed, options added, options removed, new, removed', () => {
    const after = nextVersion((doc) => {
      question(doc, 'q_critical').text.en = 'Early relationships are critical to development';
      question(doc, 'q_topics').options.push({ code: '4', label: { en: 'Sleep' } });
      question(doc, 'q_role').options.splice(1, 1);
      doc.pages[2].questions = doc.pages[2].questions.filter((q: any) => q.id !== 'q_comments');
      doc.pages[1].questions.push({ id: 'q_new', type: 'short-text', text: { en: 'A new question' }, required: false });
    });
    const diff = diffDefinitions(allQuestionTypes, after);
    expect(diff.identical).toBe(false);
    expect(verdictOf(diff, 'q_critical')).toMatchObject({ verdict: 'changed', labels: ['wording changed'] });
    expect(verdictOf(diff, 'q_critical')!.changes[0]).toMatchObject({
      summary: 'Question text (English)',
      before: 'Early relationships are critical',
      after: 'Early relationships are critical to development',
    });
    expect(verdictOf(diff, 'q_topics')).toMatchObject({ verdict: 'changed', labels: ['options added'] });
    expect(verdictOf(diff, 'q_topics')!.changes[0]!.summary).toBe('Option added: "Sleep" (4)');
    expect(verdictOf(diff, 'q_role')).toMatchObject({ verdict: 'changed', labels: ['options removed'] });
    expect(verdictOf(diff, 'q_role')!.changes[0]!.summary).toBe('Option removed: "Early-years worker" (eyw)');
    expect(verdictOf(diff, 'q_new')).toMatchObject({ verdict: 'new', labels: ['new'] });
    expect(verdictOf(diff, 'q_comments')).toMatchObject({ verdict: 'removed', labels: ['removed'], pageId: 'p_teachers' });
    expect(verdictOf(diff, 'q_grid')!.verdict).toBe('unchanged');
    expect(diff.counts).toEqual({ unchanged: 5, changed: 3, new: 1, removed: 1 });
  });

  it('reports statements added, removed and reworded in a grid', () => {
    const after = nextVersion((doc) => {
      const grid = question(doc, 'q_grid');
      grid.statements[0].text.en = 'Statement one, reworded';
      grid.statements.pop();
      grid.statements.push({ id: 's_three', text: { en: 'Statement three' } });
    });
    const grid = verdictOf(diffDefinitions(allQuestionTypes, after), 'q_grid')!;
    expect(grid.labels).toEqual(['statements added', 'statements removed', 'statements reworded']);
    expect(grid.changes.map((c) => c.summary)).toEqual(['Statement s_one (English)', 'Statement added: s_three', 'Statement removed: s_two']);
  });

  it('reports routing, required, screening, settings, moves and option relabels', () => {
    const after = nextVersion((doc) => {
      question(doc, 'q_key_stage').showIf = { question: 'q_role', in: ['teacher', 'eyw'] };
      question(doc, 'q_hours').required = true;
      question(doc, 'q_role').screenOut = ['eyw'];
      question(doc, 'q_years').max = 70;
      question(doc, 'q_role').options[0].label.en = 'Teacher (any phase)';
      const moved = doc.pages[1].questions.pop();
      doc.pages[2].questions.push(moved);
    });
    const diff = diffDefinitions(allQuestionTypes, after);
    expect(verdictOf(diff, 'q_key_stage')!.changes).toEqual([
      {
        kind: 'routing',
        summary: 'Routing',
        before: 'Shown if q_role is "Teacher" (teacher)',
        after: 'Shown if q_role is "Teacher (any phase)" (teacher) or "Early-years worker" (eyw)',
      },
    ]);
    expect(verdictOf(diff, 'q_hours')!.labels).toEqual(['required changed']);
    expect(verdictOf(diff, 'q_role')!.labels).toEqual(['options relabelled', 'screening changed']);
    expect(verdictOf(diff, 'q_years')!.changes[0]).toMatchObject({ kind: 'settings', before: 'whole number, at least 0, at most 60', after: 'whole number, at least 0, at most 70' });
    expect(verdictOf(diff, 'q_name_school')!.labels).toEqual(['moved to another page']);
  });

  it('reports a dontKnow option added on a scale as an option added, not a settings change', () => {
    const after = nextVersion((doc) => {
      question(doc, 'q_grid').dontKnow = true;
    });
    expect(verdictOf(diffDefinitions(allQuestionTypes, after), 'q_grid')!.labels).toEqual(['options added']);
  });

  it('reports survey-level changes: title, metadata, languages, page titles', () => {
    const after = nextVersion((doc) => {
      doc.title.en = 'Every question type, again';
      doc.metadata.population = 'adults in England';
      doc.pages[0].title = { en: 'Screening' };
    });
    const diff = diffDefinitions(allQuestionTypes, after);
    expect(diff.survey).toEqual([
      { field: 'Title (English)', before: 'Every question type', after: 'Every question type, again' },
      { field: 'Metadata: population', before: 'test respondents', after: 'adults in England' },
    ]);
    expect(diff.pages[0]).toMatchObject({ verdict: 'changed', changes: [{ field: 'Page title (English)', before: '(none)', after: 'Screening' }] });
  });

  it('reports weighting schemes added, retargeted and removed, by name', () => {
    const scheme = (name: string, teachers: number) => ({ name, variables: [{ question: 'q_role', targets: { teacher: teachers, eyw: 1 - teachers } }] });
    const withSchemes = nextVersion((doc) => {
      doc.weighting = [scheme('by-role', 0.5), scheme('kept', 0.4)];
    });
    expect(diffDefinitions(allQuestionTypes, withSchemes).survey).toEqual([{ field: 'Weighting scheme: by-role', before: '(none)', after: 'defined' }, { field: 'Weighting scheme: kept', before: '(none)', after: 'defined' }]);
    const retargeted = nextVersion((doc) => {
      doc.weighting = [scheme('kept', 0.4), scheme('new-one', 0.3)];
      doc.weighting[0].variables[0].targets = { teacher: 0.45, eyw: 0.55 };
    }, withSchemes);
    expect(diffDefinitions(withSchemes, retargeted).survey).toEqual([
      { field: 'Weighting scheme: by-role', before: 'defined', after: '(none)' },
      { field: 'Weighting scheme: kept', before: 'earlier targets', after: 'new targets' },
      { field: 'Weighting scheme: new-one', before: '(none)', after: 'defined' },
    ]);
  });

  it('calls every question new for a first version', () => {
    const diff = diffDefinitions(null, allQuestionTypes);
    expect(diff.fromVersion).toBeNull();
    expect(diff.counts).toEqual({ unchanged: 0, changed: 0, new: 9, removed: 0 });
  });
});

describe('findMeaningChanges', () => {
  it('refuses relabelling code 4 from "agree" to "disagree" even with a tick', () => {
    const before = nextVersion((doc) => {
      doc.pages[1].questions.push({
        id: 'q_view',
        type: 'single-choice',
        text: { en: 'Your view?' },
        options: [
          { code: '1', label: { en: 'Disagree' } },
          { code: '4', label: { en: 'Agree' } },
        ],
      });
    });
    const after = nextVersion((doc) => {
      question(doc, 'q_view').options[1].label.en = 'disagree';
    }, before);
    const changes = findMeaningChanges(before, after);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ kind: 'code-takes-other-meaning', key: 'q_view:4', confirmable: false });
    expect(changes[0]!.message).toContain('which is what code 1 meant');
    expect(blockingMeaningChanges(changes, new Set(['q_view:4']))).toHaveLength(1);
  });

  it('refuses a relabel that reverses the answer even when no other code had that label', () => {
    const before = nextVersion((doc) => {
      doc.pages[1].questions.push({
        id: 'q_view',
        type: 'single-choice',
        text: { en: 'Your view?' },
        options: [
          { code: '4', label: { en: 'agree' } },
          { code: '9', label: { en: 'Not sure' } },
        ],
      });
    });
    const after = nextVersion((doc) => {
      question(doc, 'q_view').options[0].label.en = 'disagree';
    }, before);
    const [change] = findMeaningChanges(before, after);
    expect(change).toMatchObject({ kind: 'code-reversed', confirmable: false });
    expect(change!.message).toContain('reverses what the code means');
  });

  it('lets a typo fix through only with the tick, and ignores case, punctuation and spacing', () => {
    const after = nextVersion((doc) => {
      question(doc, 'q_role').options[1].label.en = 'Early years worker'; // hyphen only
      question(doc, 'q_topics').options[1].label.en = 'Atention span'; // a real rewording
    });
    const changes = findMeaningChanges(allQuestionTypes, after);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ key: 'q_topics:2', kind: 'code-relabelled', confirmable: true, before: 'Attention', after: 'Atention span' });
    expect(blockingMeaningChanges(changes, new Set())).toHaveLength(1);
    expect(blockingMeaningChanges(changes, new Set(['q_topics:2']))).toEqual([]);
  });

  it('refuses changing a question type or scale: those need a new question id', () => {
    const after = nextVersion((doc) => {
      const q = question(doc, 'q_critical');
      q.scale = 'confidence4';
      const years = question(doc, 'q_years');
      Object.assign(years, { type: 'short-text' });
      delete years.integer;
      delete years.min;
      delete years.max;
    });
    const changes = findMeaningChanges(allQuestionTypes, after);
    expect(changes.map((c) => [c.key, c.kind, c.confirmable])).toEqual([
      ['q_critical', 'scale-changed', false],
      ['q_years', 'type-changed', false],
    ]);
    expect(changes[1]!.message).toContain('with a new id');
  });

  it('does not count new or removed codes as changes of meaning', () => {
    const after = nextVersion((doc) => {
      question(doc, 'q_topics').options.push({ code: '4', label: { en: 'Sleep' } });
      question(doc, 'q_role').options.splice(1, 1);
    });
    expect(findMeaningChanges(allQuestionTypes, after)).toEqual([]);
  });

  it('normalises labels for comparison', () => {
    expect(normaliseLabel("Don't  know!")).toBe(normaliseLabel('dont know'));
    expect(normaliseLabel('Agree')).not.toBe(normaliseLabel('Disagree'));
  });
});
