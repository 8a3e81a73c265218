import type { StepKind, StepPlace } from '../../flow-engine/kinds.ts';
import type { StepDef } from '../../flow-engine/schema.ts';

/**
 * Checks of the steps that take their content from the chosen category (category-steps.ts): a
 * category_fields step names the step choosing the category; `part`, `min_from`, `max_from` and
 * `compact` sit on the types they belong to.
 */
export function categoryProblems(step: StepDef, { flow, index: i, at }: StepPlace): string[] {
  const problems: string[] = [];
  const categoryStep = flow.steps.slice(0, i).find((s) => s.choices_from === 'categories');
  if (step.type === 'category_fields') {
    if (!step.of) problems.push(`${at}: needs 'of' (the step choosing the category)`);
    else if (flow.steps.slice(0, i).find((s) => s.name === step.of)?.choices_from !== 'categories')
      problems.push(`${at}: 'of' must name an earlier step with choices_from: categories`);
  } else if (step.part) problems.push(`${at}: 'part' belongs on category_fields steps`);
  if (step.min_from && step.type !== 'photo') problems.push(`${at}: min_from belongs on photo steps`);
  if (step.min_from && !categoryStep)
    problems.push(`${at}: min_from needs an earlier step choosing the category`);
  if (step.max_from && step.type !== 'integer') problems.push(`${at}: max_from belongs on integer steps`);
  if (step.max_from && step.max !== undefined) problems.push(`${at}: give either max or max_from, not both`);
  if (step.compact && step.type !== 'text') problems.push(`${at}: compact belongs on text steps`);
  return problems;
}

/** `category_fields`: stands for the chosen category's own questions (expanded by category-steps.ts). */
export const categoryFields: StepKind = { type: 'category_fields', noAnswer: true };
