import { z } from 'zod';
import { ROLES } from '../core/names.ts';
import type { Expr } from './expr.ts';
import { labelSchema } from './label.ts';
import type { EngineStepFields } from './step-fields.ts';

export { type Label, labelSchema } from './label.ts';

/**
 * The flow file format (flows/*.yaml), modelled on XLSForm so Dinas Sosial staff who know
 * KoBoToolbox/ODK can read it: each step has a type, a name, labels per language (id first, en),
 * `required`, a `constraint` with its own message, `relevant` (skip logic) and choices.
 */

export const FLOW_SCHEMA_VERSION = 1;

/** The roles a flow can be for: a person's roles, and UNREGISTERED for a chat with no person yet. */
export const FLOW_ROLES = ['UNREGISTERED', ...ROLES] as const;

const choiceSchema = z
  .object({
    value: z.union([z.string().min(1), z.number()]).transform(String),
    label: labelSchema,
  })
  .strict();

/** The fields every step takes; `type` is one of the registry's step types (kinds.ts), checked by stepSchemaFor. */
const stepFields = {
  type: z.string(),
  name: z
    .string({ error: 'missing step name' })
    .regex(/^[a-z][a-z0-9_]*$/, 'step name must be lower case letters, digits and _'),
  label: labelSchema,
  /** Short name shown in the summary and in help (defaults to the label's first line). */
  short_label: labelSchema.optional(),
  hint: labelSchema.optional(),
  required: z.boolean().default(true),
  /** Condition the answer must meet; `.` is the answer. */
  constraint: z.string().optional(),
  constraint_message: labelSchema.optional(),
  /** Skip logic over earlier answers: the step is asked only when this is true. */
  relevant: z.string().optional(),
  choices: z.array(choiceSchema).optional(),
  /** A list the app computes (kinds.ts: ChoiceList), checked by stepSchemaFor. */
  choices_from: z.string().optional(),
  /** Show the answer in the summary (default true). */
  in_summary: z.boolean().default(true),
  /**
   * Personal data (identity numbers, contact details, street address): kept with the answers and
   * shown back to whoever gave them, never where others read them (the step kinds that show answers
   * to others leave it out). Default: true for `phone` steps (which cannot be made public), false
   * otherwise.
   */
  private: z.boolean().optional(),
};
const stepSchema = z.object(stepFields).strict();
/**
 * A step as the flow file gives it: the common fields, and the engine's type-specific ones
 * (step-fields.ts), present only on the types that declare them. The fields the app's types add
 * (StepKind.fields) are on the object too, validated by that type's schema; only the kinds that
 * declared them read them.
 */
export type StepDef = z.infer<typeof stepSchema> & EngineStepFields;

/** A registered step type as the schema sees it: its name and the fields it adds (StepKind.fields). */
export interface StepShape {
  type: string;
  fields?: z.ZodRawShape;
}

/** `'part' is not a field of text steps (it is one of category_fields steps)`. */
function foreignFields(shape: StepShape, keys: readonly string[], kinds: readonly StepShape[]): string {
  return keys
    .map((key) => {
      const owners = kinds.filter((k) => k.fields && key in k.fields).map((k) => k.type);
      const where = owners.length > 0 ? ` (it is one of ${owners.join(', ')} steps)` : '';
      return `field '${key}' is not a field of ${shape.type} steps${where}`;
    })
    .join('; ');
}

/**
 * The step schema for the registered step types and lists (in the order error messages list them):
 * the type first, then the step's fields against the common ones plus those its type adds, strict.
 */
function stepSchemaFor(kinds: readonly StepShape[], lists: readonly string[]) {
  const types = kinds.map((k) => k.type);
  const common = {
    ...stepFields,
    choices_from: z
      .enum(lists as [string, ...string[]], {
        error: (issue) =>
          `unknown choices_from list '${String(issue.input)}' (expected one of: ${lists.join(', ')})`,
      })
      .optional(),
  };
  const byType = kinds.map((shape) =>
    z.strictObject(
      { ...common, ...shape.fields, type: z.literal(shape.type) },
      {
        error: (issue) =>
          issue.code === 'unrecognized_keys' ? foreignFields(shape, issue.keys, kinds) : undefined,
      },
    ),
  );
  return z
    .looseObject({
      type: z.enum(types as [string, ...string[]], {
        error: (issue) => `unknown step type '${String(issue.input)}' (expected one of: ${types.join(', ')})`,
      }),
    })
    .pipe(z.discriminatedUnion('type', byType as unknown as [z.ZodObject<{ type: z.ZodLiteral<string> }>]));
}

/** Step types whose answers are always private (see `private`). */
export const PRIVATE_TYPES: ReadonlySet<string> = new Set(['phone']);

/** True when the step's answer is personal data, never shown where others read it. */
export function isPrivateStep(step: Pick<StepDef, 'type' | 'private'>): boolean {
  return step.private ?? PRIVATE_TYPES.has(step.type);
}

/** What a flow does when it ends: a registered action (kinds.ts) and the steps its fields name. */
export type OnComplete = { action: string } & Record<string, unknown>;

/** The flow file schema for the registered step types and on_complete actions. */
export function flowSchemaFor(
  kinds: readonly StepShape[],
  lists: readonly string[],
  permissions: readonly string[],
  completions: readonly z.ZodObject<{ action: z.ZodLiteral<string> } & z.ZodRawShape>[],
) {
  const onComplete = z.discriminatedUnion(
    'action',
    completions as unknown as [z.ZodObject<{ action: z.ZodLiteral<string> }>],
  );
  return z
    .object({
      schema_version: z.literal(FLOW_SCHEMA_VERSION, {
        error: (issue) => `must be ${FLOW_SCHEMA_VERSION} (found ${JSON.stringify(issue.input)})`,
      }),
      id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'flow id must be lower case letters, digits and _'),
      /** Bump when steps change: sessions started on another version restart with a notice. */
      version: z.number().int().positive(),
      title: labelSchema,
      /** Chat command that starts the flow (e.g. `nominasi`). */
      command: z.string().optional(),
      /** Who may start it; UNREGISTERED = chats not bound to a person yet. */
      roles: z.array(z.enum(FLOW_ROLES)).min(1),
      /** Which FlowContext.refusals entry must be null to start it (one the registry names). */
      permission: z
        .enum(permissions as [string, ...string[]], {
          error: (issue) =>
            `unknown permission '${String(issue.input)}' (expected one of: ${permissions.join(', ') || 'none'})`,
        })
        .optional(),
      on_complete: onComplete.default({ action: 'none' }),
      steps: z.array(stepSchemaFor(kinds, lists)).min(1, 'a flow needs at least one step'),
    })
    .strict();
}
export type FlowDef = Omit<z.infer<ReturnType<typeof flowSchemaFor>>, 'on_complete' | 'steps'> & {
  on_complete: OnComplete;
  steps: StepDef[];
};

/** A step with its expressions parsed once. */
export interface CompiledStep extends StepDef {
  relevantExpr?: Expr;
  constraintExpr?: Expr;
}

/** A validated flow, ready for the engine. */
export interface CompiledFlow extends Omit<FlowDef, 'steps'> {
  file: string;
  steps: CompiledStep[];
}
