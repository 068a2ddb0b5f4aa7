import type { FieldErrors } from '../../../../server/errors.ts';
import { contrastOnWhite, formatContrast, MAX_BRAND_COLOURS, MIN_CONTRAST_ON_WHITE } from '../../../../server/methodology/brand-rules.ts';
import { ErrorMessage, ErrorSummary } from '../../respond/frame.tsx';
import { CsrfField, StudioLayout, type Viewer } from '../studio-layout.tsx';

// The press studio's brands page: each organisation that runs a published survey, with the colours
// its charts use (its own, or the Analysis Function default) and its logo. Researchers and admins
// change them; press officers see them. Every colour shows its contrast against white, since bars
// carry data labels and sit on white.

export interface BrandView {
  organisation: string;
  colours: string[];
  custom: boolean;
  logo: { mediaType: string; base64: string } | null;
  updatedAt: string | null;
}

export interface BrandPageProps {
  viewer: Viewer;
  brands: BrandView[];
  canEdit: boolean;
  /** The organisation whose form was posted back with errors, and what was typed. */
  failed?: { organisation: string; colours: string[]; errors: FieldErrors } | undefined;
  notice?: string | undefined;
}

export const brandsPagePath = '/studio/press/brands';
export const brandFormPath = (organisation: string) => `${brandsPagePath}/${encodeURIComponent(organisation)}`;

/** A stable id fragment for an organisation's name (names have spaces and punctuation). */
export const brandAnchor = (organisation: string) =>
  `brand-${
    organisation
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'organisation'
  }`;

