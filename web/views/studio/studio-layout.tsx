import type { Child } from 'hono/jsx';
import { assetUrl } from '../../../server/assets/routes.ts';
import type { Role } from '../../../server/db/schema.ts';
import { Layout } from '../layout.tsx';

/** What every workspace page knows about the person viewing it. */
export interface Viewer {
  name: string;
  email: string;
  role: Role;
  /** The CSRF token every form on the page must send as `_csrf`. */
  csrf: string;
}

export interface StudioLayoutProps {
  title: string;
  viewer: Viewer;
  /** Which top-level section is current, for aria-current. */
  section?: 'surveys' | 'press' | 'users' | 'audit' | 'tokens';
  scripts?: string[];
  /** Stylesheets a page needs beyond studio.css (e.g. the crosstab page's). */
  styles?: string[];
  children?: Child;
}

/** A hidden CSRF field for a workspace form. */
export function CsrfField({ viewer }: { viewer: Pick<Viewer, 'csrf'> }) {
  return <input type="hidden" name="_csrf" value={viewer.csrf} />;
}

/** The frame of every researcher, admin and press page: the workspace navigation and sign-out. */
export function StudioLayout({ title, viewer, section, scripts, styles = [], children }: StudioLayoutProps) {
  const link = (href: string, name: StudioLayoutProps['section'], label: string) => (
    <li>
      <a href={href} aria-current={section === name ? 'page' : undefined}>
        {label}
      </a>
    </li>
  );
  const header = (
    <>
      <a class="site-header__service" href="/studio">
        Attune
      </a>
      <nav class="studio-nav" aria-label="Workspace">
        <ul>
          {link('/studio', 'surveys', 'Surveys')}
          {link('/studio/press', 'press', 'Press studio')}
          {viewer.role === 'admin' ? link('/studio/users', 'users', 'Users') : null}
          {viewer.role === 'admin' ? link('/studio/audit', 'audit', 'Audit log') : null}
          {link('/studio/tokens', 'tokens', 'API tokens')}
        </ul>
      </nav>
      <form method="post" action="/logout" class="studio-signout">
        <CsrfField viewer={viewer} />
        <span class="studio-signout__who">
          {viewer.name} <span class="studio-role">({viewer.role})</span>
        </span>
        <button type="submit" class="link-button">
          Sign out
        </button>
      </form>
    </>
  );
  return (
    <Layout title={`${title} – Attune`} lang="en" header={header} styles={[assetUrl('studio.css'), ...styles]} scripts={scripts}>
      {children}
    </Layout>
  );
}
