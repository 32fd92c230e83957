import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { LONGEST_TIMER_MS } from '../pending.js';

type Listener = () => void;

// One interval for every timer on the page: a board of 10,000 agents must not run 10,000
// intervals, and timers that tick together read as one clock to the person watching.
const listeners = new Set<Listener>();
let interval: ReturnType<typeof setInterval> | undefined;
let periodMs = 1000;

function tick(): void {
  for (const listener of [...listeners]) listener();
}

function retain(listener: Listener): void {
  listeners.add(listener);
  interval ??= setInterval(tick, periodMs);
}

function release(listener: Listener): void {
  listeners.delete(listener);
  if (listeners.size === 0 && interval !== undefined) {
    clearInterval(interval);
    interval = undefined;
  }
}

/**
 * Sets the shared ticker's period (default 1,000 ms). Tests and benchmarks shorten it; a host
 * showing minutes only may lengthen it, up to 2^31 − 1 ms (about 24.8 days).
 *
 * @throws RangeError for a period that is not a number of milliseconds in (0, 2^31 − 1].
 */
export function setTickPeriod(ms: number): void {
  if (!(typeof ms === 'number' && ms > 0 && ms <= LONGEST_TIMER_MS)) throw new RangeError(`tick period must be more than 0 and at most ${LONGEST_TIMER_MS} ms, got ${String(ms)}`);
  periodMs = ms;
  if (interval !== undefined) {
    clearInterval(interval);
    interval = setInterval(tick, periodMs);
  }
}

/**
 * Calls `onTick` (default: `host.requestUpdate()`) on the page's shared once-a-second ticker
 * while the host is connected and `active()` says there is a timer on screen.
 */
export class TickController implements ReactiveController {
  private readonly listener: Listener;

  constructor(host: ReactiveControllerHost, onTick?: () => void) {
    this.listener = onTick ?? (() => host.requestUpdate());
    host.addController(this);
  }

  hostConnected(): void {
    retain(this.listener);
  }

  hostDisconnected(): void {
    release(this.listener);
  }
}
