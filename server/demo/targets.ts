// What `attune demo` aims for, survey by survey: data, not code. The generator turns each share into
// an exact count for the sample size, so where a figure was published (the findings below) the demo
// results show that same whole-number percentage. Everything else (demographics, questions without a
// published figure) is plausible but invented, which is why every row it writes is flagged as demo data.

/** Share of respondents per answer code (for number questions, per value); the shares sum to 1. */
export type Shares = Readonly<Record<string, number>>;

/** Shares that differ by the answer to an earlier question; the groups must cover every answer given to it. */
export interface SplitShares {
  by: string;
  groups: readonly { in: readonly string[]; shares: Shares }[];
}

export type Distribution = Shares | SplitShares;

export type QuestionTarget =
  /** single-choice, likert and number questions. */
  | { kind: 'one'; shares: Distribution }
  /** likert-grid questions: one distribution per statement. */
  | { kind: 'grid'; statements: Readonly<Record<string, Distribution>> }
  /** multiple-choice questions: the share of those asked who tick each option (they need not sum to 1). */
  | { kind: 'many'; selected: Readonly<Record<string, number>> };

/** A figure the press release published, stated so that it can be recomputed from stored answers. */
export interface PublishedFinding {
  text: string;
  question: string;
  statement?: string;
  /** The codes counted, e.g. the top-2 box ['4', '5']. */
  codes: readonly string[];
  /** The whole-number percentage published. */
  percent: number;
  /** Restricts the base to respondents who gave one of these answers to an earlier question. */
  among?: { question: string; in: readonly string[] };
}

export interface DemoTarget {
  slug: string;
  /** How many complete responses to make by default: the published sample size where one is known. */
  sampleSize: number;
  questions: Readonly<Record<string, QuestionTarget>>;
  /** The share of respondents matching a condition who answer in Welsh (bilingual surveys only). */
  welsh?: { question: string; in: readonly string[]; share: number };
  findings: readonly PublishedFinding[];
}

export const isSplit = (distribution: Distribution): distribution is SplitShares =>
  typeof (distribution as SplitShares).by === 'string';

// Roughly in line with ONS mid-2022 population estimates: England's regions, then the UK with its nations.
const ENGLAND_REGIONS: Shares = {
  '1': 0.047, '2': 0.132, '3': 0.097, '4': 0.086, '5': 0.105, '6': 0.112, '7': 0.155, '8': 0.165, '9': 0.101,
};
const UK_REGIONS: Shares = {
  '1': 0.04, '2': 0.111, '3': 0.082, '4': 0.073, '5': 0.089, '6': 0.095, '7': 0.131, '8': 0.139, '9': 0.085,
  '10': 0.046, '11': 0.081, '12': 0.028,
};

const startForLife: DemoTarget = {
  slug: 'start-for-life-parents',
  // "a sample of 2,006 parents (17 plus) of under 2 year olds in England" (Censuswide, seed 001).
  sampleSize: 2006,
  questions: {
    // Parents of under-2s are mostly 25 to 44; nobody under 17, who would be screened out.
    q_age_band: { kind: 'one', shares: { '2': 0.09, '3': 0.52, '4': 0.35, '5': 0.04 } },
    q_parent_under2: { kind: 'one', shares: { '1': 1 } },
    q_region: { kind: 'one', shares: ENGLAND_REGIONS },
    q_gender: { kind: 'one', shares: { '1': 0.63, '2': 0.36, '3': 0.005, '4': 0.005 } },
    q_children_under2: { kind: 'one', shares: { '1': 0.93, '2': 0.065, '3': 0.005 } },
    q_aware_mh_before_2: { kind: 'one', shares: { '1': 0.59, '2': 0.41 } },
    q_confidence_emotional: { kind: 'one', shares: { '4': 0.52, '3': 0.43, '2': 0.04, '1': 0.01 } },
    q_welcome_support: { kind: 'one', shares: { '5': 0.31, '4': 0.42, '3': 0.17, '2': 0.05, '1': 0.02, '9': 0.03 } },
    q_advice_outdated: {
      kind: 'grid',
      statements: {
        s_any_advice: { '5': 0.21, '4': 0.32, '3': 0.25, '2': 0.12, '1': 0.04, '9': 0.06 },
        s_cry_it_out: { '5': 0.24, '4': 0.29, '3': 0.22, '2': 0.13, '1': 0.05, '9': 0.07 },
        s_limit_affection: { '5': 0.22, '4': 0.3, '3': 0.24, '2': 0.13, '1': 0.05, '9': 0.06 },
      },
    },
    q_felt_guilty: { kind: 'one', shares: { '1': 0.31, '2': 0.64, '3': 0.05 } },
    // q_guilt_detail (optional free text) is left blank: invented quotes could be mistaken for real ones.
  },
  findings: [
    { text: "41% unaware that mental health affects a baby's development before age 2", question: 'q_aware_mh_before_2', codes: ['2'], percent: 41 },
    { text: "95% confident supporting their baby's emotional and social development", question: 'q_confidence_emotional', codes: ['3', '4'], percent: 95 },
    { text: '73% would welcome support in nurturing their connection with their baby', question: 'q_welcome_support', codes: ['4', '5'], percent: 73 },
    { text: '53% say some parenting advice they received is outdated', question: 'q_advice_outdated', statement: 's_any_advice', codes: ['4', '5'], percent: 53 },
    { text: "53% say 'cry it out' is outdated", question: 'q_advice_outdated', statement: 's_cry_it_out', codes: ['4', '5'], percent: 53 },
    { text: '52% say limiting physical affection is outdated', question: 'q_advice_outdated', statement: 's_limit_affection', codes: ['4', '5'], percent: 52 },
    { text: '31% felt guilty for following advice when their baby’s cues said otherwise', question: 'q_felt_guilty', codes: ['1'], percent: 31 },
  ],
};

