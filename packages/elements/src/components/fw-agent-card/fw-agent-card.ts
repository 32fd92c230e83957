import type { Agent, Floorwalk, Interaction, Presence, PresenceState, StoreChange } from '@floorwalk/core';
import { html, nothing, type CSSResultGroup, type PropertyValues, type TemplateResult } from 'lit';
import { agentCatalog } from '../../internal/common-strings.js';
import { ClientController } from '../../internal/controllers/client-controller.js';
import { TickController } from '../../internal/controllers/tick-controller.js';
import { FwElement } from '../../internal/fw-element.js';
import { activityIcon, channelIcon, helpIcon, holdIcon, monitoringIcon, presenceIcon } from '../../internal/icons.js';
import { LocalizeController } from '../../internal/localize.js';
import { formatTime, formatTimer } from '../../internal/format.js';
import { panelStyles } from '../../internal/panel.styles.js';
import { baseStyles } from '../../styles/shared.styles.js';
import { agentCardCatalog } from './fw-agent-card.strings.js';
import { agentCardStyles } from './fw-agent-card.styles.js';
import { headingLevelOf } from '../../internal/pending.js';

/** What the card has seen of one agent's presence today. */
interface Observation {
  readonly agentId: string;
  /** Local midnight of the day being counted. */
  readonly day: number;
  /** When this card started watching. */
  readonly from: number;
  last: Presence;
  /** Finished stretches per state, in ms. */
  readonly totals: Map<PresenceState, number>;
}

function startOfDay(epochMs: number): number {
  const date = new Date(epochMs);
  date.setHours(0, 0, 0, 0);
  return date.getTime();
}

/**
 * One agent in detail: name, presence with its reason and time in status, routing activity,
 * help-request and monitoring flags, current and recent interactions with their durations, and
 * the time spent in each status today, as far as this card has seen it (see the README).
 * Shows an explained empty state when `agent-id` is unset, unknown, or outside the session's
 * teams.
 *
 * @tagname fw-agent-card
 * @summary One agent in detail: status, interactions, time in each status today.
 * @status experimental
 * @since 0.1.0
 * @dependency none
 *
 * @csspart base - The card (an `article`).
 * @csspart header - Name, presence, routing and flags.
 * @csspart name - The agent's name (a heading).
 * @csspart presence - Presence icon, label and reason.
 * @csspart presence-icon - The presence icon.
 * @csspart time - Time in the current status.
 * @csspart routing - The routing activity.
 * @csspart activity - The activity bucket the agent's device shared (active, idle, away), only while the tenant's activity signal is on.
 * @csspart flags - The help-request and monitoring flags.
 * @csspart flag - One flag.
 * @csspart section - Each of the current, recent and today sections.
 * @csspart interaction - One interaction in a list.
 * @csspart channel-icon - An interaction's channel icon.
 * @csspart today - The time-in-each-status table.
 * @csspart note - The note on what the card can know.
 * @csspart empty - The empty state.
 *
 * @cssproperty --fw-agent-card-background - The card's background.
 * @cssproperty --fw-agent-card-border-color - The card's border.
 * @cssproperty --fw-agent-card-radius - The card's corner radius.
 * @cssproperty --fw-agent-card-padding - The card's padding (default 1rem).
 * @cssproperty --fw-agent-card-help-color - The help-request flag's colour.
 * @cssproperty --fw-agent-card-monitoring-color - The monitoring flag's colour.
 *
 * @cssstate empty - No agent to show.
 * @cssstate help - The agent has an open help request.
 * @cssstate monitored - The agent is being monitored.
 */
export class FwAgentCard extends FwElement {
  static override styles: CSSResultGroup = [baseStyles, panelStyles('fw-agent-card'), agentCardStyles];

  static override properties = {
    client: { attribute: false },
    agentId: { type: String, attribute: 'agent-id' },
    recentLimit: { type: Number, attribute: 'recent-limit' },
    headingLevel: { type: Number, attribute: 'heading-level' },
  };

  // ---- public API ------------------------------------------------------------------------

  /** The client to use; defaults to the nearest `fw-provider`'s. */
  declare client: Floorwalk | undefined;
  /** The agent to show. */
  declare agentId: string | undefined;
  /** How many recently ended interactions to list. Default 5. */
  declare recentLimit: number;
  /** The level of the name's heading, 1–6 (sections use the next level). Default 3. */
  declare headingLevel: number;

  // ---- internal state --------------------------------------------------------------------

  private readonly clients = new ClientController(this, (change) => this.onStoreChange(change));
  private readonly t = new LocalizeController(this, agentCardCatalog);
  private readonly common = new LocalizeController(this, agentCatalog);
  private observation: Observation | undefined;

