import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DefinitionError,
  KNOWN_PILAR_CODES,
  parseDefinition,
  type RegionRecord,
  resolveDefinitionRegion,
} from '../../src/domain/definition/index.ts';

const fixtures = 'test/fixtures/definitions';

function load(file: string) {
  return parseDefinition(readFileSync(file, 'utf8'), file);
}

/** The DefinitionError a file raises (fails the test when it parses). */
function errorOf(name: string): DefinitionError {
  const file = join(fixtures, name);
  try {
    load(file);
  } catch (error) {
    expect(error).toBeInstanceOf(DefinitionError);
    return error as DefinitionError;
  }
  throw new Error(`${file} was accepted`);
}

describe('the example definition', () => {
  it('passes and carries the five categories, weights of 100 and the rules', () => {
    const def = load('examples/kalsel-2026.yaml');
    expect(def.code).toBe('KALSEL-2026');
    expect(def.level).toBe('provinsi');
    expect(def.region).toBe('63');
    expect(def.categories.map((c) => c.code)).toEqual(['PSM', 'TKSK', 'KARANG_TARUNA', 'LKS', 'TAGANA']);
    for (const cat of def.categories) {
      expect(cat.criteria.reduce((s, c) => s + c.weight, 0)).toBe(100);
      const codes = cat.criteria.map((c) => c.code);
      for (const needed of ['TUGAS_POKOK', 'KERJA_SAMA', 'INOVASI']) expect(codes).toContain(needed);
      for (const c of cat.criteria) expect([c.min, c.max]).toEqual([1, 100]);
      expect(cat.criteria.every((c) => c.rubric && c.rubric.id.length > 0 && c.rubric.en.length > 0)).toBe(
        true,
      );
    }
    expect(def.scoring.tie_break).toEqual(['criterion:INOVASI', 'spread', 'submitted_at', 'lot']);
    expect(def.rules.max_nominees_per_category_per_region).toBe(1);
    expect(def.rules.eligibility.map((r) => r.kind)).toContain('min_years_active');
    // Plain dates are read in the file's offset (WITA); closing dates end at 23:59:59.
    expect(def.deadlines.nominationClosesAt?.toISOString()).toBe('2026-06-30T15:59:59.000Z');
    expect(def.deadlines.reminderDaysBefore).toEqual([3, 1]);
  });

  it('a minimal definition gets the default scoring settings', () => {
    const def = load(join(fixtures, 'valid-minimal.yaml'));
    expect(def.scoring).toEqual({
      normalization: 'mean',
      trim_fraction: 0,
      tie_break: ['criterion:INOVASI', 'spread', 'submitted_at'],
      min_jurors: 1,
    });
    expect(def.awards).toEqual({ juara: 3, harapan: 0 });
    expect(def.categories[0]!.name).toEqual({ id: 'PSM', en: 'PSM' });
  });
});

describe('each broken definition fails with its own message naming file and path', () => {
  const cases: [string, string][] = [
    ['weights-not-100.yaml', 'weights-not-100.yaml: categories[1] (TKSK): weights sum to 90, must be 100'],
    [
      'duplicate-criterion.yaml',
      'duplicate-criterion.yaml: categories[0] (TKSK).criteria[1] (TUGAS_POKOK).code: duplicate criterion code "TUGAS_POKOK"',
    ],
    [
      'min-not-below-max.yaml',
      'min-not-below-max.yaml: categories[0] (TKSK).criteria[1] (INOVASI): min (100) must be less than max (100)',
    ],
    [
      'unknown-category.yaml',
      'unknown-category.yaml: categories[1] (TKKS).code: unknown category "TKKS"; known pilar:',
    ],
    [
      'tie-break-unknown-criterion.yaml',
      'tie-break-unknown-criterion.yaml: scoring.tie_break[0]: unknown criterion "DAMPAK" in category PSM',
    ],
    [
      'rule-unknown-category.yaml',
      'rule-unknown-category.yaml: rules.eligibility[0] (masa-aktif).categories[1]: unknown category "TAGANA" (defined: PSM)',
    ],
    ['invalid-yaml.yaml', 'invalid-yaml.yaml: invalid YAML: '],
    ['missing-required.yaml', 'missing-required.yaml: level: required field is missing'],
  ];
  it.each(cases)('%s', (name, expected) => {
    const error = errorOf(name);
    expect(error.message).toContain(`${fixtures}/${expected}`);
    expect(error.message).not.toContain('\n');
  });

  it('reports every problem, not only the first', () => {
    const error = errorOf('missing-required.yaml');
    expect(error.lines()).toEqual([
      `${fixtures}/missing-required.yaml: level: required field is missing`,
      `${fixtures}/missing-required.yaml: categories[0] (PSM).subject: required field is missing`,
    ]);
  });

  it('names the line of a YAML syntax error', () => {
    expect(errorOf('invalid-yaml.yaml').message).toMatch(/at line \d+, column \d+/);
  });

  it('rejects unknown fields (typos) and deadlines out of order', () => {
    const text = readFileSync(join(fixtures, 'valid-minimal.yaml'), 'utf8');
    expect(() => parseDefinition(`${text}\nyaer: 2026\n`, 'x.yaml')).toThrow(
      'x.yaml: unknown field(s): yaer',
    );
    const late = `${text}\ndeadlines: { nomination_opens: 2026-07-01, nomination_closes: 2026-06-01 }\n`;
    expect(() => parseDefinition(late, 'x.yaml')).toThrow(
      'x.yaml: deadlines.nomination_closes: must be after nomination_opens',
    );
  });
});

