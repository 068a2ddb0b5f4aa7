import type { MeaningChange } from '../../../../server/versions/diff.ts';
import type { PublishResult, PublishReview } from '../../../../server/versions/service.ts';
import { formatProblem } from '../../../../server/surveys/definition-rules.ts';
import { CsrfField, StudioLayout, type Viewer } from '../studio-layout.tsx';
import { SurveyNav } from '../survey-nav.tsx';
import { DiffView } from './diff-view.tsx';
import { ErrorSummary, ProblemList, type SummaryError } from './parts.tsx';

type Refusal = Extract<PublishResult, { outcome: 'refused' }>;

export interface PublishPageProps {
  viewer: Viewer;
  review: PublishReview;
  /** Why the last attempt was refused, when this page answers a POST. */
  refusal?: Pick<Refusal, 'reason' | 'blocking'>;
  /** The relabels the researcher ticked as keeping their meaning. */
  confirmed: ReadonlySet<string>;
}

const fieldId = (change: MeaningChange) => `keep-${change.key.replace(/[^a-z0-9_-]/gi, '-')}`;

function summaryErrors(props: PublishPageProps, buildHref: string): SummaryError[] {
  const { review, refusal } = props;
  if (!refusal) return [];
  switch (refusal.reason) {
    case 'no-draft':
      return [{ href: buildHref, message: 'There is no draft to publish: start one in the builder' }];
    case 'stale':
      return [
        {
          href: '#changes',
          message: `Version ${review.latest?.version ?? 1} was published while you were reviewing. Check the changes against it again, then publish.`,
        },
      ];
    case 'identical':
      return [{ href: '#changes', message: `The draft is the same as version ${review.latest?.version}: there is nothing new to publish` }];
    case 'problems':
      return review.problems.slice(0, 10).map((problem) => ({ href: buildHref, message: formatProblem(problem) }));
    case 'meaning':
      return refusal.blocking.map((change) => ({
        href: `#${fieldId(change)}`,
        message: change.confirmable
          ? `Question ${change.questionId}, code ${change.code}: confirm that "${change.after}" keeps the meaning of "${change.before}", or give the new answer a new code`
          : change.message,
      }));
  }
}

function MeaningChangeItem({ change, confirmed, blocked }: { change: MeaningChange; confirmed: boolean; blocked: boolean }) {
  const id = fieldId(change);
  if (!change.confirmable) {
    return (
      <li class="meaning-change meaning-change--refused" id={id}>
        <strong class="verdict verdict--removed">Refused</strong> {change.message}
      </li>
    );
  }
  return (
    <li class={`meaning-change${blocked ? ' form-group--error' : ''}`}>
      <p>{change.message}</p>
      {blocked ? (
        <p class="error-message" id={`${id}-error`}>
          <span class="visually-hidden">Error:</span> Tick the box if the answer still means the same, or give it a new code in the builder
        </p>
      ) : null}
      <div class="checkboxes">
        <div class="choice">
          <input
            class="choice__input"
            type="checkbox"
            id={id}
            name="keep"
            value={change.key}
            checked={confirmed}
            aria-describedby={blocked ? `${id}-error` : undefined}
          />
          <label class="choice__label" for={id}>
            Code {change.code} keeps the same meaning ("{change.before}" and "{change.after}" are the same answer)
          </label>
        </div>
      </div>
    </li>
  );
}

/** `/studio/surveys/:slug/versions/publish`: the draft checked and compared with the latest version, then published. */
export function PublishPage(props: PublishPageProps) {
  const { viewer, review, refusal, confirmed } = props;
  const base = `/studio/surveys/${review.slug}`;
  const buildHref = `${base}/build`;
  const errors = summaryErrors(props, buildHref);
  const blockingKeys = new Set((refusal?.blocking ?? []).map((c) => c.key));
  const refusedOutright = review.meaningChanges.filter((c) => !c.confirmable);
  const canPublish = review.draft !== undefined && review.problems.length === 0 && review.diff !== undefined && !review.diff.identical && refusedOutright.length === 0;
  const from = review.latest ? `version ${review.latest.version}` : 'nothing published yet';
  return (
    <StudioLayout title={`${errors.length > 0 ? 'Error: ' : ''}Publish version ${review.nextVersion} – ${review.title}`} viewer={viewer} section="surveys">
      <SurveyNav slug={review.slug} current="versions" role={viewer.role} />
      <a class="back-link" href={`${base}/versions`}>
        All versions
      </a>
      <ErrorSummary errors={errors} />
      <p class="caption version-caption">{review.title}</p>
      <h1 class="heading-l">Publish version {review.nextVersion}</h1>
      {!review.draft ? (
        <p>
          There is no draft to publish. <a href={buildHref}>Start a draft in the builder</a>.
        </p>
      ) : review.problems.length > 0 ? (
        <section aria-labelledby="problems-title" class="draft-problems">
          <h2 class="heading-m" id="problems-title">
            The draft cannot be published yet
          </h2>
          <p>
            It has {review.problems.length} problem{review.problems.length === 1 ? '' : 's'}. Fix {review.problems.length === 1 ? 'it' : 'them'} in the
            builder, then come back to publish.
          </p>
          <ProblemList problems={review.problems} buildHref={buildHref} />
          <p>
            <a href={buildHref}>Open the builder</a>
          </p>
        </section>
      ) : (
        <form method="post" action={`${base}/versions/publish`} novalidate class="publish-form">
          <CsrfField viewer={viewer} />
          <input type="hidden" name="latest" value={review.latest ? String(review.latest.version) : ''} />
          <p class="lead">
            {review.latest
              ? `Check what changes from version ${review.latest.version}. Publishing makes version ${review.nextVersion} the one respondents answer; version ${review.latest.version} and the responses to it stay as they are.`
              : `This is the survey's first version. Check its questions, then publish.`}
          </p>
          {review.meaningChanges.length > 0 ? (
            <section aria-labelledby="meaning-title" class="meaning-changes">
              <h2 class="heading-m" id="meaning-title">
                Answers whose meaning would change
              </h2>
              <p>
                Every stored answer is a code. A code must mean the same in every version, or answers given to version {review.latest?.version}{' '}
                would be counted as something they were not.
              </p>
              <ul class="plain-list">
                {review.meaningChanges.map((change) => (
                  <MeaningChangeItem change={change} confirmed={confirmed.has(change.key)} blocked={blockingKeys.has(change.key)} />
                ))}
              </ul>
            </section>
          ) : null}
          <section aria-labelledby="changes">
            <h2 class="heading-m" id="changes" tabindex={-1}>
              {review.latest ? `Changes from version ${review.latest.version}` : `What version ${review.nextVersion} contains`}
            </h2>
            {review.diff ? <DiffView diff={review.diff} from={from} to="the draft" /> : null}
          </section>
          {review.diff?.identical ? (
            <p class="inset">The draft is the same as version {review.latest?.version}: there is nothing new to publish.</p>
          ) : null}
          {refusedOutright.length > 0 ? (
            <p class="inset">
              The changes marked Refused cannot be published. <a href={buildHref}>Change them in the builder</a>: keep the old meaning, or add the new
              question or answer with a new id or code.
            </p>
          ) : null}
          {canPublish ? (
            <button class="button" type="submit">
              Publish version {review.nextVersion}
            </button>
          ) : null}
        </form>
      )}
    </StudioLayout>
  );
}
