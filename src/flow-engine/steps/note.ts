import type { StepKind } from '../kinds.ts';
import { text } from '../run.ts';

/** `note`: a text shown as the walk passes it; nothing is asked. */
export const note: StepKind = {
  type: 'note',
  noAnswer: true,
  show: (t, step) => text(t.run, step.label),
};
