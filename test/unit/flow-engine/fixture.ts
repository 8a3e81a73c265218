import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CategoryView,
  JUROR_NOMINEES,
  type NominationView,
  type NomineePage,
  type SeleksiContext,
  type SeleksiData,
} from '../../../src/app/flow-steps/context.ts';
import { seleksiContext } from '../../../src/app/flow-steps/nominee-items.ts';
import type { Choice, InboundContent } from '../../../src/core/messages.ts';
import { categoryRulesOf, categorySettingsOf } from '../../../src/domain/definition/category-rules.ts';
import { parseDefinition } from '../../../src/domain/definition/index.ts';
import type {
  EngineResult,
  FlowEngine,
  ListWants,
  ListWindow,
  Locale,
  SessionState,
} from '../../../src/flow-engine/api.ts';
import { PAGE_SIZE } from '../../../src/flow-engine/paged-list.ts';

/**
 * A fixed context (the engine's with the seleksi's data) in the style of KALSEL-2026: an officer of Kabupaten Tabalong, a juror of
 * TKSK whose home is another kabupaten, and an unregistered chat. Data only, no I/O.
 */

const both = (id: string, en: string) => ({ id, en });

const TKSK_CRITERIA: CategoryView['criteria'] = [
  {
    code: 'TUGAS_POKOK',
    label: both('Tugas pokok', 'Core duties'),
    weight: 25,
    min: 1,
    max: 100,
    rubric: both(
      'Pemetaan PMKS/PSKS, penyuluhan, koordinasi dengan camat.',
      'Mapping of PMKS/PSKS, counselling, coordination with the camat.',
    ),
  },
  {
    code: 'KERJA_SAMA',
    label: both('Kerja sama', 'Cooperation'),
    weight: 20,
    min: 1,
    max: 100,
    rubric: both('Kemitraan (CSR, bank, desa) untuk PPKS.', 'Partnerships (CSR, banks, villages) for PPKS.'),
  },
  {
    code: 'INOVASI',
    label: both('Inovasi', 'Innovation'),
    weight: 30,
    min: 1,
    max: 100,
    rubric: both(
      'Orisinal, berjalan, dapat ditiru, manfaat terukur.',
      'Original, running, replicable, measurable benefit.',
    ),
  },
  {
    code: 'VERIFIKASI',
    label: both('Verifikasi lapangan', 'Field verification'),
    weight: 15,
    min: 1,
    max: 100,
    rubric: both('Penerima manfaat membenarkan.', 'Beneficiaries confirm it.'),
  },
  {
    code: 'PRESENTASI',
    label: both('Presentasi', 'Presentation'),
    weight: 10,
    min: 1,
    max: 100,
    rubric: both('Jelas, menguasai data.', 'Clear, knows the data.'),
  },
];

const EXAMPLE_FILE = join(import.meta.dirname, '..', '..', '..', 'examples', 'kalsel-2026.yaml');
/** The example definition: each fixture category takes its questions, rules and evidence from it. */
const EXAMPLE = parseDefinition(readFileSync(EXAMPLE_FILE, 'utf8'), EXAMPLE_FILE);

function withExampleRules(cat: CategoryView): CategoryView {
  const def = EXAMPLE.categories.find((c) => c.code === cat.code);
  if (!def) return cat;
  const rules = categoryRulesOf(cat.code, categorySettingsOf(def), EXAMPLE.rules);
  const criteria = cat.criteria.map((c) =>
    rules.evidence[c.code] ? { ...c, evidence: rules.evidence[c.code] } : c,
  );
  return { ...cat, criteria, rules };
}

/** The categories in both languages, as the app loads them (the engine picks the chat's). */
export function categories(): CategoryView[] {
  return exampleCategories().map(withExampleRules);
}

function exampleCategories(): CategoryView[] {
  return [
    {
      code: 'PSM',
      name: both('Pekerja Sosial Masyarakat (PSM)', 'Community Social Worker (PSM)'),
      subjectType: 'PERSON',
      criteria: [],
    },
    {
      code: 'TKSK',
      name: both('Tenaga Kesejahteraan Sosial Kecamatan (TKSK)', 'District Social Welfare Worker (TKSK)'),
      subjectType: 'PERSON',
      criteria: TKSK_CRITERIA,
    },
    {
      code: 'KARANG_TARUNA',
      name: both('Karang Taruna', 'Karang Taruna'),
      subjectType: 'ORGANISATION',
      criteria: [],
    },
    {
      code: 'TAGANA',
      name: both('Taruna Siaga Bencana (Tagana)', 'Taruna Siaga Bencana (Tagana)'),
      subjectType: 'PERSON',
      criteria: [],
    },
  ];
}

