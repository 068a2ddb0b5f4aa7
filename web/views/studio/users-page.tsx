import type { FieldErrors } from '../../../server/errors.ts';
import type { OpenInvitation, UserSummary } from '../../../server/users/service.ts';
import { FormErrors, Notice, ROLE_CHOICES, SelectField, TextField, titleWithErrors } from '../auth/form-parts.tsx';
import { formatUkDateTime } from './format-time.ts';
import { CsrfField, StudioLayout, type Viewer } from './studio-layout.tsx';

export interface UsersPageProps {
  viewer: Viewer & { id: string };
  users: UserSummary[];
  invitations: OpenInvitation[];
  /** What the last action did, shown once after it. */
  notice?: string;
  /** A refused change (e.g. the last admin), shown in the error summary. */
  problem?: string;
  invite?: { values: Record<string, string>; errors: FieldErrors };
}

const STATUS_LABEL: Record<UserSummary['status'], string> = { active: 'Active', deactivated: 'Deactivated', invited: 'No password set yet' };

/** Admins' list of users with role changes, deactivation and the invitation form. */
export function UsersPage({ viewer, users, invitations, notice, problem, invite }: UsersPageProps) {
  const errors: FieldErrors = { ...(invite?.errors ?? {}), ...(problem ? { users: problem } : {}) };
  return (
    <StudioLayout title={titleWithErrors('Users', errors)} viewer={viewer} section="users">
      <FormErrors errors={errors} order={['users', 'email', 'role']} />
      {notice ? <Notice>{notice}</Notice> : null}
      <h1 class="heading-l" id="users" tabindex={-1}>
        Users
      </h1>
      <div class="table-scroll" role="region" aria-label="Users" tabindex={0}>
        <table class="studio-table">
          <caption class="visually-hidden">Everyone who can sign in to this workspace</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Last signed in</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr>
                <td>{user.name}</td>
                <td>{user.email}</td>
                <td>{user.role}</td>
                <td>{STATUS_LABEL[user.status]}</td>
                <td>{user.lastSignInAt ? formatUkDateTime(user.lastSignInAt) : 'Never'}</td>
                <td>{user.id === viewer.id ? <span class="caption">This is you</span> : <UserActions viewer={viewer} user={user} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {invitations.length > 0 ? (
        <>
          <h2 class="heading-m">Invitations waiting</h2>
          <div class="table-scroll" role="region" aria-label="Invitations waiting" tabindex={0}>
            <table class="studio-table">
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Invited by</th>
                  <th scope="col">Link expires</th>
                </tr>
              </thead>
              <tbody>
                {invitations.map((invitation) => (
                  <tr>
                    <td>{invitation.email}</td>
                    <td>{invitation.role}</td>
                    <td>{invitation.invitedBy ?? 'the command line'}</td>
                    <td>{formatUkDateTime(invitation.expiresAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}

      <h2 class="heading-m">Invite a colleague</h2>
      <p>You will get a link to send them. It works once and expires after 7 days.</p>
      <form method="post" action="/studio/users/invite" novalidate class="studio-form">
        <CsrfField viewer={viewer} />
        <TextField name="email" label="Their email address" type="email" autocomplete="off" value={invite?.values.email} error={invite?.errors.email} />
        <SelectField name="role" label="Role" options={ROLE_CHOICES} value={invite?.values.role || 'researcher'} error={invite?.errors.role} />
        <button type="submit" class="button button--inline">
          Create invitation link
        </button>
      </form>
    </StudioLayout>
  );
}

function UserActions({ viewer, user }: { viewer: Viewer; user: UserSummary }) {
  const id = `role-${user.id}`;
  return (
    <div class="user-actions">
      <form method="post" action={`/studio/users/${user.id}/role`} class="inline-form">
        <CsrfField viewer={viewer} />
        <label class="visually-hidden" for={id}>
          Role for {user.name}
        </label>
        <select class="input select select--inline" id={id} name="role">
          {ROLE_CHOICES.map((choice) => (
            <option value={choice.value} selected={choice.value === user.role}>
              {choice.value}
            </option>
          ))}
        </select>
        <button type="submit" class="button button--secondary button--small">
          Change role<span class="visually-hidden"> of {user.name}</span>
        </button>
      </form>
      <form method="post" action={`/studio/users/${user.id}/${user.status === 'deactivated' ? 'reactivate' : 'deactivate'}`} class="inline-form">
        <CsrfField viewer={viewer} />
        <button type="submit" class={user.status === 'deactivated' ? 'button button--secondary button--small' : 'button button--warning button--small'}>
          {user.status === 'deactivated' ? 'Reactivate' : 'Deactivate'}
          <span class="visually-hidden"> {user.name}</span>
        </button>
      </form>
    </div>
  );
}

/** The invitation link, shown this once for the admin to copy and send. */
export function InvitationCreatedPage({ viewer, email, role, link, expiresAt }: { viewer: Viewer; email: string; role: string; link: string; expiresAt: string }) {
  return (
    <StudioLayout title="Invitation link created" viewer={viewer} section="users">
      <h1 class="heading-l">Invitation link created</h1>
      <p>
        Send this link to <strong>{email}</strong> so they can set up their account as a <strong>{role}</strong>. It works
        once, until {formatUkDateTime(expiresAt)}.
      </p>
      <div class="form-group">
        <label class="label" for="invite-link">
          Invitation link
        </label>
        <div class="hint" id="invite-link-hint">
          Copy it now: Attune keeps only a fingerprint of it and cannot show it again.
        </div>
        <input class="input secret-value" id="invite-link" type="text" readonly value={link} aria-describedby="invite-link-hint" spellcheck={false} />
      </div>
      <p>
        <a href="/studio/users">Back to users</a>
      </p>
    </StudioLayout>
  );
}
