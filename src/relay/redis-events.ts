import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { decodeEvent, encodeEvent } from './redis-records.js';
import type { RelayEvent, RelayListener } from './store.js';

export interface RedisEventsOptions {
  /** The connection given over to pub/sub. */
  sub: Redis;
  /** The command connection: "back" means both answer again. */
  main: Redis;
  channel: string;
  /** Told when the connection is lost and when it is back, once each. */
  onStatus: (status: 'lost' | 'restored') => void;
}

/**
 * Change notifications between relays sharing a Redis: what one relay publishes (inside its scripts)
 * reaches the listeners of every other, and its own listeners directly, without waiting for the echo.
 * Pub/sub keeps nothing for a subscriber that is away, so when the connection comes back `onStatus`
 * hears `restored` — the store then has its waiters look again.
 *
 * @example
 * const events = await RedisEvents.listen({ sub, main, channel: keys.channel, onStatus });
 * await redis.publish(keys.channel, events.encode({ type: 'waiting' }));
 */
export class RedisEvents {
  /** Tags this relay's messages, so it can skip its own echo. */
  readonly origin = randomUUID();
  readonly #options: RedisEventsOptions;
  readonly #listeners = new Set<RelayListener>();
  #live = true;
  #awaitingMain = false;
  #closed = false;

  private constructor(options: RedisEventsOptions) {
    this.#options = options;
  }

  /** Subscribes to the channel; resolves once messages published from now on arrive. */
  static async listen(options: RedisEventsOptions): Promise<RedisEvents> {
    const events = new RedisEvents(options);
    const { sub, channel } = options;
    sub.on('message', (from: string, message: string) => {
      const got = from === channel ? decodeEvent(message) : null;
      if (got && got.origin !== events.origin) events.emit(got.event);
    });
    sub.on('close', () => events.#lost());
    sub.on('ready', () => void events.#resubscribe());
    await sub.subscribe(channel);
    return events;
  }

  /** The message to publish for `event`. */
  encode(event: RelayEvent): string {
    return encodeEvent(this.origin, event);
  }

  add(listener: RelayListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Tells this relay's listeners (its own changes, and messages from other relays). */
  emit(event: RelayEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch {
        // One faulty listener must not stop a push from reaching the others.
      }
    }
  }

  close(): void {
    this.#closed = true;
    this.#listeners.clear();
  }

  #lost(): void {
    if (!this.#live || this.#closed) return;
    this.#live = false;
    this.#options.onStatus('lost');
  }

  async #resubscribe(): Promise<void> {
    const { sub, main, channel } = this.#options;
    try {
      await sub.subscribe(channel);
    } catch {
      return; // Dropped again; the next `ready` tries again.
    }
    // The two connections reconnect apart; waking waiters before commands work again would fail them.
    if (main.status !== 'ready') {
      if (this.#awaitingMain) return; // An earlier `ready` is already waiting for it.
      this.#awaitingMain = true;
      await new Promise((resolve) => main.once('ready', resolve));
      this.#awaitingMain = false;
    }
    if (this.#closed || this.#live || sub.status !== 'ready') return;
    this.#live = true;
    this.#options.onStatus('restored');
  }
}
