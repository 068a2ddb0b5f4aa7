import type { SavedHeadline } from '../../../../server/headlines/service.ts';
import { formatCount, formatPercent } from '../../../charts/format-figures.ts';
import { formatUkDateTime } from '../format-time.ts';
import { CsrfField, StudioLayout, type Viewer } from '../studio-layout.tsx';
import { copyText, ErrorSummary, PhraseList, WarningList } from './headline-parts.tsx';
import { describeMoves, labelFigures } from './press-home-page.tsx';

// A saved headline: the sentence with the frozen figure, base and margin of error, a copy-ready text
// block, a notice when the live figure has moved since it was frozen, and a form to edit the sentence
// and freeze the figure again.

export interface HeadlinePageProps {
  viewer: Viewer;
  saved: SavedHeadline;
  /** The sentence in the edit form (what the user wrote before a failed edit). */
  sentence?: string;
  notice?: string | undefined;
  error?: { message: string | null; fields: Record<string, string> } | null;
}

/** A saved headline's page. */
export function HeadlinePage({ viewer, saved, sentence, notice, error }: HeadlinePageProps) {
  const { item, settings, draft, live } = saved;
  const figure = item.frozen[0]!;
  const moves = live.moved ? describeMoves(live, labelFigures(item.frozen)) : [];
  const provenance = figure.provenance;
  return (
    <StudioLayout title="Headline" viewer={viewer} section="press">
      <p>
        <a href="/studio/press">Press studio</a>
      </p>
      <h1 class="heading-l">Headline</h1>
      {notice ? (
        <div class="notice" role="status">
          <p>{notice}</p>
        </div>
      ) : null}
      {error ? <ErrorSummary title="The headline was not changed" fields={error.fields} message={error.message} /> : null}
      <p class="heading-m" id="headline-sentence">
        {settings.sentence}
      </p>
      {moves.length > 0 ? (
        <div class="draft-problems" id="moved-notice">
          <p>
            <strong>The live figure has moved since this was frozen:</strong> {moves.join('; ')}. Save the sentence again below to freeze today’s figure.
          </p>
        </div>
      ) : (
        <p class="overview-note" id="live-notice">
          The live figure is the same as the frozen one.
        </p>
      )}
      <div class="form-group">
        <label class="label" for="copy">
          Copy-ready text
        </label>
        <textarea class="textarea" id="copy" rows={3} readonly>
          {copyText(settings.sentence, draft.baseLine, draft.marginOfError)}
        </textarea>
      </div>
      <h2 class="heading-m">Frozen figure</h2>
      <dl class="summary-list">
        <div class="summary-list__row">
          <dt class="summary-list__key">Figure</dt>
          <dd class="summary-list__value">
          {formatPercent(figure.percent)} {figure.answerLabel} (unrounded {formatPercent(figure.percent, 2)})
        </dd>
        </div>
        <div class="summary-list__row">
          <dt class="summary-list__key">Question</dt>
          <dd class="summary-list__value">
          {figure.surveyTitle}: {figure.questionText}
          {figure.statementText ? ` – ${figure.statementText}` : ''}
        </dd>
        </div>
        <div class="summary-list__row">
          <dt class="summary-list__key">Base</dt>
          <dd class="summary-list__value">{draft.baseLine}</dd>
        </div>
        <div class="summary-list__row">
          <dt class="summary-list__key">Margin of error</dt>
          <dd class="summary-list__value">{draft.marginOfError ?? 'none: no figure'}</dd>
        </div>
        <div class="summary-list__row">
          <dt class="summary-list__key">Frozen</dt>
          <dd class="summary-list__value">
          {formatUkDateTime(item.frozenAt)}; versions {provenance.versions.join(', ')}; {provenance.weighting ? `weighted by ${provenance.weighting}` : 'unweighted'};{' '}
          {formatCount(provenance.responses)} responses counted
          {provenance.excludedResponses > 0 ? `, ${formatCount(provenance.excludedResponses)} excluded by cleaning` : ''}
          {provenance.dataCutOff ? `; data up to ${formatUkDateTime(provenance.dataCutOff)}` : ''}
        </dd>
        </div>
      </dl>
      <WarningList warnings={draft.warnings} />
      <h2 class="heading-m">Phrases for this figure</h2>
      <PhraseList phrases={draft.phrases} percent={figure.percent} />
      <h2 class="heading-m">Edit and freeze again</h2>
      <form method="post" action={`/studio/press/headlines/${encodeURIComponent(item.id)}`}>
        <CsrfField viewer={viewer} />
        <div class="form-group">
          <label class="label" for="sentence">
            Sentence
          </label>
          <p class="hint" id="sentence-hint">
            Saving recomputes the figure from today’s data and freezes it again.
          </p>
          <textarea class="textarea" id="sentence" name="sentence" rows={3} aria-describedby="sentence-hint">
            {sentence ?? settings.sentence}
          </textarea>
        </div>
        <button type="submit" class="button">
          Save and freeze again
        </button>
      </form>
    </StudioLayout>
  );
}
