import type { Change, FieldChange, QuestionDiff, VersionDiff } from '../../../../server/versions/diff.ts';
import { describeType } from '../../../../server/versions/describe.ts';

// The readable difference between two versions: a verdict tag for every question, what changed
// with before and after, and the survey-level changes. Used by the publish review and by a
// published version's page ("changes from the version before").

const TAG_CLASS: Record<string, string> = {
  unchanged: 'verdict verdict--unchanged',
  new: 'verdict verdict--new',
  removed: 'verdict verdict--removed',
};

/** One verdict as a coloured tag, e.g. "wording changed". */
export function VerdictTag({ label }: { label: string }) {
  return <strong class={TAG_CLASS[label] ?? 'verdict verdict--changed'}>{label}</strong>;
}

function BeforeAfter({ before, after }: { before?: string; after?: string }) {
  if (before === undefined && after === undefined) return null;
  return (
    <dl class="before-after">
      {before !== undefined ? (
        <div>
          <dt>Was</dt>
          <dd>
            <del>{before}</del>
          </dd>
        </div>
      ) : null}
      {after !== undefined ? (
        <div>
          <dt>Now</dt>
          <dd>
            <ins>{after}</ins>
          </dd>
        </div>
      ) : null}
    </dl>
  );
}

function ChangeList({ changes }: { changes: Change[] }) {
  if (changes.length === 0) return null;
  return (
    <ul class="change-list">
      {changes.map((change) => (
        <li>
          <span class="change-list__what">{change.summary}</span>
          <BeforeAfter before={change.before} after={change.after} />
        </li>
      ))}
    </ul>
  );
}

function FieldChanges({ changes }: { changes: FieldChange[] }) {
  if (changes.length === 0) return null;
  return (
    <ul class="change-list">
      {changes.map((change) => (
        <li>
          <span class="change-list__what">{change.field}</span>
          <BeforeAfter before={change.before} after={change.after} />
        </li>
      ))}
    </ul>
  );
}

function QuestionRow({ question }: { question: QuestionDiff }) {
  return (
    <li class={`diff-question diff-question--${question.verdict}`} id={`diff-${question.id}`}>
      <p class="diff-question__head">
        <code>{question.id}</code> <span class="diff-question__type">({describeType(question.type)})</span>{' '}
        {question.labels.map((label) => (
          <VerdictTag label={label} />
        ))}
      </p>
      <p class="diff-question__text">{question.text}</p>
      <ChangeList changes={question.changes} />
    </li>
  );
}

/** Counts in words: "2 changed, 1 new, 0 removed, 10 unchanged". */
export function diffSummary(diff: VersionDiff): string {
  const { changed, new: added, removed, unchanged } = diff.counts;
  return `${changed} changed, ${added} new, ${removed} removed, ${unchanged} unchanged`;
}

/** The whole difference, page by page, under an h2 of the page that shows it. */
export function DiffView({ diff, from, to }: { diff: VersionDiff; from: string; to: string }) {
  return (
    <div class="diff">
      <p>
        Questions compared with {from}: <strong>{diffSummary(diff)}</strong>.
      </p>
      {diff.survey.length > 0 ? (
        <section aria-labelledby="diff-survey">
          <h3 class="heading-s" id="diff-survey">
            Survey details
          </h3>
          <FieldChanges changes={diff.survey} />
        </section>
      ) : null}
      {diff.pages.map((page) => (
        <section class="diff-page" aria-labelledby={`diff-page-${page.id}`}>
          <h3 class="heading-s" id={`diff-page-${page.id}`}>
            {page.title} {page.verdict === 'new' && diff.fromVersion !== null ? <VerdictTag label="new" /> : null}
          </h3>
          <FieldChanges changes={page.changes} />
          <ol class="diff-questions">
            {page.questions.map((question) => (
              <QuestionRow question={question} />
            ))}
          </ol>
        </section>
      ))}
      {diff.removedQuestions.length > 0 || diff.removedPages.length > 0 ? (
        <section aria-labelledby="diff-removed">
          <h3 class="heading-s" id="diff-removed">
            Removed (not in {to})
          </h3>
          {diff.removedPages.length > 0 ? (
            <p>
              Pages removed: {diff.removedPages.map((p) => p.title).join(', ')}
            </p>
          ) : null}
          <ol class="diff-questions">
            {diff.removedQuestions.map((question) => (
              <QuestionRow question={question} />
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  );
}
