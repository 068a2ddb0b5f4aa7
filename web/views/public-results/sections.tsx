import type { SurveyResults } from '../../../server/results/service.ts';
import { formatCount } from '../../charts/format-figures.ts';
import type { PublicChart, PublicHeadline } from './press-figures.ts';

// The parts of the public results page that a press release links to: the published headlines and
// charts (from their frozen figures), the methodology note with the British Polling Council items,
// and the downloadable tables. Pure views: data in, HTML out.

/** The published headlines, each with the base line and margin of error it was published with. */
export function HeadlinesSection({ headlines }: { headlines: PublicHeadline[] }) {
  if (headlines.length === 0) return null;
  return (
    <section class="results-section" aria-labelledby="key-findings">
      <h2 class="results-section__heading" id="key-findings">
        Key findings
      </h2>
      <ul class="results-headlines">
        {headlines.map((headline) => (
          <li class="results-headline" id={`headline-${headline.id}`}>
            <p class="results-headline__sentence">{headline.sentence}</p>
            {headline.baseLine ? <p class="results-headline__detail">{headline.baseLine}</p> : null}
            {headline.marginLine ? <p class="results-headline__detail">{headline.marginLine} (95% confidence)</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** One published chart: its picture (drawn on the server from the same configuration as the press
 * studio's downloads, with fixed proportions so it never moves the page) beside a data table of its
 * frozen figures, then its base, notes and source lines. */
function PressChartFigure({ chart }: { chart: PublicChart }) {
  const headingId = `chart-heading-${chart.id}`;
  const { texts, table } = chart.built;
  return (
    <section class="results-press-chart" aria-labelledby={headingId} id={`chart-${chart.id}`}>
      <h3 class="results-press-chart__title" id={headingId}>
        {texts.title}
      </h3>
      {texts.subtitle ? <p class="results-press-chart__subtitle">{texts.subtitle}</p> : null}
      <div class="results-press-chart__body">
        <img class="results-press-chart__image" src={chart.imageHref} width={chart.built.width} height={chart.built.height} alt={texts.altText} loading="lazy" decoding="async" />
        <div class="results-table-wrap">
          <table class="results-table" id={`press-table-${chart.id}`}>
            <caption>{table.caption}</caption>
            <thead>
              <tr>
                {table.head.map((cell, index) => (
                  <th scope="col" class={index >= firstNumberColumn(table.head) ? 'results-num' : undefined}>
                    {cell}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row) => (
                <tr>
                  {row.map((cell, index) =>
                    index === 0 ? (
                      <th scope="row">{cell}</th>
                    ) : (
                      <td class={index >= firstNumberColumn(table.head) ? 'results-num' : undefined}>{cell}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <div class="results-press-chart__lines">
        {[texts.base, ...texts.notes.split('\n'), texts.source]
          .filter((line) => line.trim() !== '')
          .map((line) => (
            <p>{line}</p>
          ))}
      </div>
    </section>
  );
}

/** Where the figures start in a press chart table's columns (after the label columns): at "Percentage". */
function firstNumberColumn(head: string[]): number {
  const index = head.indexOf('Percentage');
  return index === -1 ? head.length : index;
}

/** The published charts, each a picture and the data table of its frozen figures. */
export function PressChartsSection({ charts }: { charts: PublicChart[] }) {
  if (charts.length === 0) return null;
  return (
    <section class="results-section" aria-labelledby="published-charts">
      <h2 class="results-section__heading" id="published-charts">
        Charts
      </h2>
      {charts.map((chart) => (
        <PressChartFigure chart={chart} />
      ))}
    </section>
  );
}

const METHOD_NAMES: Record<string, string> = { online: 'Online', telephone: 'Telephone', 'in-person': 'In person', mixed: 'Mixed methods' };

/** The British Polling Council's disclosure items that the survey's metadata and data answer. */
export function disclosureItems(results: SurveyResults, fieldwork: string | null): [string, string][] {
  const { survey } = results;
  const items: [string, string][] = [];
  if (survey.conductedBy) items.push(['Conducted by', survey.conductedBy]);
  items.push(['Commissioned by', survey.commissioner ?? survey.organisation]);
  if (fieldwork) items.push(['Fieldwork dates', fieldwork]);
  items.push(['Method', METHOD_NAMES[survey.method] ?? survey.method]);
  items.push(['Sample size', `${formatCount(results.responses)} complete ${results.responses === 1 ? 'response' : 'responses'}`]);
  items.push(['Population', survey.population]);
  items.push(['Geography', survey.geography]);
  return items;
}

/** "About this research": the notes-to-editors paragraphs, then the disclosure items as a definition list. */
export function AboutSection({ note, items }: { note: string; items: [string, string][] }) {
  const paragraphs = note
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);
  return (
    <section class="results-section" aria-labelledby="about-this-research">
      <h2 class="results-section__heading" id="about-this-research">
        About this research
      </h2>
      <div class="results-methodology">
        {paragraphs.map((paragraph) => (
          <p>{paragraph}</p>
        ))}
      </div>
      <dl class="results-disclosure">
        {items.map(([term, value]) => (
          <div>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** A file of the full tables a reader can download. */
export interface Download {
  href: string;
  label: string;
  /** e.g. "Excel workbook" or "CSV". */
  format: string;
}

/** Links to the full tables (the BPC asks for a web address for them). */
export function DownloadsSection({ downloads }: { downloads: Download[] }) {
  return (
    <section class="results-section" aria-labelledby="data-tables">
      <h2 class="results-section__heading" id="data-tables">
        Data tables
      </h2>
      <ul class="results-downloads">
        {downloads.map((download) => (
          <li>
            <a href={download.href}>{download.label}</a> <span class="results-downloads__format">({download.format})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
