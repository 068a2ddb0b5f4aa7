import ExcelJS from 'exceljs';
import type { SurveyResults } from '../results/service.ts';
import { MARKS, type DataTable, type DataTables, type PercentValue } from './service.ts';

// The data tables as an Excel workbook: a Contents sheet (what the survey is, how the figures were
// made, and a link to every table), then one sheet per table laid out as a banner table.
//
// Every figure is a number cell holding the unrounded value; only its number format rounds. A
// percentage is stored as a proportion (0.4123) with the format PERCENT_FORMAT, which Excel and
// LibreOffice show as "41%", as "*" above zero but under 0.5%, and as "-" for exactly zero, so the
// conventional marks appear while sorting, charting and summing still see the true value. Columns
// with no percentage (suppressed, empty) hold the mark as text. A low base keeps its number and
// gains a dagger through its format. Links to sheets are HYPERLINK formulas: exceljs writes a cell
// hyperlink to another sheet as an external relationship as well, which Excel on Windows and
// LibreOffice open as a file path; the formula works in Excel, LibreOffice and Google Sheets alike.

/** Whole percentages, with "-" for zero and "*" under 0.5%. */
export const PERCENT_FORMAT = '[=0]"-";[<0.005]"*";0%';
export const COUNT_FORMAT = '#,##0';
/** A low base (under 50): the count with the dagger the footnote explains. */
export const LOW_BASE_FORMAT = `#,##0" ${MARKS.lowBase}"`;
export const NUMBER_FORMAT = '0.0';

/** A table sheet's rows: title, wording and base from TITLE_ROW; the span, label and letter rows from
 * HEADER_ROW (a gap between), so the figures start at HEADER_ROW + 3. */
const TITLE_ROW = 1;
const HEADER_ROW = 5;

const BOLD = { bold: true } as const;
const GREY = { color: { argb: 'FF595959' } } as const;
const THIN_BOTTOM: Partial<ExcelJS.Borders> = { bottom: { style: 'thin', color: { argb: 'FF808080' } } };

/** The formula of a link to the top of a sheet (names are made safe in sheetNameOf, so no quote to escape). */
export function sheetLinkFormula(sheetName: string, text: string): string {
  return `HYPERLINK("#'${sheetName}'!A1","${text.replace(/"/g, '""')}")`;
}

function linkCell(cell: ExcelJS.Cell, sheetName: string, text: string): void {
  cell.value = { formula: sheetLinkFormula(sheetName, text), result: text };
  cell.font = { color: { argb: 'FF1D4E89' }, underline: true };
}

const formatDate = (iso: string) => new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** The Contents sheet's description lines: label and value. */
function describeSurvey(results: SurveyResults, generatedAt: Date): [string, string][] {
  const { survey } = results;
  const lines: [string, string][] = [['Organisation', survey.organisation]];
  if (survey.commissioner) lines.push(['Commissioned by', survey.commissioner]);
  if (survey.conductedBy) lines.push(['Conducted by', survey.conductedBy]);
  if (survey.fieldwork) lines.push(['Fieldwork', survey.fieldwork.end ? `${formatDate(survey.fieldwork.start)} to ${formatDate(survey.fieldwork.end)}` : `from ${formatDate(survey.fieldwork.start)}`]);
  lines.push(['Population', survey.population], ['Geography', survey.geography], ['Method', survey.method]);
  lines.push(['Questionnaire versions', results.versions.join(', ')]);
  const demo = results.demoResponses > 0 ? `, of which ${results.demoResponses.toLocaleString('en-GB')} are demo (synthetic) responses` : '';
  lines.push(['Complete responses', `${results.responses.toLocaleString('en-GB')}${demo}; responses excluded in cleaning are left out`]);
  if (results.weighting) {
    const { weighting } = results;
    const efficiency = weighting.summary.efficiency === null ? '' : `; efficiency ${(weighting.summary.efficiency * 100).toFixed(1)}%, effective sample size ${weighting.summary.effectiveSampleSize.toFixed(1)}`;
    const by = weighting.variables.map((variable) => variable.text).join('; ');
    lines.push(['Weighting', `${weighting.name}${weighting.description ? ` (${weighting.description})` : ''}, by ${by}${efficiency}`]);
  } else {
    lines.push(['Weighting', 'Unweighted: every respondent counts once']);
  }
  lines.push([
    'Filters',
    results.filters.length === 0
      ? 'None'
      : `${results.filters.map((filter) => `${filter.text} ${filter.codes.map((code) => code.label).join(' or ')}`).join('; ')} (${results.filteredResponses.toLocaleString('en-GB')} responses)`,
  ]);
  lines.push(["Don't know", results.dontKnow === 'exclude' ? 'Taken out of the base' : 'Kept in the base']);
  lines.push(['Columns', ['Total', ...results.breaks.map((b) => b.text)].join('; ')]);
  lines.push(['Significance', results.breaks.length > 0 ? `${results.significance.test}, ${Math.round(results.significance.level * 100)}% level` : 'None (no breaks chosen)']);
  lines.push(['Created', `${generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`]);
  return lines;
}

