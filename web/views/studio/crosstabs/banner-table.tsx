import type { BaseFigures, BreakFigures, CellFigures, ColumnFigures, NumericFigures, TableFigures } from '../../../../server/results/service.ts';
import { formatCount, formatNumber, formatPercent } from '../../../charts/format-figures.ts';

// A banner table as polling companies publish them (DOMAIN.md, "Data tables"): the question and its
// base in the caption, a span header per break over its columns, a letter per column, base rows,
// whole column percentages with significance letters, net rows, and each column's margin of error.
// Marks: † low base (under 50), [s] suppressed (under 10), * under 0.5%, - nobody, – no base.

export interface BannerLayout {
  columns: ColumnFigures[];
  breaks: BreakFigures[];
  weighted: boolean;
}

/** The column groups and the two header rows: Total, then one span per break. */
function BannerHead({ layout }: { layout: BannerLayout }) {
  const { columns, breaks } = layout;
  const spanned = breaks.length > 0;
  return (
    <>
      <colgroup>
        <col class="xt-col-label" />
      </colgroup>
      <colgroup>
        <col />
      </colgroup>
      {breaks.map((b) => (
        <colgroup span={columns.filter((column) => column.breakId === b.id).length} />
      ))}
      <thead>
        <tr>
          <td rowspan={spanned ? 2 : undefined} class="xt-corner"></td>
          <th scope="col" rowspan={spanned ? 2 : undefined} class="xt-num">
            Total
          </th>
          {breaks.map((b) => (
            <th scope="colgroup" colspan={columns.filter((column) => column.breakId === b.id).length} class="xt-span">
              {b.text}
            </th>
          ))}
        </tr>
        {spanned ? (
          <tr>
            {columns
              .filter((column) => column.breakId !== null)
              .map((column) => (
                <th scope="col" class="xt-num xt-column">
                  {column.label} <span class="xt-letter">({column.letter})</span>
                </th>
              ))}
          </tr>
        ) : null}
      </thead>
    </>
  );
}

const lowMark = (base: BaseFigures) => (base.flag === 'low' ? <span class="xt-mark" title="Low base: under 50">†</span> : null);

/** The base rows: unweighted always; weighted and effective when weighted. */
function BaseRows({ bases, weighted }: { bases: BaseFigures[]; weighted: boolean }) {
  return (
    <>
      <tr class="xt-base">
        <th scope="row">Unweighted base</th>
        {bases.map((base) => (
          <td class="xt-num">
            {formatCount(base.unweighted)}
            {lowMark(base)}
          </td>
        ))}
      </tr>
      {weighted ? (
        <>
          <tr class="xt-base">
            <th scope="row">Weighted base</th>
            {bases.map((base) => (
              <td class="xt-num">{formatCount(base.weighted)}</td>
            ))}
          </tr>
          <tr class="xt-base">
            <th scope="row">Effective base</th>
            {bases.map((base) => (
              <td class="xt-num">{formatCount(base.effective)}</td>
            ))}
          </tr>
        </>
      ) : null}
    </>
  );
}

/** A whole percentage with the letters of the columns it beats; [s] when the column is suppressed. */
function PercentCell({ cell, base }: { cell: CellFigures; base: BaseFigures }) {
  if (base.flag === 'empty') return <td class="xt-num xt-none">–</td>;
  if (base.flag === 'suppressed') return <td class="xt-num xt-suppressed">[s]</td>;
  return (
    <td class={`xt-num${base.flag === 'low' ? ' xt-low' : ''}`}>
      {formatPercent(cell.percent)}
      {cell.higherThan.length > 0 ? (
        <span class="xt-sig">
          <span class="visually-hidden">, significantly higher than column </span>
          {cell.higherThan.join('')}
        </span>
      ) : null}
    </td>
  );
}

/** "±4.4%": the 95% margin of error of a 50% figure on the column's effective base. */
function MarginRow({ bases }: { bases: BaseFigures[] }) {
  return (
    <tr class="xt-moe">
      <th scope="row">Margin of error ±</th>
      {bases.map((base) => (
        <td class="xt-num">{base.marginOfError === null ? '–' : `±${(base.marginOfError * 100).toFixed(1)}%`}</td>
      ))}
    </tr>
  );
}

