import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NominationView } from '../../../src/app/flow-steps/context.ts';
import { flowKinds } from '../../../src/app/flow-steps/index.ts';
import { createFlowEngine } from '../../../src/flow-engine/engine.ts';
import { FlowValidationError, loadFlows, parseFlow } from '../../../src/flow-engine/load.ts';
import { isPrivateStep } from '../../../src/flow-engine/schema.ts';
import { contextFor, runScript } from './fixture.ts';
import { SCRIPTS, scriptContext } from './scripts.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const flows = loadFlows(join(root, 'flows'), flowKinds);
const engine = createFlowEngine(flows, flowKinds);
const nominationFlow = flows.find((f) => f.id === 'nomination')!;

const NIK = '6303051203820002';
const PHONE = '+6281349876543';
const STREET = 'Jl. Ahmad Yani Km 39 RT 04';

const nominee: NominationView = {
  id: 'nom-banjar',
  number: 'KALSEL-2026-TKSK-002',
  categoryCode: 'TKSK',
  nomineeName: 'Ahmad Fauzi',
  regionName: 'Kabupaten Banjar',
  answers: {
    kategori: 'TKSK',
    nama: 'Ahmad Fauzi',
    nik: NIK,
    no_hp: PHONE,
    alamat: STREET,
    pendidikan: 'S1',
    inovasi: 'Dapur sehat keliling untuk lansia terlantar.',
    dokumen: { media: [{ kind: 'document', fileRef: 'd1', fileName: 'sk-penugasan.pdf' }] },
    // An answer of a step the nomination flow does not have (any more): its privacy is unknown.
    nomor_kk: '6303050101820001',
  },
  scored: false,
};

/** Everything a juror is shown from `nilai` up to the question after the dossier, in both languages. */
function jurorSees(locale: 'id' | 'en'): string {
  const ctx = contextFor('juror', { locale, jurorNominees: [nominee] });
  const { transcript } = runScript(engine, ctx, ['nilai', '1'], engine.initialState(locale));
  return transcript;
}

describe('the dossier a juror reads', () => {
  for (const locale of ['id', 'en'] as const) {
    it(`shows the merits but no NIK, phone number or street address (${locale})`, () => {
      const seen = jurorSees(locale);
      expect(seen).toMatch(locale === 'id' ? /Berkas KALSEL-2026-TKSK-002/ : /Dossier KALSEL-2026-TKSK-002/);
      expect(seen).toContain('Dapur sehat keliling untuk lansia terlantar.');
      expect(seen).toMatch(/Sarjana|Bachelor/);
      expect(seen).toMatch(/: 1 (dokumen|document)\b/);
      expect(seen).not.toContain(NIK);
      expect(seen).not.toMatch(/\b\d{16}\b/); // no NIK-like number at all (nor the unknown nomor_kk)
      expect(seen).not.toContain(PHONE);
      expect(seen).not.toContain('81349876543');
      expect(seen).not.toContain(STREET);
      expect(seen).not.toMatch(/\bNIK\b|No\. HP|Phone|Alamat|Address/);
    });
  }

  it('leaves out every private step of the shipped nomination flow (NIK, phone and address among them)', () => {
    const priv = nominationFlow.steps.filter(isPrivateStep).map((s) => s.name);
    expect(priv).toEqual(expect.arrayContaining(['nik', 'no_hp', 'alamat']));
    const answers = Object.fromEntries(priv.map((name, i) => [name, `RAHASIA-${i}-${name}`]));
    const ctx = contextFor('juror', {
      jurorNominees: [{ ...nominee, answers: { ...nominee.answers, ...answers } }],
    });
    const { transcript } = runScript(engine, ctx, ['nilai', '1']);
    expect(transcript).toContain('Berkas KALSEL-2026-TKSK-002');
    expect(transcript).not.toContain('RAHASIA');
  });

  it("keeps the NIK in the officer's own summary", () => {
    const script = SCRIPTS['nomination-edit-id']!;
    const { transcript } = runScript(engine, scriptContext(script), script.inputs, script.initial);
    expect(transcript).toContain('NIK: 6309011203850001');
    expect(transcript).toContain('Jl. Jaro Raya RT 02');
  });
});

describe('private steps in flow files', () => {
  const flow = (step: string) => `schema_version: 1
id: t
version: 1
title: { id: Tes }
roles: [OFFICER]
steps:
${step}`;

  it('makes phone steps private by default, other steps only when marked', () => {
    expect(isPrivateStep({ type: 'phone' })).toBe(true);
    expect(isPrivateStep({ type: 'text' })).toBe(false);
    expect(isPrivateStep({ type: 'text', private: true })).toBe(true);
    const parsed = parseFlow(
      flow(
        '  - { type: text, name: nik, private: true, label: { id: NIK } }\n  - { type: phone, name: hp, label: { id: HP } }',
      ),
      't.yaml',
      flowKinds,
    );
    expect(parsed.steps.map(isPrivateStep)).toEqual([true, true]);
  });

  it('refuses a phone step marked public, and private on a step without a nominee answer', () => {
    expect(() =>
      parseFlow(
        flow('  - { type: phone, name: hp, private: false, label: { id: HP } }'),
        't.yaml',
        flowKinds,
      ),
    ).toThrow(/t\.yaml: step 'hp': a phone answer is always private; remove 'private: false'/);
    expect(() =>
      parseFlow(
        flow('  - { type: note, name: info, private: true, label: { id: Info } }'),
        't.yaml',
        flowKinds,
      ),
    ).toThrow(FlowValidationError);
    expect(() =>
      parseFlow(flow('  - { type: text, name: nik, private: ya, label: { id: NIK } }'), 't.yaml', flowKinds),
    ).toThrow(/step 'nik': private/);
  });
});
