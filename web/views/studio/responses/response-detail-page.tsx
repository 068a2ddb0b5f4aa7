import type { AnsweredQuestion, ResponseDetail } from '../../../../server/response-browser/service.ts';
import { formatUkDateTime } from '../format-time.ts';
import { StudioLayout, type Viewer } from '../studio-layout.tsx';
import { SurveyNav } from '../survey-nav.tsx';
import { SOURCE_LABELS, statusLabel } from './response-labels.ts';

// One response, question by question in questionnaire order, in words: the question as worded in the
// version the respondent answered, the labels of the answers they chose, and "not asked" where routing
// (or an earlier screening answer) meant they never saw a question.

const LANGUAGE_NAMES: Record<string, string> = { en: 'English', cy: 'Welsh' };

function Answer({ question }: { question: AnsweredQuestion }) {
  const display = question.display;
  if (display.state === 'not-asked') {
    return <span class="response-answer--none">{display.reason === 'screened-out' ? 'Not asked (screened out earlier)' : 'Not asked'}</span>;
  }
  if (display.state === 'skipped') return <span class="response-answer--none">Skipped (left blank)</span>;
  if ('text' in display) return <span class="summary-list__text">{display.text}</span>;
  if ('labels' in display) {
    return display.labels.length === 1 ? (
      <>{display.labels[0]}</>
    ) : (
      <ul class="response-answer__list">
        {display.labels.map((label) => (
          <li>{label}</li>
        ))}
      </ul>
    );
  }
  return (
    <table class="studio-table response-grid">
      <caption class="visually-hidden">Answers to each statement</caption>
      <thead>
        <tr>
          <th scope="col">Statement</th>
          <th scope="col">Answer</th>
        </tr>
      </thead>
      <tbody>
        {display.statements.map((statement) => (
          <tr>
            <th scope="row">{statement.text}</th>
            <td>{statement.answer ?? <span class="response-answer--none">No answer</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Why a response is left out of results (see server/cleaning), for its page. */
export interface ResponseExclusionNote {
  reason: string;
  excludedAt: string;
  excludedBy: string | null;
}

/** The page of one response; `exclusion` (when given) says whether it counts in results. */
export function ResponseDetailPage({ viewer, response, exclusion }: { viewer: Viewer; response: ResponseDetail; exclusion?: ResponseExclusionNote | null }) {
  const meta: [string, string][] = [
    ['Status', statusLabel(response.status)],
    ['Version', `Version ${response.version}`],
    ['Submitted', formatUkDateTime(response.submittedAt)],
    ['Started', response.startedAt ? formatUkDateTime(response.startedAt) : 'Not recorded'],
    ['Source', SOURCE_LABELS[response.source] ?? response.source],
    ['Language', LANGUAGE_NAMES[response.language] ?? response.language],
    ['Panel id', response.panelId ?? 'None'],
  ];
  let questionNumber = 0;
  return (
    <StudioLayout title={`Response ${response.reference}: ${response.surveyTitle}`} viewer={viewer} section="surveys">
      <a class="back-link" href={`/studio/surveys/${response.slug}/responses`}>
        All responses
      </a>
      <p class="caption overview-caption">{response.surveyTitle}</p>
      <h1>
        Response <code class="responses-reference">{response.reference}</code>
        {response.isDemo ? <strong class="studio-tag studio-tag--demo">Demo</strong> : null}
      </h1>
      <SurveyNav slug={response.slug} current="responses" role={viewer.role} />
      {response.isDemo ? <p class="overview-note">This is a demo response: synthetic data generated for trying Attune out.</p> : null}
      {exclusion ? (
        <p class="overview-note">
          <strong>Excluded from results</strong> on {formatUkDateTime(exclusion.excludedAt)}
          {exclusion.excludedBy ? ` by ${exclusion.excludedBy}` : ''}: {exclusion.reason}.{' '}
          <a href={`/studio/surveys/${response.slug}/cleaning#excluded`}>Restore it on the cleaning page</a>
        </p>
      ) : null}
      <dl class="summary-list">
        {meta.map(([key, value]) => (
          <div class="summary-list__row">
            <dt class="summary-list__key">{key}</dt>
            <dd class="summary-list__value">{value}</dd>
          </div>
        ))}
      </dl>
      {response.language !== 'en' ? (
        <p class="overview-note">The respondent answered in {LANGUAGE_NAMES[response.language] ?? response.language}; questions and answers are shown in English.</p>
      ) : null}
      {response.pages.map((page) => (
        <section aria-labelledby={`page-${page.id}`} class="response-page">
          <h2 id={`page-${page.id}`}>
            Page {page.number}
            {page.title ? `: ${page.title}` : ''}
          </h2>
          <dl class="summary-list">
            {page.questions.map((question) => {
              questionNumber += 1;
              return (
                <div class={`summary-list__row${question.display.state === 'not-asked' ? ' response-row--not-asked' : ''}`} id={`q-${question.id}`}>
                  <dt class="summary-list__key">
                    <span class="response-question-number">Q{questionNumber}.</span> {question.text}
                  </dt>
                  <dd class="summary-list__value">
                    <Answer question={question} />
                  </dd>
                </div>
              );
            })}
          </dl>
        </section>
      ))}
    </StudioLayout>
  );
}
