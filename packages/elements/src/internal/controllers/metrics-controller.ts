import type { Clock, Floorwalk } from '@floorwalk/core';
import { createMetrics, type Metrics, type MetricsChange } from '@floorwalk/core/metrics';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A host that may be handed a shared {@link Metrics}, which wins over one of its own. */
export interface MetricsHost extends ReactiveControllerHost, HTMLElement {
  metrics?: Metrics | undefined;
}

/** The client's time (the simulator's runs faster than the wall's). Timers are never used by metrics. */
function clientClock(client: Floorwalk): Clock {
  return {
    now: () => client.now(),
    setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
    clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}

/**
 * Gives a chart element live metrics: the `metrics` property when set (share one between the
 * elements of a page, so history is recorded once), else its own over the client, kept while
 * connected. Metric changes that `concerns` accepts redraw at most once per animation frame.
 */
export class MetricsController implements ReactiveController {
  private readonly host: MetricsHost;
  private readonly client: () => Floorwalk | undefined;
  private owned: { client: Floorwalk; metrics: Metrics } | undefined;
  private watched: Metrics | undefined;
  private unsubscribe: (() => void) | undefined;
  private frame: number | undefined;
  private readonly concerns: (change: MetricsChange) => boolean;

  /**
   * `concerns` says whether a change touches what the host shows: metrics cover the whole floor,
   * and redrawing one team's figures for every change anywhere was a render per frame.
   */
  constructor(host: MetricsHost, client: () => Floorwalk | undefined, concerns: (change: MetricsChange) => boolean = () => true) {
    this.host = host;
    this.client = client;
    this.concerns = concerns;
    host.addController(this);
  }

  /** The metrics in use, or undefined while there is neither `metrics` nor a client. */
  get metrics(): Metrics | undefined {
    // A host's own metrics, when it gave something that is one; anything else reads as none.
    const given = this.host.metrics;
    if (typeof given?.subscribe === 'function' && typeof given.team === 'function' && typeof given.agent === 'function') return given;
    const client = this.host.isConnected ? this.client() : undefined;
    if (client === undefined) return undefined;
    if (this.owned?.client !== client) {
      this.owned?.metrics.destroy();
      this.owned = { client, metrics: createMetrics(client, { clock: clientClock(client) }) };
    }
    return this.owned.metrics;
  }

  hostUpdate(): void {
    const metrics = this.metrics;
    if (metrics === this.watched) return;
    this.unsubscribe?.();
    this.watched = metrics;
    this.unsubscribe = metrics?.subscribe((change) => {
      if (this.concerns(change)) this.schedule();
    });
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.watched = undefined;
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
    this.owned?.metrics.destroy();
    this.owned = undefined;
  }

  private schedule(): void {
    if (this.frame !== undefined) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = undefined;
      this.host.requestUpdate();
    });
  }
}
