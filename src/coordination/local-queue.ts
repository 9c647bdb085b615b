import { randomBytes } from 'node:crypto';
import { mkdir, readdir, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Lease, QueuePlace } from './coordinator.js';

/**
 * The arrival-ordered queue for one lease on one machine: a directory of ticket files named by arrival
 * time. A waiter touches its ticket on every poll; a ticket untouched for the queue's ttl belongs to a dead
 * waiter and is deleted by the next poll, so a crashed waiter never blocks the ones behind it for longer.
 */

export interface LocalQueueLock {
  tryLease(): Promise<Lease | null>;
  isHeld(): Promise<boolean>;
}

let sequence = 0;

/** Sortable: arrival ms, then a per-process sequence (same-ms arrivals here), pid and randomness. */
function ticketName(): string {
  sequence = (sequence + 1) % 1_000_000;
  const at = String(Date.now()).padStart(15, '0');
  return `${at}-${String(sequence).padStart(6, '0')}-${process.pid}-${randomBytes(4).toString('hex')}.ticket`;
}

async function touch(path: string): Promise<void> {
  const now = new Date();
  try {
    await utimes(path, now, now);
  } catch {
    await writeFile(path, '', { mode: 0o600 }); // forgotten (or first poll): back at the original arrival
  }
}

/** Tickets ahead of `mine` whose waiters are alive; dead ones are removed on the way. */
async function aliveAhead(dir: string, mine: string, ttlMs: number): Promise<number> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.ticket')).sort();
  let ahead = 0;
  for (const name of names) {
    if (name >= mine) break;
    const touched = await stat(join(dir, name)).then(
      (info) => info.mtimeMs,
      () => undefined,
    );
    if (touched === undefined) continue; // left meanwhile
    if (Date.now() - touched > ttlMs) await unlink(join(dir, name)).catch(() => undefined);
    else ahead += 1;
  }
  return ahead;
}

/**
 * @example
 * const place = await joinLocalQueue(join(dir, 'totp_abc.queue'), 6000, lock);
 * const leaseOrPosition = await place.poll();
 */
export async function joinLocalQueue(dir: string, ttlMs: number, lock: LocalQueueLock): Promise<QueuePlace> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const mine = ticketName();
  const path = join(dir, mine);
  await writeFile(path, '', { mode: 0o600 });
  let left = false;
  return {
    async poll() {
      await touch(path);
      const ahead = await aliveAhead(dir, mine, ttlMs);
      if (ahead === 0) {
        const lease = await lock.tryLease();
        if (lease) {
          await unlink(path).catch(() => undefined);
          return lease;
        }
        return 2;
      }
      return ahead + ((await lock.isHeld()) ? 1 : 0) + 1;
    },
    async leave() {
      if (left) return;
      left = true;
      await unlink(path).catch(() => undefined);
    },
  };
}
