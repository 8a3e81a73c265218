import type { Command } from 'commander';
import { getSeleksiStatus, localDay, type SeleksiStatus } from '../../app/status.ts';
import { phaseLabel, type RoleName } from '../../domain/permissions.ts';
import { readQueueStats } from '../../queue/stats.ts';
import { asCliErrors } from '../known-errors.ts';
import { printJson, withServices } from '../runtime.ts';

const ROLE_ID: Record<RoleName, string> = {
  OFFICER: 'petugas',
  JUROR: 'juri',
  MEMBER: 'anggota',
  ADMIN: 'admin',
};

type QueueView = Awaited<ReturnType<typeof readQueueStats>>;

/** The status as lines for people (Bahasa Indonesia first; English in brackets where it helps). */
export function renderStatus(s: SeleksiStatus, queue?: QueueView): string {
  const roles = Object.keys(ROLE_ID) as RoleName[];
  const day = (iso: string | null) => localDay(iso, s.timezone);
  const lines = [
    `${s.code} — ${s.name}`,
    `id ${s.id}; ${s.level.toLowerCase()} ${s.region.name} (${s.region.code}), ${s.year}`,
    `Fase (phase): ${phaseLabel(s.phase, 'id')} (${s.phase.toLowerCase()})`,
    `Tenggat (deadlines): nominasi ${day(s.deadlines.nominationOpensAt)} – ${day(s.deadlines.nominationClosesAt)}, penilaian s.d. ${day(s.deadlines.scoringClosesAt)}`,
    `Undangan terpakai/dibuat (invites used/issued): ${roles.map((r) => `${ROLE_ID[r]} ${s.counts.invites[r].used}/${s.counts.invites[r].issued}`).join(', ')}`,
    `Anggota (members): ${roles.map((r) => `${ROLE_ID[r]} ${s.counts.members[r]}`).join(', ')}`,
    `Nominasi (nominations): ${s.counts.nominations.total} — ${Object.entries(s.counts.nominations.byCategory)
      .map(([c, n]) => `${c} ${n}`)
      .join(', ')}`,
    `Penilaian (score sheets done/expected): ${s.counts.scoreSheets.done}/${s.counts.scoreSheets.expected}`,
  ];
  for (const j of s.jurors) {
    const extra = [j.recused ? `mundur ${j.recused}` : '', j.conflicts ? `konflik ${j.conflicts}` : '']
      .filter(Boolean)
      .join(', ');
    lines.push(
      `  ${j.name} [${j.categories.join(',')}${j.homeRegion ? `; ${j.homeRegion}` : ''}]: ${j.done}/${j.expected}${extra ? ` (${extra})` : ''}`,
    );
  }
  lines.push(
    `Kiriman (submissions): ${s.counts.submissions.pending} menunggu (pending), ${s.counts.submissions.failed} gagal (failed)`,
  );
  if (queue) lines.push(...renderQueue(queue));
  if (s.broadcasts.length === 0) lines.push('Siaran (broadcasts): belum ada (none)');
  for (const b of s.broadcasts) {
    lines.push(
      `Siaran ${b.kind} ${b.status.toLowerCase()}: terkirim ${b.sent}/${b.total}, gagal ${b.failed}, dilewati ${b.skipped}, antre ${b.pending}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function renderQueue(q: QueueView): string[] {
  if ('redisError' in q) return [`Antrean (queue): Redis tidak terjangkau (unreachable): ${q.redisError}`];
  const lines = [
    `Antrean (queue): ${q.waiting} menunggu (waiting), ${q.active} diproses (active), ${q.delayed} ditunda (delayed), ${q.failed} gagal (failed jobs)`,
  ];
  for (const f of q.failedSubmissions.slice(0, 10)) {
    lines.push(`  kiriman gagal ${f.kind} ${f.id} (${f.createdAt}): ${f.error ?? '-'}`);
  }
  for (const j of q.failedJobs.slice(0, 10)) {
    lines.push(`  job gagal ${j.id} setelah ${j.attemptsMade} percobaan: ${j.failedReason}`);
  }
  return lines;
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('Phase, counts, juror and broadcast progress / status seleksi')
    .argument('<id>', 'seleksi id (or code)')
    .option('--json', 'print one JSON document')
    .action(async (id: string, opts: { json?: boolean }) => {
      await withServices(({ prisma, config }) =>
        asCliErrors(async () => {
          const status = await getSeleksiStatus(prisma, id);
          const queue = await readQueueStats({
            redisUrl: config.REDIS_URL,
            prefix: config.QUEUE_PREFIX,
            prisma,
            seleksiId: status.id,
          });
          if (opts.json) printJson({ ...status, queue });
          else process.stdout.write(renderStatus(status, queue));
        }),
      );
    });
}
