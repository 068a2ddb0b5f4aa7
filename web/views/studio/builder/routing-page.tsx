import type { QuestionDoc, SurveyDoc } from '../../../../server/builder/document.ts';
import { codesOf, routingAnchor, type RoutingModel } from '../../../../server/builder/service.ts';
import { CsrfField, StudioLayout, type Viewer } from '../studio-layout.tsx';
import { SurveyNav } from '../survey-nav.tsx';
import { ActionButton, DefaultSubmit } from './controls.tsx';
import { answerLabel, describeCondition } from './routing-words.ts';

export interface RoutingPageProps {
  viewer: Viewer;
  slug: string;
  doc: SurveyDoc;
  updatedAt: string;
  p: number;
  q: number;
  question: QuestionDoc;
  /** Questions on earlier pages, the only ones routing may look at. */
  earlier: { page: number; question: QuestionDoc }[];
  /** The editor's state; undefined when the saved condition is nested beyond what the editor shows. */
  model: RoutingModel | undefined;
  /** Problems with the editor's state, by `clause.N`. */
  errors?: Record<string, string>;
}

const questionName = (question: QuestionDoc) => `${question.text?.en || '(no wording)'} (${question.id})`;

/** The routing editor: conditions picked from earlier questions and their answers, never typed. */
export function RoutingPage(props: RoutingPageProps) {
  const { viewer, slug, doc, p, q, question, earlier, errors = {} } = props;
  const base = `/studio/surveys/${slug}/build`;
  const model = props.model ?? { mode: 'all', negate: false, clauses: [] };
  const byId = new Map(earlier.map((entry) => [entry.question.id, entry.question]));
  const errorList = Object.entries(errors);
  const backHref = `${base}#${routingAnchor(p, q)}`;
  return (
    <StudioLayout title={`${errorList.length > 0 ? 'Error: ' : ''}Routing for question ${q + 1} on page ${p + 1}`} viewer={viewer} section="surveys">
      <a class="back-link" href={backHref}>
        Back to the builder
      </a>
      <p class="caption">
        {slug} · page {p + 1}, question {q + 1}
      </p>
      <h1 class="heading-l">Routing: {question.text?.en || question.id}</h1>
      <SurveyNav slug={slug} current="build" role={viewer.role} />
      {errorList.length > 0 ? (
        <div class="error-summary" role="alert" aria-labelledby="routing-errors" tabindex={-1} autofocus>
          <h2 class="error-summary__title" id="routing-errors">
            There is a problem
          </h2>
          <ul class="error-summary__list">
            {errorList.map(([key, message]) => (
              <li>
                <a href={`#${key.replace('.', '-')}`}>{message}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <p>
        Ask this question only to respondents whose earlier answers match. Routing can only look at questions on earlier pages, because a page is shown
        before its own answers exist.
      </p>
      {question.showIf ? (
        <p class="inset">
          Now: asked only if {describeCondition(question.showIf, doc)}.
        </p>
      ) : (
        <p class="inset">Now: asked of everyone who reaches page {p + 1}.</p>
      )}
      {props.model === undefined ? (
        <p class="builder-meta">
          The saved condition combines groups in a way this editor does not show. It stays as it is unless you save new routing here.
        </p>
      ) : null}
      {earlier.length === 0 ? (
        <p>There are no questions on earlier pages to route on.</p>
      ) : (
        <form method="post" action={`${base}/routing-save`} class="builder-form" novalidate>
          <DefaultSubmit label="Save routing" />
          <CsrfField viewer={viewer} />
          <input type="hidden" name="updatedAt" value={props.updatedAt} />
          <input type="hidden" name="page" value={String(p)} />
          <input type="hidden" name="question" value={String(q)} />
          {model.clauses.length > 1 ? (
            <fieldset class="fieldset builder-field radios">
              <legend class="fieldset__legend">Ask the question when</legend>
              <div class="choice choice--small">
                <input class="choice__input" type="radio" id="mode-all" name="mode" value="all" checked={model.mode === 'all'} />
                <label class="choice__label" for="mode-all">
                  all of the conditions hold
                </label>
              </div>
              <div class="choice choice--small">
                <input class="choice__input" type="radio" id="mode-any" name="mode" value="any" checked={model.mode === 'any'} />
                <label class="choice__label" for="mode-any">
                  any one of the conditions holds
                </label>
              </div>
            </fieldset>
          ) : (
            <input type="hidden" name="mode" value={model.mode} />
          )}
          {model.clauses.map((clause, i) => {
            const target = byId.get(clause.question);
            const codes = target ? codesOf(target) : [];
            const error = errors[`clause.${i}`];
            return (
              <fieldset class={`fieldset builder-clause${error ? ' form-group--error' : ''}`} id={`clause-${i}`} aria-describedby={error ? `clause-${i}-error` : undefined}>
                <legend class="fieldset__legend">
                  Condition {i + 1}: {target ? questionName(target) : clause.question}
                </legend>
                {error ? (
                  <p class="error-message" id={`clause-${i}-error`}>
                    <span class="visually-hidden">Error: </span>
                    {error}
                  </p>
                ) : null}
                <input type="hidden" name={`clause.${i}.question`} value={clause.question} />
                {target?.type === 'likert-grid' ? (
                  <div class="builder-field">
                    <label class="label" for={`clause-${i}-statement`}>
                      Statement
                    </label>
                    <select class="input select" id={`clause-${i}-statement`} name={`clause.${i}.statement`}>
                      {(target.statements ?? []).map((statement) => (
                        <option value={statement.id} selected={statement.id === clause.statement}>
                          {statement.text?.en || statement.id}
                        </option>
                      ))}
                    </select>
                  </div>
                ) : null}
                {codes.length > 0 ? (
                  <>
                    <input type="hidden" name={`clause.${i}.test`} value="in" />
                    <p class="hint">The answer is any of:</p>
                    <div class="builder-checkboxes checkboxes">
                      {codes.map((code) => (
                        <div class="choice choice--small">
                          <input
                            class="choice__input"
                            type="checkbox"
                            id={`clause-${i}-code-${code}`}
                            name={`clause.${i}.codes`}
                            value={code}
                            checked={clause.codes.includes(code)}
                          />
                          <label class="choice__label" for={`clause-${i}-code-${code}`}>
                            {answerLabel(target, code)} ({code})
                          </label>
                        </div>
                      ))}
                    </div>
                  </>
                ) : (
                  <div class="builder-checkboxes radios">
                    {(['answered', 'unanswered'] as const).map((test) => (
                      <div class="choice choice--small">
                        <input class="choice__input" type="radio" id={`clause-${i}-${test}`} name={`clause.${i}.test`} value={test} checked={clause.test === test} />
                        <label class="choice__label" for={`clause-${i}-${test}`}>
                          {test === 'answered' ? 'was answered' : 'was not answered'}
                        </label>
                      </div>
                    ))}
                  </div>
                )}
                <ActionButton action={`${base}/routing-remove`} name="item" value={String(i)} warning label={<>Remove condition {i + 1}</>} />
              </fieldset>
            );
          })}
          {model.clauses.length > 0 ? (
            <div class="checkboxes builder-field">
              <div class="choice choice--small">
                <input class="choice__input" type="checkbox" id="negate" name="negate" value="yes" checked={model.negate} />
                <label class="choice__label" for="negate">
                  Turn it round: ask the question when the {model.clauses.length > 1 ? 'conditions do not' : 'condition does not'} hold
                </label>
              </div>
            </div>
          ) : null}
          <div class="builder-add">
            <label class="label" for="new-question">
              {model.clauses.length === 0 ? 'Ask this question depending on the answer to' : 'Add a condition on'}
            </label>
            <select class="input select" id="new-question" name="newQuestion">
              {[...new Set(earlier.map((entry) => entry.page))].map((page) => (
                <optgroup label={`Page ${page + 1}${doc.pages[page]?.title?.en ? `: ${doc.pages[page]!.title!.en}` : ''}`}>
                  {earlier
                    .filter((entry) => entry.page === page)
                    .map((entry) => (
                      <option value={entry.question.id}>{questionName(entry.question)}</option>
                    ))}
                </optgroup>
              ))}
            </select>
            <ActionButton action={`${base}/routing-add`} label="Add condition" />
          </div>
          <div class="builder-actions builder-actions--main">
            <button type="submit" class="button">
              Save routing
            </button>
            {question.showIf ? <ActionButton action={`${base}/routing-clear`} warning label="Remove all routing" /> : null}
            <a href={backHref}>Cancel</a>
          </div>
        </form>
      )}
    </StudioLayout>
  );
}
