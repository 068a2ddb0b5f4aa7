import { optionsOf } from '../../../../server/surveys/model.ts';
import type { Label, Question, SurveyDefinition } from '../../../../server/surveys/schema.ts';
import { describeCondition, describeScreenOut, describeSettings, describeType } from '../../../../server/versions/describe.ts';

// A published version, read-only and readable: every page, question, option with its code, grid
// statement and routing rule, in English with Welsh beside it where the survey offers Welsh.

function Text({ label, welsh }: { label: Label | undefined; welsh: boolean }) {
  if (!label) return null;
  return (
    <>
      <span>{label.en}</span>
      {welsh && label.cy ? (
        <span class="welsh" lang="cy">
          {' '}
          <span class="welsh__tag">Cymraeg:</span> {label.cy}
        </span>
      ) : null}
    </>
  );
}

function QuestionView({ question, definition, welsh }: { question: Question; definition: SurveyDefinition; welsh: boolean }) {
  const options = optionsOf(question);
  const settings = describeSettings(question);
  const screenOut = describeScreenOut(question);
  return (
    <li class="definition-question" id={`question-${question.id}`}>
      <p class="definition-question__head">
        <code>{question.id}</code> <span class="definition-question__type">{describeType(question.type)}</span>
        {question.type === 'likert' || question.type === 'likert-grid' ? <span> · scale {question.scale}</span> : null}
        <span> · {question.required ? 'required' : 'optional'}</span>
      </p>
      <p class="definition-question__text">
        <Text label={question.text} welsh={welsh} />
      </p>
      {question.hint ? (
        <p class="hint">
          <Text label={question.hint} welsh={welsh} />
        </p>
      ) : null}
      {question.showIf ? <p class="definition-question__rule">Shown if {describeCondition(question.showIf, definition)}</p> : null}
      {screenOut ? <p class="definition-question__rule">Screens out: {screenOut}</p> : null}
      {settings.length > 0 ? <p class="definition-question__rule">{settings.join(' · ')}</p> : null}
      {question.type === 'likert-grid' ? (
        <table class="studio-table definition-table">
          <caption class="visually-hidden">Statements of {question.id}</caption>
          <thead>
            <tr>
              <th scope="col">Statement id</th>
              <th scope="col">Statement</th>
            </tr>
          </thead>
          <tbody>
            {question.statements.map((statement) => (
              <tr>
                <td>
                  <code>{statement.id}</code>
                </td>
                <td>
                  <Text label={statement.text} welsh={welsh} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {options.length > 0 ? (
        <table class="studio-table definition-table">
          <caption class="visually-hidden">Answer options of {question.id}</caption>
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Answer</th>
            </tr>
          </thead>
          <tbody>
            {options.map((option) => (
              <tr>
                <td>
                  <code>{option.code}</code>
                </td>
                <td>
                  <Text label={option.label} welsh={welsh} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </li>
  );
}

/** The full read-only rendering of a definition, headed by h2 for each page. */
export function DefinitionView({ definition }: { definition: SurveyDefinition }) {
  const welsh = definition.languages.includes('cy');
  const m = definition.metadata;
  const rows: [string, unknown][] = [
    ['Title', <Text label={definition.title} welsh={welsh} />],
    ['Description', <Text label={definition.description} welsh={welsh} />],
    ['Languages', definition.languages.map((l) => (l === 'cy' ? 'Welsh' : 'English')).join(', ')],
    ['Organisation', m.organisation],
    ['Commissioner', m.commissioner],
    ['Conducted by', m.conductedBy],
    ['Population', m.population],
    ['Geography', m.geography],
    ['Method', m.method],
    ['Fieldwork', m.fieldwork ? `${m.fieldwork.start}${m.fieldwork.end ? ` to ${m.fieldwork.end}` : ''}` : undefined],
    ['Privacy notice', <Text label={m.privacyNotice} welsh={welsh} />],
    ['Contact', m.contact],
    ['Screen-out message', definition.screenOutMessage ? <Text label={definition.screenOutMessage} welsh={welsh} /> : undefined],
  ];
  return (
    <div class="definition">
      <h2 class="heading-m">Survey details</h2>
      <dl class="summary-list">
        {rows
          .filter(([, value]) => value !== undefined && value !== '')
          .map(([key, value]) => (
            <div class="summary-list__row">
              <dt class="summary-list__key">{key}</dt>
              <dd class="summary-list__value">{value as string}</dd>
            </div>
          ))}
      </dl>
      {definition.pages.map((page, p) => (
        <section class="definition-page" aria-labelledby={`page-${page.id}`}>
          <h2 class="heading-m" id={`page-${page.id}`}>
            Page {p + 1}: {page.title ? page.title.en : page.id}{' '}
            <span class="definition-page__id">
              (<code>{page.id}</code>)
            </span>
          </h2>
          {page.title?.cy && welsh ? (
            <p lang="cy" class="welsh">
              <span class="welsh__tag">Cymraeg:</span> {page.title.cy}
            </p>
          ) : null}
          {page.intro ? (
            <div class="definition-page__intro">
              <Text label={page.intro} welsh={welsh} />
            </div>
          ) : null}
          <ol class="definition-questions">
            {page.questions.map((question) => (
              <QuestionView question={question} definition={definition} welsh={welsh} />
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}
