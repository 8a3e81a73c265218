/**
 * The seeding child of bench/juror-bench.ts: loads the official regions into the schema of the URL
 * given and seeds one scoring round per size given (`jurors` jurors each), then prints the rounds as
 * JSON ([size, round] pairs) on stdout. Apart from the bench's process so that the bench measures
 * only the bot's memory. Usage: juror-bench-seed.ts <database url> <jurors> <size>…
 */
import { createPrisma, pgPoolOf } from '../src/db/client.ts';
import { loadRegions } from '../src/db/regions.ts';
import { type ScoringRound, seedScoringRound } from '../test/support/juror-seed.ts';

const [url, jurors, ...sizes] = process.argv.slice(2);
if (!url || !jurors || sizes.length === 0)
  throw new Error('usage: juror-bench-seed.ts <url> <jurors> <size>…');
const prisma = createPrisma(url);
try {
  await loadRegions(pgPoolOf(prisma));
  const rounds: [number, ScoringRound][] = [];
  for (const size of sizes.map(Number)) {
    process.stderr.write(`juror-bench: seeding ${size} per category…\n`);
    const round = await seedScoringRound(
      { prisma },
      { perCategory: size, jurors: Number(jurors), prefix: `s${size}x` },
    );
    rounds.push([size, round]);
  }
  process.stdout.write(`${JSON.stringify(rounds)}\n`);
} finally {
  await prisma.$disconnect();
}
