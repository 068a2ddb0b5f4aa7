import type { Condition } from '../surveys/schema.ts';

// XLSForm (the survey / choices / settings sheets of ODK and KoboToolbox) to an Attune definition
// document. Pure: the rows of the workbook in, a draft document and a report out. The document may
// still have problems (XLSForm has no organisation, population or privacy notice); the definition
// rules report those on the draft. Everything the converter cannot carry over is listed in the
// report by sheet and row, never dropped silently.

/** One spreadsheet row: its 1-based row number and its cells by lower-cased column header. */
export interface SheetRow {
  row: number;
  cells: Record<string, string>;
}

/** The sheets an XLSForm workbook has (a missing sheet is undefined). */
export interface XlsFormSheets {
  survey?: SheetRow[];
  choices?: SheetRow[];
  settings?: SheetRow[];
}

/** One thing the import could not carry over, or changed on the way in. */
export interface ReportItem {
  sheet: 'survey' | 'choices' | 'settings' | 'workbook';
  row?: number;
  message: string;
}

export interface XlsFormConversion {
  document: Record<string, unknown>;
  report: ReportItem[];
}

/** A report line as people read it: `survey row 14: type calculate is not supported; skipped`. */
export function formatReportItem(item: ReportItem): string {
  return item.row === undefined ? `${item.sheet}: ${item.message}` : `${item.sheet} row ${item.row}: ${item.message}`;
}

type Lang = 'en' | 'cy';
type LabelDoc = Partial<Record<Lang, string>>;

const LANGUAGE_NAMES: Record<string, Lang> = { english: 'en', en: 'en', welsh: 'cy', cymraeg: 'cy', cy: 'cy' };

/** The language of a `label::…` suffix such as `English (en)`, `Welsh (cy)`, `cy` or `Cymraeg`. */
function languageOf(suffix: string): { lang?: Lang; name: string } {
  const name = suffix.trim();
  const code = /\(([A-Za-z-]{2,10})\)\s*$/.exec(name)?.[1]?.toLowerCase();
  const lang = LANGUAGE_NAMES[code ?? name.toLowerCase()];
  return lang ? { lang, name } : { name };
}

/** How a column header splits: `label::Welsh (cy)` → { base: 'label', suffix: 'Welsh (cy)' }. */
function splitColumn(header: string): { base: string; suffix?: string } {
  const at = header.indexOf('::');
  return at < 0 ? { base: header } : { base: header.slice(0, at), suffix: header.slice(at + 2) };
}

const QUESTION_TYPES = new Set(['select_one', 'select_multiple', 'integer', 'decimal', 'text']);
const HANDLED_SURVEY_COLUMNS = new Set(['type', 'name', 'label', 'hint', 'required', 'relevant', 'appearance', 'constraint']);
const TRUE_VALUES = /^(yes|true|true\(\)|1)$/i;
const FALSE_VALUES = /^(no|false|false\(\)|0)?$/i;
const MAX_VERSION = 2147483647; // versions are stored in an integer column

/** Lower-case, a-z0-9_ only, starting with a letter: the shape of an Attune id. */
function toId(name: string, prefix: string): string {
  let id = name.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (!/^[a-z]/.test(id)) id = `${prefix}${id}`;
  return id.slice(0, 63);
}

/** Gives out ids unique within one namespace, adding _2, _3 ... when two names collide. */
function uniqueIds() {
  const used = new Set<string>();
  return (id: string) => {
    let candidate = id;
    for (let n = 2; used.has(candidate); n++) candidate = `${id.slice(0, 60)}_${n}`;
    used.add(candidate);
    return candidate;
  };
}

