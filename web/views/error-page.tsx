import type { Language } from '../../server/surveys/schema.ts';
import { Layout } from './layout.tsx';
import { messagesFor } from './respond/messages.ts';

export interface ErrorPageProps {
  status: number;
  language: Language;
  /** Quoted on server errors so support can find the log line. */
  requestId?: string;
}

/** A friendly HTML page for a failed page request: not found, bad request, or our own fault. */
export function ErrorPage({ status, language, requestId }: ErrorPageProps) {
  const t = messagesFor(language);
  const title = status === 404 ? t.notFoundTitle : status >= 500 ? t.errorTitle : t.problemTitle;
  const text = status === 404 ? t.notFoundText : status >= 500 ? t.errorText : t.problemText;
  return (
    <Layout title={title} lang={language} header={<span class="site-header__service">Attune</span>}>
      <h1 class="heading-l">{title}</h1>
      <p>{text}</p>
      {status >= 500 && requestId ? <p>{t.errorReference(requestId)}</p> : null}
    </Layout>
  );
}

/** The error page as a complete HTML document, for `app.onError` and `app.notFound`. */
export function renderErrorPage(props: ErrorPageProps): string {
  return `<!doctype html>${String(<ErrorPage {...props} />)}`;
}
