import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, maskPersonalData } from '../../src/log.ts';

describe('log redaction', () => {
  it('masks NIK and Indonesian phone numbers in text', () => {
    const text = maskPersonalData('NIK 6309011234567890, HP 081234567890 / +62 812-3456-7891');
    expect(text).not.toContain('6309011234567890');
    expect(text).not.toContain('081234567890');
    expect(text).not.toContain('3456-7891');
    expect(text).toContain('6309************');
  });

  it('masks nested fields and messages of a log line', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger({ destination });
    log.info({ answers: { nik: '6309011234567890', hp: ['6281234567890'] } }, 'got 081298765432');
    await new Promise((r) => setImmediate(r));
    const line = lines.join('');
    expect(line).toContain('"answers"');
    expect(line).not.toMatch(/6309011234567890|6281234567890|081298765432/);
  });
});
