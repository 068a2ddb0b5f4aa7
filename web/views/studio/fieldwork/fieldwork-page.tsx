import type { FieldErrors } from '../../../../server/errors.ts';
import type { Invitation } from '../../../../server/fieldwork/invitations.ts';
import type { QuotaFill } from '../../../../server/fieldwork/quotas.ts';
import type { SettingsFormFields } from '../../../../server/fieldwork/service.ts';
import { ErrorMessage, ErrorSummary } from '../../respond/frame.tsx';
import { formatUkDateTime } from '../format-time.ts';
import { CsrfField, StudioLayout, type Viewer } from '../studio-layout.tsx';
import { SurveyNav } from '../survey-nav.tsx';

// The fieldwork page: when the survey is open, how many answers it wants, who may see results,
// panel redirects, quotas with their fill, and single-use invitation links. Three separate forms,
// so an error in one never loses what was typed in another.

export interface QuotaRow extends Omit<QuotaFill, 'cells'> {
  questionLabel: string;
  cells: (QuotaFill['cells'][number] & { answers: string[] })[];
}

export interface FieldworkPageProps {
  viewer: Viewer;
  survey: { slug: string; title: string; published: boolean };
  fields: SettingsFormFields;
  errors: FieldErrors;
  notice?: string | undefined;
  targetSample: number | null;
  quotas: QuotaRow[];
  quotaChoices: { value: string; label: string }[];
  invitations: (Invitation & { link: string })[];
  invitationFields: { count: string; labels: string };
  invitationErrors: FieldErrors;
}

const SETTINGS_ORDER = ['opens_at', 'closes_at', 'target_sample', 'redirect_complete', 'redirect_screen_out', 'redirect_quota_full'] as const;
const SHOWN_INVITATIONS = 200;