  constructor() {
    super();
    // agentId starts undefined: setting it so would record no change (willUpdate observes on the first update).
    this.recentLimit = 5;
    this.headingLevel = 3;
    new TickController(this);
  }

  private onStoreChange(change: StoreChange): boolean {
    const client = this.clients.client;
    const id = this.agentId;
    if (client === undefined || id === undefined) return false;
    if (change.reset || change.agents.has(id)) {
      this.observe();
      return true;
    }
    // Other agents' traffic is most of a board's batches: look only at what concerns this one.
    const about = (ids: ReadonlySet<string>, agentOf: (id: string) => string | undefined): boolean => {
      for (const changed of ids) if (agentOf(changed) === id) return true;
      return false;
    };
    return (
      about(change.interactions, (i) => client.getInteraction(i)?.agentId) ||
      (change.monitoring.size > 0 && client.getMonitoringSessions({ agentId: id }).some((s) => change.monitoring.has(s.id))) ||
      (change.helpRequests.size > 0 && client.getHelpRequests({ agentId: id }).some((r) => change.helpRequests.has(r.id)))
    );
  }

  /** The client's time now. */
  private now(client: Floorwalk, _agent: Agent): number {
    return client.now();
  }

  /** Adds the stretch that just ended to today's totals; starts over for a new agent or day. */
  private observe(): void {
    const client = this.clients.client;
    const agent = this.agentId === undefined ? undefined : client?.getAgent(this.agentId);
    if (client === undefined || agent === undefined) {
      this.observation = undefined;
      return;
    }
    const now = this.now(client, agent);
    const day = startOfDay(now);
    const seen = this.observation;
    if (seen === undefined || seen.agentId !== agent.id || seen.day !== day) {
      this.observation = { agentId: agent.id, day, from: now, last: agent.presence, totals: new Map() };
      return;
    }
    const last = seen.last;
    if (last.since === agent.presence.since && last.state === agent.presence.state) return;
    // What the agent did between the last status seen and this one is attributed to the last
    // one: a batch that carried two changes shows only the second.
    const start = Math.max(last.since, day);
    const end = Math.max(start, agent.presence.since);
    seen.totals.set(last.state, (seen.totals.get(last.state) ?? 0) + (end - start));
    seen.last = agent.presence;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('agentId') || this.observation === undefined) this.observe();
    const client = this.clients.client;
    const agent = this.agentId === undefined ? undefined : client?.getAgent(this.agentId);
    this.toggleState('empty', agent === undefined);
    this.toggleState('help', agent !== undefined && client!.getHelpRequests({ agentId: agent.id, open: true }).length > 0);
    this.toggleState('monitored', agent !== undefined && client!.getMonitoringSessions({ agentId: agent.id, active: true }).length > 0);
  }


  // ---- rendering ---------------------------------------------------------------------------

  private get level(): number {
    return headingLevelOf(this.headingLevel);
  }

  private presenceLabel(presence: Presence): string {
    const state = this.common.strings.presence(presence.state);
    return presence.reason === undefined ? state : this.t.strings.presenceWithReason(state, presence.reason.label);
  }

  private interaction(client: Floorwalk, i: Interaction): TemplateResult {
    const s = this.t.strings;
    const c = this.common.strings;
    const times = client.getInteractionTimes(i.id);
    const queue = i.queueId === undefined ? undefined : client.getQueue(i.queueId)?.name;
    const durations: [string, number][] = [];
    if (times !== undefined) {
      if (i.state === 'queued' || i.state === 'offered') durations.push([s.wait, times.waitMs]);
      else if (i.state === 'ended') durations.push([s.handle, times.handleMs]);
      else {
        durations.push([s.talk, times.talkMs]);
        if (times.holdMs > 0 || i.state === 'held') durations.push([s.hold, times.holdMs]);
        if (i.state === 'wrap-up') durations.push([s.wrapUp, times.wrapUpMs]);
      }
    }
    return html`<li part="interaction" class="interaction" data-id=${i.id}>
      <span class="channel">${channelIcon(i.channel)}${c.channel(i.channel)}</span>
      <span class="muted">${s.direction(i.direction)}${queue === undefined ? nothing : html` · <bdi>${queue}</bdi>`}</span>
      <span class="state"
        >${i.state === 'held' ? html`${holdIcon()}` : nothing}${c.interactionState(i.state)}${i.state === 'ended' && i.endedAt !== undefined
          ? html` <span class="muted">${s.endedAt(formatTime(this.t.lang, i.endedAt))}</span>`
          : nothing}</span
      >
      <span class="durations">
        ${durations.map(([label, ms]) => html`<span class="duration">${label} <span class="timer">${formatTimer(this.t.lang, ms)}</span></span>`)}
      </span>
    </li>`;
  }

  private heading(level: number, id: string, text: string | TemplateResult, part = 'heading'): TemplateResult {
    return html`<div part=${part} id=${id} class="heading" role="heading" aria-level=${Math.min(6, level)}>${text}</div>`;
  }

  protected override render(): TemplateResult {
    const s = this.t.strings;
    const c = this.common.strings;
    const client = this.clients.client;
    const id = this.agentId;
    const agent = id === undefined || id === '' ? undefined : client?.getAgent(id);
    if (client === undefined || agent === undefined) {
      const why = client === undefined ? c.noClient : id === undefined || id === '' ? s.noAgent : s.unknownAgent(id);
      return html`<article part="base" class="base" aria-label=${s.cardLabel}><p part="empty" class="empty">${why}</p></article>`;
    }
    const level = this.level;
    const activity = client.getRoutingActivity(agent.id);
    const help = client.getHelpRequests({ agentId: agent.id, open: true });
    const monitoring = client.getMonitoringSessions({ agentId: agent.id, active: true });
    const current = client.getInteractions({ agentId: agent.id });
    const recent = client
      .getInteractions({ agentId: agent.id, includeEnded: true })
      .filter((i) => i.state === 'ended')
      .sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0))
      .slice(0, Math.max(0, this.recentLimit));
    const now = this.now(client, agent);
    const seen = this.observation;
    const totals = new Map(seen?.totals ?? []);
    const dayStart = seen?.day ?? startOfDay(now);
    totals.set(agent.presence.state, (totals.get(agent.presence.state) ?? 0) + Math.max(0, now - Math.max(agent.presence.since, dayStart)));
    const rows = [...totals].filter(([, ms]) => ms > 0).sort((a, b) => b[1] - a[1]);

    return html`<article part="base" class="base" aria-labelledby="name">
      <header part="header" class="header">
        ${this.heading(level, 'name', html`<bdi>${agent.name}</bdi>`, 'name')}
        <div class="status">
          <span part="presence" class="presence" data-presence=${agent.presence.state}
            >${presenceIcon(agent.presence.state)}${this.presenceLabel(agent.presence)}</span
          >
          <span part="time" class="timer muted">${s.timeInState(formatTimer(this.t.lang, client.getTimeInState(agent.id)))}</span>
          <span part="routing" class="muted">${s.routing}: ${c.routing(activity)}</span>
          ${agent.activity === undefined || !client.getPolicy().activitySignal.enabled
            ? nothing
            : html`<span part="activity" class="muted" data-bucket=${agent.activity.bucket}>${activityIcon()}${c.activityMark(c.activity(agent.activity.bucket))}</span>`}
        </div>
        ${help.length === 0 && monitoring.length === 0
          ? nothing
          : html`<ul part="flags" class="flags">
              ${help.map((r) => html`<li part="flag" class="flag" data-flag="help">${helpIcon()}${s.helpRequested(r.reason)}</li>`)}
              ${monitoring.map(
                (m) => html`<li part="flag" class="flag" data-flag="monitoring">${monitoringIcon()}${s.monitored(s.mode(m.mode))}</li>`,
              )}
            </ul>`}
      </header>
      <section part="section" class="section" aria-labelledby="current">
        ${this.heading(level + 1, 'current', s.current)}
        ${current.length === 0
          ? html`<p class="muted none">${s.noCurrent}</p>`
          : html`<ul class="interactions" data-list="current">${current.map((i) => this.interaction(client, i))}</ul>`}
      </section>
      <section part="section" class="section" aria-labelledby="recent">
        ${this.heading(level + 1, 'recent', s.recent)}
        ${recent.length === 0
          ? html`<p class="muted none">${s.noRecent}</p>`
          : html`<ul class="interactions" data-list="recent">${recent.map((i) => this.interaction(client, i))}</ul>`}
      </section>
      <section part="section" class="section" aria-labelledby="today">
        ${this.heading(level + 1, 'today', s.today)}
        <table part="today" class="today" aria-labelledby="today">
          <thead>
            <tr>
              <th scope="col">${s.status}</th>
              <th scope="col">${s.time}</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              ([state, ms]) =>
                html`<tr data-state=${state}>
                  <th scope="row" data-presence=${state}>${presenceIcon(state)}${c.presence(state)}</th>
                  <td class="timer">${formatTimer(this.t.lang, ms)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
        <p part="note" class="note muted">${s.observedSince(formatTime(this.t.lang, seen?.from ?? now))}</p>
      </section>
    </article>`;
  }
}
