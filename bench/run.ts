/**
 * `npm run bench`: runs every bench/*-bench.ts in its own process, one after the other (they would
 * disturb each other's figures on a small machine), and prints one JSON document with their results.
 * Arguments filter by name: `npm run bench -- queue` runs bench/queue-bench.ts only.
 * Exit status 1 when a bench crashed or printed no JSON; missing a target is reported, not fatal.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

const dir = import.meta.dirname;
const filters = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('-bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

/** The bench's JSON document: the whole stdout, or else its last top-level `{ … }` block. */
function parseOutput(stdout: string): unknown {
  const text = stdout.trim();
  try {
    return JSON.parse(text);
  } catch {
    const start = text.lastIndexOf('\n{');
    return JSON.parse(start >= 0 ? text.slice(start + 1) : text);
  }
}

function runOne(
  file: string,
): Promise<{ file: string; ok: boolean; seconds: number; result?: unknown; error?: string }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(dir, file)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: process.env,
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.on('close', (code, signal) => {
      const seconds = Math.round(performance.now() - started) / 1000;
      if (code !== 0) {
        resolve({ file, ok: false, seconds, error: `exited with ${signal ?? `status ${code}`}` });
        return;
      }
      try {
        resolve({ file, ok: true, seconds, result: parseOutput(stdout) });
      } catch {
        resolve({ file, ok: false, seconds, error: 'printed no JSON document' });
      }
    });
  });
}

const results = [];
for (const file of files) {
  process.stderr.write(`bench: running ${file}…\n`);
  results.push(await runOne(file));
}
process.stdout.write(
  `${JSON.stringify(
    {
      ranAt: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        model: os.cpus()[0]?.model,
        node: process.version,
        loadavg: os.loadavg(),
      },
      results,
    },
    null,
    2,
  )}\n`,
);
if (files.length === 0) process.stderr.write('bench: no bench/*-bench.ts file matched\n');
process.exitCode = results.every((r) => r.ok) && files.length > 0 ? 0 : 1;
