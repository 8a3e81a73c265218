import type { OutboundMessage } from '../../core/messages.ts';
import { matchRegionName } from '../../domain/region-match.ts';
import { choicesFor } from '../../flow-engine/choices.ts';
import { type Pending, type Run, type Turn, token } from '../../flow-engine/run.ts';
import type { CompiledStep } from '../../flow-engine/schema.ts';
import { seleksiOf } from './context.ts';
import { fieldsOf } from './step-fields.ts';
import { st } from './texts.ts';

export type RegionPending = Extract<Pending, { kind: 'region' }>;

/** "Kecamatan" / "Desa/kelurahan" in the run's language. */
export function levelOf(run: Run, step: CompiledStep): string {
  return st(step.choices_from === 'desa' ? 'region.level.desa' : 'region.level.kecamatan', run.locale);
}

/** " di Kecamatan Jaro" / " di Kabupaten Tabalong": where the name was looked for, or '' if unknown. */
export function where(t: Turn, step: CompiledStep): string {
  const run = t.run;
  let place = '';
  if (step.choices_from === 'kecamatan') place = seleksiOf(run.ctx).person?.regionName ?? '';
  else {
    const name = fieldsOf(step).of;
    const of = t.flow.steps.find((s) => s.name === name);
    const code = t.a.answers[name ?? ''];
    const kecamatan = of ? choicesFor(t, of).find((c) => c.value === code)?.label : undefined;
    if (kecamatan) place = st('region.kecamatan_named', run.locale, { name: kecamatan });
  }
  return place ? st('region.where', run.locale, { place }) : '';
}

/**
 * The pick list of a pending region answer, as a question: "several match" when the typed name
 * matches several names, else (the names are typo suggestions for a name that matched nothing)
 * "not found, did you mean". Also what repeats the list after help, a sticker or a stale button.
 */
export function regionPickQuestion(t: Turn, step: CompiledStep, pending: RegionPending): OutboundMessage {
  const run = t.run;
  const candidates = choicesFor(t, step).map((c) => ({ code: c.value, name: c.label }));
  if (matchRegionName(pending.input, candidates).length > 1) {
    return {
      text: st('region.several', run.locale, { input: pending.input }),
      choices: pending.matches,
      token: token(t),
    };
  }
  const vars = { level: levelOf(run, step), input: pending.input, where: where(t, step) };
  return {
    text: `⚠️ ${st('err.region_suggest', run.locale, vars)}`,
    choices: pending.matches,
    token: token(t),
  };
}
