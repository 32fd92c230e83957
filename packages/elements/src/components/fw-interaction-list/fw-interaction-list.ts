import { CHANNELS, type Channel, type Floorwalk, type Interaction, type StoreChange } from '@floorwalk/core';
import { html, nothing, type CSSResultGroup, type PropertyValues, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import { FwInteractionSelectEvent } from '../../events/fw-interaction-select.js';
import { interactionTableCatalog } from '../../internal/common-strings.js';
import { ClientController } from '../../internal/controllers/client-controller.js';
import { TickController } from '../../internal/controllers/tick-controller.js';
import { FwElement } from '../../internal/fw-element.js';
import { channelIcon, holdIcon } from '../../internal/icons.js';
import { LocalizeController } from '../../internal/localize.js';
import { formatTimer } from '../../internal/format.js';
import { frameStyles } from '../../styles/shared.styles.js';
import { interactionListCatalog } from './fw-interaction-list.strings.js';
import { interactionListStyles } from './fw-interaction-list.styles.js';

const PAGE = 10;

/**
 * Live interactions as a table: channel, direction, state, agent, queue, a ticking duration,
 * a hold marker and the customer as the session's policy masked it (the element never unmasks
 * anything: it shows what the store holds). By default every live interaction the session may
 * see; `agent-id`, `team`, `queue` and `channel` narrow it (together they all apply). Rows are
 * selectable with the mouse or the keyboard; a selection by the person fires
 * `fw-interaction-select`.
 *
 * @tagname fw-interaction-list
 * @summary Live interactions, filterable, with selectable rows.
 * @status experimental
 * @since 0.1.0
 * @dependency none
 *
 * @event fw-interaction-select - A person selected a row. `interactionId`.
 *
 * @csspart base - The table (`role="grid"`).
 * @csspart caption - The caption (visually hidden by default).
 * @csspart header - Each column header.
 * @csspart row - Each interaction's row.
 * @csspart cell - Each data cell.
 * @csspart channel-icon - The channel icon.
 * @csspart hold-icon - The hold marker's icon.
 * @csspart empty - The "no live interactions" message.
 *
 * @cssproperty --fw-interaction-list-font-size - Base font size (default 0.875rem).
 * @cssproperty --fw-interaction-list-background - The table's background.
 * @cssproperty --fw-interaction-list-header-background - The header row's background.
 * @cssproperty --fw-interaction-list-border-color - The rules between rows.
 * @cssproperty --fw-interaction-list-cell-padding-block - Row density.
 * @cssproperty --fw-interaction-list-selected-background - The selected row's background.
 * @cssproperty --fw-interaction-list-hold-color - The hold marker's colour.
 *
 * @cssstate empty - No interaction matches.
 */
export class FwInteractionList extends FwElement {
  static override styles: CSSResultGroup = [frameStyles, interactionListStyles];

  static override properties = {
    client: { attribute: false },
    agentId: { type: String, attribute: 'agent-id' },
    team: { type: String },
    queue: { type: String },
    channel: { type: String },
    selected: { type: String },
  };

  // ---- public API ------------------------------------------------------------------------

  /** The client to use; defaults to the nearest `fw-provider`'s. */
  declare client: Floorwalk | undefined;
  /** Only this agent's interactions. */
  declare agentId: string | undefined;
  /** Only interactions handled by agents of this team (queued ones have no agent, so none). */
  declare team: string | undefined;
  /** Only this queue's interactions. */
  declare queue: string | undefined;
  /** Only this channel: `voice`, `chat`, `email`, `message`, `task` or `video`. */
  declare channel: Channel | undefined;
  /** The selected interaction's id. Setting it selects silently; a person's choice fires `fw-interaction-select`. */
  declare selected: string | undefined;

  // ---- internal state --------------------------------------------------------------------

  private readonly clients = new ClientController(this, (change) => this.onStoreChange(change));
  private readonly t = new LocalizeController(this, interactionListCatalog);
  private readonly common = new LocalizeController(this, interactionTableCatalog);
  /** The row holding the roving tab stop, by interaction id. */
  private active: string | undefined;
  /** The rows rendered last, in order, so a vanished focused row can hand focus to its neighbour. */
  private rowIds: string[] = [];
  private shown = new Set<string>();
  /** The agents and queues named in the rows, each with the name shown. */
  private shownAgents = new Map<string | undefined, string | undefined>();
  private shownQueues = new Map<string | undefined, string | undefined>();
  /** The focused row's index before an update, if a row had focus. */
  private focusedIndex: number | undefined;
  /**
   * With a team filter, the team's agents, kept from batch to batch: rows are then read from
   * their own interactions, not from every live interaction on the floor.
   */
  private members: { readonly client: Floorwalk; readonly team: string; readonly ids: Set<string> } | undefined;

  constructor() {
    super();
    new TickController(this, () => this.onTick());
  }

  /**
   * Rewrites the durations' text in place: a list of a thousand rows re-rendered every second
   * for its clock spent most of its script time doing so.
   */
  private onTick(): void {
    const client = this.clients.client;
    if (client === undefined) return;
    for (const cell of this.renderRoot.querySelectorAll<HTMLElement>('td.timer')) {
      const i = client.getInteraction((cell.parentElement as HTMLElement).dataset['id']!);
      if (i === undefined) continue;
      const text = this.duration(client, i);
      if (cell.textContent !== text) cell.textContent = text;
    }
  }

  /** The wait while queued or ringing, the handle time from connection on. */
  private duration(client: Floorwalk, i: Interaction): string {
    const times = client.getInteractionTimes(i.id);
    const waiting = i.state === 'queued' || i.state === 'offered';
    return formatTimer(this.t.lang, times === undefined ? 0 : waiting ? times.waitMs : times.handleMs);
  }

  /**
   * Re-renders only for batches that touch this list: a row shown or one that now matches, a
   * change of an agent's or queue's name shown in a row, or (with a team filter) an agent who
   * joined the team with a live interaction that matches or left it with one shown. Not for any
   * agent's change: on a floor of 10,000 that was a render per batch.
   */
  private onStoreChange(change: StoreChange): boolean {
    const client = this.clients.client;
    if (change.reset || client === undefined) {
      this.members = undefined;
      return true;
    }
    // Each changed agent's membership first, so the kept members stay true whatever this returns.
    let joined = false;
    const members = this.members;
    if (members !== undefined) {
      for (const id of change.agents) {
        if (!(client.getAgent(id)?.teamIds.includes(members.team) ?? false)) members.ids.delete(id);
        else if (!members.ids.has(id)) {
          members.ids.add(id);
          joined ||= client.getInteractions({ agentId: id }).some((i) => this.shows(client, i));
        }
      }
    }
    if (joined) return true;
    for (const id of change.interactions) {
      if (this.shown.has(id)) return true;
      const i = client.getInteraction(id);
      if (i !== undefined && i.state !== 'ended' && this.shows(client, i)) return true;
    }
    // A name shown changed, or one who left the team is in a row shown. Not for presence or
    // queue statistics, which the list does not show: filtered by queue on a busy floor, those
    // were four renders in five.
    for (const id of change.agents) {
      if (this.shownAgents.has(id) && (client.getAgent(id)?.name !== this.shownAgents.get(id) || members?.ids.has(id) === false)) return true;
    }
    for (const id of change.queues) if (this.shownQueues.has(id) && client.getQueue(id)?.name !== this.shownQueues.get(id)) return true;
    return false;
  }

  private get channelFilter(): Channel | undefined {
    return this.channel !== undefined && (CHANNELS as readonly string[]).includes(this.channel) ? this.channel : undefined;
  }

  private shows(client: Floorwalk, i: Interaction): boolean {
    const channel = this.channelFilter;
    const team = this.team;
    return (
      (!this.agentId || i.agentId === this.agentId) &&
      (!this.queue || i.queueId === this.queue) &&
      (channel === undefined || i.channel === channel) &&
      (!team || (i.agentId !== undefined && (client.getAgent(i.agentId)?.teamIds.includes(team) ?? false)))
    );
  }

  /** The interactions shown, oldest first. */
  private rows(client: Floorwalk): Interaction[] {
    // An undefined field filters nothing.
    const filter = { queueId: this.queue || undefined, channel: this.channelFilter };
    const team = this.team;
    let list: Interaction[];
    if (!team) list = [...client.getInteractions({ ...filter, agentId: this.agentId || undefined })];
    else {
      if (this.members?.client !== client || this.members.team !== team) {
        this.members = { client, team, ids: new Set(client.getAgents().flatMap((a) => (a.teamIds.includes(team) ? [a.id] : []))) };
      }
      list = [];
      for (const id of this.members.ids) if (!this.agentId || id === this.agentId) list.push(...client.getInteractions({ ...filter, agentId: id }));
    }
    return list.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  }

  // ---- selection and keyboard ------------------------------------------------------------

  private rowElements(): HTMLTableRowElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLTableRowElement>('tbody tr[data-id]')];
  }

  private select(id: string): void {
    this.active = id;
    if (this.selected === id) return;
    this.selected = id;
    this.dispatch(new FwInteractionSelectEvent(id));
  }

  private readonly onClick = (event: MouseEvent): void => {
    const row = (event.target as HTMLElement).closest<HTMLTableRowElement>('tr[data-id]');
    if (row === null) return;
    row.focus();
    this.select(row.dataset['id']!);
  };

  private readonly onFocusin = (event: FocusEvent): void => {
    const row = (event.target as HTMLElement).closest<HTMLTableRowElement>('tr[data-id]');
    if (row !== null && this.active !== row.dataset['id']) {
      this.active = row.dataset['id'];
      this.requestUpdate();
    }
  };

  private readonly onKeydown = (event: KeyboardEvent): void => {
    const rows = this.rowElements();
    const row = (event.target as HTMLElement).closest<HTMLTableRowElement>('tr[data-id]');
    if (row === null || rows.length === 0) return;
    const index = rows.indexOf(row);
    const go = (next: number): void => {
      event.preventDefault();
      const target = rows[Math.max(0, Math.min(rows.length - 1, next))]!;
      this.active = target.dataset['id'];
      this.requestUpdate();
      target.focus();
    };
    switch (event.key) {
      case 'ArrowDown':
        return go(index + 1);
      case 'ArrowUp':
        return go(index - 1);
      case 'Home':
        return go(0);
      case 'End':
        return go(rows.length - 1);
      case 'PageDown':
        return go(index + PAGE);
      case 'PageUp':
        return go(index - PAGE);
      case 'Enter':
      case ' ':
        event.preventDefault();
        return this.select(row.dataset['id']!);
    }
  };

  // ---- rendering ---------------------------------------------------------------------------

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const focused = (this.renderRoot as ShadowRoot | undefined)?.activeElement as HTMLElement | null | undefined;
    const id = focused?.dataset?.['id'];
    this.focusedIndex = id === undefined ? undefined : this.rowIds.indexOf(id);
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // The focused row may have gone (its interaction ended): keep focus in the list, on the row
    // now at the same place, rather than dropping it on the page.
    const index = this.focusedIndex;
    this.focusedIndex = undefined;
    if (index === undefined || index < 0 || (this.renderRoot as ShadowRoot).activeElement !== null) return;
    const rows = this.rowElements();
    rows[Math.min(index, rows.length - 1)]?.focus();
  }

  private customer(i: Interaction): TemplateResult | typeof nothing {
    const c = i.customer;
    if (c === undefined) return nothing;
    const hint = (field: 'name' | 'phone' | 'email'): TemplateResult | typeof nothing =>
      c.masked?.includes(field) ? html`<span class="fw-visually-hidden"> ${this.t.strings.masked}</span>` : nothing;
    const contact = c.phone !== undefined ? ['phone', c.phone] as const : c.email !== undefined ? ['email', c.email] as const : undefined;
    return html`${c.name === undefined ? nothing : html`<bdi>${c.name}${hint('name')}</bdi>`}${contact === undefined
      ? nothing
      : html`<span class="secondary"><bdi>${contact[1]}</bdi>${hint(contact[0])}</span>`}`;
  }

  private row(client: Floorwalk, i: Interaction, agent: string | undefined, queue: string | undefined): TemplateResult {
    const s = this.t.strings;
    const c = this.common.strings;
    // The duration in an array, which Lit writes whenever the row runs (a string it writes only
    // when it differs from the one it wrote last): the ticker rewrites the cell in between, so
    // that one may no longer be there. The `live` directive does the same for 420 B more.
    return html`<tr
      part="row"
      data-id=${i.id}
      data-state=${i.state}
      tabindex=${i.id === this.active ? 0 : -1}
      aria-selected=${i.id === this.selected ? 'true' : 'false'}
    >
      <td part="cell"><span class="with-icon">${channelIcon(i.channel)}${c.channel(i.channel)}</span></td>
      <td part="cell">${s.directionLabel(i.direction)}</td>
      <td part="cell">${c.interactionState(i.state)}</td>
      <td part="cell"><bdi>${agent ?? (i.agentId === undefined ? html`<span class="muted">${s.unassigned}</span>` : i.agentId)}</bdi></td>
      <td part="cell"><bdi>${queue ?? i.queueId ?? ''}</bdi></td>
      <td part="cell" class="duration timer" .textContent=${[this.duration(client, i)]}></td>
      <td part="cell">${i.state === 'held' ? html`<span class="with-icon hold">${holdIcon()}${s.onHold}</span>` : nothing}</td>
      <td part="cell">${this.customer(i)}</td>
    </tr>`;
  }

  protected override render(): TemplateResult {
    const s = this.t.strings;
    const c = this.common.strings;
    const client = this.clients.client;
    const rows = client === undefined ? [] : this.rows(client);
    this.rowIds = rows.map((i) => i.id);
    this.shown = new Set(this.rowIds);
    const agents = (this.shownAgents = new Map());
    const queues = (this.shownQueues = new Map());
    for (const { agentId, queueId } of rows) {
      if (agentId !== undefined) agents.set(agentId, client?.getAgent(agentId)?.name);
      if (queueId !== undefined) queues.set(queueId, client?.getQueue(queueId)?.name);
    }
    if (this.active === undefined || !this.shown.has(this.active)) {
      // The focused row gone, the tab stop goes to the row now in its place (focused in
      // `updated`): rendered here, since the rows that keep their keys are not rendered again.
      const at = this.focusedIndex ?? -1;
      this.active =
        at >= 0
          ? this.rowIds[Math.min(at, this.rowIds.length - 1)]
          : this.selected !== undefined && this.rowIds.includes(this.selected)
            ? this.selected
            : this.rowIds[0];
    }
    this.toggleState('empty', rows.length === 0);

    return html`<table part="base" class="table" role="grid" aria-readonly="true" aria-rowcount=${rows.length + 1}
        @click=${this.onClick} @keydown=${this.onKeydown} @focusin=${this.onFocusin}>
        <caption part="caption" class="fw-visually-hidden">${s.caption}</caption>
        <thead>
          <tr>
            <th part="header" scope="col">${s.channel}</th>
            <th part="header" scope="col">${s.direction}</th>
            <th part="header" scope="col">${s.state}</th>
            <th part="header" scope="col">${s.agent}</th>
            <th part="header" scope="col">${s.queue}</th>
            <th part="header" scope="col" class="duration">${s.duration}</th>
            <th part="header" scope="col">${s.hold}</th>
            <th part="header" scope="col">${s.customer}</th>
          </tr>
        </thead>
        <tbody>
          ${client === undefined
            ? nothing
            : repeat(
                rows,
                (i) => i.id,
                (i) => {
                  const agent = agents.get(i.agentId);
                  const queue = queues.get(i.queueId);
                  // Only what the row shows: the store hands out the same interaction until it
                  // changes, and new strings come with a new locale. The duration is the ticker's.
                  return guard([i, agent, queue, i.id === this.selected, i.id === this.active, s, c], () => this.row(client, i, agent, queue));
                },
              )}
        </tbody>
      </table>
      ${rows.length === 0 ? html`<p part="empty" class="empty">${client === undefined ? c.noClient : s.empty}</p>` : nothing}`;
  }
}
