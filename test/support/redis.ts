import { DEFAULT_REDIS_URL } from '../../src/config/config.ts';

export const testRedisUrl = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? DEFAULT_REDIS_URL;

/** A queue prefix no other test file uses, so files can run in parallel on one Redis. */
export function uniqueQueuePrefix(label: string): string {
  return `test-${label}-${process.pid}-${Date.now().toString(36)}`;
}
