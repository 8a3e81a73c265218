import { describe, expect, it } from 'vitest';
import { DEFAULT_DATABASE_URL, loadConfig } from '../../src/config/config.ts';
import { ConfigError } from '../../src/config/config-error.ts';

describe('loadConfig', () => {
  it('applies the PRODUCT.md defaults', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBe(DEFAULT_DATABASE_URL);
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.TELEGRAM_BOT_TOKEN).toBeUndefined();
    expect(config.TELEGRAM_API_ROOT).toBe('https://api.telegram.org');
    expect(config.WHATSAPP_ENABLED).toBe(false);
    expect(config.TELEGRAM_RATE_PER_SEC).toBe(25);
    expect(config.WHATSAPP_MIN_GAP_MS).toBe(4000);
  });

  it('names the variable of a bad value in one line', () => {
    expect(() => loadConfig({ TELEGRAM_RATE_PER_SEC: 'fast' })).toThrow(/^Invalid TELEGRAM_RATE_PER_SEC: /);
    expect(() => loadConfig({ REDIS_URL: 'localhost' })).toThrow(ConfigError);
    expect(() => loadConfig({ WHATSAPP_ENABLED: 'maybe' })).toThrow(/WHATSAPP_ENABLED/);
  });

  it('requires a webhook secret with a webhook URL', () => {
    expect(() => loadConfig({ TELEGRAM_WEBHOOK_URL: 'https://example.org/hook' })).toThrow(
      /TELEGRAM_WEBHOOK_SECRET/,
    );
  });

  it('reads booleans and numbers', () => {
    const config = loadConfig({ WHATSAPP_ENABLED: 'true', WHATSAPP_MIN_GAP_MS: '0', TELEGRAM_BOT_TOKEN: '' });
    expect(config.WHATSAPP_ENABLED).toBe(true);
    expect(config.WHATSAPP_MIN_GAP_MS).toBe(0);
    expect(config.TELEGRAM_BOT_TOKEN).toBeUndefined();
  });
});
