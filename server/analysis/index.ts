// The public surface of the analysis module: pure functions over columnar arrays, no SQL, no HTTP.
//
// Definitions every caller can rely on:
// - base: respondents who were asked a question (its routing held for them under their own version)
//   and answered it. "Don't know" is an answer, so it stays in the base.
// - skipped: asked but left blank (only possible on optional questions); outside the base, reported
//   beside it. "Not asked" is in neither.
// - counts and bases are weighted (every weight 1 by default); the unweighted base is always kept.
// - percentages are count / weighted base * 100, never rounded here, and null when the base weighs 0.
export { buildColumns, type Category, type QuestionColumns, type ResponseRecord, type SurveyColumns } from './columns.ts';
export {
  crosstab,
  type Crosstab,
  type CrosstabBase,
  type CrosstabCell,
  type CrosstabColumn,
  type CrosstabRow,
  type CrosstabSpec,
  type CrosstabTable,
} from './crosstab.ts';
export {
  effectiveBase,
  NOT_ASKED,
  percentOf,
  SKIPPED,
  tabulate,
  type AnalysisOptions,
  type Base,
  type Frequencies,
} from './frequencies.ts';
export { computeNet, type NetResult } from './nets.ts';
export {
  baseFlag,
  columnSignificance,
  erf,
  erfc,
  LOW_BASE,
  marginOfError,
  normalCdf,
  significanceColumn,
  SUPPRESS_BASE,
  twoProportionZ,
  wilsonInterval,
  Z_95,
  type BaseFlag,
  type ColumnLetters,
  type Interval,
  type SignificanceColumn,
  type ZTest,
} from './inference.ts';
export { summariseNumeric, type NumericSummary } from './numeric.ts';
export { analyseQuestion, analyseSurvey, type Distribution, type NetSummary, type OptionResult, type QuestionResult } from './question-results.ts';
export {
  calendarDateIn,
  completionSeconds,
  countOnDays,
  countPerDay,
  FIELDWORK_TIME_ZONE,
  medianOf,
  tallyDropOff,
  type DayCount,
  type DropOffRow,
} from './fieldwork.ts';
export { rake, summariseWeights, type RakingOptions, type RakingResult, type RakingVariable, type WeightSummary } from './weighting.ts';
export {
  durationSeconds,
  durationsOf,
  flagDuplicatePanelIds,
  flagSpeeders,
  flagStraightLiners,
  STRAIGHT_LINE_MIN_STATEMENTS,
} from './cleaning.ts';
export {
  assessComparison,
  assessPhrase,
  describePhraseRange,
  findPhrase,
  formatPValue,
  formatReasonPercent,
  isPhraseTrueOf,
  PROPORTION_PHRASES,
  suggestPhrases,
  type ComparedGroup,
  type ComparisonVerdict,
  type PhraseVerdict,
  type ProportionPhrase,
} from './phrases.ts';
