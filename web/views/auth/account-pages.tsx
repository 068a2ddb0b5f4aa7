import type { Child } from 'hono/jsx';
import type { FieldErrors } from '../../../server/errors.ts';
import { assetUrl } from '../../../server/assets/routes.ts';
import { Layout } from '../layout.tsx';
import { FormErrors, Notice, TextField, titleWithErrors } from './form-parts.tsx';

// The pages a person sees before they are signed in: sign in, first-run setup, accepting an
// invitation, and what happens when a link is dead or there were too many attempts.

function AccountFrame({ title, children }: { title: string; children?: Child }) {
  return (
    <Layout
      title={`${title} – Attune`}
      lang="en"
      styles={[assetUrl('studio.css')]}
      header={
        <a class="site-header__service" href="/">
          Attune
        </a>
      }
    >
      <div class="account-page">{children}</div>
    </Layout>
  );
}

const CsrfInput = ({ csrf }: { csrf: string }) => <input type="hidden" name="_csrf" value={csrf} />;

export interface LoginPageProps {
  csrf: string;
  next: string;
  email?: string;
  errors?: FieldErrors;
  signedOut?: boolean;
}

/** The sign-in form; a failed attempt shows one message whatever the reason. */
export function LoginPage({ csrf, next, email, errors = {}, signedOut }: LoginPageProps) {
  return (
    <AccountFrame title={titleWithErrors('Sign in', errors)}>
      <FormErrors errors={errors} order={['email', 'password']} />
      {signedOut ? <Notice>You have signed out.</Notice> : null}
      <h1 class="heading-l">Sign in to Attune</h1>
      <form method="post" action="/login" novalidate>
        <CsrfInput csrf={csrf} />
        <input type="hidden" name="next" value={next} />
        <TextField name="email" label="Email address" type="email" autocomplete="username" value={email} error={errors.email} />
        <TextField name="password" label="Password" type="password" autocomplete="current-password" error={errors.password} />
        <button type="submit" class="button button--inline">
          Sign in
        </button>
      </form>
      <p>If you do not have an account, ask an administrator in your organisation to invite you.</p>
    </AccountFrame>
  );
}

/** Too many failed sign-ins: says to wait, never which limit was reached. */
export function TooManyAttemptsPage() {
  return (
    <AccountFrame title="Too many attempts to sign in">
      <h1 class="heading-l">Too many attempts to sign in</h1>
      <p>For your security, signing in is paused for a while. Wait 15 minutes and try again.</p>
      <p>
        <a href="/login">Back to sign in</a>
      </p>
    </AccountFrame>
  );
}

export interface SetupPageProps {
  csrf: string;
  action: string;
  values?: Record<string, string>;
  errors?: FieldErrors;
}

/** First run: create the administrator account. */
export function SetupPage({ csrf, action, values = {}, errors = {} }: SetupPageProps) {
  return (
    <AccountFrame title={titleWithErrors('Create the administrator account', errors)}>
      <FormErrors errors={errors} order={['name', 'email', 'password', 'confirm']} />
      <h1 class="heading-l">Create the administrator account</h1>
      <p>
        This is the first account on this Attune. As its administrator you can invite colleagues and decide what
        each of them may do. This link works once.
      </p>
      <form method="post" action={action} novalidate>
        <CsrfInput csrf={csrf} />
        <TextField name="name" label="Your name" autocomplete="name" value={values.name} error={errors.name} />
        <TextField name="email" label="Email address" type="email" autocomplete="username" value={values.email} error={errors.email} hint="You will sign in with this" />
        <PasswordFields errors={errors} />
        <button type="submit" class="button button--inline">
          Create account
        </button>
      </form>
    </AccountFrame>
  );
}

function PasswordFields({ errors }: { errors: FieldErrors }) {
  return (
    <>
      <TextField
        name="password"
        label="Create a password"
        type="password"
        autocomplete="new-password"
        hint="At least 12 characters. A few unrelated words make a strong password that is easy to remember."
        error={errors.password}
      />
      <TextField name="confirm" label="Type the password again" type="password" autocomplete="new-password" error={errors.confirm} />
    </>
  );
}

export interface AcceptInvitePageProps {
  csrf: string;
  action: string;
  email: string;
  role: string;
  values?: Record<string, string>;
  errors?: FieldErrors;
}

/** An invited colleague sets their name and password. */
export function AcceptInvitePage({ csrf, action, email, role, values = {}, errors = {} }: AcceptInvitePageProps) {
  return (
    <AccountFrame title={titleWithErrors('Set up your account', errors)}>
      <FormErrors errors={errors} order={['name', 'password', 'confirm']} />
      <h1 class="heading-l">Set up your account</h1>
      <p>
        You have been invited to Attune as a <strong>{role}</strong>. You will sign in as <strong>{email}</strong>.
      </p>
      <form method="post" action={action} novalidate>
        <CsrfInput csrf={csrf} />
        <input type="hidden" name="email" value={email} autocomplete="username" />
        <TextField name="name" label="Your name" autocomplete="name" value={values.name} error={errors.name} />
        <PasswordFields errors={errors} />
        <button type="submit" class="button button--inline">
          Create account
        </button>
      </form>
    </AccountFrame>
  );
}

/** A setup or invitation link that cannot be used (any more). */
export function LinkGonePage({ message }: { message: string }) {
  return (
    <AccountFrame title="This link cannot be used">
      <h1 class="heading-l">This link cannot be used</h1>
      <p>{message}. Links to set up an account work once and expire.</p>
      <p>Ask an administrator for a new invitation, or sign in if you already have an account.</p>
      <p>
        <a href="/login">Sign in</a>
      </p>
    </AccountFrame>
  );
}
