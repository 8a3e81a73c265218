import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { checkRegexLiterals, ExprSyntaxError, exprRefs } from './expr.ts';
import { parseExpr } from './expr-parse.ts';
import { type FlowKinds, kindOf, listOf, type StepPlace } from './kinds.ts';
import {
  type CompiledFlow,
  type CompiledStep,
  type FlowDef,
  flowSchemaFor,
  PRIVATE_TYPES,
  type StepDef,
} from './schema.ts';

/** A flow file that does not validate; the message names the file, the step and the problem. */
export class FlowValidationError extends Error {
  override name = 'FlowValidationError';
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.join('; ')}`);
  }
}

function stepRef(steps: unknown, index: number): string {
  const step = Array.isArray(steps) ? (steps[index] as { name?: unknown } | undefined) : undefined;
  return typeof step?.name === 'string' ? `step '${step.name}'` : `steps[${index}]`;
}

function zodProblems(error: z.ZodError, raw: unknown): string[] {
  const steps = (raw as { steps?: unknown } | null)?.steps;
  return error.issues.map((issue) => {
    const path = [...issue.path];
    let where = '';
    if (path[0] === 'steps' && typeof path[1] === 'number') {
      where = stepRef(steps, path[1]);
      path.splice(0, 2);
    }
    const field = path.join('.');
    const prefix = [where, field].filter(Boolean).join(': ');
    return prefix ? `${prefix}: ${issue.message}` : issue.message;
  });
}

/** `relevant` and `constraint`: they parse, and read only steps that exist (relevant: earlier ones). */
function expressionProblems(
  kinds: FlowKinds,
  place: StepPlace,
  step: StepDef,
  compiled: CompiledStep,
): string[] {
  const { flow, index: i, at } = place;
  const functions = new Map([...kinds.functions.values()].map((f) => [f.name, f.arity]));
  const problems: string[] = [];
  const earlier = new Set(flow.steps.slice(0, i).map((s) => s.name));
  const all = new Set(flow.steps.map((s) => s.name));
  for (const key of ['relevant', 'constraint'] as const) {
    const src = step[key];
    if (src === undefined) continue;
    try {
      const expr = parseExpr(src, functions);
      const bad = checkRegexLiterals(expr);
      if (bad) problems.push(`${at}: ${key}: ${bad}`);
      for (const ref of exprRefs(expr)) {
        if (!all.has(ref)) problems.push(`${at}: ${key} refers to unknown step '${ref}'`);
        else if (key === 'relevant' && !earlier.has(ref))
          problems.push(`${at}: relevant refers to '${ref}', which is not an earlier step`);
      }
      if (key === 'relevant') compiled.relevantExpr = expr;
      else compiled.constraintExpr = expr;
    } catch (error) {
      if (!(error instanceof ExprSyntaxError)) throw error;
      problems.push(`${at}: ${key} does not parse: ${error.message} in "${src}"`);
    }
  }
  return problems;
}

/** Choices, and the list they come from (its own checks). */
function choiceProblems(kinds: FlowKinds, step: StepDef, place: StepPlace): string[] {
  const at = place.at;
  const problems: string[] = [];
  if (step.choices && step.choices_from)
    problems.push(`${at}: give either choices or choices_from, not both`);
  if ((step.choices || step.choices_from) && !kindOf(kinds, step).choices)
    problems.push(`${at}: choices only belong on select_one, select_many or region steps`);
  problems.push(...(listOf(kinds, step)?.validate?.(step, place) ?? []));
  const values = new Set<string>();
  for (const c of step.choices ?? []) {
    if (values.has(c.value)) problems.push(`${at}: duplicate choice value '${c.value}'`);
    values.add(c.value);
  }
  return problems;
}

/** Ranges, lengths and `private`, which mean the same on every type that has them. */
function fieldProblems(kinds: FlowKinds, step: StepDef, at: string): string[] {
  const problems: string[] = [];
  if (step.min !== undefined && step.max !== undefined && step.min > step.max)
    problems.push(`${at}: min (${step.min}) is greater than max (${step.max})`);
  if (step.min_length !== undefined && step.max_length !== undefined && step.min_length > step.max_length)
    problems.push(`${at}: min_length is greater than max_length`);
  if (step.private === false && PRIVATE_TYPES.has(step.type))
    problems.push(`${at}: a ${step.type} answer is always private; remove 'private: false'`);
  if (step.private !== undefined && kindOf(kinds, step).noAnswer)
    problems.push(`${at}: 'private' does not apply to ${step.type} steps`);
  return problems;
}

/** The steps each on_complete field names exist. */
function completionProblems(flow: FlowDef): string[] {
  const names = new Set(flow.steps.map((s) => s.name));
  const problems: string[] = [];
  for (const [field, value] of Object.entries(flow.on_complete)) {
    if (field === 'action' || typeof value !== 'string') continue;
    if (!names.has(value)) problems.push(`on_complete: ${field} refers to unknown step '${value}'`);
  }
  return problems;
}

/** Semantic checks zod cannot express: unique names, references, choices, expressions, each type's own. */
function semanticProblems(kinds: FlowKinds, flow: FlowDef): { problems: string[]; steps: CompiledStep[] } {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const steps: CompiledStep[] = [];
  flow.steps.forEach((step, i) => {
    const at = `step '${step.name}'`;
    if (seen.has(step.name)) problems.push(`${at}: duplicate step name (also steps[${seen.get(step.name)}])`);
    else seen.set(step.name, i);
    const compiled: CompiledStep = { ...step };
    const place = { flow, index: i, at };
    problems.push(...expressionProblems(kinds, place, step, compiled));
    for (const check of kinds.checks) problems.push(...check(step, place));
    problems.push(...(kindOf(kinds, step).validate?.(step, place) ?? []));
    problems.push(...choiceProblems(kinds, step, place));
    problems.push(...fieldProblems(kinds, step, at));
    steps.push(compiled);
  });
  problems.push(...completionProblems(flow));
  return { problems, steps };
}

const schemas = new WeakMap<FlowKinds, ReturnType<typeof flowSchemaFor>>();

/** The flow file schema of a registry (built once). */
function schemaOf(kinds: FlowKinds) {
  let schema = schemas.get(kinds);
  if (!schema) {
    const completions = [...kinds.completions.values()].map((h) => h.schema);
    schema = flowSchemaFor(
      [...kinds.steps.values()],
      [...kinds.lists.keys()],
      kinds.permissions,
      completions,
    );
    schemas.set(kinds, schema);
  }
  return schema;
}

/** Parses and validates one flow file's text; throws FlowValidationError naming file and step. */
export function parseFlow(text: string, file: string, kinds: FlowKinds): CompiledFlow {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new FlowValidationError(file, [
      `invalid YAML: ${(error as Error).message.split('\n')[0]?.replace(/:$/, '')}`,
    ]);
  }
  const parsed = schemaOf(kinds).safeParse(raw);
  if (!parsed.success) throw new FlowValidationError(file, zodProblems(parsed.error, raw));
  const flow = parsed.data as FlowDef;
  const { problems, steps } = semanticProblems(kinds, flow);
  if (problems.length > 0) throw new FlowValidationError(file, problems);
  return { ...flow, file, steps };
}

/** The flow files of a directory (*.yaml / *.yml), sorted. */
export function flowFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * Loads and validates every flow file in dir. Throws one FlowValidationError (the first broken
 * file, with its step and problem) so start-up stops with a clear message.
 */
export function loadFlows(dir: string, kinds: FlowKinds): CompiledFlow[] {
  const flows = flowFiles(dir).map((file) => parseFlow(readFileSync(file, 'utf8'), file, kinds));
  checkFlowSet(flows);
  return flows;
}

/** Checks that flows work together: unique ids and commands. */
export function checkFlowSet(flows: CompiledFlow[]): void {
  const ids = new Map<string, string>();
  const commands = new Map<string, string>();
  for (const f of flows) {
    if (ids.has(f.id))
      throw new FlowValidationError(f.file, [`flow id '${f.id}' also used by ${ids.get(f.id)}`]);
    ids.set(f.id, basename(f.file));
    if (f.command) {
      if (commands.has(f.command))
        throw new FlowValidationError(f.file, [
          `command '${f.command}' also used by ${commands.get(f.command)}`,
        ]);
      commands.set(f.command, basename(f.file));
    }
  }
}