describe('the known pilar list', () => {
  it('holds the PSKS of Permensos 08/2012 used by the seleksi', () => {
    for (const code of ['PSM', 'TKSK', 'KARANG_TARUNA', 'TAGANA', 'LKS', 'LKSA']) {
      expect(KNOWN_PILAR_CODES.has(code)).toBe(true);
    }
    expect(KNOWN_PILAR_CODES.size).toBe(13);
  });
});

describe('resolveDefinitionRegion', () => {
  const provinces: RegionRecord[] = [
    { code: '62', name: 'Kalimantan Tengah', level: 'PROVINCE' },
    { code: '63', name: 'Kalimantan Selatan', level: 'PROVINCE' },
    { code: '64', name: 'Kalimantan Timur', level: 'PROVINCE' },
  ];
  const tabalong: RegionRecord = { code: '63.09', name: 'Kabupaten Tabalong', level: 'REGENCY' };

  it('accepts a code of the right level and a forgiving name', () => {
    expect(resolveDefinitionRegion('f.yaml', '63', 'provinsi', provinces[1]!, provinces).code).toBe('63');
    expect(resolveDefinitionRegion('f.yaml', 'kalimantan  SELATAN', 'provinsi', null, provinces).code).toBe(
      '63',
    );
    expect(resolveDefinitionRegion('f.yaml', 'Tabalong', 'kabupaten', null, [tabalong]).code).toBe('63.09');
  });

  it('rejects an unknown code, an unknown name, an ambiguous name and a code of the wrong level', () => {
    const fixtureRegion = (name: string) => load(join(fixtures, name)).region;
    expect(() =>
      resolveDefinitionRegion(
        'u.yaml',
        fixtureRegion('unknown-region-code.yaml'),
        'provinsi',
        null,
        provinces,
      ),
    ).toThrow('u.yaml: region: unknown region code "99"');
    expect(() =>
      resolveDefinitionRegion(
        'u.yaml',
        fixtureRegion('unknown-region-name.yaml'),
        'provinsi',
        null,
        provinces,
      ),
    ).toThrow('u.yaml: region: unknown region "Atlantis"');
    expect(() => resolveDefinitionRegion('u.yaml', 'Kalimantan', 'provinsi', null, provinces)).toThrow(
      /region "Kalimantan" is ambiguous: Kalimantan Tengah \(62\), Kalimantan Selatan \(63\)/,
    );
    expect(() => resolveDefinitionRegion('u.yaml', '63.09', 'provinsi', tabalong, provinces)).toThrow(
      'u.yaml: region: 63.09 is a kabupaten/kota (Kabupaten Tabalong); a provinsi seleksi needs a province',
    );
  });
});

describe('the nomination part of a definition', () => {
  const common = new Set(['nama', 'nik', 'aktif_sejak', 'tanggal_lahir', 'tugas_pokok', 'foto_kegiatan']);

  it('names the place of every unknown key and contradiction', () => {
    const file = join(fixtures, 'nomination-contradictions.yaml');
    let lines: string[] = [];
    try {
      parseDefinition(readFileSync(file, 'utf8'), file, { commonKeys: common });
    } catch (error) {
      lines = (error as DefinitionError).lines();
    }
    const cat = `${file}: categories[0] (TKSK)`;
    // Unknown keys are schema errors: reported before the semantic checks run.
    expect(lines).toEqual([`${cat}.nomination.extra_fields[1] (kecamatan_penugasan): unknown field(s): typ`]);
  });

  it('lists every contradiction of a definition whose keys are all known', () => {
    const file = join(fixtures, 'nomination-contradictions.yaml');
    const text = readFileSync(file, 'utf8').replace('typ: text', 'type: text');
    let lines: string[] = [];
    try {
      parseDefinition(text, file, { commonKeys: common });
    } catch (error) {
      lines = (error as DefinitionError).lines();
    }
    const cat = `${file}: categories[0] (TKSK)`;
    const fields = `${cat}.nomination.extra_fields`;
    expect(lines).toEqual(
      expect.arrayContaining([
        `${fields}[0] (status_kawin).choices: a choice field needs at least two choices`,
        expect.stringMatching(/extra_fields\[2\] \(catatan\)\.pattern: invalid regular expression/),
        `${fields}[3] (tahun_sk).not_before: only number, year and date fields can have not_before (type is text)`,
        `${fields}[4] (nik).key: "nik" is already asked of every nominee by the nomination flow`,
        `${cat}.nomination.required_documents[1]: duplicate document "sk_penugasan"`,
        `${cat}.criteria[0] (TUGAS_POKOK).evidence[1]: unknown field "rapor_kinerja" (not a question or document of TKSK)`,
        `${file}: rules.eligibility[0] (masa-aktif).kind: LKS is an organisation: use min_years_founded (or list the categories it applies to)`,
        `${file}: rules.eligibility[1] (sk-tksk).document: "sk_tahunan" is not in categories[0] (TKSK).nomination.required_documents`,
        `${file}: rules.eligibility[2] (usia).field: unknown field "tanggal_lahr" in category TKSK`,
      ]),
    );
    expect(lines).toHaveLength(9);
  });

  it('checks the examples against the shipped nomination flow: every criterion has its evidence', async () => {
    const { readDefinitionFile } = await import('../../src/app/create-seleksi.ts');
    for (const file of ['examples/kalsel-2026.yaml', 'examples/nasional-2026.yaml']) {
      const def = await readDefinitionFile(file);
      for (const cat of def.categories) {
        for (const c of cat.criteria)
          expect(c.evidence?.length, `${file} ${cat.code} ${c.code}`).toBeGreaterThan(0);
      }
    }
  });
});
