import type { CleaningForm } from '../../../../server/cleaning/schemas.ts';
import type { CleaningFlag, CleaningSummary, FlaggedResponse, FlagSummary } from '../../../../server/cleaning/service.ts';
import { ErrorMessage, ErrorSummary } from '../../respond/frame.tsx';
import { formatDuration, formatUkDateTime } from '../format-time.ts';
import { CsrfField, StudioLayout, type Viewer } from '../studio-layout.tsx';
import { SurveyNav } from '../survey-nav.tsx';

// The cleaning page: the flags that suggest a response may not be genuine, and the exclusions a
// researcher has decided on. Every form works without JavaScript; each carries its own reason field
// and a `form` name, so a missing reason is shown beside the form it came from with the choices kept.
// A table's checkboxes belong to the form under it through the `form` attribute, so the table can
// use the page's full width while forms keep their readable measure.

/** A form sent back because something was missing, with what the researcher had chosen and typed. */
export interface FailedCleaningForm {
  form: CleaningForm;
  responseIds: string[];
  reason: string;
  errors: { reason?: string; responseIds?: string };
}

export interface CleaningPageProps {
  viewer: Viewer;
  summary: CleaningSummary;
  notice?: string | undefined;
  failed?: FailedCleaningForm | undefined;
}

/** Rows shown per flag; beyond this a researcher works by flag or through the API. */
export const SHOWN_ROWS = 500;

const FLAG_TEXT: Record<CleaningFlag, { heading: string; plural: string; one: string; tag: string }> = {
  speeder: { heading: 'Speeders', plural: 'speeders', one: 'speeder', tag: 'Speeder' },
  straight_liner: { heading: 'Straight-liners', plural: 'straight-liners', one: 'straight-liner', tag: 'Straight-liner' },
  duplicate_panel_id: { heading: 'Duplicate panel ids', plural: 'responses with a duplicate panel id', one: 'response with a duplicate panel id', tag: 'Duplicate panel id' },
};

const count = (n: number) => n.toLocaleString('en-GB');
const responses = (n: number) => `${count(n)} response${n === 1 ? '' : 's'}`;
const flagAction = (slug: string, action: 'exclude' | 'restore') => `/studio/surveys/${slug}/cleaning/${action}`;

function describeFlag(flag: CleaningFlag, summary: CleaningSummary): string {
  const { medianSeconds } = summary;
  switch (flag) {
    case 'speeder':
      return medianSeconds === null
        ? 'Finished in under a third of the median completion time. No response has a completion time yet, so nobody is flagged.'
        : `Finished in under a third of the median completion time: the median is ${formatDuration(medianSeconds)}, so under ${formatDuration(medianSeconds / 3)}. Responses without a recorded start are never flagged.`;
    case 'straight_liner': {
      const rule =
        'Gave the same answer to every statement of a grid question with five or more statements (“don’t know” to all of them included). Statements left blank or not asked do not count, so at least five answers must be identical; shorter grids never flag anyone.';
      const grids = summary.straightLineGrids;
      return grids.length === 0
        ? `${rule} This survey has no grid of five or more statements, so nobody can be flagged.`
        : `${rule} Checked on ${grids.length === 1 ? 'grid' : 'grids'} ${grids.join(', ')}.`;
    }
    case 'duplicate_panel_id':
      return 'Share a panel id with another response. Every response with the id is flagged; the first one received is marked “first”, and the later ones are the likelier duplicates.';
  }
}

function ReasonField({ form, failed, label, hint }: { form: CleaningForm; failed: FailedCleaningForm | undefined; label: string; hint?: string }) {
  const error = failed?.form === form ? failed.errors.reason : undefined;
  const id = `${form}-reason`;
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`form-group${error ? ' form-group--error' : ''}`}>
      <label class="label" for={id}>
        {label}
      </label>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <ErrorMessage id={`${id}-error`} message={error} language="en" />
      <input
        class={`input${error ? ' input--error' : ''}`}
        id={id}
        name="reason"
        type="text"
        maxlength={500}
        value={failed?.form === form ? failed.reason : ''}
        aria-describedby={describedBy || undefined}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  );
}

