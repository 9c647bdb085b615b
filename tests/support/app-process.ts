/**
 * What the real-app servers (Redmine, Cockpit) share: a child process whose output is kept for failure
 * messages, a bounded wait for its first HTTP answer, and a stop that never leaves the process behind.
 */
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { request } from 'node:http';

export interface AppProcess {
  child: ChildProcess;
  /** The last few kB the process wrote to stdout and stderr. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts `command` with its output captured (the tail only, so a chatty server cannot fill memory). */
export function startProcess(command: string, args: string[], options: SpawnOptions): AppProcess {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-6000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let stopped: Promise<void> | null = null;
  return {
    child,
    output: () => tail,
    stop() {
      stopped ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      })();
      return stopped;
    },
  };
}

/** Status of one GET, or null when nothing answered. */
function probe(url: string): Promise<number | null> {
  return new Promise((resolve) => {
    const req = request(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? null);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(null));
    req.end();
  });
}

/**
 * Resolves once `url` answers with a status below 500; rejects with the process output when the process
 * exits first or `timeoutMs` passes, so a broken install says why instead of timing a test out.
 */
export async function waitForHttp(
  app: AppProcess,
  url: string,
  what: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { exitCode, signalCode } = app.child;
    if (exitCode !== null || signalCode !== null) {
      throw new Error(`${what} exited (${exitCode ?? signalCode}) before answering:\n${app.output()}`);
    }
    const status = await probe(url);
    if (status !== null && status < 500) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} did not answer ${url} within ${timeoutMs / 1000} s:\n${app.output()}`);
}
