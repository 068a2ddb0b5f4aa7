import type { ApiTokenSummary } from '../../../server/api-tokens/service.ts';
import type { FieldErrors } from '../../../server/errors.ts';
import { FormErrors, Notice, TextField, titleWithErrors } from '../auth/form-parts.tsx';
import { formatUkDateTime } from './format-time.ts';
import { CsrfField, StudioLayout, type Viewer } from './studio-layout.tsx';

export interface TokensPageProps {
  viewer: Viewer;
  tokens: ApiTokenSummary[];
  /** A token just created: the only time its secret is shown. */
  created?: { name: string; token: string };
  notice?: string;
  form?: { values: Record<string, string>; errors: FieldErrors };
}

/** The signed-in user's own API tokens: create (shown once), list, revoke. */
export function TokensPage({ viewer, tokens, created, notice, form }: TokensPageProps) {
  const errors = form?.errors ?? {};
  return (
    <StudioLayout title={titleWithErrors('API tokens', errors)} viewer={viewer} section="tokens">
      <FormErrors errors={errors} order={['name']} />
      {notice ? <Notice>{notice}</Notice> : null}
      <h1 class="heading-l">API tokens</h1>
      <p>
        Scripts use a token to call the Attune API as you, with your role ({viewer.role}). Send it in the{' '}
        <code>Authorization: Bearer</code> header. Revoke a token as soon as it is no longer needed.
      </p>
      {created ? (
        <div class="token-created" role="status">
          <h2 class="heading-m">Your new token “{created.name}”</h2>
          <div class="form-group">
            <label class="label" for="new-token">
              Token
            </label>
            <div class="hint" id="new-token-hint">
              Copy it now and keep it somewhere safe: it will not be shown again.
            </div>
            <input class="input secret-value" id="new-token" type="text" readonly value={created.token} aria-describedby="new-token-hint" spellcheck={false} />
          </div>
        </div>
      ) : null}

      {tokens.length === 0 ? (
        <p>You have no API tokens.</p>
      ) : (
        <div class="table-scroll" role="region" aria-label="Your API tokens" tabindex={0}>
          <table class="studio-table">
            <caption class="visually-hidden">Your API tokens</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Starts with</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr>
                  <td>{token.name}</td>
                  <td>
                    <code>{token.prefix}…</code>
                  </td>
                  <td>{formatUkDateTime(token.createdAt)}</td>
                  <td>{token.lastUsedAt ? formatUkDateTime(token.lastUsedAt) : 'Never'}</td>
                  <td>
                    {token.revokedAt ? (
                      `Revoked ${formatUkDateTime(token.revokedAt)}`
                    ) : (
                      <form method="post" action={`/studio/tokens/${token.id}/revoke`} class="inline-form">
                        <CsrfField viewer={viewer} />
                        Active{' '}
                        <button type="submit" class="button button--warning button--small">
                          Revoke<span class="visually-hidden"> {token.name}</span>
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2 class="heading-m">Create a token</h2>
      <form method="post" action="/studio/tokens" novalidate class="studio-form">
        <CsrfField viewer={viewer} />
        <TextField name="name" label="What is it for?" hint='For example "weekly results export"' value={form?.values.name} error={errors.name} autocomplete="off" />
        <button type="submit" class="button button--inline">
          Create token
        </button>
      </form>
    </StudioLayout>
  );
}
