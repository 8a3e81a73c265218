import { criteriaOf } from './choices.ts';
import { relevant } from './conditions.ts';
import { displayValue, shortLabel } from './display.ts';
import { local, type Turn } from './run.ts';

/** One line of the summary: where its question is, and what was answered. */
export interface SummaryItem {
  pos: number;
  sub: number;
  label: string;
  value: string;
}

/** The answers of the steps before `upTo` that the summary lists, in flow order. */
export function summaryItems(t: Turn, upTo: number): SummaryItem[] {
  const run = t.run;
  const items: SummaryItem[] = [];
  t.flow.steps.forEach((step, pos) => {
    if (pos >= upTo || !step.in_summary || !relevant(t, step)) return;
    if (step.type === 'note' || step.type === 'summary' || step.type === 'dossier') return;
    if (step.type === 'scores') {
      criteriaOf(t, step).forEach((c, sub) => {
        const v = t.a.answers[`${step.name}.${c.code}`];
        items.push({ pos, sub, label: local(run, c.label), value: v === undefined ? '-' : String(v) });
      });
      return;
    }
    if (!(step.name in t.a.answers)) return;
    items.push({
      pos,
      sub: 0,
      label: shortLabel(run, step),
      value: displayValue(t, step, t.a.answers[step.name]),
    });
  });
  return items;
}