/** The footnotes a table needs: the test and level, and only the marks it uses. */
export function TableNotes({ id, bases, layout, percentages = true }: { id: string; bases: BaseFigures[]; layout: BannerLayout; percentages?: boolean }) {
  const notes: string[] = [];
  if (percentages) notes.push(`Column percentages${layout.weighted ? ', weighted' : ''}. * under 0.5%; - nobody; – no respondents in the column.`);
  if (percentages && layout.breaks.length > 0) {
    notes.push('Letters: significantly higher than the column with that letter (two-proportion z-test on effective bases, 95% level), tested within each break only.');
  }
  if (bases.some((base) => base.flag === 'low')) notes.push('† Low base: fewer than 50 respondents; treat with caution.');
  if (bases.some((base) => base.flag === 'suppressed')) notes.push('[s] Suppressed: fewer than 10 respondents, too few to show.');
  if (percentages) notes.push("Margin of error: ± for a 50% finding at the 95% level, on the column's effective base.");
  return (
    <ul class="xt-notes" id={`${id}-notes`}>
      {notes.map((note) => (
        <li>{note}</li>
      ))}
    </ul>
  );
}

/** A wrapper that scrolls sideways on narrow screens, named by the table's caption for screen readers. */
function Scroll({ id, children }: { id: string; children: unknown }) {
  return (
    <div class="xt-scroll" role="region" aria-labelledby={`${id}-caption`} tabindex={0}>
      {children}
    </div>
  );
}

export interface BannerTableProps {
  id: string;
  title: string;
  /** Hide the title from sight (the section heading already shows it), keeping it for screen readers. */
  titleHidden?: boolean;
  baseText: string;
  table: TableFigures;
  layout: BannerLayout;
}

/** The banner table of one choice or scale question (or one grid statement). */
export function BannerTable({ id, title, titleHidden = false, baseText, table, layout }: BannerTableProps) {
  return (
    <Scroll id={id}>
      <table class="xt-table" id={id} aria-describedby={`${id}-notes`}>
        <caption id={`${id}-caption`}>
          <span class={titleHidden ? 'visually-hidden' : 'xt-caption__title'}>{title}</span>
          <span class="xt-caption__base">{baseText}</span>
        </caption>
        <BannerHead layout={layout} />
        <tbody>
          <BaseRows bases={table.bases} weighted={layout.weighted} />
          {table.options.map((option) => (
            <tr>
              <th scope="row">{option.label}</th>
              {option.cells.map((cell, c) => (
                <PercentCell cell={cell} base={table.bases[c]!} />
              ))}
            </tr>
          ))}
          {table.nets.map((net) => (
            <tr class="xt-net">
              <th scope="row">
                <span class="xt-tag">Net</span> {net.label}
              </th>
              {net.cells.map((cell, c) => (
                <PercentCell cell={cell} base={table.bases[c]!} />
              ))}
            </tr>
          ))}
          <MarginRow bases={table.bases} />
        </tbody>
      </table>
    </Scroll>
  );
}

export interface NumberTableProps {
  id: string;
  title: string;
  baseText: string;
  bases: BaseFigures[];
  numeric: NumericFigures[];
  unit?: string | undefined;
  layout: BannerLayout;
}

/** A number question by column: bases, then mean, median, lowest and highest answer. */
export function NumberBannerTable({ id, title, baseText, bases, numeric, unit, layout }: NumberTableProps) {
  const rows: [string, keyof NumericFigures][] = [
    ['Mean (average)', 'mean'],
    ['Median (middle value)', 'median'],
    ['Lowest answer', 'min'],
    ['Highest answer', 'max'],
  ];
  return (
    <Scroll id={id}>
      <table class="xt-table" id={id} aria-describedby={`${id}-notes`}>
        <caption id={`${id}-caption`}>
          <span class="visually-hidden">{title}</span>
          {unit ? <span class="xt-caption__title">Answers in {unit}</span> : null}
          <span class="xt-caption__base">{baseText}</span>
        </caption>
        <BannerHead layout={layout} />
        <tbody>
          <BaseRows bases={bases} weighted={layout.weighted} />
          {rows.map(([label, key]) => (
            <tr>
              <th scope="row">{label}</th>
              {numeric.map((figures, c) => (
                <td class="xt-num">{bases[c]!.flag === 'suppressed' ? '[s]' : formatNumber(figures[key], 1)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  );
}
