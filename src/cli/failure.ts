import type { CommanderError } from 'commander';
import { DEFAULT_DATABASE_URL } from '../config/config.ts';
import { ConfigError } from '../config/config-error.ts';
import { CliError } from './errors.ts';

/**
 * Every failure of the `seleksi` command as ONE line (PRODUCT.md §5): usage errors from commander,
 * expected failures (CliError, ConfigError), an unreachable or unmigrated database, and anything
 * else as "unexpected error" with its first line only (SELEKSI_DEBUG=1 prints the stack).
 */
export interface FailureLine {
  line: string;
  exitCode: number;
}

/** Commander's error codes → Indonesian first; commander's own English text follows in brackets. */
const USAGE_ID: Record<string, string> = {
  'commander.missingArgument': 'argumen wajib tidak ada',
  'commander.optionMissingArgument': 'opsi memerlukan nilai',
  'commander.missingMandatoryOptionValue': 'opsi wajib tidak ada',
  'commander.unknownOption': 'opsi tidak dikenal',
  'commander.unknownCommand': 'perintah tidak dikenal',
  'commander.excessArguments': 'argumen berlebih',
  'commander.invalidArgument': 'nilai tidak sah',
  'commander.conflictingOption': 'opsi saling bertentangan',
};

/** A usage error of `command` (e.g. "open"): one line, with where to read the help. */
export function usageLine(error: CommanderError, command: string | undefined): string {
  const english = error.message.replace(/^error:\s*/, '').split('\n')[0]!;
  const id = USAGE_ID[error.code] ?? 'penggunaan salah';
  const help = command ? `seleksi ${command} --help` : 'seleksi --help';
  return `${id} (${english}); lihat (see) ${help}`;
}

/** host:port of a database URL, for messages (never the password). */
export function databaseHost(databaseUrl: string | undefined): string {
  try {
    const url = new URL(databaseUrl || DEFAULT_DATABASE_URL);
    return `${url.hostname}:${url.port || '5432'}`;
  } catch {
    return '?';
  }
}

function errorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; errorCode?: unknown; cause?: unknown; errors?: unknown[] };
  if (typeof e?.code === 'string') return e.code;
  if (typeof e?.errorCode === 'string') return e.errorCode;
  if (Array.isArray(e?.errors)) return errorCode(e.errors[0]);
  if (e?.cause) return errorCode(e.cause);
  return undefined;
}

const UNREACHABLE = new Set(['P1001', 'P1017', 'ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT']);

/** The one line for a database that cannot be used (unreachable, missing, not migrated); else null. */
export function databaseLine(error: unknown, databaseUrl: string | undefined): string | null {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const host = databaseHost(databaseUrl);
  if ((code && UNREACHABLE.has(code)) || /Can't reach database server|ECONNREFUSED/.test(message))
    return `Tidak dapat terhubung ke database di ${host} (DATABASE_URL) (cannot connect to the database)`;
  if (code === 'P1003' || code === '3D000' || /database .* does not exist/.test(message))
    return `Database di ${host} belum ada; jalankan seleksi migrate (the database does not exist: run seleksi migrate)`;
  if (code === 'P2021' || code === '42P01' || /table .* does not exist/.test(message))
    return `Database di ${host} belum dimigrasi; jalankan seleksi migrate (the database has no tables: run seleksi migrate)`;
  if (code === 'P1000' || code === '28P01' || code === '28000')
    return `Database di ${host} menolak login (DATABASE_URL) (authentication failed)`;
  return null;
}

/** The line and exit status for any failure that reached main. */
export function failureLine(error: unknown, databaseUrl: string | undefined): FailureLine {
  if (error instanceof CliError) return { line: error.message, exitCode: error.exitCode };
  if (error instanceof ConfigError) return { line: error.message, exitCode: 1 };
  const db = databaseLine(error, databaseUrl);
  if (db) return { line: db, exitCode: 1 };
  const message = error instanceof Error ? error.message : String(error);
  // Prisma's messages start with where it was called ("Invalid `prisma.x()` invocation in …"); the
  // reason is the last line.
  const lines = message.split('\n').filter((l) => l.trim() !== '');
  const reason =
    (message.startsWith('\nInvalid') || message.startsWith('Invalid') ? lines.at(-1) : lines[0]) ?? '';
  return { line: `kesalahan tak terduga (unexpected error): ${reason.trim()}`, exitCode: 1 };
}
