import { Redis } from 'ioredis';
import { RecnasError } from '@recnas/core';

/** `redis://` or `rediss://` (TLS) URLs only: what `--queue`, `search.queue` and `recnas worker --redis` take. */
export function isRedisUrl(value: string): boolean {
  return /^rediss?:\/\/[^\s]+$/.test(value);
}

/**
 * A Redis connection for BullMQ (`maxRetriesPerRequest: null`: commands wait through a reconnect instead
 * of failing). `onNotice` hears one line when the connection is lost and one when it is back.
 */
export function openRedis(url: string, onNotice: (line: string) => void = () => undefined): Redis {
  if (!isRedisUrl(url)) throw new RecnasError('USAGE', `${url} is not a Redis URL (expected redis://host:port or rediss://host:port)`);
  const redis = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true, retryStrategy: (times) => Math.min(times * 200, 2000) });
  let wasReady = false;
  let lost = false;
  redis.on('ready', () => {
    if (lost) onNotice(`reconnected to ${url}`);
    wasReady = true;
    lost = false;
  });
  redis.on('close', () => {
    if (wasReady && !lost) onNotice(`lost the connection to ${url}: reconnecting (nothing is lost; work resumes when Redis is back)`);
    lost = wasReady;
  });
  // ioredis reports every failed reconnect as an error event; the notices above say it once.
  redis.on('error', () => undefined);
  return redis;
}

/** Connects, or fails after `timeoutMs` with an error that names the URL (not an endless retry). */
export async function connectRedis(redis: Redis, url: string, timeoutMs = 10_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RecnasError('IO', `cannot reach Redis at ${url} within ${timeoutMs / 1000} s: is redis-server running there?`, { url })), timeoutMs);
  });
  try {
    await Promise.race([redis.connect().then(() => redis.ping()), timeout]);
  } catch (error) {
    redis.disconnect();
    if (error instanceof RecnasError) throw error;
    throw new RecnasError('IO', `cannot reach Redis at ${url}: ${(error as Error).message}`, { url }, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}
