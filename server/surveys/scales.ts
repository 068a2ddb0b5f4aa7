import type { Label, Option, ScaleId } from './schema.ts';

/** A net is a group of codes reported together, e.g. top-2 "agree or strongly agree". */
export interface NetDefinition {
  id: 'top2' | 'bottom2';
  label: Label;
  codes: string[];
}

export interface Scale {
  id: ScaleId;
  /** The scale points in display order, lowest first. */
  points: Option[];
  nets: NetDefinition[];
}

/** "Don't know" is coded outside the scale so it can never be mistaken for a scale point. */
export const DONT_KNOW: Option = { code: '9', label: { en: "Don't know", cy: 'Ddim yn gwybod' } };

export const SCALES: Record<ScaleId, Scale> = {
  agree5: {
    id: 'agree5',
    points: [
      { code: '1', label: { en: 'Strongly disagree', cy: "Anghytuno'n gryf" } },
      { code: '2', label: { en: 'Disagree', cy: 'Anghytuno' } },
      { code: '3', label: { en: 'Neither agree nor disagree', cy: 'Ddim yn cytuno nac yn anghytuno' } },
      { code: '4', label: { en: 'Agree', cy: 'Cytuno' } },
      { code: '5', label: { en: 'Strongly agree', cy: "Cytuno'n gryf" } },
    ],
    nets: [
      { id: 'top2', label: { en: 'Agree or strongly agree', cy: "Cytuno neu gytuno'n gryf" }, codes: ['4', '5'] },
      { id: 'bottom2', label: { en: 'Disagree or strongly disagree', cy: "Anghytuno neu anghytuno'n gryf" }, codes: ['1', '2'] },
    ],
  },
  confidence4: {
    id: 'confidence4',
    points: [
      { code: '1', label: { en: 'Not at all confident', cy: 'Ddim yn hyderus o gwbl' } },
      { code: '2', label: { en: 'Not very confident', cy: 'Ddim yn hyderus iawn' } },
      { code: '3', label: { en: 'Fairly confident', cy: 'Eithaf hyderus' } },
      { code: '4', label: { en: 'Very confident', cy: 'Hyderus iawn' } },
    ],
    nets: [
      { id: 'top2', label: { en: 'Very or fairly confident', cy: 'Hyderus iawn neu eithaf hyderus' }, codes: ['3', '4'] },
      { id: 'bottom2', label: { en: 'Not very or not at all confident', cy: 'Ddim yn hyderus iawn neu ddim o gwbl' }, codes: ['1', '2'] },
    ],
  },
};

/** The answer options of a scale question as a respondent sees them: the points, then "don't know". */
export function scaleOptions(scale: ScaleId, dontKnow: boolean): Option[] {
  const points = SCALES[scale].points;
  return dontKnow ? [...points, DONT_KNOW] : points;
}