function TextField(props: {
  name: string;
  label: string;
  hint?: string;
  value: string;
  error?: string | undefined;
  type?: string;
  inputmode?: 'numeric';
  width?: string;
}) {
  const describedBy = [props.hint ? `${props.name}-hint` : '', props.error ? `${props.name}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`form-group${props.error ? ' form-group--error' : ''}`}>
      <label class="label" for={props.name}>
        {props.label}
      </label>
      {props.hint ? (
        <p class="hint" id={`${props.name}-hint`}>
          {props.hint}
        </p>
      ) : null}
      <ErrorMessage id={`${props.name}-error`} message={props.error} language="en" />
      <input
        class={`input${props.error ? ' input--error' : ''}${props.width ? ` ${props.width}` : ''}`}
        id={props.name}
        name={props.name}
        type={props.type ?? 'text'}
        inputmode={props.inputmode}
        value={props.value}
        aria-describedby={describedBy || undefined}
        aria-invalid={props.error ? 'true' : undefined}
      />
    </div>
  );
}

function Checkbox({ name, label, hint, checked }: { name: string; label: string; hint: string; checked: boolean }) {
  return (
    <div class="choice">
      <input class="choice__input" id={name} name={name} type="checkbox" value="yes" checked={checked} aria-describedby={`${name}-hint`} />
      <label class="choice__label" for={name}>
        {label}
      </label>
      <p class="hint choice__hint" id={`${name}-hint`}>
        {hint}
      </p>
    </div>
  );
}

const percentOf = (achieved: number, target: number) => (target === 0 ? '–' : `${Math.round((achieved / target) * 100)}%`);

function QuotaTable({ quota, slug, viewer }: { quota: QuotaRow; slug: string; viewer: Viewer }) {
  const total = quota.cells.reduce((sum, cell) => sum + cell.target, 0);
  const achieved = quota.cells.reduce((sum, cell) => sum + cell.achieved, 0);
  return (
    <div class="fieldwork-quota">
      <table class="studio-table">
        <caption class="fieldwork-quota__caption">
          {quota.label} <span class="fieldwork-quota__question">· {quota.questionLabel}</span>
        </caption>
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col">Answers counted</th>
            <th scope="col" class="num">
              Target
            </th>
            <th scope="col" class="num">
              Completes so far
            </th>
            <th scope="col" class="num">
              Filled
            </th>
          </tr>
        </thead>
        <tbody>
          {quota.cells.map((cell) => (
            <tr>
              <th scope="row">
                {cell.label}
                {cell.achieved >= cell.target ? <strong class="fieldwork-full"> Full</strong> : null}
              </th>
              <td>{cell.answers.join(', ')}</td>
              <td class="num">{cell.target.toLocaleString('en-GB')}</td>
              <td class="num">{cell.achieved.toLocaleString('en-GB')}</td>
              <td class="num">{percentOf(cell.achieved, cell.target)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">All groups</th>
            <td></td>
            <td class="num">{total.toLocaleString('en-GB')}</td>
            <td class="num">{achieved.toLocaleString('en-GB')}</td>
            <td class="num">{percentOf(achieved, total)}</td>
          </tr>
        </tfoot>
      </table>
      <div class="fieldwork-actions">
        <a href={`/studio/surveys/${slug}/fieldwork/quotas/${quota.id}`}>
          Change<span class="visually-hidden"> quota “{quota.label}”</span>
        </a>
        <form method="post" action={`/studio/surveys/${slug}/fieldwork/quotas/${quota.id}/delete`}>
          <CsrfField viewer={viewer} />
          <button type="submit" class="link-button fieldwork-remove">
            Remove<span class="visually-hidden"> quota “{quota.label}”</span>
          </button>
        </form>
      </div>
    </div>
  );
}

/** The fieldwork settings page of one survey. */
export function FieldworkPage(props: FieldworkPageProps) {
  const { viewer, survey, fields, errors, quotas, invitations, invitationErrors } = props;
  const slug = survey.slug;
  const summary = [
    ...SETTINGS_ORDER.filter((name) => errors[name]).map((name) => ({ fieldId: name, message: errors[name]! })),
    ...(errors.quota_question ? [{ fieldId: 'quota_question', message: errors.quota_question }] : []),
    ...(['count', 'labels'] as const).filter((name) => invitationErrors[name]).map((name) => ({ fieldId: name, message: invitationErrors[name]! })),
  ];
  const used = invitations.filter((inv) => inv.usedAt !== null).length;
  const hasErrors = summary.length > 0;
  return (
    <StudioLayout title={`${hasErrors ? 'Error: ' : ''}Fieldwork – ${survey.title}`} viewer={viewer} section="surveys">
      <p class="caption">Survey · {slug}</p>
      <h1 class="heading-l">{survey.title}</h1>
      <SurveyNav slug={slug} current="fieldwork" role={viewer.role} />
      <ErrorSummary errors={summary} language="en" />
      {props.notice ? (
        <div class="fieldwork-notice" role="status">
          {props.notice}
        </div>
      ) : null}

      <section aria-labelledby="settings-heading">
        <h2 class="heading-m" id="settings-heading">
          Fieldwork settings
        </h2>
        <form method="post" action={`/studio/surveys/${slug}/fieldwork`} novalidate>
          <CsrfField viewer={viewer} />
          <fieldset class="fieldset">
            <legend class="fieldset__legend fieldwork-legend">When the survey takes answers</legend>
            <p class="hint">
              In UK time (GMT or BST). Leave blank for no limit. Someone part-way through when the survey closes has one hour to finish; nobody
              new can start.
            </p>
            <div class="fieldwork-dates">
              <TextField name="opens_at" label="Opens" type="datetime-local" value={fields.opens_at} error={errors.opens_at} />
              <TextField name="closes_at" label="Closes" type="datetime-local" value={fields.closes_at} error={errors.closes_at} />
            </div>
          </fieldset>
          <TextField
            name="target_sample"
            label="Target sample size (optional)"
            hint="The survey closes to new respondents once this many complete responses have arrived. Demo data does not count."
            value={fields.target_sample}
            error={errors.target_sample}
            inputmode="numeric"
            width="input--width-10"
          />
          <fieldset class="fieldset">
            <legend class="fieldset__legend fieldwork-legend">Access</legend>
            <div class="checkboxes">
              <Checkbox
                name="public_results"
                label="Publish results publicly"
                hint={`Anyone can open /results/${slug} and its API without signing in. Individual responses are never public.`}
                checked={fields.public_results}
              />
              <Checkbox
                name="invitation_only"
                label="Invitation only"
                hint="Only people with an unused invitation link (below) can start the survey."
                checked={fields.invitation_only}
              />
            </div>
          </fieldset>
          <fieldset class="fieldset">
            <legend class="fieldset__legend fieldwork-legend">Panel redirects (optional)</legend>
            <p class="hint">
              For respondents sent by a panel company with <code>?pid=</code> in the survey link. Write <code>{'{pid}'}</code> where their id goes, for
              example <code>{'https://panel.example/return?status=complete&id={pid}'}</code>. Without a pid, respondents see Attune’s own end page.
            </p>
            <TextField name="redirect_complete" label="After completing" value={fields.redirect_complete} error={errors.redirect_complete} type="url" />
            <TextField name="redirect_screen_out" label="After being screened out" value={fields.redirect_screen_out} error={errors.redirect_screen_out} type="url" />
            <TextField name="redirect_quota_full" label="When their quota is full" value={fields.redirect_quota_full} error={errors.redirect_quota_full} type="url" />
          </fieldset>
          <button type="submit" class="button">
            Save fieldwork settings
          </button>
        </form>
      </section>

      <section aria-labelledby="quotas-heading" id="quotas">
        <h2 class="heading-m" id="quotas-heading">
          Quotas
        </h2>
        <p>
          A quota stops taking respondents from a group once its target of complete responses is reached: someone whose answer falls in a full group
          ends on a “quota full” page. Targets are counts of complete responses, not counting demo data.
        </p>
        {quotas.length === 0 ? <p>No quotas yet.</p> : quotas.map((quota) => <QuotaTable quota={quota} slug={slug} viewer={viewer} />)}
        {survey.published ? (
          <form method="get" action={`/studio/surveys/${slug}/fieldwork/quotas/new`} class="fieldwork-add-quota">
            <div class={`form-group${errors.quota_question ? ' form-group--error' : ''}`}>
              <label class="label" for="quota_question">
                Add a quota on
              </label>
              <p class="hint" id="quota_question-hint">
                Questions with one answer per person, from the newest published version.
              </p>
              <ErrorMessage id="quota_question-error" message={errors.quota_question} language="en" />
              <select
                class="input fieldwork-select"
                id="quota_question"
                name="question"
                aria-describedby={`quota_question-hint${errors.quota_question ? ' quota_question-error' : ''}`}
              >
                <option value="">Choose a question</option>
                {props.quotaChoices.map((choice) => (
                  <option value={choice.value}>{choice.label}</option>
                ))}
              </select>
            </div>
            <button type="submit" class="button button--secondary">
              Continue
            </button>
          </form>
        ) : (
          <p class="inset">Publish the survey before adding quotas: a quota counts answers to a published question.</p>
        )}
      </section>

      <section aria-labelledby="invitations-heading" id="invitations">
        <h2 class="heading-m" id="invitations-heading">
          Invitation links
        </h2>
        <p>
          Each link can be used by one person. Opening it again before they finish carries on where they left off, on any device; once they finish
          it cannot be used again.
        </p>
        <p>
          {invitations.length.toLocaleString('en-GB')} link{invitations.length === 1 ? '' : 's'} created, {used.toLocaleString('en-GB')} used.
          {invitations.length > 0 ? (
            <>
              {' '}
              <a href={`/studio/surveys/${slug}/fieldwork/invitations.csv`} download>
                Download all links (CSV)
              </a>
            </>
          ) : null}
        </p>
        <form method="post" action={`/studio/surveys/${slug}/fieldwork/invitations`} novalidate>
          <CsrfField viewer={viewer} />
          <TextField
            name="count"
            label="Number of links"
            hint="Between 1 and 1,000. Leave blank if you give a label for each link below."
            value={props.invitationFields.count}
            error={invitationErrors.count}
            inputmode="numeric"
            width="input--width-5"
          />
          <div class={`form-group${invitationErrors.labels ? ' form-group--error' : ''}`}>
            <label class="label" for="labels">
              Labels (optional)
            </label>
            <p class="hint" id="labels-hint">
              One per line, for example who each link is for. One link is made for each label.
            </p>
            <ErrorMessage id="labels-error" message={invitationErrors.labels} language="en" />
            <textarea
              class={`textarea${invitationErrors.labels ? ' input--error' : ''}`}
              id="labels"
              name="labels"
              rows={4}
              aria-describedby={`labels-hint${invitationErrors.labels ? ' labels-error' : ''}`}
            >
              {props.invitationFields.labels}
            </textarea>
          </div>
          <button type="submit" class="button button--secondary">
            Create links
          </button>
        </form>
        {invitations.length > 0 ? (
          <table class="studio-table fieldwork-invitations">
            <caption class="visually-hidden">Invitation links</caption>
            <thead>
              <tr>
                <th scope="col">Label</th>
                <th scope="col">Link</th>
                <th scope="col">Created</th>
                <th scope="col">Used</th>
              </tr>
            </thead>
            <tbody>
              {invitations.slice(-SHOWN_INVITATIONS).reverse().map((inv) => (
                <tr>
                  <td>{inv.label ?? <span class="fieldwork-muted">No label</span>}</td>
                  <td>
                    <code class="fieldwork-link">{inv.link}</code>
                  </td>
                  <td>{formatUkDateTime(inv.createdAt)}</td>
                  <td>{inv.usedAt ? formatUkDateTime(inv.usedAt) : <span class="fieldwork-muted">Not yet</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {invitations.length > SHOWN_INVITATIONS ? <p>Showing the newest {SHOWN_INVITATIONS}; the CSV has them all.</p> : null}
      </section>
    </StudioLayout>
  );
}
