import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, maskPersonalData } from '../../src/log.ts';

/** A logger writing into memory; `written()` gives what it wrote once pino has flushed. */
function capturedLog() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const written = async () => {
    await new Promise((r) => setImmediate(r));
    return lines.join('');
  };
  return { log: createLogger({ destination }), written };
}

describe('log redaction', () => {
  it('masks NIK and Indonesian phone numbers in text', () => {
    const text = maskPersonalData('NIK 6309011234567890, HP 081234567890 / +62 812-3456-7891');
    expect(text).not.toContain('6309011234567890');
    expect(text).not.toContain('081234567890');
    expect(text).not.toContain('3456-7891');
    expect(text).toContain('6309************');
  });

  it('masks nested fields and messages of a log line', async () => {
    const { log, written } = capturedLog();
    log.info({ answers: { nik: '6309011234567890', hp: ['6281234567890'] } }, 'got 081298765432');
    const line = await written();
    expect(line).toContain('"answers"');
    expect(line).not.toMatch(/6309011234567890|6281234567890|081298765432/);
  });

  it('masks personal data inside errors (message, stack, causes) and keeps their code and detail', async () => {
    const { log, written } = capturedLog();
    const cause = Object.assign(new Error('duplicate key (nik)=(6309011234567890)'), {
      code: '23505',
      detail: 'Key (nik)=(6309011234567890) already exists.',
    });
    const error = Object.assign(new Error('insert failed for 081298765432', { cause }), { code: 'P2002' });
    log.error({ err: error }, 'write failed');
    const line = await written();
    expect(line).not.toMatch(/6309011234567890|081298765432/);
    const parsed = JSON.parse(line) as { err: Record<string, unknown> };
    expect(parsed.err).toMatchObject({ type: 'Error', code: 'P2002' });
    expect(String(parsed.err.stack)).toContain('insert failed for ****432');
    expect(JSON.stringify(parsed.err)).toContain('"code":"23505"');
    expect(JSON.stringify(parsed.err)).toContain('(6309************) already exists');
  });

  it("masks a NIK in an error's own message and stack, keeping its code, detail and cause", async () => {
    const { log, written } = capturedLog();
    const error = Object.assign(
      new Error('nominee 6309011234567890 rejected', { cause: new Error('row locked') }),
      {
        code: '23514',
        detail: 'Failing row contains (6309011234567890).',
      },
    );
    expect(error.stack).toContain('6309011234567890');
    log.error({ err: error }, 'write failed');
    const line = await written();
    expect(line).not.toContain('6309011234567890');
    const parsed = JSON.parse(line) as { err: Record<string, unknown> };
    expect(parsed.err).toMatchObject({
      code: '23514',
      detail: 'Failing row contains (6309************).',
      message: 'nominee 6309************ rejected',
    });
    expect(String(parsed.err.stack)).toContain('nominee 6309************ rejected');
    expect(JSON.stringify(parsed.err.cause)).toContain('row locked');
  });
});
