import type { TwilioListener as Listener } from '../types.js';

/** The EventEmitter subset the Twilio SDKs expose (`on`, `removeListener`, `off`), for the fakes. */
export class FakeEmitter {
  readonly #listeners = new Map<string, Set<Listener>>();

  /** Adds a listener, as the SDK objects' `on`. */
  on(event: string, listener: Listener): this {
    let set = this.#listeners.get(event);
    if (set === undefined) this.#listeners.set(event, (set = new Set()));
    set.add(listener);
    return this;
  }

  /** Removes a listener. */
  removeListener(event: string, listener: Listener): this {
    this.#listeners.get(event)?.delete(listener);
    return this;
  }

  /** Same as {@link FakeEmitter.removeListener}. */
  off(event: string, listener: Listener): this {
    return this.removeListener(event, listener);
  }

  /** How many listeners an event has: tests use it to check nothing is left attached. */
  listenerCount(event: string): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  /** Calls the event's listeners synchronously, in order. */
  emit(event: string, ...args: unknown[]): boolean {
    const set = this.#listeners.get(event);
    if (set === undefined || set.size === 0) return false;
    for (const listener of [...set]) listener(...args);
    return true;
  }
}
