import type { Floorwalk, Queue, StoreChange } from '@floorwalk/core';
import { html, type CSSResultGroup, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { connectionCatalog } from '../../internal/common-strings.js';
import { AnnounceController } from '../../internal/controllers/announce-controller.js';
import { ClientController } from '../../internal/controllers/client-controller.js';
import { TickController } from '../../internal/controllers/tick-controller.js';
import { FwElement } from '../../internal/fw-element.js';
import { alertIcon } from '../../internal/icons.js';
import { LocalizeController } from '../../internal/localize.js';
import { formatDuration, formatNumber, formatPercent, formatTimer } from '../../internal/format.js';
import { frameStyles } from '../../styles/shared.styles.js';
import { queueStatsCatalog } from './fw-queue-stats.strings.js';
import { queueStatsStyles } from './fw-queue-stats.styles.js';

/** One queue's figures, computed at render time. */
interface Row {
  readonly queue: Queue;
  readonly longestWaitMs: number | null;
  /** 0..1, or null before any interaction finished waiting today. */
  readonly serviceLevel: number | null;
  readonly waitAlert: boolean;
  readonly serviceLevelAlert: boolean;
}

/**
 * Per-queue live statistics: interactions waiting, the longest wait (ticking), agents
 * available and the service level, as a table. All the queues in the session's scope by
 * default, or one with `queue`. Optional thresholds (`wait-threshold`, `service-level-target`)
 * mark a figure by icon and text and announce the crossing politely.
 *
 * @tagname fw-queue-stats
 * @summary Per-queue waiting, longest wait, agents available and service level.
 * @status experimental
 * @since 0.1.0
 * @dependency none
 *
 * @csspart base - The table.
 * @csspart caption - The caption.
 * @csspart header - Each column header.
 * @csspart row - Each queue's row.
 * @csspart queue - The queue name (row header).
 * @csspart cell - Each figure.
 * @csspart alert-icon - The icon of a figure past its threshold.
 * @csspart note - How the service level is computed.
 * @csspart empty - The message when there is no queue to show.
 *
 * @cssproperty --fw-queue-stats-font-size - Base font size (default 0.875rem).
 * @cssproperty --fw-queue-stats-background - The table's background.
 * @cssproperty --fw-queue-stats-header-background - The header row's background.
 * @cssproperty --fw-queue-stats-border-color - The rules between rows.
 * @cssproperty --fw-queue-stats-alert-color - A figure past its threshold.
 *
 * @cssstate empty - No queue to show.
 * @cssstate alert - At least one figure is past its threshold.
 */
export class FwQueueStats extends FwElement {
  static override styles: CSSResultGroup = [frameStyles, queueStatsStyles];

  static override properties = {
    client: { attribute: false },
    queue: { type: String },
    waitThreshold: { type: Number, attribute: 'wait-threshold' },
    serviceLevelTarget: { type: Number, attribute: 'service-level-target' },
  };

  // ---- public API ------------------------------------------------------------------------

  /** The client to use; defaults to the nearest `fw-provider`'s. */
  declare client: Floorwalk | undefined;
  /** Show only this queue (by id). */
  declare queue: string | undefined;
  /** Mark a longest wait above this many seconds. None by default. */
  declare waitThreshold: number | undefined;
  /** Mark a service level below this percentage (0–100). None by default. */
  declare serviceLevelTarget: number | undefined;

  // ---- internal state --------------------------------------------------------------------

  private readonly clients = new ClientController(this, (change) => this.onStoreChange(change));
  private readonly t = new LocalizeController(this, queueStatsCatalog);
  private readonly common = new LocalizeController(this, connectionCatalog);
  private readonly voice = new AnnounceController(this);
  /** Figures past their threshold at the last render, `<queue>:wait` / `<queue>:sl`, to announce crossings once. */
  private alerting = new Set<string>();

  constructor() {
    super();
    new TickController(this);
  }

  private onStoreChange(change: StoreChange): boolean {
    return change.reset || change.queues.size > 0;
  }

  /** The client's time now. */
  private now(client: Floorwalk): number {
    return client.now();
  }

  private rows(client: Floorwalk): Row[] {
    const queues = this.queue ? [client.getQueue(this.queue)].filter((q): q is Queue => q !== undefined) : client.getQueues();
    const now = this.now(client);
    const waitLimit = this.waitThreshold !== undefined && this.waitThreshold >= 0 ? this.waitThreshold * 1000 : undefined;
    const target = this.serviceLevelTarget !== undefined && this.serviceLevelTarget >= 0 ? this.serviceLevelTarget / 100 : undefined;
    return queues.map((queue) => {
      const { oldestWaitingSince, answered, abandoned } = queue.stats;
      const longestWaitMs = oldestWaitingSince === null ? null : Math.max(0, now - oldestWaitingSince);
      const finished = answered + abandoned;
      const serviceLevel = finished === 0 ? null : answered / finished;
      return {
        queue,
        longestWaitMs,
        serviceLevel,
        waitAlert: waitLimit !== undefined && longestWaitMs !== null && longestWaitMs > waitLimit,
        serviceLevelAlert: target !== undefined && serviceLevel !== null && serviceLevel < target,
      };
    });
  }

  /** Announces figures that crossed their threshold since the last render, once per crossing. */
  private announceCrossings(rows: readonly Row[]): void {
    const now = new Set<string>();
    // One announcement for all: each would replace the one before in the live region, and only
    // the last crossing of a render would be heard.
    const said: string[] = [];
    for (const row of rows) {
      const name = row.queue.name;
      if (row.waitAlert) {
        now.add(`${row.queue.id}:wait`);
        if (!this.alerting.has(`${row.queue.id}:wait`)) said.push(this.t.strings.waitAlert(name, formatDuration(this.t.lang, row.longestWaitMs ?? 0)));
      }
      if (row.serviceLevelAlert) {
        now.add(`${row.queue.id}:sl`);
        if (!this.alerting.has(`${row.queue.id}:sl`)) said.push(this.t.strings.serviceLevelAlert(name, formatPercent(this.t.lang, row.serviceLevel ?? 0)));
      }
    }
    this.alerting = now;
    if (said.length > 0) this.voice.announce(said.join(' '), 'polite');
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // A new filter or new thresholds start afresh: what is already past them is announced.
    if (changed.has('queue') || changed.has('waitThreshold') || changed.has('serviceLevelTarget')) this.alerting.clear();
  }

  private alert(text: string): TemplateResult {
    return html`<span class="alert">${alertIcon()}${text}</span>`;
  }

  protected override render(): TemplateResult {
    const s = this.t.strings;
    const client = this.clients.client;
    const rows = client === undefined ? [] : this.rows(client);
    this.announceCrossings(rows);
    this.toggleState('empty', rows.length === 0);
    this.toggleState('alert', rows.some((r) => r.waitAlert || r.serviceLevelAlert));

    if (rows.length === 0) {
      const why = client === undefined ? this.common.strings.noClient : this.queue ? s.unknownQueue(this.queue) : s.empty;
      return html`<p part="empty" class="empty">${why}</p>`;
    }
    return html`<table part="base" class="table">
        <caption part="caption">${s.caption}</caption>
        <thead>
          <tr>
            <th part="header" scope="col">${s.queue}</th>
            <th part="header" scope="col">${s.waiting}</th>
            <th part="header" scope="col">${s.longestWait}</th>
            <th part="header" scope="col">${s.available}</th>
            <th part="header" scope="col" aria-describedby="note">${s.serviceLevel}</th>
          </tr>
        </thead>
        <tbody>
          ${repeat(
            rows,
            (row) => row.queue.id,
            (row) => {
              const wait =
                row.longestWaitMs === null
                  ? html`<span aria-hidden="true" class="muted">—</span><span class="fw-visually-hidden">${s.noneWaiting}</span>`
                  : html`<span class="timer">${formatTimer(this.t.lang, row.longestWaitMs)}</span>`;
              const level =
                row.serviceLevel === null
                  ? html`<span aria-hidden="true" class="muted">—</span><span class="fw-visually-hidden">${s.noData}</span>`
                  : formatPercent(this.t.lang, row.serviceLevel);
              return html`<tr part="row" data-queue=${row.queue.id}>
                <th part="queue" scope="row"><bdi>${row.queue.name}</bdi></th>
                <td part="cell" data-figure="waiting">${formatNumber(this.t.lang, row.queue.stats.waiting)}</td>
                <td part="cell" data-figure="longest-wait">${row.waitAlert ? html`${this.alert(s.overThreshold)} ${wait}` : wait}</td>
                <td part="cell" data-figure="available">${formatNumber(this.t.lang, row.queue.stats.agentsAvailable)}</td>
                <td part="cell" data-figure="service-level">${row.serviceLevelAlert ? html`${this.alert(s.belowTarget)} ${level}` : level}</td>
              </tr>`;
            },
          )}
        </tbody>
      </table>
      <p part="note" id="note" class="note">${s.serviceLevelNote}</p>`;
  }
}
