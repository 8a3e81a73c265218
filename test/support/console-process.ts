import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../src/config/project-root.ts';

/** A `seleksi chat` subprocess driven line by line through its stdin (no TTY: scripted mode). */
export interface ChatProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything written to stdout so far. */
  stdout(): string;
  stderr(): string;
  send(line: string): void;
  /** Resolves with the stdout written after `from` once it matches `pattern`. */
  waitFor(pattern: RegExp, from?: number, timeoutMs?: number): Promise<string>;
  /** Closes stdin and resolves with the exit code. */
  end(timeoutMs?: number): Promise<number | null>;
  /** SIGKILL, as a crash would. */
  kill(): Promise<void>;
}

/** Starts `node bin/seleksi.js chat ARGS` with env added to the current environment. */
export function spawnChat(args: string[], env: Record<string, string>): ChatProcess {
  const child = spawn(process.execPath, [join(projectRoot, 'bin', 'seleksi.js'), 'chat', ...args], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString('utf8');
    for (const l of listeners) l();
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString('utf8');
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    send(line) {
      child.stdin.write(`${line}\n`);
    },
    waitFor(pattern, from = 0, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const slice = out.slice(from);
          if (pattern.test(slice)) {
            cleanup();
            resolve(slice);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `timed out waiting for ${pattern}; stdout after ${from}:\n${out.slice(from)}\nstderr:\n${err}`,
            ),
          );
        }, timeoutMs);
        const onExit = () => {
          cleanup();
          reject(
            new Error(`chat exited waiting for ${pattern}; stdout:\n${out.slice(from)}\nstderr:\n${err}`),
          );
        };
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('close', onExit);
        };
        listeners.add(check);
        child.on('close', onExit);
        check();
      });
    },
    async end(timeoutMs = 40_000) {
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
