import ExcelJS from 'exceljs';

// Builds XLSForm workbooks for the tests with exceljs, the same library the import reads them with.
// A sheet is written as rows of cells, the first row being the column headers.

export type Cell = string | number | boolean | null | { formula: string };
export type Sheets = Record<string, Cell[][]>;

/** An .xlsx file with the given sheets, as bytes. */
export async function workbookBytes(sheets: Sheets): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(name);
    for (const row of rows) sheet.addRow(row.map((cell) => (cell === null ? undefined : cell)));
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

const SURVEY_HEADERS = [
  'type',
  'name',
  'label::English (en)',
  'label::Welsh (cy)',
  'hint::English (en)',
  'hint::Welsh (cy)',
  'required',
  'relevant',
  'constraint',
  'constraint_message::English (en)',
  'appearance',
  'calculation',
  'choice_filter',
];

/** A realistic bilingual parents' survey in XLSForm, using every supported feature and a few that
 * Attune does not support (each listed on its own row so the report can be checked row by row). */
export const PARENTS_XLSFORM: Sheets = {
  survey: [
    SURVEY_HEADERS,
    // row 2
    ['note', 'welcome', 'Thank you for taking part.', 'Diolch am gymryd rhan.', 'It takes about 5 minutes.', 'Mae’n cymryd tua 5 munud.'],
    // row 3
    ['start', 'start_time'],
    // row 4
    ['begin group', 'about_you', 'About you', 'Amdanoch chi', null, null, null, null, null, null, 'field-list'],
    // row 5
    ['select_one age_band', 'age_band', 'How old are you?', 'Faint yw eich oed?', null, null, 'yes'],
    // row 6
    ['select_one yes_no', 'parent', 'Are you a parent of a child under 2?', 'Ydych chi’n rhiant i blentyn o dan 2?', null, null, { formula: 'TRUE()' }],
    // row 7
    ['integer', 'children', 'How many children under 2 do you look after?', 'Faint o blant o dan 2 ydych chi’n gofalu amdanynt?', 'Enter a number', 'Rhowch rif', 'true', "${parent} = 'yes'", '. >= 1 and . <= 10', 'Between 1 and 10', null],
    // row 8
    ['calculate', 'children_x2', null, null, null, null, null, null, null, null, null, '${children} * 2'],
    // row 9
    ['begin group', 'inner', 'Inner', 'Mewnol'],
    // row 10
    ['decimal', 'hours_sleep', 'Hours of sleep last night', 'Oriau o gwsg neithiwr', null, null, 'no', null, '. > 0'],
    // row 11
    ['end group'],
    // row 12
    ['end group'],
    // row 13
    ['begin group', 'support', 'Support', 'Cymorth', null, null, null, "${parent} = 'yes'"],
    // row 14
    ['note', 'support_intro', 'These questions are about support.', 'Mae’r cwestiynau hyn am gymorth.'],
    // row 15
    ['select_multiple sources', 'sources', 'Where do you get advice?', 'O ble rydych chi’n cael cyngor?', 'Select all that apply', 'Dewiswch bob un sy’n berthnasol', 'yes', null, null, null, 'minimal'],
    // row 16
    ['select_one agree', 'welcome_support', 'I would welcome support', 'Byddwn yn croesawu cymorth', null, null, 'yes', "selected(${sources}, 'hv') or not(${age_band} = 'u25')"],
    // row 17
    ['text', 'other_source', 'Which other source?', 'Pa ffynhonnell arall?', null, null, 'no', "${sources} != '' and (selected(${sources}, 'other') or ${age_band} != 'u25')"],
    // row 18
    ['geopoint', 'location', 'Where are you?', 'Ble rydych chi?'],
    // row 19
    ['select_one region', 'region', 'Region', 'Rhanbarth', null, null, 'yes', null, null, null, null, null, 'country=${age_band}'],
    // row 20
    ['end group'],
    // row 21
    ['begin repeat', 'child', 'Each child', 'Pob plentyn'],
    // row 22
    ['integer', 'child_age', 'Age of child', 'Oed y plentyn'],
    // row 23
    ['end repeat'],
    // row 24
    ['text', 'comments', 'Anything else?', 'Unrhyw beth arall?', null, null, 'no', 'string-length(${age_band}) > 2', null, null, 'multiline'],
    // row 25
    ['select_one_from_file schools.csv', 'school', 'Your school', 'Eich ysgol'],
    // row 26
    ['range', 'wellbeing', 'Wellbeing', 'Lles'],
    // row 27
    ['integer', 'Visits-Count', 'How many visits?', 'Sawl ymweliad?', null, null, 'no', null, 'regex(., "[0-9]+")'],
  ],
  choices: [
    ['list_name', 'name', 'label::English (en)', 'label::Welsh (cy)', 'country'],
    ['age_band', 'u25', 'Under 25', 'O dan 25'],
    ['age_band', '25_34', '25 to 34', '25 i 34'],
    ['age_band', '35plus', '35 or over', '35 neu hŷn'],
    ['yes_no', 'yes', 'Yes', 'Ydw'],
    ['yes_no', 'no', 'No', 'Nac ydw'],
    ['sources', 'hv', 'Health visitor', 'Ymwelydd iechyd'],
    ['sources', 'gp', 'GP', 'Meddyg teulu'],
    ['sources', 'family', 'Family or friends', 'Teulu neu ffrindiau'],
    ['sources', 'other', 'Somewhere else', 'Rhywle arall'],
    ['agree', '1', 'Strongly disagree', 'Anghytuno’n gryf'],
    ['agree', '2', 'Disagree', 'Anghytuno'],
    ['agree', '3', 'Agree', 'Cytuno'],
    ['agree', '4', 'Strongly agree', 'Cytuno’n gryf'],
    ['region', 'wales', 'Wales', 'Cymru', 'uk'],
    ['region', 'england', 'England', 'Lloegr', 'uk'],
  ],
  settings: [
    ['form_title', 'form_id', 'version', 'default_language', 'instance_name'],
    ['Parents and support', 'Parents_Support_2024', '2024031501', 'English (en)', "concat('p-', ${age_band})"],
  ],
};