export const KECAMATAN_TABALONG: Choice[] = [
  { value: '63.09.01', label: 'Banua Lawas' },
  { value: '63.09.02', label: 'Kelua' },
  { value: '63.09.03', label: 'Tanta' },
  { value: '63.09.04', label: 'Tanjung' },
  { value: '63.09.05', label: 'Haruai' },
  { value: '63.09.06', label: 'Murung Pudak' },
  { value: '63.09.07', label: 'Muara Uya' },
  { value: '63.09.08', label: 'Muara Harus' },
  { value: '63.09.09', label: 'Pugaan' },
  { value: '63.09.10', label: 'Upau' },
  { value: '63.09.11', label: 'Jaro' },
  { value: '63.09.12', label: 'Bintang Ara' },
];

const DESA: Record<string, Choice[]> = {
  '63.09.11': [
    { value: '63.09.11.2001', label: 'Jaro' },
    { value: '63.09.11.2002', label: 'Purui' },
    { value: '63.09.11.2003', label: 'Solan' },
    { value: '63.09.11.2004', label: 'Solan Raya' },
    { value: '63.09.11.2005', label: 'Teratau' },
    { value: '63.09.11.2006', label: 'Lano' },
  ],
  '63.09.04': [
    { value: '63.09.04.1001', label: 'Tanjung' },
    { value: '63.09.04.2002', label: 'Agung' },
    { value: '63.09.04.2003', label: 'Hikun' },
  ],
};

export function jurorNominees(scoredFirst = true): NominationView[] {
  return [
    {
      id: 'nom-balangan',
      number: 'KALSEL-2026-TKSK-001',
      categoryCode: 'TKSK',
      nomineeName: 'Siti Rahmah',
      regionName: 'Kabupaten Balangan',
      answers: { nama: 'Siti Rahmah', kategori: 'TKSK', jenis_kelamin: 'P', aktif_sejak: 2015 },
      scored: scoredFirst,
    },
    {
      id: 'nom-banjar',
      number: 'KALSEL-2026-TKSK-002',
      categoryCode: 'TKSK',
      nomineeName: 'Ahmad Fauzi',
      regionName: 'Kabupaten Banjar',
      // Keys out of flow order, as Postgres jsonb returns them: the dossier sorts them.
      answers: {
        foto_kegiatan: {
          media: [
            { kind: 'photo', fileRef: 'f1', localPath: 'media/telegram/f1.jpg', caption: 'Dapur keliling' },
            { kind: 'photo', fileRef: 'f2' },
          ],
        },
        inovasi: 'Dapur sehat keliling untuk lansia terlantar di 6 desa.',
        nama: 'Ahmad Fauzi',
        kategori: 'TKSK',
        // Personal data the officer entered; a juror's dossier must not show it.
        nik: '6303051203820002',
        no_hp: '+6281349876543',
        alamat: 'Jl. Ahmad Yani Km 39 RT 04',
        tanggal_lahir: '1982-03-05',
        jenis_kelamin: 'L',
        pendidikan: 'S1',
        kecamatan: '63.03.05',
        kecamatan_nama: 'Martapura',
        desa: '63.03.05.1001',
        desa_nama: 'Pasayangan',
        aktif_sejak: 2012,
      },
      scored: false,
    },
    {
      id: 'nom-hsu',
      number: 'KALSEL-2026-TKSK-003',
      categoryCode: 'TKSK',
      nomineeName: 'Rudi Hartono',
      regionName: 'Kabupaten Hulu Sungai Utara',
      answers: {
        nama: 'Rudi Hartono',
        kategori: 'TKSK',
        nik: '6308021507790003',
        pendidikan: 'SMA',
        no_hp: '081348765432',
        alamat: 'Jl. Pahlawan No. 7, Amuntai',
      },
      scored: false,
    },
    {
      id: 'nom-tapin',
      number: 'KALSEL-2026-TKSK-005',
      categoryCode: 'TKSK',
      nomineeName: 'Nurul Huda',
      regionName: 'Kabupaten Tapin',
      answers: { nama: 'Nurul Huda', kategori: 'TKSK' },
      scored: false,
      recused: true,
    },
  ];
}

