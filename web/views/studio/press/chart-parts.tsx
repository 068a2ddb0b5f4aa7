import { MAX_GROUPS, MAX_ROWS } from '../../../../server/press-charts/schemas.ts';
import type { ChartFormChoices } from '../../../../server/press-charts/service.ts';
import type { BuiltPressChart } from '../../../charts/press-chart.ts';
import { serialiseForScript } from '../../../charts/results-chart.ts';
import { Select, TextField } from './form-fields.tsx';

// Pieces the chart studio pages and the embed page share: the chart drawn in the browser from its
// configuration (with the data table that carries every figure without JavaScript), and the form.

/** The URLs of the chart scripts and stylesheet (served by server/press-charts/routes.tsx). */
export interface ChartAssets {
  chartJs: string;
  pressChartJs: string;
  css: string;
}

/** The chart drawn on a canvas from its configuration, at its export size scaled to the page, then its data table. */
export function ChartPreview({ built, id, assets }: { built: BuiltPressChart; id: string; assets: ChartAssets }) {
  const configId = `${id}-config`;
  return (
    <>
      <figure class="press-chart" data-press-chart={configId} aria-labelledby={`${id}-caption`}>
        <div class="press-chart__frame" style={`aspect-ratio: ${built.width} / ${built.height}`}>
          <canvas class="press-chart__canvas" width={built.width} height={built.height} role="img" aria-label={built.texts.altText}>
            {built.texts.altText}
          </canvas>
        </div>
        <figcaption class="visually-hidden" id={`${id}-caption`}>
          {built.texts.title}
        </figcaption>
      </figure>
      <script type="application/json" id={configId} dangerouslySetInnerHTML={{ __html: serialiseForScript(built.config) }}></script>
      <ChartTable built={built} id={`${id}-table`} />
      <script src={assets.chartJs} defer></script>
      <script type="module" src={assets.pressChartJs}></script>
    </>
  );
}

