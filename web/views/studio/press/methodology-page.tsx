import type { FieldErrors } from '../../../../server/errors.ts';
import type { DisclosureChecklist, DisclosureItem } from '../../../../server/methodology/note.ts';
import { ErrorMessage, ErrorSummary } from '../../respond/frame.tsx';
import { CsrfField, StudioLayout, type Viewer } from '../studio-layout.tsx';

// A survey's methodology page in the press studio: the notes-to-editors paragraph ready to copy
// (weighted by a chosen scheme or not), the British Polling Council disclosure checklist with what
// meets each item or how to fix it, and the answers only a person can give (the tables' web address,
// the research company's code-of-conduct statement). Works without script.

export interface MethodologyPageProps {
  viewer: Viewer;
  survey: { slug: string; title: string };
  note: string;
  /** The weighting schemes the note can describe, and the one chosen ('' for unweighted). */
  weighting: { selected: string; schemes: { name: string; description?: string | undefined }[] };
  checklist: DisclosureChecklist;
  /** The answers form, as stored or as posted back with errors. */
  form: { tablesUrl: string; codeOfConduct: string };
  errors: FieldErrors;
  notice?: string | undefined;
}

/** The address of a survey's methodology page (the press home links here). */
export const methodologyPagePath = (slug: string) => `/studio/press/surveys/${slug}/methodology`;

const FIELD_LABELS: Record<string, string> = { tablesUrl: 'Web address for the full tables', codeOfConduct: 'Code of conduct statement' };

function ItemRow({ item }: { item: DisclosureItem }) {
  return (
    <tr id={`item-${item.id}`}>
      <th scope="row">{item.label}</th>
      <td>{item.required ? 'Required' : item.id === 'codeOfConduct' ? 'Optional' : 'Where practical'}</td>
      <td>
        {item.met ? (
          <strong class="verdict verdict--new">
            <span aria-hidden="true">✓ </span>Met
          </strong>
        ) : (
          <strong class={`verdict ${item.required ? 'verdict--removed' : 'verdict--unchanged'}`}>
            <span aria-hidden="true">✗ </span>Missing
          </strong>
        )}
      </td>
      <td>
        {item.value ? <p>{item.value}</p> : null}
        {item.howToFix ? (
          <p class="hint">
            <strong>How to fix:</strong> {item.howToFix}
          </p>
        ) : null}
      </td>
    </tr>
  );
}

