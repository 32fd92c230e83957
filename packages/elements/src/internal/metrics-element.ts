import type { Floorwalk, StoreChange } from '@floorwalk/core';
import type { Metrics, MetricsChange } from '@floorwalk/core/metrics';
import { metricsCatalog } from './common-strings.js';
import { ClientController } from './controllers/client-controller.js';
import { MetricsController } from './controllers/metrics-controller.js';
import { TickController } from './controllers/tick-controller.js';
import { FwElement } from './fw-element.js';
import { LocalizeController } from './localize.js';

let uid = 0;

/**
 * What fw-team-stats and fw-agent-performance share: the `client`, `metrics`, `team` and
 * `period` fields (each element declares them as reactive properties in its own static
 * `properties`, where the custom-elements manifest reads them), the client and metrics subscriptions, the common strings, a clock tick
 * (occupancy and presence times move with the clock even when nothing else changes) and a
 * prefix for ids unique on the page. Internal.
 *
 * @internal
 */
export abstract class FwMetricsElement extends FwElement {
  /** The client to use; defaults to the nearest `fw-provider`'s. */
  declare client: Floorwalk | undefined;
  /** Shared live metrics (`createMetrics(client)`); the element makes its own when unset. */
  declare metrics: Metrics | undefined;
  declare team: string | undefined;
  declare period: 'today' | 'interval';

  protected readonly clients = new ClientController(this, (change) => this.onStoreChange(change));
  protected readonly live = new MetricsController(this, () => this.clients.client, (change) => this.onMetricsChange(change));
  protected readonly common = new LocalizeController(this, metricsCatalog);
  protected readonly ids: string;

  constructor(tag: string) {
    super();
    this.period = 'today';
    this.ids = `${tag}-${++uid}`;
    new TickController(this);
  }

  /** Whether a store change concerns what the element shows (metric changes come through `metrics`). */
  protected abstract onStoreChange(change: StoreChange): boolean;

  /** The team and the agent the last render showed figures of, set by each element's render. */
  protected shownTeam: string | undefined;
  protected shownAgent: string | undefined;

  /**
   * Whether a metrics change concerns what the element shows: its agent, or an agent of its team
   * (their figures make the team's and its median). Metrics cover the floor: redrawing for every
   * change anywhere was a render per frame. An agent who just left the team is out of its figures
   * at the clock's next tick, which redraws anyway.
   */
  private onMetricsChange(change: MetricsChange): boolean {
    const client = this.clients.client;
    const team = this.shownTeam;
    if (client === undefined || (team === undefined && this.shownAgent === undefined)) return true;
    for (const id of change.agents) if (id === this.shownAgent || (team !== undefined && client.getAgent(id)?.teamIds.includes(team))) return true;
    return false;
  }
}