/** Every figure of the chart with its base, as an accessible table. */
export function ChartTable({ built, id }: { built: BuiltPressChart; id: string }) {
  return (
    <div class="table-scroll" role="region" aria-labelledby={id} tabindex={0}>
      <table class="studio-table press-chart__table">
        <caption id={id}>Data: {built.table.caption}</caption>
        <thead>
          <tr>
            {built.table.head.map((head) => (
              <th scope="col">{head}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {built.table.rows.map((row) => (
            <tr>
              {row.map((cell, i) => (i === 0 ? <th scope="row">{cell}</th> : <td>{cell}</td>))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const TYPES = [
  { value: 'options', label: 'Bars for the answers to one question' },
  { value: 'groups', label: 'One figure compared across groups or surveys' },
  { value: 'likert', label: 'Diverging agree–disagree bars (one bar per statement or question)' },
  { value: 'grouped', label: 'Grouped bars: the answers to one question by a break' },
] as const;

/** The chart's choices and words. All sections show at once so the form works without JavaScript;
 * only the section of the chosen kind is read. */
export function ChartFormFields({ choices, form, errors, generated }: { choices: ChartFormChoices; form: Record<string, string>; errors: Record<string, string>; generated: BuiltPressChart['generated'] | null }) {
  const value = (name: string) => form[name] ?? '';
  const questionGroups = (scaleOnly: boolean) =>
    choices.surveys.map((survey) => ({ label: survey.title, options: survey.questions.filter((q) => !scaleOnly || q.scale).map((q) => ({ value: q.value, label: q.label })) }));
  const figureGroups = choices.surveys.map((survey) => ({
    label: survey.title,
    options: survey.questions.flatMap((q) => [
      ...q.nets.map((net) => ({ value: `${q.value}|net:${net.id}`, label: `${q.label}: ${net.label} (net)` })),
      ...q.options.map((option) => ({ value: `${q.value}|option:${option.code}`, label: `${q.label}: ${option.label}` })),
    ]),
  }));
  const subgroupGroups = choices.surveys.map((survey) => ({
    label: survey.title,
    options: survey.breaks.flatMap((b) => b.codes.map((code) => ({ value: `${b.id}:${code.code}`, label: `${b.label}: ${code.label}` }))),
  }));
  const breakGroups = choices.surveys.map((survey) => ({ label: survey.title, options: survey.breaks.map((b) => ({ value: b.id, label: b.label })) }));
  const chosenType = value('type') || 'options';
  return (
    <>
      <fieldset class="fieldset form-group">
        <legend class="fieldset__legend">Kind of chart</legend>
        <div class="radios">
          {TYPES.map((type) => (
            <div class="choice choice--small">
              <input class="choice__input" id={`type-${type.value}`} name="type" type="radio" value={type.value} checked={chosenType === type.value} />
              <label class="choice__label" for={`type-${type.value}`}>
                {type.label}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
      <Select id="weighting" label="Weighting" value={value('weighting')} empty="Unweighted" groups={[{ label: 'Weighting schemes', options: choices.weightings.map((name) => ({ value: name, label: name })) }]} error={errors.weighting} />

      <fieldset class="fieldset form-group press-chart-form__section">
        <legend class="fieldset__legend">Bars for one question, or grouped by a break</legend>
        <Select id="question" label="Question" hint="Every answer becomes a bar. A grid's statements are listed one by one." value={value('question')} empty="Choose a question" groups={questionGroups(false)} error={errors.question} />
        <Select id="subgroup" label="Subgroup (optional)" hint="Only respondents who gave this answer (from the same survey)." value={value('subgroup')} empty="Everyone" groups={subgroupGroups} error={errors.subgroup} />
        <Select id="break" label="Break (grouped bars only)" hint="One bar per answer to this question, within each answer of the question above." value={value('break')} empty="No break" groups={breakGroups} error={errors.break} />
      </fieldset>

      <fieldset class="fieldset form-group press-chart-form__section">
        <legend class="fieldset__legend">Groups to compare (one figure each)</legend>
        {Array.from({ length: MAX_GROUPS }, (_, k) => k + 1).map((i) => (
          <div class="press-chart-form__row">
            <Select id={`figure${i}`} label={`Figure ${i}`} value={value(`figure${i}`)} empty="None" groups={figureGroups} error={errors[`figure${i}`]} />
            <Select id={`groupSubgroup${i}`} label={`Subgroup of figure ${i} (optional)`} value={value(`groupSubgroup${i}`)} empty="Everyone" groups={subgroupGroups} error={errors[`groupSubgroup${i}`]} />
            <TextField id={`group${i}`} label={`Label of figure ${i}`} hint="e.g. professionals; the subgroup or survey when blank" value={value(`group${i}`)} error={errors[`group${i}`]} />
          </div>
        ))}
      </fieldset>

      <fieldset class="fieldset form-group press-chart-form__section">
        <legend class="fieldset__legend">Rows of a diverging agree–disagree chart</legend>
        {Array.from({ length: MAX_ROWS }, (_, k) => k + 1).map((i) => (
          <div class="press-chart-form__row">
            <Select id={`row${i}`} label={`Row ${i}`} value={value(`row${i}`)} empty="None" groups={questionGroups(true)} error={errors[`row${i}`]} />
            <TextField id={`rowLabel${i}`} label={`Label of row ${i}`} hint="The statement when blank" value={value(`rowLabel${i}`)} error={errors[`rowLabel${i}`]} />
          </div>
        ))}
      </fieldset>

      <fieldset class="fieldset form-group">
        <legend class="fieldset__legend">Words on the chart</legend>
        <p class="hint">Leave a box empty to use the words Attune writes from the survey's metadata{generated ? ' (shown under each box)' : ''}.</p>
        {(
          [
            ['title', 'Title (the message)', 0],
            ['subtitle', 'Subtitle (population, geography, period)', 0],
            ['notes', 'Notes', 3],
            ['source', 'Source line', 2],
            ['base', 'Base line', 2],
            ['altText', 'Alt text', 4],
          ] as const
        ).map(([name, label, rows]) => (
          <TextField id={name} label={label} rows={rows || undefined} value={value(name)} hint={generated ? `Generated: ${generated[name]}` : undefined} error={errors[name]} />
        ))}
      </fieldset>
    </>
  );
}

/** The form's fields as hidden inputs, to carry a previewed choice into the save form. */
export function HiddenFields({ form }: { form: Record<string, string> }) {
  return (
    <>
      {Object.entries(form)
        .filter(([, value]) => value !== '')
        .map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
    </>
  );
}
