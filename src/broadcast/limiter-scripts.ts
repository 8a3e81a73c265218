/**
 * The Lua scripts of the channel limiter (limiter.ts), run on Redis so every process shares one
 * schedule per channel.
 */

import type { Redis } from 'ioredis';

/**
 * KEYS: the schedule (next free slot, µs), the pause (µs). ARGV: interval µs, slots wanted, how far
 * ahead a reservation may reach (µs), extra µs after the block (jitter), 1 = take without limit.
 * Returns { delay µs until the first slot, interval µs } or { -1, µs to wait before asking again }.
 */
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
local pause = tonumber(redis.call('GET', KEYS[2]) or '0')
if tat < now then tat = now end
if tat < pause then tat = pause end
local interval = tonumber(ARGV[1])
local n = tonumber(ARGV[2])
if ARGV[5] ~= '1' and tat - now > tonumber(ARGV[3]) then
  return { -1, tat - now - tonumber(ARGV[3]) }
end
local after = tat + n * interval + tonumber(ARGV[4])
redis.call('SET', KEYS[1], tostring(after), 'PX', math.floor((after - now) / 1000) + 60000)
return { tat - now, interval }
`;

/** KEYS: the pause. ARGV: pause length µs. Keeps the later of the old and new ends. */
const PAUSE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local untilAt = now + tonumber(ARGV[1])
local old = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilAt > old then
  redis.call('SET', KEYS[1], tostring(untilAt), 'PX', math.floor(tonumber(ARGV[1]) / 1000) + 1000)
end
return 1
`;

export type LimiterRedis = Redis & {
  seleksiReserve(tat: string, pause: string, ...args: string[]): Promise<[number, number]>;
  seleksiPause(pause: string, micros: string): Promise<number>;
};

/** The Redis connection with the limiter's scripts defined on it (once per connection). */
export function withScripts(redis: Redis): LimiterRedis {
  const r = redis as LimiterRedis;
  if (typeof r.seleksiReserve !== 'function') {
    redis.defineCommand('seleksiReserve', { numberOfKeys: 2, lua: RESERVE });
    redis.defineCommand('seleksiPause', { numberOfKeys: 1, lua: PAUSE });
  }
  return r;
}