const KABUPATEN = [
  'Kabupaten Banjar',
  'Kabupaten Tapin',
  'Kabupaten Balangan',
  'Kota Banjarbaru',
  'Kabupaten Tabalong',
];

/**
 * `count` open TKSK nominees (KALSEL-2026-TKSK-001 …), names of `nameLength` characters at least,
 * an answer of `answerLength` characters.
 */
export function manyNominees(count: number, nameLength = 0, answerLength = 20): NominationView[] {
  return Array.from({ length: count }, (_, i) => {
    const seq = String(i + 1).padStart(3, '0');
    const name = `Calon ${seq}`.padEnd(nameLength, ' panjang');
    return {
      id: `nom-${seq}`,
      number: `KALSEL-2026-TKSK-${seq}`,
      categoryCode: 'TKSK',
      nomineeName: name,
      regionName: KABUPATEN[i % KABUPATEN.length]!,
      answers: { nama: name, kategori: 'TKSK', inovasi: `Inovasi ${seq} `.padEnd(answerLength, 'x') },
      scored: false,
    };
  });
}

/** A TKSK nominee of Kota Banjarmasin, the fixture juror's own kota: never on their list. */
export const OWN_REGION_NOMINEE: NominationView = {
  id: 'nom-banjarmasin',
  number: 'KALSEL-2026-TKSK-004',
  categoryCode: 'TKSK',
  nomineeName: 'Hj. Aminah',
  regionName: 'Kota Banjarmasin',
  answers: { nama: 'Hj. Aminah', kategori: 'TKSK' },
  scored: false,
};

export const OWN_NOMINATION: NominationView = {
  id: 'nom-tabalong',
  number: 'KALSEL-2026-TKSK-004',
  categoryCode: 'TKSK',
  nomineeName: 'Budi Santoso',
  regionName: 'Kabupaten Tabalong',
  answers: {
    kategori: 'TKSK',
    nama: 'Budi Santoso',
    nik: '6309011203850001',
    tempat_lahir: 'Tanjung',
    tanggal_lahir: '1985-03-12',
    jenis_kelamin: 'L',
    pendidikan: 'SMA',
    pekerjaan: 'Wiraswasta',
    no_hp: '+6281251234567',
    kecamatan: '63.09.11',
    kecamatan_nama: 'Jaro',
    desa: '63.09.11.2002',
    desa_nama: 'Purui',
    alamat: 'Jl. Jaro Raya RT 02',
    bukti_terdaftar: 'SK Bupati 460/12/2024',
    aktif_sejak: 2010,
    kecamatan_penugasan: 'Jaro',
    nomor_sk_penugasan: 'SK Mensos 12/HUK/2026',
    tahun_pertama_bertugas: 2010,
    tugas_pokok: 'Pendataan PMKS di 12 desa dan pendampingan PKH.',
    kerja_sama: 'Bekerja sama dengan CSR Adaro dan BRI untuk bedah rumah.',
    inovasi: 'Lumbung pangan desa untuk lansia terlantar.',
    foto_kegiatan: {
      media: [
        { kind: 'photo', fileRef: 'photo-a', caption: 'Bedah rumah' },
        { kind: 'photo', fileRef: 'photo-b' },
        { kind: 'photo', fileRef: 'photo-c' },
      ],
    },
    sk_penugasan: { media: [{ kind: 'document', fileRef: 'sk-a', fileName: 'sk.pdf' }] },
    dokumen: null,
    pernyataan_terdaftar_sebagai_pilar: 'YA',
    pernyataan_tanpa_hubungan_dengan_juri: 'YA',
  },
};

type Who = 'officer' | 'juror' | 'unregistered';

export interface CtxOptions {
  locale?: Locale;
  myNominations?: NominationView[];
  /** The juror's whole list (the stand-in for the database; a message sees the page it wants). */
  jurorNominees?: NominationView[];
  /** Nominees of the juror's categories from their own kabupaten/kota (never listed). */
  ownRegionNominees?: NominationView[];
  nominate?: null | { id: string; en: string };
  score?: null | { id: string; en: string };
  result?: null | { id: string; en: string };
  /** A seleksi without categories for this person. */
  noCategories?: boolean;
}

