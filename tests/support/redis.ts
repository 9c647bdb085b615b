/**
 * A private `redis-server` for tests: its own temp directory and a free loopback port, with a password,
 * no persistence, and `restart()` to test what happens when Redis goes away mid-run. Needs `redis-server`
 * (`npm run setup -- redis` installs it with apt as root; `npm test` does that in `pretest`).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';

export interface RedisServer {
  /** `redis://:<password>@127.0.0.1:<port>`: what users put in `REDIS_URL`. */
  url: string;
  port: number;
  /** Stops the server and starts a fresh one on the same port (all data lost: no persistence). */
  restart(): Promise<void>;
  /** Stops the server without starting it again (for "Redis went away" tests). */
  kill(): Promise<void>;
  /** The server log so far, for failure messages. */
  log(): Promise<string>;
  stop(): Promise<void>;
}

/** Path of `redis-server`, or null when it is not installed. */
export function findRedisServer(): string | null {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

export { freePort } from './ports.js';

/** Resolves once Redis answers PING (with auth) on the port; rejects when the child exits first. */
async function waitForPong(port: number, password: string, child: ChildProcess, deadline: number) {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    const ready = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.setTimeout(500, () => socket.destroy());
      socket.once('error', () => resolve(false));
      socket.once('close', () => resolve(false));
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().includes('PONG'));
      });
      socket.once('connect', () => socket.write(`AUTH ${password}\r\nPING\r\n`));
    });
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('redis-server did not answer PING within 10 s');
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * @example
 * const redis = await startRedis();
 * process.env.REDIS_URL = redis.url;
 * await redis.stop();
 */
export async function startRedis(): Promise<RedisServer> {
  const binary = findRedisServer();
  if (!binary) throw new Error('redis-server is not installed: run `npm run setup -- redis` as root.');
  const dir = await mkdtemp(join(tmpdir(), 'pw2fa-redis-'));
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const logFile = join(dir, 'redis.log');
  let child: ChildProcess | undefined;

  async function launch(): Promise<void> {
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--requirepass',
      password,
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
      '--logfile',
      logFile,
      '--daemonize',
      'no',
    ];
    child = spawn(binary as string, args, { stdio: 'ignore' });
    await waitForPong(port, password, child, Date.now() + 10_000);
  }

  async function kill(): Promise<void> {
    if (!child) return;
    const running = child;
    child = undefined;
    running.kill('SIGKILL');
    await exited(running);
  }

  await launch();
  return {
    url: `redis://:${password}@127.0.0.1:${port}`,
    port,
    async restart() {
      await kill();
      await launch();
    },
    kill,
    log: () => readFile(logFile, 'utf8').catch(() => ''),
    async stop() {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
