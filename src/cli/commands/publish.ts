import { setTimeout as sleep } from 'node:timers/promises';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import {
  type BroadcastAction,
  type BroadcastProgress,
  broadcastProgress,
  controlBroadcast,
} from '../../app/broadcast-control.ts';
import { type ChannelPace, etaOf, publishResults } from '../../app/publish.ts';
import { openPublishDeps } from '../../broadcast/publish-deps.ts';
import type { Config } from '../../config/config.ts';
import { withServices } from '../../console.ts';
import type { PrismaClient } from '../../db/client.ts';
import { duration } from '../duration.ts';
import { CliError } from '../errors.ts';
import { asCliErrors } from '../known-errors.ts';
import { printJson } from '../runtime.ts';

interface PublishOptions {
  pause?: boolean;
  resume?: boolean;
  cancel?: boolean;
  follow?: boolean;
  resendUnknown?: boolean;
  top: string;
  json?: boolean;
  /** Report on stderr (after `close --json`, whose stdout is the ranking). */
  quiet?: boolean;
}

/** 1234 → "1.234" (Indonesian digit grouping). */
const num = (n: number) => n.toLocaleString('id-ID');

/** One line of a broadcast's progress (status, CLI, chat). */
export function progressLine(p: BroadcastProgress): string {
  const c = p.counts;
  return (
    `terkirim ${num(c.SENT)}, gagal ${num(c.FAILED)}, tak pasti ${num(c.UNKNOWN)}, antre ${num(p.pending)}` +
    (c.SKIPPED ? `, dilewati ${num(c.SKIPPED)}` : '') +
    (c.CANCELLED ? `, dibatalkan ${num(c.CANCELLED)}` : '') +
    ` dari ${num(p.total)} (sent, failed, unknown, pending)`
  );
}

/**
 * Follows a broadcast until nothing is pending or it is paused or stopped: a progress bar with
 * sent / failed / unknown / pending and the ETA (from the pace measured over the last 10 s, else the
 * configured one). Without a terminal it prints a line every few seconds instead.
 */
async function follow(prisma: PrismaClient, paces: ChannelPace[], ref: string): Promise<BroadcastProgress> {
  let p = await broadcastProgress(prisma, ref);
  const bar = new cliProgress.SingleBar(
    {
      format: '{bar} {percentage}% | {line} | ETA {etaText}',
      noTTYOutput: true,
      notTTYSchedule: 5_000,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const done = (q: BroadcastProgress) => q.total - q.pending;
  const history: { at: number; done: number }[] = [];
  bar.start(p.total, done(p), { line: progressLine(p), etaText: '…' });
  while (p.status === 'RUNNING' && p.pending > 0) {
    await sleep(1_000);
    p = await broadcastProgress(prisma, ref);
    history.push({ at: performance.now(), done: done(p) });
    while (history.length > 1 && history[0]!.at < performance.now() - 10_000) history.shift();
    const first = history[0]!;
    const last = history.at(-1)!;
    const measured = last.at > first.at ? ((last.done - first.done) * 1000) / (last.at - first.at) : 0;
    const eta = measured > 0 ? p.pending / measured : await etaOf({ prisma, channels: paces }, p.id);
    bar.update(done(p), { line: progressLine(p), etaText: duration(eta) });
  }
  bar.update(done(p), {
    line: progressLine(p),
    etaText: p.pending === 0 ? 'selesai' : p.status.toLowerCase(),
  });
  bar.stop();
  return p;
}

function actionOf(opts: PublishOptions): BroadcastAction | null {
  const chosen = (
    [
      ['pause', opts.pause],
      ['resume', opts.resume],
      ['cancel', opts.cancel],
      ['resend-unknown', opts.resendUnknown],
    ] as const
  ).filter(([, on]) => on);
  if (chosen.length > 1)
    throw new CliError('pilih satu dari --pause, --resume, --cancel, --resend-unknown (choose one)');
  return chosen[0]?.[0] ?? null;
}

/** Publishes (or controls, or follows) a seleksi's results broadcast; used by `publish` and `close --publish`. */
export async function runPublish(
  services: { config: Config; prisma: PrismaClient },
  id: string,
  opts: PublishOptions,
): Promise<void> {
  const action = actionOf(opts);
  const top = Number(opts.top);
  if (!Number.isInteger(top) || top < 1)
    throw new CliError(`--top harus bilangan bulat ≥ 1 (--top must be a whole number): ${opts.top}`);
  const { config, prisma } = services;
  const { deps, close } = openPublishDeps(prisma, config);
  try {
    await asCliErrors(async () => {
      if (action) {
        const p = await controlBroadcast(deps, id, action);
        if (opts.json && !opts.follow) return printJson(p);
        process.stdout.write(`${p.code}: siaran ${p.status.toLowerCase()} — ${progressLine(p)}\n`);
      } else {
        // Publishing again reports (and with --follow follows) the broadcast there is.
        const r = await publishResults(deps, id, { topN: top });
        if (opts.json && !opts.follow) return printJson(r);
        (opts.quiet ? process.stderr : process.stdout).write(
          `${r.code}: siaran hasil ${r.created ? 'dibuat' : r.status.toLowerCase()} — ${num(r.total)} pesan, ` +
            `perkiraan selesai ${duration(r.etaSeconds)} (results broadcast: ${r.total} messages, about ${r.etaSeconds} s)\n`,
        );
      }
      if (opts.follow) {
        const p = await follow(prisma, deps.channels, id);
        if (opts.json) printJson(p);
      }
    });
  } finally {
    await close();
  }
}

export function registerPublish(program: Command): void {
  program
    .command('publish')
    .description('Broadcast the results / siarkan hasil (pause, resume, cancel, follow)')
    .argument('<id>', 'seleksi id (or code)')
    .option('--pause', 'pause the broadcast (what is in flight finishes)')
    .option('--resume', 'resume a paused broadcast')
    .option('--cancel', 'cancel: nothing more is sent')
    .option('--resend-unknown', 'send again what a crashed sender may or may not have delivered')
    .option('--follow', 'show the progress until it is done')
    .option('--top <n>', 'how many of each category the rankings show', '10')
    .option('--json', 'print one JSON document')
    .action(async (id: string, opts: PublishOptions) => {
      await withServices((services) => runPublish(services, id, opts));
    });
}
