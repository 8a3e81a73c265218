/**
 * The domain's flow registry: the engine's general-purpose step types plus the seleksi's own
 * (region, scores, dossier, category_fields; `min_from` on photo and `max_from` on integer steps), the on_complete actions (register, nomination,
 * scoring), the lists `choices_from` names, the expression functions category-type and has-nomination, the checks of the definition-driven fields and the expansion of the chosen category's
 * questions. The one place the registry is built: loadFlows and createFlowEngine are given it.
 */
import { createKinds, withFields } from '../../flow-engine/kinds.ts';
import {
  date,
  decimal,
  document,
  integer,
  noCompletion,
  note,
  phone,
  photo,
  selectMany,
  selectOne,
  summary,
  textStep,
} from '../../flow-engine/steps/index.ts';
import { categoryFields, categoryProblems } from './category-fields.ts';
import { flowFor } from './category-steps.ts';
import { dossier } from './dossier-step.ts';
import { EXPR_FUNCTIONS } from './functions.ts';
import { CHOICE_LISTS } from './lists.ts';
import { nomination } from './nomination.ts';
import { region } from './region.ts';
import { register } from './register.ts';
import { scores } from './scores.ts';
import { scoring } from './scoring.ts';
import { MAX_FROM_FIELD, MIN_FROM_FIELD } from './step-fields.ts';
import { stBoth } from './texts.ts';

export const flowKinds = createKinds({
  // In the order `unknown step type` lists them.
  steps: [
    note,
    textStep,
    withFields(integer, MAX_FROM_FIELD),
    decimal,
    selectOne,
    selectMany,
    phone,
    date,
    withFields(photo, MIN_FROM_FIELD),
    document,
    region,
    summary,
    scores,
    dossier,
    categoryFields,
  ],
  completions: [noCompletion, register, nomination, scoring],
  lists: CHOICE_LISTS,
  functions: EXPR_FUNCTIONS,
  permissions: ['nominate', 'score'],
  commandLabels: {
    nominasi: stBoth('cmd.nominasi'),
    nilai: stBoth('cmd.nilai'),
    hasil: stBoth('cmd.hasil'),
  },
  texts: {
    'files.none': stBoth('files.none'),
    'files.none_here': stBoth('files.none_here'),
    'flow.unregistered': stBoth('unregistered'),
  },
  checks: [categoryProblems],
  expand: flowFor,
});