/** A slug from a form id: `Parent_Survey_2024` → `parent-survey-2024`. */
function toSlug(formId: string): string {
  return formId
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

// ------------------------------------------------------------------------------------------------
// relevant expressions: ${q} = 'x', ${q} != 'x', selected(${q}, 'x'), and / or / not(...), brackets.

type Token = { kind: 'ref' | 'string' | 'number' | 'op' | 'word' | 'open' | 'close' | 'comma'; text: string };

function tokenise(expression: string): Token[] | undefined {
  const tokens: Token[] = [];
  const pattern = /\s*(?:\$\{([^}]+)\}|'([^']*)'|"([^"]*)"|(-?\d+(?:\.\d+)?)|(!=|=)|([A-Za-z_][A-Za-z0-9_-]*)|(\()|(\))|(,))/y;
  let at = 0;
  while (at < expression.length) {
    if (/^\s*$/.test(expression.slice(at))) break;
    pattern.lastIndex = at;
    const m = pattern.exec(expression);
    if (!m) return undefined;
    at = pattern.lastIndex;
    if (m[1] !== undefined) tokens.push({ kind: 'ref', text: m[1].trim() });
    else if (m[2] !== undefined || m[3] !== undefined) tokens.push({ kind: 'string', text: m[2] ?? m[3]! });
    else if (m[4] !== undefined) tokens.push({ kind: 'number', text: m[4] });
    else if (m[5] !== undefined) tokens.push({ kind: 'op', text: m[5] });
    else if (m[6] !== undefined) tokens.push({ kind: 'word', text: m[6].toLowerCase() });
    else if (m[7] !== undefined) tokens.push({ kind: 'open', text: '(' });
    else if (m[8] !== undefined) tokens.push({ kind: 'close', text: ')' });
    else tokens.push({ kind: 'comma', text: ',' });
  }
  return tokens;
}

/** A comparison the expression makes, before names are turned into ids and codes. */
type RawCondition =
  | { question: string; equals: string | null; negate: boolean }
  | { all: RawCondition[] }
  | { any: RawCondition[] }
  | { not: RawCondition };

