import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importMembers } from '../../src/app/members-import.ts';
import { projectRoot } from '../../src/config/project-root.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { seedSmallSeleksi } from '../support/seleksi-fixture.ts';

const run = promisify(execFile);

describe('seleksi members import', () => {
  let db: TestDb;
  let seleksiId: string;
  beforeAll(async () => {
    db = await createTestDb('members_import');
    seleksiId = (await seedSmallSeleksi(db.prisma)).id;
  });
  afterAll(() => db?.drop());

  it('pre-registers people by phone (+62…) with a member role and their kabupaten; a re-import changes nothing', async () => {
    const officer = await db.prisma.person.create({
      data: { name: 'Petugas Rahmat', phone: '+6281200000003' },
    });
    const csv = [
      'Nama;No HP;Kabupaten/Kota',
      'Siti Aminah;0812-0000-0001;Tabalong',
      'Budi;+62 812 0000 0002;',
      'Rahmat (daftar);6281200000003;banjar',
    ].join('\n');
    const progress: number[] = [];
    const first = await importMembers(db.prisma, {
      seleksi: 'KALSEL-2026',
      csv,
      batchSize: 2,
      onProgress: (done) => progress.push(done),
    });
    expect(first).toMatchObject({
      rows: 3,
      imported: 3,
      peopleCreated: 2,
      membershipsCreated: 3,
      errors: [],
    });
    expect(progress).toEqual([0, 2, 3]);
    const members = await db.prisma.membership.findMany({
      where: { seleksiId, role: 'MEMBER' },
      include: { person: true },
      orderBy: { person: { phone: 'asc' } },
    });
    expect(members.map((m) => [m.person.name, m.person.phone, m.regionCode])).toEqual([
      ['Siti Aminah', '+6281200000001', '63.09'],
      ['Budi', '+6281200000002', null],
      // An existing person keeps their name and gains the member role.
      ['Petugas Rahmat', '+6281200000003', '63.03'],
    ]);
    expect(members[2]!.personId).toBe(officer.id);
    const again = await importMembers(db.prisma, { seleksi: seleksiId, csv });
    expect(again).toMatchObject({ imported: 3, peopleCreated: 0, membershipsCreated: 0 });
    expect(await db.prisma.person.count()).toBe(3);
  });

  it('reports each bad row by line, imports the others and exits 1 (the CLI)', async () => {
    const file = join(tmpdir(), `members-${process.pid}.csv`);
    writeFileSync(
      file,
      'name,phone,kabupaten\nAni,081200000010,Tabalong\n,081200000011,\nTono,12345,\nTini,081200000012,Atlantis\nAni Lagi,0812-0000-0010,\n',
    );
    const failed = await run(
      'node',
      ['bin/seleksi.js', 'members', 'import', '--file', file, '--seleksi', seleksiId],
      {
        cwd: projectRoot,
        env: { ...process.env, DATABASE_URL: db.url },
      },
    ).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect((failed as { code: number }).code).toBe(1);
    const { stdout, stderr } = failed as { stdout: string; stderr: string };
    expect(stdout).toMatch(/diimpor: 1 dari 5 baris/);
    expect(stderr).toContain('baris 3: nama kosong');
    expect(stderr).toMatch(/baris 4: Nomor HP Indonesia diawali 08/);
    expect(stderr).toContain('baris 5: wilayah "Atlantis" tidak ada');
    expect(stderr).toContain('baris 6: nomor +6281200000010 sudah ada di baris 2');
    expect(await db.prisma.person.count({ where: { phone: '+6281200000010' } })).toBe(1);
  });

  it('takes the only seleksi when --seleksi is left out (the PRODUCT.md form)', async () => {
    const result = await importMembers(db.prisma, { csv: 'nama,no_hp\nEka,081200000020\n' });
    expect(result).toMatchObject({ seleksiCode: 'KALSEL-2026', imported: 1 });
  });

  it('refuses a file without name and phone columns in one line', async () => {
    await expect(importMembers(db.prisma, { seleksi: seleksiId, csv: 'a,b\n1,2\n' })).rejects.toThrow(
      /judul kolom .*nama.*no_hp/,
    );
  });
});
