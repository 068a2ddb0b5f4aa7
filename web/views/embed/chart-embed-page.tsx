import type { BuiltPressChart } from '../../charts/press-chart.ts';
import { ChartTable } from '../studio/press/chart-parts.tsx';

// The page a published chart's <iframe> shows: the server-rendered image (so it works anywhere, with or
// without JavaScript) with its alt text, and the data table behind a disclosure for screen readers and
// anyone who wants the figures.

export interface ChartEmbedPageProps {
  built: BuiltPressChart;
  imageUrl: string;
  css: string;
}

/** /embed/charts/:id. */
export function ChartEmbedPage({ built, imageUrl, css }: ChartEmbedPageProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{built.texts.title}</title>
        <link rel="stylesheet" href={css} />
      </head>
      <body class="press-embed">
        <main>
          <h1 class="press-embed__heading">{built.texts.title}</h1>
          <img class="press-embed__image" src={imageUrl} width={built.width} height={built.height} alt={built.texts.altText} />
          <details class="press-embed__data">
            <summary>Show the data</summary>
            <ChartTable built={built} id="embed-table" />
          </details>
        </main>
      </body>
    </html>
  );
}
