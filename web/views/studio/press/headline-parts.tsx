import type { PhraseVerdict } from '../../../../server/analysis/phrases.ts';

// Pieces the headline builder and a saved headline's page share: the error summary, the phrase list
// with supported and not-supported marks, and warnings.

/** The error summary at the top of a form page; each message links to its field. */
export function ErrorSummary({ title, fields, message }: { title: string; fields: Record<string, string>; message?: string | null }) {
  const entries = Object.entries(fields);
  if (entries.length === 0 && !message) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
      <h2 class="error-summary__title" id="error-summary-title">
        {title}
      </h2>
      <ul class="error-summary__list">
        {message ? <li>{message}</li> : null}
        {entries.map(([field, text]) => (
          <li>
            <a href={`#${field}`}>
              {field}: {text}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The suggested phrases, best first, each marked supported or not at 95% confidence, with the reason. */
export function PhraseList({ phrases, percent }: { phrases: PhraseVerdict[]; percent: number | null }) {
  if (percent === null) return null;
  if (phrases.length === 0) return <p>No proportion phrase fits {Math.round(percent)}% closely; quote the figure itself.</p>;
  return (
    <ul class="plain-list phrase-list">
      {phrases.map((verdict) => (
        <li>
          <strong>
            {verdict.wording} ({Math.round(percent)}%)
          </strong>{' '}
          <span class={`studio-tag ${verdict.supported ? '' : 'studio-tag--demo'}`}>{verdict.supported ? 'Supported' : 'Not supported'}</span>
          <div class="overview-note">{verdict.reason}</div>
        </li>
      ))}
    </ul>
  );
}

/** Warnings (low base, suppressed, a phrase not supported), or nothing. */
export function WarningList({ warnings }: { warnings: string[] }) {
  if (warnings.length === 0) return null;
  return (
    <div class="draft-problems" role="status">
      <p>
        <strong>Check before using this figure:</strong>
      </p>
      <ul class="problem-list">
        {warnings.map((warning) => (
          <li>{warning}</li>
        ))}
      </ul>
    </div>
  );
}

/** The text a press officer copies: the sentence, then the base and margin lines. */
export function copyText(sentence: string, baseLine: string, marginLine: string | null): string {
  return [sentence, baseLine, marginLine].filter(Boolean).join('\n');
}
