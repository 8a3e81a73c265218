import { choicesFor } from '../choices.ts';
import type { StepKind } from '../kinds.ts';
import { parseSelectOne } from '../parse-answer.ts';
import { plainQuestion } from '../question.ts';
import { LIST_PICK_FIELDS } from '../step-fields.ts';
import { needsChoices } from './select.ts';

/**
 * `select_one`: one of the options (its number, its text or its button); from a list, `skip_if_single`
 * answers it when the list holds one option and `empty_label` is shown (and the flow ends) when none.
 */
export const selectOne: StepKind = {
  type: 'select_one',
  fields: LIST_PICK_FIELDS,
  choices: true,
  validate: needsChoices,
  ask: (t, step, tk) => ({ ...plainQuestion(t, step, tk), choices: choicesFor(t, step) }),
  pick: (value) => value,
  parse: (t, step, input) => parseSelectOne(input, choicesFor(t, step), t.run.locale),
};