/** Where a juror context keeps the whole list (copied by spreads, unseen by the engine). */
const WHOLE = Symbol('whole juror list');
interface Whole {
  all: NominationView[];
  own: NominationView[];
}

/** The sequence at the end of a nomination number (KALSEL-2026-TKSK-007 → 7). */
function seqOf(number: string): number {
  return Number(/(\d+)$/.exec(number)?.[1] ?? Number.NaN);
}

/** A page as the app's SQL gives it (src/db/juror-sql.ts), from the whole list. */
function pageOf(whole: Whole, window: ListWindow): NomineePage {
  const counted = whole.all.filter((n) => !n.recused);
  const q = window.query?.trim().toLowerCase() ?? null;
  const hit = (n: NominationView) =>
    q === null
      ? !n.scored && !n.recused && !n.pending
      : /^\d+$/.test(q)
        ? seqOf(n.number) === Number(q)
        : [n.nomineeName, n.number, n.regionName].some((s) => s.toLowerCase().includes(q));
  const hits = whole.all.filter(hit);
  return {
    window,
    items: hits.slice(window.offset, window.offset + PAGE_SIZE),
    matches: hits.length,
    hiddenOwn: q === null ? 0 : whole.own.filter(hit).length,
    done: counted.filter((n) => n.scored || n.pending).length,
    total: counted.length,
  };
}

/**
 * The context as the app derives it from its data (seleksiContext): the engine's fields (role,
 * refusals, variables, paged lists) follow `data`, so a test changes the data only.
 */
export function derived(base: SeleksiContext): SeleksiContext {
  return { ...base, ...seleksiContext({ ...base }) };
}

/** The context with the juror lists `wants` names, as the app loads them. */
export function listsFor(base: SeleksiContext, wants: ListWants): SeleksiContext {
  const whole = (base as SeleksiContext & { [WHOLE]?: Whole })[WHOLE];
  if (!whole) return derived(base);
  const lists = { ...base.data.lists };
  const want = wants[JUROR_NOMINEES];
  const id = want?.chosen ?? null;
  if (id !== null) lists.jurorChosen = { id, nominee: whole.all.find((n) => n.id === id) ?? null };
  if (want?.window) lists.jurorPage = pageOf(whole, want.window);
  return derived({ ...base, data: { ...base.data, lists } });
}

/** engine.handle as the app calls it: with the lists the message wants, and more if it needs them. */
export function handleWithLists(
  engine: FlowEngine,
  state: SessionState,
  input: InboundContent,
  base: SeleksiContext,
): EngineResult {
  let wants = engine.wants(state, input);
  for (let attempt = 0; ; attempt++) {
    const result = engine.handle(state, input, listsFor(base, wants));
    if (!result.needs || attempt >= 2) return result;
    const need = result.needs[JUROR_NOMINEES];
    const was = wants[JUROR_NOMINEES];
    wants = {
      ...wants,
      [JUROR_NOMINEES]: {
        window: need?.window ?? was?.window ?? null,
        chosen: need?.chosen ?? was?.chosen ?? null,
      },
    };
  }
}

/** The fixed context for one kind of person. */
export function contextFor(who: Who, opts: CtxOptions = {}): SeleksiContext {
  const locale = opts.locale ?? 'id';
  const cats = categories();
  const person =
    who === 'officer'
      ? {
          id: 'p-officer',
          name: 'Rina Marlina',
          role: 'OFFICER' as const,
          regionCode: '63.09',
          regionName: 'Kabupaten Tabalong',
        }
      : who === 'juror'
        ? {
            id: 'p-juror',
            name: 'Dr. Hasan Basri',
            role: 'JUROR' as const,
            regionCode: '63.71',
            regionName: 'Kota Banjarmasin',
          }
        : null;
  const data: SeleksiData = {
    person,
    seleksi: person
      ? {
          id: 'sel-kalsel-2026',
          code: 'KALSEL-2026',
          name: 'Seleksi Pilar Sosial Kalimantan Selatan 2026',
          phase: who === 'juror' ? 'SCORING' : 'NOMINATION',
          categories: opts.noCategories ? [] : who === 'juror' ? cats.filter((c) => c.code === 'TKSK') : cats,
        }
      : null,
    allowed: { nominate: opts.nominate ?? null, score: opts.score ?? null },
    lists: {
      kecamatan: who === 'officer' ? KECAMATAN_TABALONG : [],
      desaOf: (code) => DESA[code] ?? [],
      myNominations: who === 'officer' ? (opts.myNominations ?? []) : [],
    },
    result: opts.result ?? null,
  };
  const status = {
    id:
      who === 'juror'
        ? 'Status: tahap penilaian. 1 dari 3 sudah dinilai.'
        : 'Status: tahap nominasi. Nominasi Anda: 0.',
    en:
      who === 'juror'
        ? 'Status: scoring phase. 1 of 3 scored.'
        : 'Status: nomination phase. Your nominations: 0.',
  };
  return {
    ...seleksiContext({ locale, now: new Date('2026-06-15T03:00:00Z'), status, data }),
    ...(who === 'juror'
      ? { [WHOLE]: { all: opts.jurorNominees ?? jurorNominees(), own: opts.ownRegionNominees ?? [] } }
      : {}),
  };
}

