import type { Child } from 'hono/jsx';
import { assetUrl } from '../../server/assets/routes.ts';

export interface LayoutProps {
  /** The page's own title; " – Attune" is not appended for respondents, who know the survey, not us. */
  title: string;
  lang: 'en' | 'cy';
  /** Extra content for the header bar, e.g. a language switch. */
  header?: Child;
  /** Browser scripts to load at the end of the body; pages must work without them. */
  scripts?: string[];
  /** Extra stylesheets for this page, linked after attune.css. */
  styles?: string[];
  /** A notice above the header, outside the page's own frame (the builder's preview banner). */
  banner?: Child;
  children?: Child;
}

/** The HTML document every page shares: skip link, header, main landmark, our own CSS. */
export function Layout({ title, lang, header, scripts = [], styles = [], banner, children }: LayoutProps) {
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <link rel="stylesheet" href={assetUrl('attune.css')} />
        {styles.map((href) => (
          <link rel="stylesheet" href={href} />
        ))}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {lang === 'cy' ? "Neidio i'r prif gynnwys" : 'Skip to main content'}
        </a>
        {banner}
        <header class="site-header">
          <div class="container site-header__inner">{header}</div>
        </header>
        <main id="main" class="container" tabindex={-1}>
          {children}
        </main>
        {scripts.map((src) => (
          <script src={src} defer></script>
        ))}
      </body>
    </html>
  );
}