function Swatches({ colours }: { colours: string[] }) {
  return (
    <ul class="brand-swatches" style="list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:0.75rem 1.25rem">
      {colours.map((colour) => {
        const ratio = contrastOnWhite(colour);
        const low = ratio < MIN_CONTRAST_ON_WHITE;
        return (
          <li style="display:flex;align-items:center;gap:0.5rem">
            <span aria-hidden="true" style={`display:inline-block;width:2rem;height:2rem;border:1px solid #505a5f;background:${colour}`} />
            <span>
              <code>{colour}</code> <span class="hint">contrast {formatContrast(ratio)}</span>
              {low ? (
                <strong class="verdict verdict--removed" style="margin-left:0.35rem">
                  Below 3:1
                </strong>
              ) : null}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

function BrandSection({ brand, viewer, canEdit, failed }: { brand: BrandView; viewer: Viewer; canEdit: boolean; failed: BrandPageProps['failed'] }) {
  const anchor = brandAnchor(brand.organisation);
  const errors = failed?.organisation === brand.organisation ? failed.errors : {};
  const typed = failed?.organisation === brand.organisation ? failed.colours : brand.custom ? brand.colours : [];
  const lowContrast = brand.custom ? brand.colours.filter((colour) => contrastOnWhite(colour) < MIN_CONTRAST_ON_WHITE) : [];
  return (
    <section class="builder-section" aria-labelledby={anchor} id={`${anchor}-section`}>
      <h2 class="heading-m" id={anchor}>
        {brand.organisation}
      </h2>
      <p>{brand.custom ? 'Chart colours, in the order charts use them:' : 'No colours set: charts use the default Analysis Function palette:'}</p>
      <Swatches colours={brand.colours} />
      {lowContrast.length > 0 ? (
        <div class="notice" role="status">
          <p>
            <strong>Warning:</strong> {lowContrast.join(', ')} {lowContrast.length === 1 ? 'has' : 'have'} a contrast below 3:1 against white: bars in{' '}
            {lowContrast.length === 1 ? 'it' : 'them'} are hard to see and their labels hard to read. Prefer a darker shade.
          </p>
        </div>
      ) : null}
      {brand.logo ? (
        <p>
          <img src={`data:${brand.logo.mediaType};base64,${brand.logo.base64}`} alt={`Logo of ${brand.organisation}`} style="max-height:4rem;max-width:16rem" />
        </p>
      ) : (
        <p class="hint">No logo.</p>
      )}
      {canEdit ? (
        <form method="post" action={brandFormPath(brand.organisation)} enctype="multipart/form-data" class="studio-form" novalidate>
          <CsrfField viewer={viewer} />
          <fieldset class="fieldset" aria-describedby={`${anchor}-colours-hint${errors.colours ? ` ${anchor}-colours-error` : ''}`}>
            <legend class="fieldset__legend">Colours of {brand.organisation}</legend>
            <p class="hint" id={`${anchor}-colours-hint`}>
              Up to {MAX_BRAND_COLOURS} colours as #RRGGBB, for example #12436D. Leave them all blank to use the default palette.
            </p>
            <ErrorMessage id={`${anchor}-colours-error`} message={errors.colours} language="en" />
            <div style="display:flex;flex-wrap:wrap;gap:0 1rem">
              {Array.from({ length: MAX_BRAND_COLOURS }, (_, i) => {
                const id = `${anchor}-colour-${i + 1}`;
                const error = errors[`colours[${i}]`];
                return (
                  <div class={`form-group${error ? ' form-group--error' : ''}`}>
                    <label class="label" for={id}>
                      Colour {i + 1}
                    </label>
                    <ErrorMessage id={`${id}-error`} message={error} language="en" />
                    <input
                      class={`input input--short${error ? ' input--error' : ''}`}
                      id={id}
                      name="colours"
                      type="text"
                      spellcheck={false}
                      autocomplete="off"
                      value={typed[i] ?? ''}
                      aria-describedby={error ? `${id}-error` : undefined}
                      aria-invalid={error ? 'true' : undefined}
                    />
                  </div>
                );
              })}
            </div>
          </fieldset>
          <div class={`form-group${errors.logo ? ' form-group--error' : ''}`}>
            <label class="label" for={`${anchor}-logo`}>
              Logo (optional)
            </label>
            <p class="hint" id={`${anchor}-logo-hint`}>
              A PNG or SVG file of at most 200 KB. Leave empty to keep {brand.logo ? 'the current logo' : 'no logo'}.
            </p>
            <ErrorMessage id={`${anchor}-logo-error`} message={errors.logo} language="en" />
            <input
              class="file-input"
              id={`${anchor}-logo`}
              name="logo"
              type="file"
              accept="image/png,image/svg+xml,.png,.svg"
              aria-describedby={`${anchor}-logo-hint${errors.logo ? ` ${anchor}-logo-error` : ''}`}
            />
          </div>
          {brand.logo ? (
            <div class="checkboxes">
              <div class="choice choice--small">
                <input class="choice__input" id={`${anchor}-remove-logo`} name="removeLogo" type="checkbox" value="yes" />
                <label class="choice__label" for={`${anchor}-remove-logo`}>
                  Remove the logo
                </label>
              </div>
            </div>
          ) : null}
          <button type="submit" class="button">
            Save<span class="visually-hidden"> the brand of {brand.organisation}</span>
          </button>
        </form>
      ) : null}
    </section>
  );
}

/** The brands page of the press studio. */
export function BrandPage(props: BrandPageProps) {
  const { viewer, brands, failed } = props;
  const summary = failed
    ? Object.entries(failed.errors).map(([field, message]) => {
        const anchor = brandAnchor(failed.organisation);
        const index = /^colours\[(\d+)\]$/.exec(field);
        const fieldId = index ? `${anchor}-colour-${Number(index[1]) + 1}` : field === 'logo' ? `${anchor}-logo` : `${anchor}-colour-1`;
        return { fieldId, message: `${failed.organisation}: ${index ? `colour ${Number(index[1]) + 1}: ` : ''}${message}` };
      })
    : [];
  return (
    <StudioLayout title="Chart brands" viewer={viewer} section="press">
      <p>
        <a href="/studio/press">Press studio</a>
      </p>
      <ErrorSummary errors={summary} language="en" />
      <h1 class="heading-l">Chart brands</h1>
      {props.notice ? (
        <div class="notice" role="status">
          <p>{props.notice}</p>
        </div>
      ) : null}
      <p>
        Press charts of a survey use the colours and logo of the organisation running it. Without colours of its own, an organisation's charts use the
        Government Analysis Function palette, which is safe for colour-blind readers.
      </p>
      {props.canEdit ? null : <p class="hint">Researchers and admins change brands; you can see them here.</p>}
      {brands.length === 0 ? <p>No survey is published yet, so there is no organisation to brand.</p> : null}
      {brands.map((brand) => (
        <BrandSection brand={brand} viewer={viewer} canEdit={props.canEdit} failed={failed} />
      ))}
    </StudioLayout>
  );
}
