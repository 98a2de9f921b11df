/** A throw-away `redis-server` on 127.0.0.1 (no persistence), for the queue tests. */
export interface TestRedis {
  readonly url: string;
  readonly port: number;
  /** Kills the server (SIGKILL: everything in it is lost) and starts a fresh one on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Where redis-server is, or undefined (the queue tests then skip, saying so); with RECNAS_REQUIRE_REDIS=1
 * (CI, where it is installed) a missing server is an error instead of a skip.
 */
export function redisServerPath(): string | undefined;

/** Starts redis-server on a random port and resolves once it accepts connections. */
export function startTestRedis(binary: string): Promise<TestRedis>;