function addContents(workbook: ExcelJS.Workbook, data: DataTables, generatedAt: Date): void {
  const sheet = workbook.addWorksheet('Contents', { views: [{ showGridLines: false }] });
  sheet.columns = [{ width: 24 }, { width: 28 }, { width: 90 }];
  const title = sheet.getCell('A1');
  title.value = data.results.survey.title;
  title.font = { bold: true, size: 14 };
  sheet.addRow([]);
  for (const [label, value] of describeSurvey(data.results, generatedAt)) {
    const row = sheet.addRow([label, value]);
    row.getCell(1).font = BOLD;
    sheet.mergeCells(row.number, 2, row.number, 3);
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  }
  sheet.addRow([]);
  const head = sheet.addRow(['Table', 'Question', 'Wording']);
  head.font = BOLD;
  head.eachCell((cell) => (cell.border = THIN_BOTTOM));
  for (const table of data.tables) {
    const row = sheet.addRow([null, table.statementId ? `${table.questionId} (${table.statementId})` : table.questionId, table.version === null ? table.wording : `${table.wording} (version ${table.version} respondents)`]);
    linkCell(row.getCell(1), table.sheetName, `Table ${table.number}`);
    row.getCell(3).alignment = { wrapText: true, vertical: 'top' };
  }
  if (data.untabulated.length > 0) {
    sheet.addRow([]);
    const note = sheet.addRow([`Not tabulated (answers in respondents' own words): ${data.untabulated.map((q) => `${q.id} (${q.text})`).join('; ')}`]);
    note.font = GREY;
  }
}

/** The value a percentage cell holds: a proportion, or the column's mark as text. */
function percentCell(cell: ExcelJS.Cell, value: PercentValue): void {
  if (value.mark) {
    cell.value = value.mark === 'empty' ? MARKS.empty : MARKS.suppressed;
    cell.alignment = { horizontal: 'right' };
    return;
  }
  cell.value = value.percent! / 100;
  cell.numFmt = PERCENT_FORMAT;
}