/** Parses a simple relevant expression, or explains why it cannot. */
export function parseRelevant(expression: string): { condition: RawCondition } | { error: string } {
  const tokens = tokenise(expression);
  if (!tokens) return { error: 'it uses syntax Attune cannot read' };
  let i = 0;
  const peek = () => tokens[i];
  const fail = (why: string): never => {
    throw new Error(why);
  };
  const expect = (kind: Token['kind']) => {
    const token = tokens[i++];
    if (!token || token.kind !== kind) fail(`expected ${kind === 'close' ? '")"' : kind === 'open' ? '"("' : kind} at ${token ? `"${token.text}"` : 'the end'}`);
    return token!;
  };
  const literal = (): string | null => {
    const token = tokens[i++];
    if (token?.kind === 'string') return token.text === '' ? null : token.text;
    if (token?.kind === 'number') return token.text;
    return fail(`expected a value in quotes at ${token ? `"${token.text}"` : 'the end'}`);
  };
  const primary = (): RawCondition => {
    const token = peek();
    if (!token) return fail('it ends too early');
    if (token.kind === 'open') {
      i++;
      const inner = or();
      expect('close');
      return inner;
    }
    if (token.kind === 'word' && token.text === 'not') {
      i++;
      expect('open');
      const inner = or();
      expect('close');
      return { not: inner };
    }
    if (token.kind === 'word' && token.text === 'selected') {
      i++;
      expect('open');
      const ref = expect('ref').text;
      expect('comma');
      const value = literal();
      expect('close');
      if (value === null) return fail('selected() needs a choice name');
      return { question: ref, equals: value, negate: false };
    }
    if (token.kind === 'ref') {
      i++;
      const op = expect('op').text;
      return { question: token.text, equals: literal(), negate: op === '!=' };
    }
    return fail(`"${token.text}" is not supported`);
  };
  const and = (): RawCondition => {
    const parts = [primary()];
    while (peek()?.kind === 'word' && peek()!.text === 'and') {
      i++;
      parts.push(primary());
    }
    return parts.length === 1 ? parts[0]! : { all: parts.flatMap((p) => ('all' in p ? p.all : [p])) };
  };
  const or = (): RawCondition => {
    const parts = [and()];
    while (peek()?.kind === 'word' && peek()!.text === 'or') {
      i++;
      parts.push(and());
    }
    return parts.length === 1 ? parts[0]! : { any: parts.flatMap((p) => ('any' in p ? p.any : [p])) };
  };
  try {
    const condition = or();
    if (i < tokens.length) fail(`"${tokens[i]!.text}" is not supported there`);
    return { condition };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

// ------------------------------------------------------------------------------------------------

interface ChoiceList {
  options: { code: string; label: LabelDoc; row: number }[];
  /** Choice name in the file → the code it became. */
  codes: Map<string, string>;
}

interface PageBuild {
  id: string;
  title?: LabelDoc;
  intro: { en: string[]; cy: string[]; count: number };
  questions: Record<string, unknown>[];
  /** The begin group row this page came from (undefined for a page of questions outside groups). */
  groupRow?: number;
  groupName?: string;
}

interface QuestionInfo {
  id: string;
  kind: string;
  list?: string;
}

/** Converts the sheets of an XLSForm into a definition document and a report of what was not carried over.
 * `fallbackVersion` is used when settings.version is missing or not a usable whole number. */
export function convertXlsForm(sheets: XlsFormSheets, options: { fallbackVersion: number }): XlsFormConversion {
  const report: ReportItem[] = [];
  const note = (sheet: ReportItem['sheet'], row: number | undefined, message: string) =>
    report.push(row === undefined ? { sheet, message } : { sheet, row, message });

  // Settings first: the default language decides what a plain `label` column is.
  const settings = sheets.settings?.find((r) => Object.values(r.cells).some((v) => v !== ''));
  let defaultLang: Lang = 'en';
  const settingsCells = settings?.cells ?? {};
  if (settingsCells.default_language) {
    const { lang } = languageOf(settingsCells.default_language);
    if (lang) defaultLang = lang;
    else note('settings', settings!.row, `default_language "${settingsCells.default_language}" is not English or Welsh; plain label columns are read as English`);
  }
  const usedLanguages = new Set<Lang>(['en']);
  const reportedColumns = new Set<string>();

  /** Reads `label` / `label::Welsh (cy)` style columns of a row into a label. */
  const labelFrom = (sheet: ReportItem['sheet'], cells: Record<string, string>, base: 'label' | 'hint'): LabelDoc | undefined => {
    const label: LabelDoc = {};
    for (const [header, value] of Object.entries(cells)) {
      const { base: columnBase, suffix } = splitColumn(header);
      if (columnBase !== base || value === '') continue;
      const lang = suffix === undefined ? defaultLang : languageOf(suffix).lang;
      if (!lang) {
        const key = `${sheet}:${header}`;
        if (!reportedColumns.has(key)) {
          reportedColumns.add(key);
          note(sheet, undefined, `column "${header}": ${languageOf(suffix!).name} is not supported (Attune offers English and Welsh); ignored`);
        }
        continue;
      }
      usedLanguages.add(lang);
      label[lang] = value;
    }
    return Object.keys(label).length > 0 ? label : undefined;
  };

  // Choices: lists of options, with names made into valid, unique codes.
  const lists = new Map<string, ChoiceList>();
  const choiceExtraColumns = new Map<string, number[]>();
  for (const { row, cells } of sheets.choices ?? []) {
    const listName = cells.list_name ?? cells['list name'] ?? '';
    const name = cells.name ?? '';
    if (listName === '' && name === '' && Object.values(cells).every((v) => v === '')) continue;
    if (listName === '' || name === '') {
      note('choices', row, `a choice needs both list_name and name; skipped`);
      continue;
    }
    for (const [header, value] of Object.entries(cells)) {
      const { base } = splitColumn(header);
      if (value === '' || ['list_name', 'list name', 'name', 'label'].includes(base)) continue;
      choiceExtraColumns.set(header, [...(choiceExtraColumns.get(header) ?? []), row]);
    }
    const list: ChoiceList = lists.get(listName) ?? { options: [], codes: new Map() };
    lists.set(listName, list);
    let code = name.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 20);
    if (code === '') code = String(list.options.length + 1);
    const taken = new Set(list.options.map((o) => o.code));
    for (let n = 2; taken.has(code); n++) code = `${code.slice(0, 17)}_${n}`;
    if (code !== name) note('choices', row, `choice name "${name}" in list ${listName} becomes code "${code}" (codes use only letters, digits, _ and -, at most 20)`);
    if (list.codes.has(name)) note('choices', row, `list ${listName} has the name "${name}" twice; the second becomes code "${code}"`);
    else list.codes.set(name, code);
    list.options.push({ code, label: labelFrom('choices', cells, 'label') ?? {}, row });
  }
  for (const [header, rows] of choiceExtraColumns) {
    note('choices', undefined, `column "${header}" is not supported (rows ${rows.join(', ')}); ignored`);
  }

  // First pass over the survey sheet: every question's id, so relevant expressions can name any of them.
  const surveyRows = sheets.survey ?? [];
  const questionIds = uniqueIds();
  const questionsByName = new Map<string, QuestionInfo>();
  for (const { cells } of surveyRows) {
    const [kind, list] = (cells.type ?? '').trim().split(/\s+/);
    const base = (kind ?? '').toLowerCase();
    if (QUESTION_TYPES.has(base) && cells.name) {
      if (!questionsByName.has(cells.name)) questionsByName.set(cells.name, { id: questionIds(toId(cells.name, 'q_')), kind: base, list });
    }
  }

  /** Turns a parsed relevant expression into a showIf condition, or says what it cannot express. */
  const toCondition = (raw: RawCondition): Condition | string => {
    if ('all' in raw || 'any' in raw) {
      const parts = ('all' in raw ? raw.all : raw.any).map(toCondition);
      const failed = parts.find((p) => typeof p === 'string');
      if (failed !== undefined) return failed;
      return 'all' in raw ? { all: parts as Condition[] } : { any: parts as Condition[] };
    }
    if ('not' in raw) {
      const inner = toCondition(raw.not);
      return typeof inner === 'string' ? inner : { not: inner };
    }
    const target = questionsByName.get(raw.question);
    if (!target) return `\${${raw.question}} is not a question in this form`;
    if (raw.equals === null) {
      const answered: Condition = { question: target.id, answered: true };
      return raw.negate ? answered : { question: target.id, answered: false };
    }
    if (target.kind !== 'select_one' && target.kind !== 'select_multiple') {
      return `\${${raw.question}} is ${target.kind === 'integer' ? 'an integer' : `a ${target.kind}`} question; only answers to select questions can be compared`;
    }
    const list = target.list ? lists.get(target.list) : undefined;
    const code = list?.codes.get(raw.equals) ?? raw.equals;
    const condition: Condition = { question: target.id, in: [code] };
    return raw.negate ? { not: condition } : condition;
  };

  const relevantCondition = (row: number, expression: string, what: string): Condition | undefined => {
    const parsed = parseRelevant(expression);
    const condition = 'error' in parsed ? parsed.error : toCondition(parsed.condition);
    if (typeof condition === 'string') {
      note('survey', row, `relevant "${expression}" cannot be used (${condition}); ${what} always shown`);
      return undefined;
    }
    return condition;
  };

  // Second pass: pages from groups, questions, notes.
  const pageIds = uniqueIds();
  const pages: PageBuild[] = [];
  let current: PageBuild | undefined;
  const groups: { name: string; row: number; condition?: Condition }[] = [];
  let repeatDepth = 0;
  let repeatName = '';
  let defaultPages = 0;
  const pageForQuestions = (): PageBuild => {
    if (!current) {
      defaultPages++;
      current = { id: pageIds(`page_${defaultPages}`), intro: { en: [], cy: [], count: 0 }, questions: [] };
      pages.push(current);
    }
    return current;
  };

  for (const { row, cells } of surveyRows) {
    const typeText = (cells.type ?? '').trim();
    if (typeText === '') {
      if (Object.values(cells).some((v) => v !== '')) note('survey', row, 'has no type; skipped');
      continue;
    }
    const parts = typeText.split(/\s+/);
    let base = parts[0]!.toLowerCase();
    let rest = parts.slice(1);
    if ((base === 'begin' || base === 'end') && rest.length > 0) {
      base = `${base}_${rest[0]!.toLowerCase()}`;
      rest = rest.slice(1);
    }
    const name = cells.name ?? '';

    if (base === 'begin_repeat') {
      if (repeatDepth === 0) repeatName = name;
      repeatDepth++;
      note('survey', row, `repeat group "${name}" is not supported; it and everything inside it are skipped`);
      continue;
    }
    if (base === 'end_repeat') {
      repeatDepth = Math.max(0, repeatDepth - 1);
      continue;
    }
    if (repeatDepth > 0) {
      if (base !== 'begin_group' && base !== 'end_group') note('survey', row, `"${name || typeText}" is inside repeat group "${repeatName}"; skipped`);
      continue;
    }

    // Columns Attune has no place for, reported for rows it otherwise uses.
    const reportExtraColumns = (allowed: Set<string>) => {
      for (const [header, value] of Object.entries(cells)) {
        if (value === '') continue;
        const { base: columnBase } = splitColumn(header);
        if (allowed.has(columnBase)) continue;
        if (columnBase === 'constraint_message' || columnBase === 'required_message') {
          note('survey', row, `${header} is not used (Attune shows its own messages); ignored`);
        } else note('survey', row, `column "${header}" (${value}) is not supported; ignored`);
      }
    };

    if (base === 'begin_group') {
      const condition = cells.relevant ? relevantCondition(row, cells.relevant, 'the group is') : undefined;
      const appearance = (cells.appearance ?? '').trim();
      if (appearance !== '' && appearance !== 'field-list') note('survey', row, `appearance "${appearance}" on a group is not supported; ignored`);
      reportExtraColumns(new Set(['type', 'name', 'label', 'relevant', 'appearance']));
      if (groups.length > 0) {
        note(
          'survey',
          row,
          `group "${name}" is inside group "${groups[0]!.name}"; nested groups are flattened, so its questions go on the page of "${groups[0]!.name}"` +
            (cells.label || Object.keys(cells).some((k) => k.startsWith('label::') && cells[k]) ? ' and its label is not shown' : ''),
        );
      } else {
        const title = labelFrom('survey', cells, 'label');
        current = { id: pageIds(toId(name || `group_${row}`, 'p_')), intro: { en: [], cy: [], count: 0 }, questions: [], groupRow: row, groupName: name };
        if (title) current.title = title;
        pages.push(current);
      }
      groups.push(condition ? { name, row, condition } : { name, row });
      continue;
    }
    if (base === 'end_group') {
      if (groups.length === 0) note('survey', row, 'end group without a begin group; ignored');
      groups.pop();
      if (groups.length === 0) current = undefined;
      continue;
    }
    if (base === 'note') {
      const label = labelFrom('survey', cells, 'label');
      const hint = labelFrom('survey', cells, 'hint');
      if (!label) {
        note('survey', row, `note "${name}" has no label; skipped`);
        continue;
      }
      if (cells.relevant) note('survey', row, `relevant on a note is not supported; the note "${name}" is always shown`);
      reportExtraColumns(new Set(['type', 'name', 'label', 'hint', 'relevant']));
      const page = pageForQuestions();
      page.intro.count++;
      for (const lang of ['en', 'cy'] as const) {
        if (label[lang]) page.intro[lang].push([label[lang], hint?.[lang]].filter(Boolean).join('\n\n'));
      }
      continue;
    }
    if (!QUESTION_TYPES.has(base)) {
      note('survey', row, `type ${typeText} is not supported; skipped`);
      continue;
    }
    const info = questionsByName.get(name);
    if (!info) {
      note('survey', row, `${base} has no name; skipped`);
      continue;
    }
    if (info.id !== name) note('survey', row, `name "${name}" becomes id "${info.id}" (ids use a-z, 0-9 and _ and start with a letter)`);
    const question: Record<string, unknown> = { id: info.id };
    const text = labelFrom('survey', cells, 'label');
    const hint = labelFrom('survey', cells, 'hint');
    const appearance = (cells.appearance ?? '').trim();
    let appearanceUsed = appearance === '';

    if (base === 'select_one' || base === 'select_multiple') {
      question.type = base === 'select_one' ? 'single-choice' : 'multiple-choice';
      const listName = rest[0];
      if (rest.length > 1) note('survey', row, `"${rest.slice(1).join(' ')}" after the list name is not supported (no "other" option is added); ignored`);
      const list = listName ? lists.get(listName) : undefined;
      if (!listName) note('survey', row, `${base} needs a choice list name; the question has no options`);
      else if (!list) note('survey', row, `choice list "${listName}" is not on the choices sheet; the question has no options`);
      question.options = (list?.options ?? []).map((o) => ({ code: o.code, label: o.label }));
    } else if (base === 'integer' || base === 'decimal') {
      question.type = 'number';
      question.integer = base === 'integer';
    } else {
      question.type = 'short-text';
      if (appearance.split(/\s+/).includes('multiline')) {
        question.type = 'long-text';
        appearanceUsed = appearance === 'multiline';
      }
    }
    if (text) question.text = text;
    if (hint) question.hint = hint;

    const requiredText = (cells.required ?? '').trim();
    if (TRUE_VALUES.test(requiredText)) question.required = true;
    else {
      question.required = false;
      if (!FALSE_VALUES.test(requiredText)) note('survey', row, `required "${requiredText}" is not yes or no; the question is optional`);
    }

    const conditions = groups.flatMap((g) => (g.condition ? [g.condition] : []));
    if (cells.relevant) {
      const own = relevantCondition(row, cells.relevant, 'the question is');
      if (own) conditions.push(own);
    }
    if (conditions.length === 1) question.showIf = conditions[0];
    else if (conditions.length > 1) question.showIf = { all: conditions.flatMap((c) => ('all' in c ? c.all : [c])) };

    const constraint = (cells.constraint ?? '').trim();
    if (constraint !== '') {
      const bounds = question.type === 'number' ? parseBounds(constraint) : undefined;
      if (bounds) Object.assign(question, bounds);
      else if (question.type === 'number') note('survey', row, `constraint "${constraint}" is not supported (only ". >= a and . <= b"); ignored`);
      else note('survey', row, `constraint "${constraint}" is only supported on integer and decimal questions; ignored`);
    }
    if (!appearanceUsed) note('survey', row, `appearance "${appearance}" is not supported; ignored`);
    reportExtraColumns(HANDLED_SURVEY_COLUMNS);
    pageForQuestions().questions.push(question);
  }
  if (groups.length > 0) note('survey', undefined, `group "${groups.at(-1)!.name}" (row ${groups.at(-1)!.row}) has no end group`);
  if (repeatDepth > 0) note('survey', undefined, `repeat group "${repeatName}" has no end repeat`);

  // A page needs a question: notes on a page without any move to the next page (or the last one).
  const kept: PageBuild[] = [];
  let carried: PageBuild['intro'] | undefined;
  for (const page of pages) {
    if (carried) {
      page.intro = { en: [...carried.en, ...page.intro.en], cy: [...carried.cy, ...page.intro.cy], count: carried.count + page.intro.count };
      carried = undefined;
    }
    if (page.questions.length > 0) {
      kept.push(page);
      continue;
    }
    carried = page.intro.count > 0 ? page.intro : undefined;
    if (page.groupRow !== undefined) {
      note(
        'survey',
        page.groupRow,
        `group "${page.groupName}" has no questions Attune can use, so it is not a page` + (carried ? '; its notes are shown on the next page' : ''),
      );
    }
  }
  if (carried) {
    const last = kept.at(-1);
    if (last) last.intro = { en: [...last.intro.en, ...carried.en], cy: [...last.intro.cy, ...carried.cy], count: last.intro.count + carried.count };
    else note('survey', undefined, 'the form has notes but no questions Attune can use');
  }

  const document: Record<string, unknown> = {};
  const formId = settingsCells.form_id ?? '';
  if (formId !== '') {
    const slug = toSlug(formId);
    if (slug !== formId) note('settings', settings!.row, `form_id "${formId}" becomes the slug "${slug}"`);
    if (slug !== '') document.slug = slug;
  }
  const versionText = (settingsCells.version ?? '').trim();
  let version = options.fallbackVersion;
  if (versionText !== '') {
    const parsed = /^\d+$/.test(versionText) ? Number(versionText) : NaN;
    if (Number.isSafeInteger(parsed) && parsed >= 1 && parsed <= MAX_VERSION) version = parsed;
    else note('settings', settings!.row, `version "${versionText}" is not a whole number Attune can store; the draft is version ${options.fallbackVersion}`);
  }
  document.version = version;
  if (settingsCells.form_title) document.title = { [defaultLang]: settingsCells.form_title };
  for (const [header, value] of Object.entries(settingsCells)) {
    if (value !== '' && !['form_id', 'form_title', 'version', 'default_language'].includes(header)) {
      note('settings', settings!.row, `${header} "${value}" is not supported; ignored`);
    }
  }
  if (!sheets.survey) note('workbook', undefined, 'there is no survey sheet, so there are no questions');
  document.languages = usedLanguages.has('cy') ? ['en', 'cy'] : ['en'];
  document.metadata = {};
  document.pages = kept.map((page) => {
    const out: Record<string, unknown> = { id: page.id };
    if (page.title) out.title = page.title;
    if (page.intro.count > 0) {
      const intro: LabelDoc = {};
      // Welsh only when every note has it, so half-translated text never reaches Welsh readers.
      if (page.intro.en.length > 0) intro.en = page.intro.en.join('\n\n');
      if (page.intro.cy.length >= page.intro.count) intro.cy = page.intro.cy.join('\n\n');
      out.intro = intro;
    }
    out.questions = page.questions;
    return out;
  });
  // In the order a researcher reads the workbook: sheet by sheet, row by row (whole-sheet notes last).
  const sheetOrder = ['workbook', 'survey', 'choices', 'settings'];
  const ordered = report
    .map((item, index) => ({ item, index }))
    .sort(
      (a, b) =>
        sheetOrder.indexOf(a.item.sheet) - sheetOrder.indexOf(b.item.sheet) ||
        (a.item.row ?? Infinity) - (b.item.row ?? Infinity) ||
        a.index - b.index,
    )
    .map(({ item }) => item);
  return { document, report: ordered };
}

/** Reads `. >= a and . <= b` (either order, or one bound alone) as min and max. */
function parseBounds(constraint: string): { min?: number; max?: number } | undefined {
  const bound = String.raw`\.\s*(>=|<=)\s*(-?\d+(?:\.\d+)?)`;
  const match = new RegExp(String.raw`^${bound}(?:\s+and\s+${bound})?$`, 'i').exec(constraint);
  if (!match) return undefined;
  const out: { min?: number; max?: number } = {};
  for (const [op, value] of [
    [match[1], match[2]],
    [match[3], match[4]],
  ]) {
    if (!op) continue;
    const key = op === '>=' ? 'min' : 'max';
    if (out[key] !== undefined) return undefined;
    out[key] = Number(value);
  }
  return out;
}
