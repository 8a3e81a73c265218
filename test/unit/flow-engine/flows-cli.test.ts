import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerFlows } from '../../../src/cli/commands/flows.ts';
import { CliError } from '../../../src/cli/errors.ts';

const root = join(import.meta.dirname, '..', '..', '..');

async function runValidate(args: string[]): Promise<{ out: string; error: unknown }> {
  const program = new Command('seleksi').exitOverride();
  registerFlows(program);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['node', 'seleksi', 'flows', 'validate', ...args]);
    return { out, error: undefined };
  } catch (error) {
    return { out, error };
  } finally {
    spy.mockRestore();
  }
}

describe('seleksi flows validate', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints OK for every shipped flow file', async () => {
    const { out, error } = await runValidate(['--dir', join(root, 'flows')]);
    expect(error).toBeUndefined();
    expect(out.match(/^OK /gm)).toHaveLength(4);
    expect(out).toMatch(/nomination\.yaml \(nomination v2\)/);
  });

  it('names file, step and problem and fails for broken files', async () => {
    const { out, error } = await runValidate(['--dir', join(root, 'test', 'fixtures', 'flows', 'broken')]);
    expect(error).toBeInstanceOf(CliError);
    expect((error as Error).message).toBe('17 of 17 flow files are invalid (see above)');
    expect(out).toMatch(/^ERROR .*duplicate-step-name\.yaml: step 'nama': duplicate step name/m);
  });

  it('reports a JSON document with --json', async () => {
    const { out, error } = await runValidate(['--dir', join(root, 'flows'), '--json']);
    expect(error).toBeUndefined();
    const doc = JSON.parse(out) as { ok: boolean; files: unknown[] };
    expect(doc.ok).toBe(true);
    expect(doc.files).toHaveLength(4);
  });
});