function addTableSheet(workbook: ExcelJS.Workbook, data: DataTables, table: DataTable): void {
  const { results } = data;
  const columns = results.columns;
  const sheet = workbook.addWorksheet(table.sheetName, { views: [{ state: 'frozen', xSplit: 1, ySplit: HEADER_ROW + 2, showGridLines: false }] });
  sheet.columns = [{ width: 46 }, ...columns.map(() => ({ width: 13 }))];
  const lastColumn = columns.length + 1;

  const title = sheet.getCell(TITLE_ROW, 1);
  title.value = `Table ${table.number}`;
  title.font = { bold: true, size: 13 };
  // Total is always a column, so the link sits beside the title, never on it.
  linkCell(sheet.getCell(TITLE_ROW, lastColumn), 'Contents', 'Contents');
  const wording = sheet.getCell(TITLE_ROW + 1, 1);
  wording.value = table.version === null ? table.wording : `${table.wording} (version ${table.version} respondents)`;
  wording.font = BOLD;
  const base = sheet.getCell(TITLE_ROW + 2, 1);
  base.value = table.baseText;
  base.font = GREY;
  // Long wording would stretch the first column; let it run across the banner instead.
  for (const row of [TITLE_ROW + 1, TITLE_ROW + 2]) {
    sheet.mergeCells(row, 1, row, lastColumn);
    sheet.getCell(row, 1).alignment = { wrapText: true, vertical: 'top' };
    // Excel does not fit a merged row's height to wrapped text, so give it enough lines.
    const lines = Math.ceil(String(sheet.getCell(row, 1).value).length / (46 + 13 * columns.length));
    sheet.getRow(row).height = 15 * Math.max(1, lines);
  }

  // The banner: span row (a break's wording over its columns), column labels, letters.
  const span = sheet.getRow(HEADER_ROW);
  const labels = sheet.getRow(HEADER_ROW + 1);
  const letters = sheet.getRow(HEADER_ROW + 2);
  columns.forEach((column, c) => {
    labels.getCell(c + 2).value = column.label;
    if (column.letter) letters.getCell(c + 2).value = column.letter;
  });
  for (const b of results.breaks) {
    const first = columns.findIndex((column) => column.breakId === b.id) + 2;
    const last = first + columns.filter((column) => column.breakId === b.id).length - 1;
    span.getCell(first).value = b.text;
    if (last > first) sheet.mergeCells(HEADER_ROW, first, HEADER_ROW, last);
    span.getCell(first).border = THIN_BOTTOM;
  }
  span.font = BOLD;
  span.alignment = { horizontal: 'center', vertical: 'bottom', wrapText: true };
  if (results.breaks.length > 0) span.height = 30;
  labels.font = BOLD;
  labels.alignment = { horizontal: 'center', vertical: 'bottom', wrapText: true };
  labels.height = 30;
  letters.font = GREY;
  letters.alignment = { horizontal: 'center' };
  for (let c = 1; c <= lastColumn; c++) letters.getCell(c).border = THIN_BOTTOM;

  const lettersRows = results.breaks.length > 0;
  for (const row of table.rows) {
    const line = sheet.addRow([row.label]);
    switch (row.kind) {
      case 'unweighted-base':
      case 'weighted-base':
        row.values.forEach((value, c) => {
          const cell = line.getCell(c + 2);
          cell.value = value;
          cell.numFmt = row.kind === 'unweighted-base' && row.flags[c] === 'low' ? LOW_BASE_FORMAT : COUNT_FORMAT;
        });
        line.font = GREY;
        break;
      case 'option':
      case 'net':
        row.values.forEach((value, c) => percentCell(line.getCell(c + 2), value));
        if (row.kind === 'net') line.font = BOLD;
        if (lettersRows) {
          const sig = sheet.addRow([null, ...row.values.map((value) => value.letters || null)]);
          sig.font = { ...GREY, size: 9 };
          sig.alignment = { horizontal: 'right' };
        }
        break;
      default:
        row.values.forEach((value, c) => {
          const cell = line.getCell(c + 2);
          const mark = row.marks[c];
          if (mark) {
            cell.value = mark === 'empty' ? MARKS.empty : MARKS.suppressed;
            cell.alignment = { horizontal: 'right' };
          } else {
            cell.value = value;
            cell.numFmt = NUMBER_FORMAT;
          }
        });
    }
  }

  sheet.addRow([]);
  for (const note of table.footnotes) {
    const line = sheet.addRow([note]);
    line.font = { ...GREY, size: 9 };
  }
}

/** The data tables as an XLSX workbook (bytes). */
export async function buildDataTablesWorkbook(data: DataTables, generatedAt: Date = new Date()): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Attune';
  workbook.created = generatedAt;
  workbook.title = `${data.results.survey.title}: data tables`;
  addContents(workbook, data, generatedAt);
  for (const table of data.tables) addTableSheet(workbook, data, table);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