/** The methodology note and disclosure page of one survey. */
export function MethodologyPage(props: MethodologyPageProps) {
  const { viewer, survey, checklist, form, errors } = props;
  const action = methodologyPagePath(survey.slug);
  const missing = checklist.missingRequired;
  const pageErrors = (['tablesUrl', 'codeOfConduct'] as const).filter((f) => errors[f]).map((f) => ({ fieldId: f, message: `${FIELD_LABELS[f]}: ${errors[f]}` }));
  return (
    <StudioLayout title={`Methodology – ${survey.title}`} viewer={viewer} section="press">
      <p>
        <a href="/studio/press">Press studio</a>
      </p>
      <ErrorSummary errors={pageErrors} language="en" />
      <span class="caption">{survey.title}</span>
      <h1 class="heading-l">Methodology note and disclosure</h1>
      {props.notice ? (
        <div class="notice" role="status">
          <p>{props.notice}</p>
        </div>
      ) : null}

      <section aria-labelledby="note-heading">
        <h2 class="heading-m" id="note-heading">
          Notes to editors
        </h2>
        <form method="get" action={action} class="filter-form">
          <div class="form-group">
            <label class="label" for="weighting">
              Weighting
            </label>
            <select class="input select" id="weighting" name="weighting">
              <option value="" selected={props.weighting.selected === ''}>
                Unweighted
              </option>
              {props.weighting.schemes.map((scheme) => (
                <option value={scheme.name} selected={props.weighting.selected === scheme.name}>
                  {scheme.name}
                  {scheme.description ? ` – ${scheme.description}` : ''}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="button button--secondary">
            Show the note
          </button>
        </form>
        <div class="form-group">
          <label class="label" for="note">
            Methodology note
          </label>
          <p class="hint" id="note-hint">
            Generated from the survey file and the {checklist.items.find((i) => i.id === 'sampleSize')?.value ?? 'responses'} that count. Select it all and copy it into
            the notes to editors; change the wording there if you need to.
          </p>
          <textarea class="textarea" id="note" rows={7} readonly aria-describedby="note-hint">
            {props.note}
          </textarea>
        </div>
      </section>

      <section aria-labelledby="checklist-heading">
        <h2 class="heading-m" id="checklist-heading">
          British Polling Council disclosure
        </h2>
        {checklist.complete ? (
          <p>
            <strong>Every required item is met.</strong> Charts and headlines of this survey can be exported for publication.
          </p>
        ) : (
          <div class="notice" role="status">
            <p>
              <strong>
                {missing.length} required item{missing.length === 1 ? ' is' : 's are'} missing:
              </strong>{' '}
              {missing.map((item) => item.label.toLowerCase()).join('; ')}. Exports of this survey's charts and headlines for publication are blocked until
              they are met, unless whoever exports gives a reason, which is recorded in the audit log.
            </p>
          </div>
        )}
        <div class="table-scroll" tabindex={0} role="region" aria-labelledby="checklist-caption">
          <table class="studio-table">
            <caption class="visually-hidden" id="checklist-caption">
              Disclosure items, whether each is needed and met, and how to fix a missing one
            </caption>
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col">Needed</th>
                <th scope="col">Status</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {checklist.items.map((item) => (
                <ItemRow item={item} />
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="answers-heading">
        <h2 class="heading-m" id="answers-heading">
          Your answers
        </h2>
        <p>Items from the survey file change only with a new published version of it; these two come from you.</p>
        <form method="post" action={action} class="studio-form" novalidate>
          <CsrfField viewer={viewer} />
          <div class={`form-group${errors.tablesUrl ? ' form-group--error' : ''}`}>
            <label class="label" for="tablesUrl">
              {FIELD_LABELS.tablesUrl}
            </label>
            <p class="hint" id="tablesUrl-hint">
              Where the full computer tables are (or will be) published, for example https://www.example.org/research/tables. The BPC asks for them within two
              working days of publication.
            </p>
            <ErrorMessage id="tablesUrl-error" message={errors.tablesUrl} language="en" />
            <input
              class={`input${errors.tablesUrl ? ' input--error' : ''}`}
              id="tablesUrl"
              name="tablesUrl"
              type="url"
              spellcheck={false}
              value={form.tablesUrl}
              aria-describedby={`tablesUrl-hint${errors.tablesUrl ? ' tablesUrl-error' : ''}`}
              aria-invalid={errors.tablesUrl ? 'true' : undefined}
            />
          </div>
          <div class={`form-group${errors.codeOfConduct ? ' form-group--error' : ''}`}>
            <label class="label" for="codeOfConduct">
              {FIELD_LABELS.codeOfConduct} (optional)
            </label>
            <p class="hint" id="codeOfConduct-hint">
              Added to the end of the note as you write it. Only state memberships the research company confirms, for example “Censuswide abides by and employs
              members of the Market Research Society (MRS) and follows the MRS code of conduct and ESOMAR principles.”
            </p>
            <ErrorMessage id="codeOfConduct-error" message={errors.codeOfConduct} language="en" />
            <textarea
              class={`textarea${errors.codeOfConduct ? ' input--error' : ''}`}
              id="codeOfConduct"
              name="codeOfConduct"
              rows={4}
              aria-describedby={`codeOfConduct-hint${errors.codeOfConduct ? ' codeOfConduct-error' : ''}`}
              aria-invalid={errors.codeOfConduct ? 'true' : undefined}
            >
              {form.codeOfConduct}
            </textarea>
          </div>
          <button type="submit" class="button">
            Save answers
          </button>
        </form>
      </section>
    </StudioLayout>
  );
}
