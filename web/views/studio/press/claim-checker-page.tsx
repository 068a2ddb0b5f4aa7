import type { ClaimResult, Verdict } from '../../../../server/headlines/claims.ts';
import { CsrfField, StudioLayout, type Viewer } from '../studio-layout.tsx';
import { ErrorSummary } from './headline-parts.tsx';

// The claim checker: paste a sentence from a draft press release, tick the survey(s) it is about, and
// see each percentage, proportion phrase and comparison found in it with a verdict and the reason.
// A plain form post; the results are a table so a screen reader can step through them.

export interface ClaimCheckerPageProps {
  viewer: Viewer;
  surveys: { slug: string; title: string }[];
  text: string;
  chosen: string[];
  /** null before a check; empty when the text holds nothing to check. */
  claims: ClaimResult[] | null;
  error: { message: string | null; fields: Record<string, string> } | null;
}

const VERDICT_TEXT: Record<Verdict, string> = {
  supported: 'Supported',
  not_supported: 'Not supported',
  not_found: 'Not found',
  ambiguous: 'Ambiguous',
};

const KIND_TEXT = { percent: 'Figure', phrase: 'Phrase', comparison: 'Comparison' } as const;

function Results({ claims }: { claims: ClaimResult[] }) {
  if (claims.length === 0) {
    return (
      <p id="claim-results">
        No percentages, proportion phrases (such as “over half”) or comparisons (“more X than Y”) were found in the text.
      </p>
    );
  }
  const problems = claims.filter((claim) => claim.verdict !== 'supported').length;
  return (
    <section aria-labelledby="results-heading" id="claim-results">
      <h2 class="heading-m" id="results-heading">
        {claims.length} {claims.length === 1 ? 'claim' : 'claims'} checked: {problems === 0 ? 'the data supports every one' : `${problems} need${problems === 1 ? 's' : ''} attention`}
      </h2>
      <div class="table-scroll" role="region" aria-labelledby="results-heading" tabindex={0}>
        <table class="studio-table">
          <caption class="visually-hidden">Each claim with its verdict and the reason</caption>
          <thead>
            <tr>
              <th scope="col">Claim</th>
              <th scope="col">Kind</th>
              <th scope="col">Verdict</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {claims.map((claim) => (
              <tr>
                <td>“{claim.text}”</td>
                <td>{KIND_TEXT[claim.kind]}</td>
                <td>
                  <span class={`studio-tag ${claim.verdict === 'supported' ? '' : 'studio-tag--demo'}`}>{VERDICT_TEXT[claim.verdict]}</span>
                </td>
                <td>{claim.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The claim checker page. */
export function ClaimCheckerPage({ viewer, surveys, text, chosen, claims, error }: ClaimCheckerPageProps) {
  const ticked = new Set(chosen);
  return (
    <StudioLayout title="Check a claim" viewer={viewer} section="press">
      <p>
        <a href="/studio/press">Press studio</a>
      </p>
      <h1 class="heading-l">Check a claim</h1>
      {error ? <ErrorSummary title="The text cannot be checked" fields={error.fields} message={error.message} /> : null}
      <p>
        Paste sentences from a draft press release. Attune finds each percentage, proportion phrase (“over half”, “almost a third”, “four-fifths”) and
        comparison (“more professionals than members of the public”) and checks it against the figures of the surveys you tick: every option and net
        of every question, unweighted and under each weighting scheme.
      </p>
      <form method="post" action="/studio/press/claims" id="claim-form">
        <CsrfField viewer={viewer} />
        <div class={`form-group${error?.fields.text ? ' form-group--error' : ''}`}>
          <label class="label" for="text">
            Text to check
          </label>
          {error?.fields.text ? (
            <p class="error-message" id="text-error">
              {error.fields.text}
            </p>
          ) : null}
          <textarea class="textarea" id="text" name="text" rows={5} aria-describedby={error?.fields.text ? 'text-error' : undefined}>
            {text}
          </textarea>
        </div>
        <fieldset class={`fieldset form-group${error?.fields.surveys ? ' form-group--error' : ''}`} id="surveys">
          <legend class="fieldset__legend">Which survey is it about?</legend>
          <p class="hint">Tick two when the text compares groups from different surveys, such as professionals and the public.</p>
          {error?.fields.surveys ? <p class="error-message">{error.fields.surveys}</p> : null}
          <div class="checkboxes">
            {surveys.map((survey) => (
              <div class="choice choice--small">
                <input class="choice__input" id={`survey-${survey.slug}`} name="surveys" type="checkbox" value={survey.slug} checked={ticked.has(survey.slug)} />
                <label class="choice__label" for={`survey-${survey.slug}`}>
                  {survey.title}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
        <button type="submit" class="button">
          Check
        </button>
      </form>
      {claims ? <Results claims={claims} /> : null}
    </StudioLayout>
  );
}
