import type { StepKind, StepPlace } from '../../flow-engine/kinds.ts';
import type { StepDef } from '../../flow-engine/schema.ts';
import { dependsOnOf, fieldsOf, OF_FIELD, PART_FIELD } from './step-fields.ts';

/**
 * Checks of the steps that take their content from the chosen category (category-steps.ts): a
 * category_fields step names the step choosing the category; `min_from` needs such a step, and
 * `max_from` replaces `max`. (Which types take `part`, `min_from` and `max_from` is their schema's.)
 */
export function categoryProblems(step: StepDef, { flow, index: i, at }: StepPlace): string[] {
  const problems: string[] = [];
  const { of, min_from, max_from } = fieldsOf(step);
  const categoryStep = flow.steps.slice(0, i).find((s) => s.choices_from === 'categories');
  if (step.type === 'category_fields') {
    if (!of) problems.push(`${at}: needs 'of' (the step choosing the category)`);
    else if (flow.steps.slice(0, i).find((s) => s.name === of)?.choices_from !== 'categories')
      problems.push(`${at}: 'of' must name an earlier step with choices_from: categories`);
  }
  if (min_from && !categoryStep) problems.push(`${at}: min_from needs an earlier step choosing the category`);
  if (max_from && step.max !== undefined) problems.push(`${at}: give either max or max_from, not both`);
  return problems;
}

/** `category_fields`: stands for the chosen category's own questions (expanded by category-steps.ts). */
export const categoryFields: StepKind = {
  type: 'category_fields',
  noAnswer: true,
  fields: { ...OF_FIELD, ...PART_FIELD },
  dependsOn: dependsOnOf,
};