function SelectBox({ form, index, id, reference, checked }: { form: CleaningForm; index: number; id: string; reference: string; checked: boolean }) {
  const inputId = `${form}-r-${index}`;
  return (
    <div class="choice choice--small">
      <input class="choice__input" id={inputId} name="responseIds" type="checkbox" value={id} checked={checked} form={`${form}-form`} />
      <label class="choice__label" for={inputId}>
        <span class="visually-hidden">Select response {reference}</span>
      </label>
    </div>
  );
}

function ReferenceLink({ slug, id, reference }: { slug: string; id: string; reference: string }) {
  return (
    <a href={`/studio/surveys/${slug}/responses/${id}`} class="responses-reference">
      {reference}
    </a>
  );
}

function StatusCell({ response }: { response: FlaggedResponse }) {
  if (!response.exclusion) return <td>Counted</td>;
  return (
    <td>
      <strong>Excluded</strong>: {response.exclusion.reason}
    </td>
  );
}

function FlagSection({ summary, flagSummary, viewer, failed }: { summary: CleaningSummary; flagSummary: FlagSummary; viewer: Viewer; failed: FailedCleaningForm | undefined }) {
  const { flag } = flagSummary;
  const text = FLAG_TEXT[flag];
  const slug = summary.slug;
  const rows = summary.flagged.filter((response) => response.flags.includes(flag));
  const shown = rows.slice(0, SHOWN_ROWS);
  const toExclude = flagSummary.count - flagSummary.excludedCount;
  const rowsForm: CleaningForm = `rows-${flag}`;
  const chosen = new Set(failed?.form === rowsForm ? failed.responseIds : []);
  const selectError = failed?.form === rowsForm ? failed.errors.responseIds : undefined;
  const headingId = `${flag}-heading`;
  return (
    <section aria-labelledby={headingId} id={`flag-${flag}`}>
      <h2 class="heading-m" id={headingId}>
        {text.heading}: {count(flagSummary.count)}
      </h2>
      <p>{describeFlag(flag, summary)}</p>
      {flagSummary.count === 0 ? (
        <p>No {text.plural}.</p>
      ) : (
        <p>
          {count(flagSummary.count)} flagged, {count(flagSummary.excludedCount)} of them excluded.
        </p>
      )}
      {toExclude > 0 ? (
        <form method="post" action={flagAction(slug, 'exclude')} novalidate class="studio-form">
          <CsrfField viewer={viewer} />
          <input type="hidden" name="form" value={`all-${flag}`} />
          <input type="hidden" name="flag" value={flag} />
          <ReasonField
            form={`all-${flag}`}
            failed={failed}
            label={`Reason for excluding all ${toExclude === 1 ? `1 ${text.one}` : `${count(toExclude)} ${text.plural}`}`}
            hint={
              flag === 'duplicate_panel_id'
                ? 'This excludes the first response with each id too. To keep the first, choose the later ones in the table below instead.'
                : 'Recorded with each exclusion and in the audit log.'
            }
          />
          <button type="submit" class="button button--warning">
            Exclude all {toExclude === 1 ? `1 ${text.one}` : `${count(toExclude)} ${text.plural}`}
          </button>
        </form>
      ) : null}
      {flagSummary.excludedByFlag > 0 ? (
        <form method="post" action={flagAction(slug, 'restore')} novalidate class="studio-form">
          <CsrfField viewer={viewer} />
          <input type="hidden" name="form" value={`restore-${flag}`} />
          <input type="hidden" name="flag" value={flag} />
          <ReasonField
            form={`restore-${flag}`}
            failed={failed}
            label={`Reason for restoring the ${responses(flagSummary.excludedByFlag)} excluded as ${text.plural}`}
            hint="Brings back every response excluded with “Exclude all” for this flag; responses excluded one by one stay excluded."
          />
          <button type="submit" class="button button--secondary">
            Restore {responses(flagSummary.excludedByFlag)} excluded as {text.plural}
          </button>
        </form>
      ) : null}
      {shown.length > 0 ? (
        <>
          <div class={`form-group${selectError ? ' form-group--error' : ''}`}>
            <ErrorMessage id={`${rowsForm}-select-error`} message={selectError} language="en" />
            <div class="table-scroll" tabindex={0} role="region" aria-labelledby={`${rowsForm}-caption`}>
              <table class="studio-table">
                <caption class="overview-table-caption" id={`${rowsForm}-caption`}>
                  {text.heading}
                  {rows.length > shown.length ? `: the first ${count(shown.length)} of ${count(rows.length)}` : ''}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">
                      <span class="visually-hidden">Select</span>
                    </th>
                    <th scope="col">Reference</th>
                    <th scope="col">Submitted</th>
                    <th scope="col" class="num">
                      Duration
                    </th>
                    {flag === 'duplicate_panel_id' ? <th scope="col">Panel id</th> : null}
                    <th scope="col">Flags</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((response, index) => (
                    <tr>
                      <td>
                        <SelectBox form={rowsForm} index={index} id={response.id} reference={response.reference} checked={chosen.has(response.id)} />
                      </td>
                      <th scope="row">
                        <ReferenceLink slug={slug} id={response.id} reference={response.reference} />
                        {response.isDemo ? <strong class="studio-tag studio-tag--demo">Demo</strong> : null}
                      </th>
                      <td>{formatUkDateTime(response.submittedAt)}</td>
                      <td class="num">{response.seconds === null ? 'Not timed' : formatDuration(response.seconds)}</td>
                      {flag === 'duplicate_panel_id' ? (
                        <td>
                          <code>{response.panelId}</code>
                          {response.firstWithPanelId?.id === response.id ? (
                            <> (first)</>
                          ) : response.firstWithPanelId ? (
                            <> (first was {response.firstWithPanelId.reference})</>
                          ) : null}
                        </td>
                      ) : null}
                      <td>{response.flags.map((f) => FLAG_TEXT[f].tag).join(', ')}</td>
                      <StatusCell response={response} />
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
          <form method="post" action={flagAction(slug, 'exclude')} novalidate class="studio-form" id={`${rowsForm}-form`}>
            <CsrfField viewer={viewer} />
            <input type="hidden" name="form" value={rowsForm} />
            <ReasonField form={rowsForm} failed={failed} label="Reason for excluding or restoring the selected responses" />
            <div class="button-group">
              <button type="submit" class="button button--warning" formaction={flagAction(slug, 'exclude')}>
                Exclude selected
              </button>
              <button type="submit" class="button button--secondary" formaction={flagAction(slug, 'restore')}>
                Restore selected
              </button>
            </div>
          </form>
        </>
      ) : null}
    </section>
  );
}

function ExcludedSection({ summary, viewer, failed }: { summary: CleaningSummary; viewer: Viewer; failed: FailedCleaningForm | undefined }) {
  const form: CleaningForm = 'excluded';
  const chosen = new Set(failed?.form === form ? failed.responseIds : []);
  const selectError = failed?.form === form ? failed.errors.responseIds : undefined;
  return (
    <section aria-labelledby="excluded-heading" id="excluded">
      <h2 class="heading-m" id="excluded-heading">
        Excluded responses: {count(summary.excluded.length)}
      </h2>
      {summary.excluded.length === 0 ? (
        <p>No responses are excluded: every complete response counts in results.</p>
      ) : (
        <>
          <p>Excluded responses are left out of results. They stay stored and can be restored at any time.</p>
          <div class={`form-group${selectError ? ' form-group--error' : ''}`}>
            <ErrorMessage id={`${form}-select-error`} message={selectError} language="en" />
            <div class="table-scroll" tabindex={0} role="region" aria-labelledby="excluded-caption">
              <table class="studio-table">
                <caption class="overview-table-caption" id="excluded-caption">
                  Excluded responses, in the order they were received
                </caption>
                <thead>
                  <tr>
                    <th scope="col">
                      <span class="visually-hidden">Select</span>
                    </th>
                    <th scope="col">Reference</th>
                    <th scope="col">Reason</th>
                    <th scope="col">Excluded</th>
                    <th scope="col">By</th>
                  </tr>
                </thead>
                <tbody>
                  {summary.excluded.map((item, index) => (
                    <tr>
                      <td>
                        <SelectBox form={form} index={index} id={item.responseId} reference={item.reference} checked={chosen.has(item.responseId)} />
                      </td>
                      <th scope="row">
                        <ReferenceLink slug={summary.slug} id={item.responseId} reference={item.reference} />
                      </th>
                      <td>
                        {item.reason}
                        {item.flag && item.flag in FLAG_TEXT ? <> (all {FLAG_TEXT[item.flag as CleaningFlag].plural})</> : null}
                      </td>
                      <td>{formatUkDateTime(item.excludedAt)}</td>
                      <td>{item.excludedBy ?? 'Not recorded'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
          <form method="post" action={flagAction(summary.slug, 'restore')} novalidate class="studio-form" id={`${form}-form`}>
            <CsrfField viewer={viewer} />
            <input type="hidden" name="form" value={form} />
            <ReasonField form={form} failed={failed} label="Reason for restoring the selected responses" />
            <button type="submit" class="button button--secondary">
              Restore selected
            </button>
          </form>
        </>
      )}
    </section>
  );
}

/** The cleaning page of one survey. */
export function CleaningPage({ viewer, summary, notice, failed }: CleaningPageProps) {
  const errors = failed
    ? [
        ...(failed.errors.responseIds ? [{ fieldId: `${failed.form}-r-0`, message: failed.errors.responseIds }] : []),
        ...(failed.errors.reason ? [{ fieldId: `${failed.form}-reason`, message: failed.errors.reason }] : []),
      ]
    : [];
  const excludedCount = summary.completeResponses - summary.includedResponses;
  const figures = [
    { label: 'Complete responses', value: count(summary.completeResponses), hint: `${count(summary.includedResponses)} counted in results` },
    {
      label: 'Median completion time',
      value: summary.medianSeconds === null ? 'None yet' : formatDuration(summary.medianSeconds),
      hint: summary.timedResponses === 0 ? 'No response has a recorded start' : `Over ${responses(summary.timedResponses)} with a recorded start`,
    },
    { label: 'Excluded', value: count(excludedCount), hint: excludedCount === 0 ? 'Nothing left out' : 'Left out of results' },
  ];
  return (
    <StudioLayout title={`${errors.length > 0 ? 'Error: ' : ''}Cleaning – ${summary.title}`} viewer={viewer} section="surveys">
      <p class="caption">Survey · {summary.slug}</p>
      <h1 class="heading-l">{summary.title}</h1>
      <SurveyNav slug={summary.slug} current="cleaning" role={viewer.role} />
      <ErrorSummary errors={errors} language="en" />
      {notice ? (
        <div class="notice" role="status">
          {notice}
        </div>
      ) : null}
      <section aria-labelledby="summary-heading">
        <h2 class="heading-m" id="summary-heading">
          Data quality
        </h2>
        <p>
          Flags point at responses that may not be genuine; they exclude nothing by themselves. You decide, with a reason, and every exclusion and
          restoration is recorded in the audit log.
        </p>
        <dl class="overview-figures">
          {figures.map((figure) => (
            <div class="overview-figure">
              <dt class="overview-figure__label">{figure.label}</dt>
              <dd class="overview-figure__value">{figure.value}</dd>
              <dd class="overview-figure__hint">{figure.hint}</dd>
            </div>
          ))}
        </dl>
      </section>
      {summary.flags.map((flagSummary) => (
        <FlagSection summary={summary} flagSummary={flagSummary} viewer={viewer} failed={failed} />
      ))}
      <ExcludedSection summary={summary} viewer={viewer} failed={failed} />
    </StudioLayout>
  );
}