/** One scripted input: typed text, or another kind of message. */
export type ScriptInput = string | InboundContent;

function describeInput(input: ScriptInput): string {
  if (typeof input === 'string')
    return input.length > 80 ? `${input.slice(0, 40)}… (${input.length} characters)` : input;
  switch (input.type) {
    case 'text':
      return input.text.length > 80
        ? `${input.text.slice(0, 40)}… (${input.text.length} characters)`
        : input.text;
    case 'choice':
      return `[button ${input.value}${input.token ? ` token=${input.token}` : ''}]`;
    case 'media':
      return `[${input.kind} ${input.fileRef}${input.caption ? ` "${input.caption}"` : ''}]`;
    case 'sticker':
      return '[sticker]';
    case 'location':
      return `[location ${input.latitude},${input.longitude}]`;
    case 'contact':
      return `[contact ${input.phone}]`;
    case 'unsupported':
      return `[${input.what}]`;
  }
}

/** Renders bot messages the way the console channel shows them: text, then numbered options. */
export function renderOutbound(result: EngineResult): string[] {
  const lines: string[] = [];
  for (const m of result.outbox) {
    for (const line of m.text.split('\n')) lines.push(`< ${line}`);
    (m.choices ?? []).forEach((c, i) => {
      lines.push(`<   ${i + 1}. ${c.label}`);
    });
    for (const f of m.files ?? [])
      lines.push(`< [${f.kind} ${f.localPath ?? f.fileRef}${f.caption ? ` "${f.caption}"` : ''}]`);
  }
  for (const e of result.effects) lines.push(`* effect ${JSON.stringify(e)}`);
  return lines;
}

/** Runs inputs through the engine and returns the transcript (and the last state). */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * Runs inputs through the engine and returns the transcript (and the last state). With
 * `storeLike`, the state goes through JSON (as in Postgres) and is frozen before every call, so a
 * non-serialisable state or an engine that mutates its input fails the run.
 */
export function runScript(
  engine: FlowEngine,
  ctx: SeleksiContext | ((state: SessionState) => SeleksiContext),
  inputs: ScriptInput[],
  initial?: SessionState,
  storeLike = false,
): { transcript: string; state: SessionState; results: EngineResult[] } {
  let state = initial ?? engine.initialState(typeof ctx === 'function' ? 'id' : ctx.locale);
  const lines: string[] = [];
  const results: EngineResult[] = [];
  let lastToken: string | undefined;
  for (const raw of inputs) {
    let input: InboundContent = typeof raw === 'string' ? { type: 'text', text: raw } : raw;
    // `{type:'choice', token:'$last'}` presses a button of the latest question.
    if (input.type === 'choice' && input.token === '$last') input = { ...input, token: lastToken };
    lines.push(`> ${describeInput(input)}`);
    const c = typeof ctx === 'function' ? ctx(state) : { ...ctx, locale: state.locale };
    if (storeLike) state = deepFreeze(JSON.parse(JSON.stringify(state)) as SessionState);
    const result = handleWithLists(engine, state, input, c);
    results.push(result);
    lines.push(...renderOutbound(result));
    lines.push('');
    state = result.state;
    for (const m of result.outbox) if (m.token) lastToken = m.token;
  }
  return { transcript: lines.join('\n'), state, results };
}
