import type { Command } from 'commander';
import { etaOf } from '../../app/publish.ts';
import { getSeleksiStatus, localDay, type SeleksiStatus } from '../../app/status.ts';
import { warningText } from '../../app/status-warnings.ts';
import { channelPaces } from '../../broadcast/start.ts';
import { withServices } from '../../console.ts';
import { phaseLabel, type RoleName } from '../../domain/permissions.ts';
import { readQueueStats } from '../../queue/stats.ts';
import { duration } from '../duration.ts';
import { asCliErrors } from '../known-errors.ts';
import { printJson } from '../runtime.ts';

const ROLE_ID: Record<RoleName, string> = {
  OFFICER: 'petugas',
  JUROR: 'juri',
  MEMBER: 'anggota',
  ADMIN: 'admin',
};

type QueueView = Awaited<ReturnType<typeof readQueueStats>>;

/** A progress bar in text: [██████░░░░] 60%. */
export function textBar(done: number, total: number, width = 20): string {
  const share = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(share * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${Math.floor(share * 100)}%`;
}

/** The status as lines for people (Bahasa Indonesia first; English in brackets where it helps). */
export function renderStatus(s: SeleksiStatus, queue?: QueueView, etas?: Record<string, number>): string {
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
  if (s.jurors.length > 0) lines.push('Juri (jurors): dinilai/harus dinilai (scored/expected)');
  for (const j of s.jurors) {
    const extra = [j.recused ? `mundur ${j.recused}` : '', j.conflicts ? `konflik ${j.conflicts}` : '']
      .filter(Boolean)
      .join(', ');
    const home = j.homeRegionName ?? j.homeRegion;
    lines.push(
      `  ${j.name} — ${j.categories.join(', ')}${home ? `; ${home}` : ''}: ${j.done}/${j.expected}${extra ? ` (${extra})` : ''}`,
    );
  }
  for (const w of s.warnings)
    lines.push(`⚠️ ${warningText(w, 'id', s.timezone)} (${warningText(w, 'en', s.timezone)})`);
  lines.push(
    `Kiriman (submissions): ${s.counts.submissions.pending} menunggu (pending), ${s.counts.submissions.failed} gagal (failed)`,
  );
  if (queue) lines.push(...renderQueue(queue));
  if (s.broadcasts.length === 0) lines.push('Siaran (broadcasts): belum ada (none)');
  for (const b of s.broadcasts) {
    const done = b.total - b.pending;
    const eta = etas?.[b.id];
    lines.push(
      `Siaran ${b.kind} ${b.status.toLowerCase()}: ${textBar(done, b.total)} terkirim ${b.sent}/${b.total}, gagal ${b.failed}, tak pasti ${b.unknown}, dilewati ${b.skipped}, antre ${b.pending}` +
        (b.cancelled ? `, dibatalkan ${b.cancelled}` : '') +
        (b.pending > 0 && eta !== undefined ? `; perkiraan selesai ${duration(eta)} (ETA)` : ''),
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
          // Seconds left per broadcast at the configured pace of its channels.
          const etas: Record<string, number> = {};
          for (const b of status.broadcasts) {
            if (b.pending > 0)
              etas[b.id] = Math.ceil(await etaOf({ prisma, channels: channelPaces(config) }, b.id));
          }
          const broadcasts = status.broadcasts.map((b) => ({ ...b, etaSeconds: etas[b.id] ?? 0 }));
          if (opts.json) printJson({ ...status, broadcasts, queue });
          else process.stdout.write(renderStatus(status, queue, etas));
        }),
      );
    });
}
