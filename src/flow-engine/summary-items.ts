import { relevant } from './conditions.ts';
import { displayValue, shortLabel } from './display.ts';
import { kindOf } from './kinds.ts';
import type { Turn } from './run.ts';

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
    const kind = kindOf(run.catalog.kinds, step);
    if (kind.parts) {
      kind.parts(t, step).forEach((part, sub) => {
        const v = t.a.answers[`${step.name}.${part.key}`];
        items.push({ pos, sub, label: part.label, value: v === undefined ? '-' : String(v) });
      });
      return;
    }
    if (kind.noAnswer) return;
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