const pifPublic: DemoTarget = {
  slug: 'pif-public',
  // The press release gives no sample size; 2,000 is typical of a UK online omnibus.
  sampleSize: 2000,
  questions: {
    q_gender: { kind: 'one', shares: { '1': 0.51, '2': 0.48, '3': 0.005, '4': 0.005 } },
    q_age_band: { kind: 'one', shares: { '1': 0.105, '2': 0.17, '3': 0.165, '4': 0.165, '5': 0.16, '6': 0.235 } },
    q_region: { kind: 'one', shares: UK_REGIONS },
    q_parent_under5: { kind: 'one', shares: { '1': 0.14, '2': 0.85, '3': 0.01 } },
    q_support_received: { kind: 'one', shares: { '1': 0.38, '2': 0.55, '3': 0.07 } },
    q_heard_infant_mh: { kind: 'one', shares: { '1': 0.36, '2': 0.56, '3': 0.08 } },
    q_attitudes: {
      kind: 'grid',
      statements: {
        s_early_relationships_critical: { '5': 0.38, '4': 0.37, '3': 0.14, '2': 0.04, '1': 0.02, '9': 0.05 },
        s_babies_trauma: { '5': 0.3, '4': 0.38, '3': 0.17, '2': 0.06, '1': 0.02, '9': 0.07 },
        s_health_services_support: { '5': 0.45, '4': 0.39, '3': 0.1, '2': 0.02, '1': 0.01, '9': 0.03 },
      },
    },
  },
  // About one in five respondents in Wales choosing Welsh, so the Welsh pages have something to show.
  welsh: { question: 'q_region', in: ['10'], share: 0.2 },
  findings: [
    { text: "75% of the public agree early relationships are critical to children's development", question: 'q_attitudes', statement: 's_early_relationships_critical', codes: ['4', '5'], percent: 75 },
    { text: '84% of the public agree health services should offer support with early relationships', question: 'q_attitudes', statement: 's_health_services_support', codes: ['4', '5'], percent: 84 },
  ],
};

const pifProfessionals: DemoTarget = {
  slug: 'pif-professionals',
  // Not published either; a charity's professional panel survey of about 1,000 is plausible.
  sampleSize: 1000,
  questions: {
    q_role: { kind: 'one', shares: { '1': 0.42, '2': 0.3, '3': 0.28 } },
    q_years_in_role: { kind: 'one', shares: { '1': 0.08, '2': 0.22, '3': 0.24, '4': 0.46 } },
    // Teaching, early years and health visiting are mostly women's workforces.
    q_gender: { kind: 'one', shares: { '1': 0.8, '2': 0.18, '3': 0.01, '4': 0.01 } },
    q_age_band: { kind: 'one', shares: { '1': 0.06, '2': 0.22, '3': 0.28, '4': 0.26, '5': 0.16, '6': 0.02 } },
    q_region: { kind: 'one', shares: UK_REGIONS },
    q_views: {
      kind: 'grid',
      statements: {
        s_early_relationships_critical: { '5': 0.74, '4': 0.23, '3': 0.02, '2': 0.006, '1': 0.002, '9': 0.002 },
        s_babies_trauma: { '5': 0.62, '4': 0.31, '3': 0.04, '2': 0.01, '1': 0.005, '9': 0.015 },
        // The four-fifths finding is about teachers and early years workers together, so they share one
        // distribution; health professionals disagree a little less.
        s_govt_doing_enough: {
          by: 'q_role',
          groups: [
            { in: ['1', '2'], shares: { '1': 0.44, '2': 0.36, '3': 0.11, '4': 0.05, '5': 0.01, '9': 0.03 } },
            { in: ['3'], shares: { '1': 0.38, '2': 0.38, '3': 0.13, '4': 0.06, '5': 0.01, '9': 0.04 } },
          ],
        },
        s_specialist_teams: { '5': 0.52, '4': 0.36, '3': 0.08, '2': 0.01, '1': 0.005, '9': 0.025 },
      },
    },
    q_worked_with_trauma: { kind: 'one', shares: { '1': 0.78, '2': 0.12, '3': 0.1 } },
    q_trauma_challenges: {
      kind: 'many',
      selected: { '1': 0.71, '2': 0.74, '3': 0.79, '4': 0.66, '5': 0.68, '6': 0.61, '7': 0.77, '8': 0.63, '9': 0.08 },
    },
    q_training: { kind: 'one', shares: { '1': 0.46, '2': 0.48, '3': 0.06 } },
  },
  findings: [
    { text: "97% of professionals agree early relationships are critical to children's development", question: 'q_views', statement: 's_early_relationships_critical', codes: ['4', '5'], percent: 97 },
    {
      text: 'Four-fifths (80%) of teachers and early years workers disagree that the UK Government is doing enough to protect children from trauma',
      question: 'q_views',
      statement: 's_govt_doing_enough',
      codes: ['1', '2'],
      percent: 80,
      among: { question: 'q_role', in: ['1', '2'] },
    },
  ],
};

/** The example surveys `attune demo` knows how to fill, in the order it fills them. */
export const DEMO_TARGETS: readonly DemoTarget[] = [startForLife, pifPublic, pifProfessionals];
