import { spawn } from 'node:child_process';
import { join } from 'node:path';

const CHILD = join(import.meta.dirname, 'turn-child.ts');

export interface TurnResult {
  code: string;
  window: number;
  handedOutAt: number;
}

/** Starts `turn-child.ts` as a real process and resolves with its JSON line. */
export function runChild(task: Record<string, unknown>): {
  result: Promise<Record<string, unknown>>;
  kill: () => void;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(task)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const result = new Promise<Record<string, unknown>>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n') && line) resolve(JSON.parse(line) as Record<string, unknown>);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    child.on('exit', (code) => {
      if (!stdout.includes('\n')) reject(new Error(`child exited with ${code}: ${stderr}`));
    });
  });
  return { result, kill: () => child.kill('SIGKILL') };
}

/** Several processes taking turns at once; their results in the order they were handed out. */
export async function concurrentTurns(tasks: Record<string, unknown>[]): Promise<TurnResult[]> {
  const results = (await Promise.all(
    tasks.map((task) => runChild({ mode: 'turn', ...task }).result),
  )) as unknown[];
  return (results as TurnResult[]).sort((a, b) => a.handedOutAt - b.handedOutAt);
}

/** A `loop` child: its turns, one JSON object per line, collected until it exits after `stop()`. */
export function runLoopChild(task: Record<string, unknown>): {
  ready: Promise<void>;
  stop: () => Promise<Record<string, unknown>[]>;
} {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CHILD, JSON.stringify({ mode: 'loop', ...task })],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      if (stdout.includes('"ready":true')) resolve();
    });
    void exited.then((code) => reject(new Error(`child exited with ${code} before it was ready: ${stderr}`)));
  });
  return {
    ready,
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      return stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line.window !== undefined);
    },
  };
}
