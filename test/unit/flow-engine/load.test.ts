import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowKinds } from '../../../src/app/flow-steps/index.ts';
import { checkFlowSet, FlowValidationError, loadFlows, parseFlow } from '../../../src/flow-engine/load.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const brokenDir = join(root, 'test', 'fixtures', 'flows', 'broken');

/** Each broken fixture and the step and problem its error must name. */
const EXPECTED: Record<string, RegExp> = {
  'duplicate-step-name.yaml': /step 'nama': duplicate step name/,
  'unknown-step-reference.yaml': /step 'nik': relevant refers to unknown step 'kategori'/,
  'constraint-unknown-step.yaml': /step 'tahun': constraint refers to unknown step 'lahir'/,
  'relevant-later-step.yaml': /step 'nik': relevant refers to 'kategori', which is not an earlier step/,
  'select-without-choices.yaml': /step 'jenis_kelamin': select_one needs choices or choices_from/,
  'unknown-step-type.yaml': /step 'tanda_tangan': type: unknown step type 'signature'/,
  'unknown-choices-from.yaml': /step 'provinsi': choices_from: unknown choices_from list 'provinces'/,
  'missing-id-label.yaml': /step 'nama': label\.id: missing Indonesian label \(id\)/,
  'bad-schema-version.yaml': /: schema_version: must be 1 \(found 2\)/,
  'expression-does-not-parse.yaml': /step 'nia': relevant does not parse: expected a value but found '='/,
  'invalid-yaml.yaml': /invalid YAML/,
  'on-complete-unknown-step.yaml': /on_complete: code refers to unknown step 'kode'/,
  'category-fields-without-category.yaml':
    /step 'isian_kategori': 'of' must name an earlier step with choices_from: categories/,
  'max-from-with-max.yaml': /step 'aktif_sejak': give either max or max_from, not both/,
  'field-not-of-its-type.yaml':
    /step 'nama': field 'part' is not a field of text steps \(it is one of category_fields steps\)/,
  'engine-field-not-of-its-type.yaml':
    /step 'catatan': field 'accept' is not a field of text steps \(it is one of document steps\)/,
  'unknown-permission.yaml': /: permission: unknown permission 'vote' \(expected one of: nominate, score\)/,
};

describe('flow files', () => {
  it('loads every shipped flow', () => {
    const flows = loadFlows(join(root, 'flows'), flowKinds);
    expect(flows.map((f) => f.id).sort()).toEqual(['nomination', 'registration', 'results', 'scoring']);
  });

  it('has one broken fixture per rule, each listed here', () => {
    expect(readdirSync(brokenDir).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [file, pattern] of Object.entries(EXPECTED)) {
    it(`rejects ${file} naming the file, the step and the problem`, () => {
      const path = join(brokenDir, file);
      let error: unknown;
      try {
        parseFlow(readFileSync(path, 'utf8'), path, flowKinds);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(FlowValidationError);
      const message = (error as Error).message;
      expect(message.startsWith(`${path}: `)).toBe(true);
      expect(message).toMatch(pattern);
    });
  }

  // The engine's type-specific fields, each on a type that does not read it (and on one that does).
  const misplaced: [string, string, string, string][] = [
    ['select_one', 'min_length: 3', 'text', 'choices: [{ value: a, label: { id: A } }]'],
    ['text', 'skip_if_single: true', 'select_one', ''],
    ['text', 'empty_label: { id: Kosong }', 'select_one', ''],
    ['integer', 'compact: true', 'text', ''],
    ['text', 'min: 1', 'integer, decimal, select_many, photo, document', ''],
    ['photo', 'accept: [pdf]', 'document', ''],
  ];
  for (const [type, field, owners, extra] of misplaced) {
    it(`rejects ${field.split(':')[0]} on a ${type} step, naming the types that take it`, () => {
      const yaml = [
        'schema_version: 1',
        'id: misplaced',
        'version: 1',
        'title: { id: Salah }',
        'roles: [OFFICER]',
        'steps:',
        `  - { type: ${type}, name: isian, label: { id: "Isian:" }, ${field}${extra ? `, ${extra}` : ''} }`,
      ].join('\n');
      const key = field.split(':')[0];
      expect(() => parseFlow(yaml, 'misplaced.yaml', flowKinds)).toThrow(
        `misplaced.yaml: step 'isian': field '${key}' is not a field of ${type} steps (it is one of ${owners} steps)`,
      );
    });
  }

  it('stops at the first broken file of a directory', () => {
    expect(() => loadFlows(brokenDir, flowKinds)).toThrow(FlowValidationError);
  });

  it('rejects two flows that claim the same command', () => {
    const [nomination] = loadFlows(join(root, 'flows'), flowKinds);
    const copy = { ...nomination!, id: 'nomination_copy', file: 'flows/copy.yaml' };
    expect(() => checkFlowSet([nomination!, copy])).toThrow(
      /flows\/copy\.yaml: command 'nominasi' also used by nomination\.yaml/,
    );
  });
});
