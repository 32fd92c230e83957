import {
  CHANNELS,
  PRESENCE_STATES,
  type Channel,
  type Floorwalk,
  type Interaction,
  type PresenceState,
  type StoreChange,
} from '@floorwalk/core';
import { html, nothing, type CSSResultGroup, type PropertyValues, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import { FwAgentSelectEvent } from '../../events/fw-agent-select.js';
import type { FwMessageAgentEvent } from '../../events/fw-message-agent.js';
import type { FwMonitoringChangedEvent } from '../../events/fw-monitoring-changed.js';
import type { FwMonitoringFailedEvent } from '../../events/fw-monitoring-failed.js';
import type { FwMonitoringRequestEvent } from '../../events/fw-monitoring-request.js';
import type { FwProposeCheckInEvent } from '../../events/fw-propose-check-in.js';
import { agentCatalog } from '../../internal/common-strings.js';
import { AnnounceController } from '../../internal/controllers/announce-controller.js';
import { ClientController } from '../../internal/controllers/client-controller.js';
import { TickController } from '../../internal/controllers/tick-controller.js';
import { FwElement } from '../../internal/fw-element.js';
import { activityIcon, alertIcon, channelIcon, helpIcon, holdIcon, monitoringIcon, presenceIcon } from '../../internal/icons.js';
import { LocalizeController, dirOf } from '../../internal/localize.js';
import { LONGEST_TIMER_MS } from '../../internal/pending.js';
import { formatDuration, formatNumber, formatTimer } from '../../internal/format.js';
import { baseStyles } from '../../styles/shared.styles.js';
import { styles } from './fw-team-board.styles.js';
import {
  alertSince,
  BOARD_STATES,
  type BoardFilter,
  type BoardItem,
  type BoardState,
  buildRow,
  checkAlerts,
  DEFAULT_THRESHOLDS,
  DueRows,
  GROUP_KEYS,
  type GroupItem,
  type GroupKey,
  itemsOf,
  matches,
  type MonitoringMark,
  movesRow,
  reshuffle,
  resolveThresholds,
  type RowModel,
  sameAlerts,
  searchKey,
  segment,
  type Segments,
  SORT_KEYS,
  type SortKey,
  stateRank,
  THRESHOLD_ATTRIBUTES,
  type ThresholdKind,
  type Thresholds,
} from './rows.js';
import { teamBoardCatalog } from './strings.js';
import { RowActionsController } from './row-actions.js';
import { DEV } from '../../internal/dev.js';

export type { Thresholds } from './rows.js';
export type { BoardState, GroupKey as TeamBoardGroup, SortKey as TeamBoardSort } from './rows.js';

/** Columns of an agent row, in order; the last only when the session has row actions. */
const COLUMNS = ['name', 'presence', 'time', 'interaction', 'flags', 'actions'] as const;

/** Where a row's timer counts from. */
type TimerKind = 'state' | 'interaction' | 'hold';

const keyOf = (item: BoardItem): string => (typeof item === 'string' ? item : `\u0000${item.group}`);

/** Presence colour and icon that stand for a board state. */
function lookOf(state: BoardState): { presence: PresenceState; icon: TemplateResult } {
  switch (state) {
    case 'interacting':
    case 'offered':
    case 'wrap-up':
      return { presence: 'busy', icon: presenceIcon('busy') };
    case 'held':
      return { presence: 'busy', icon: holdIcon() };
    case 'not-responding':
      return { presence: 'offline', icon: alertIcon() };
    default:
      return { presence: state, icon: presenceIcon(state) };
  }
}

function interactionStart(i: Interaction): number | undefined {
  switch (i.state) {
    case 'offered':
      return i.offeredAt ?? i.createdAt;
    case 'connected':
    case 'held':
      return i.connectedAt;
    case 'wrap-up':
      return i.wrapUpAt;
    default:
      return i.createdAt;
  }
}

/** The longest list rendered without the virtualizer. */
const PLAIN_ROWS = 100;

type Virtual = typeof import('./virtual.js');
let virtual: Virtual | undefined;
let virtualFailed = false;
let virtualLoading: Promise<Virtual> | undefined;

/** Loads the virtualizer once per page, for every board on it. */
function loadVirtual(): Promise<Virtual> {
  virtualLoading ??= import('./virtual.js').then(
    (module) => (virtual = module),
    (error: unknown) => {
      virtualFailed = true;
      throw error;
    },
  );
  return virtualLoading;
}

/**
 * The supervisor's live overview of a team: one row per agent with their presence and reason,
 * time in state, current interaction (channel, state, duration, hold), and help-request and
 * monitoring flags. Filters, search, sort and grouping are native controls above the rows; a
 * summary counts agents per state. Rows passing a threshold (long call, hold, wrap-up or break)
 * are highlighted with an icon and text and announced politely, once per crossing.
 *
 * Up to 100 rows render plainly; a longer list is virtualised (the virtualizer loads on first
 * need), so 10,000 agents keep about a screenful of rows in the DOM; one shared ticker updates the visible timers' text once a second, and a store batch re-renders
 * only the rows whose agent changed.
 *
 * @tagname fw-team-board
 * @summary The live team overview: presence, interactions, flags and thresholds per agent.
 * @status experimental
 * @since 0.1.0
 * @dependency none (lists over 100 rows render through `@lit-labs/virtualizer`'s directive, loaded on first need)
 *
 * @attr team - Show only agents of this team id.
 * @attr queue - Show only agents skilled for this queue id.
 * @attr presence - Show only agents in this presence state.
 * @attr channel - Show only agents with a live interaction on this channel.
 * @attr search - Show only agents whose name contains this text (case and accents ignored).
 * @attr sort - `name` (default), `state` or `time-in-state` (longest first).
 * @attr group - `none` (default), `team` or `state`.
 * @attr long-call - Long-call threshold in seconds (default 600).
 * @attr long-hold - Long-hold threshold in seconds (default 120).
 * @attr long-wrap-up - Long-wrap-up threshold in seconds (default 120).
 * @attr long-break - Long-break threshold in seconds (default 900).
 * @attr selected - The highlighted agent's id.
 * @attr reorder-interval - Milliseconds: rows that move (a new state on a board sorted or grouped by state) show the change at once and take their new places at most this often (default 1000; `0` moves them every frame), and never while the rows are held (below).
 * @attr pointer-hold - Milliseconds a pointer resting on the rows keeps holding them after it last moved (default 10000, also for a removed attribute or anything but a number of 0 or more; `0`: the pointer holds nothing).
 *
 * Rows are held in place while the pointer moves over the grid (and for `pointer-hold` after it
 * last moved), while the keyboard moves through it, and while a row's actions menu is open, so a
 * click or key lands on the agent it was aimed at. A pointer left resting on the board holds it
 * no longer than that: a supervisor watching with the mouse parked on it would otherwise see an
 * order that stopped updating. Held rows still show each agent's new state, times and flags; rows that would move, agents
 * who arrive and a change of name wait; an agent who leaves keeps a dimmed, inert row. When the
 * pointer leaves, focus leaves or the menu closes, every row takes its place in the next frame,
 * and the active cell stays on the same agent. While changes wait, a line under the grid says the
 * order is paused (announced once per hold). The counts per state above the grid stay live.
 * Filters, sort, grouping and a resync are never held.
 *
 * Each row (but the session's own) has an actions menu button in its last cell: Listen, Whisper
 * and Barge on the agent's live interaction (or the mode in use and Stop, when this session
 * monitors it), Set presence (a submenu of the tenant's states and reasons), Message, Propose
 * check-in and Show details. An item the session may not use, the platform does not offer, or
 * the agent's state rules out is shown disabled with its reason. Monitoring and presence
 * commands are sent by the board, shown pending until the platform confirms them, and announced
 * when they succeed or fail; Message and Propose check-in are events for the host to answer.
 *
 * @event fw-agent-select - {@link FwAgentSelectEvent} The person opened an agent's details (Show details, or Enter on the row).
 * @event fw-message-agent - {@link FwMessageAgentEvent} The person chose Message on an agent's row; the host opens its chat. `agentId`.
 * @event fw-propose-check-in - {@link FwProposeCheckInEvent} The person chose Propose check-in on an agent's row; the host asks for a time and calls `proposeCheckIn`. `agentId`.
 * @event fw-monitoring-request - {@link FwMonitoringRequestEvent} Cancelable; a row's Listen, Whisper, Barge or Stop is about to be sent.
 * @event fw-monitoring-changed - {@link FwMonitoringChangedEvent} The platform confirmed a monitoring start, switch or stop asked for from a row.
 * @event fw-monitoring-failed - {@link FwMonitoringFailedEvent} It did not happen; `error` says why.
 * @fires fw-agent-select
 * @fires fw-message-agent
 * @fires fw-propose-check-in
 * @fires fw-monitoring-request
 * @fires fw-monitoring-changed
 * @fires fw-monitoring-failed
 *
 * @csspart base - The wrapper of everything.
 * @csspart filters - The filter bar.
 * @csspart filter - One labelled filter (label and control).
 * @csspart control - Each native select and the search field.
 * @csspart summary - The counts per state.
 * @csspart summary-item - One state's count.
 * @csspart grid - The grid of rows (header included).
 * @csspart header - The column headers' row.
 * @csspart scroller - The scrolling viewport of the rows.
 * @csspart row - An agent row.
 * @csspart row-alert - An agent row over a threshold (also has `row`).
 * @csspart row-selected - The selected agent's row (also has `row`).
 * @csspart group-header - A group heading row.
 * @csspart cell - Each cell of an agent row.
 * @csspart presence - The presence cell.
 * @csspart timer - Each running timer.
 * @csspart interaction - The interaction cell.
 * @csspart flag - Each flag (help, monitoring, threshold, and the activity bucket while the tenant's activity signal is on).
 * @csspart action - A row's actions menu button.
 * @csspart action-pending - "Pending" in the button while a command of that row waits for the platform.
 * @csspart action-message - The last row action's outcome, under the grid (pending, done or failed).
 * @csspart away - One of this supervisor's sessions on an agent no longer on the board (moved out of their teams, removed), or one the platform did not take off when its call ended (`outlivesCall`), under the grid.
 * @csspart away-stop - Its stop button.
 * @csspart menu-popup - The open actions menu's container (a manual popover in the top layer).
 * @csspart menu - The actions menu and the presence submenu (`role="menu"`).
 * @csspart submenu - The presence submenu (also has `menu`).
 * @csspart menu-item - A menu item; a disabled one also has `menu-item-disabled`.
 * @csspart menu-item-disabled - A menu item that cannot be used now.
 * @csspart menu-reason - Why a menu item is disabled, under its label.
 * @csspart empty - The message shown when no agent is listed.
 * @csspart paused - "Order paused…", under the grid while held rows have changes waiting.
 *
 * @cssproperty --fw-team-board-height - Height of the rows' viewport when the host's height is not set (default 28rem).
 * @cssproperty --fw-team-board-columns - The rows' `grid-template-columns`.
 * @cssproperty --fw-team-board-row-height - Minimum height of a row (default 2.75rem).
 * @cssproperty --fw-team-board-background - Background of the board.
 * @cssproperty --fw-team-board-row-background - Background of a row.
 * @cssproperty --fw-team-board-row-hover-background - Background of a hovered row.
 * @cssproperty --fw-team-board-selected-background - Background of the selected row.
 * @cssproperty --fw-team-board-alert-background - Background of a row over a threshold.
 * @cssproperty --fw-team-board-alert-color - Accent (inline-start bar, icon) of a row over a threshold.
 * @cssproperty --fw-team-board-border-color - Lines between rows and around the board.
 * @cssproperty --fw-team-board-font-size - Base font size.
 * @cssproperty --fw-team-board-menu-background - Background of the actions menu.
 *
 * @cssstate empty - No agent is listed (no client, no agents, or none match the filters).
 * @cssstate alerting - At least one listed agent is over a threshold.
 */
export class FwTeamBoard extends FwElement {
  static override styles: CSSResultGroup = [baseStyles, styles];

  static override properties = {
    client: { attribute: false },
    team: { type: String },
    queue: { type: String },
    presence: { type: String },
    channel: { type: String },
    search: { type: String },
    sort: { type: String },
    group: { type: String },
    selected: { type: String },
    reorderInterval: { type: Number, attribute: 'reorder-interval' },
    pointerHold: { type: Number, attribute: 'pointer-hold' },
    thresholds: { attribute: false, noAccessor: true },
    activeKey: { state: true },
    activeColumn: { state: true },
  };

  /** The threshold attributes (seconds), on top of the reactive properties' attributes. */
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, ...Object.keys(THRESHOLD_ATTRIBUTES)];
  }

  // ---------------------------------------------------------------- public API

  /** The client to show; defaults to the nearest `fw-provider`'s. */
  declare client: Floorwalk | undefined;
  /** Team id filter; empty for every team. */
  declare team: string;
  /** Queue id filter (agents skilled for it); empty for every queue. */
  declare queue: string;
  /** Presence state filter; empty for any. */
  declare presence: string;
  /** Channel filter (agents with a live interaction on it); empty for any. */
  declare channel: string;
  /** Name search; empty for none. */
  declare search: string;
  /** Row order: `name`, `state` or `time-in-state`. */
  declare sort: SortKey;
  /** Grouping: `none`, `team` or `state`. */
  declare group: GroupKey;
  /** The highlighted agent's id. Setting it fires no event. */
  declare selected: string | undefined;
  /**
   * How often, in milliseconds, rows that moved take their new places (default 1000). A row's
   * new state shows at once; on a busy floor sorted or grouped by state, re-sorting every frame
   * makes rows jump under the reader's eye and lays out the visible rows again each time, so the
   * order catches up at most this often. The first move after a quiet interval is immediate.
   * `0` re-sorts every frame.
   */
  declare reorderInterval: number;
  /**
   * How long, in milliseconds, a pointer resting on the rows keeps holding them after it last
   * moved (default 10000; `0`: the pointer never holds them). A person reading a row before
   * clicking rests the pointer for a few seconds; one who parked it there is not aiming at
   * anything, and the order must not stop for them. Moving the pointer holds the rows again.
   */
  declare pointerHold: number;

  // ---------------------------------------------------------------- controllers

  private readonly clients = new ClientController(this, (change) => this.onStoreChange(change));
  private readonly t = new LocalizeController(this, teamBoardCatalog);
  private readonly common = new LocalizeController(this, agentCatalog);
  private readonly announcer = new AnnounceController(this);
  private readonly ticker = new TickController(this, () => this.onTick());
  private readonly rowActions = new RowActionsController(this, {
    client: () => this.clients.client,
    canOpen: (agentId) => this.models.get(agentId)?.canOpen === true,
    details: (agentId) => this.open(agentId),
    returnFocus: (agentId) => this.focusActions(agentId),
    announce: (message, politeness) => this.announcer.announce(message, politeness),
  });

  // ---------------------------------------------------------------- internal state

  private declare activeKey: string | undefined;
  private declare activeColumn: number;
  private thresholdValues: Thresholds = DEFAULT_THRESHOLDS;

  /** One model per agent the client holds, whether listed or not. */
  private models = new Map<string, RowModel>();
  private builtFor: Floorwalk | undefined;
  private pending = new Set<string>();
  private pendingReset = false;
  private pendingFlags = false;
  private frameRequested = false;
  private helpAgents = new Set<string>();
  /** Monitored agents, each with how (`mine:mode`): a changed mode re-renders the row. */
  private monitoredAgents = new Map<string, string>();
  private teamsChanged = false;
  /** Bumped when the teams or queues the filters offer change. */
  private filtersVersion = 0;
  /** Agents over a threshold now (listed or not): the `alerting` state reads it. */
  private alertIds = new Set<string>();
  private knownQueues = new Set<string>();
  /** The list shown; the same array until membership or order changes. */
  private items: readonly BoardItem[] = [];
  private itemIndex: Map<string, number> | undefined;
  private shownCount = 0;
  private counts = new Map<BoardState, number>();
  private listStale = true;
  /** The shown ids by group, as the list was last laid out. */
  private segments: Segments = new Map();
  /** Rows whose changes since then move them, each with the row as it was placed. */
  private moved = new Map<string, RowModel>();
  /** When the list last took its rows' places ({@link reorderInterval}), and the render waiting for the next time. */
  private lastReorder = -Infinity;
  private reorderTimer: ReturnType<typeof setTimeout> | undefined;
  /** The pointer is over the grid: rows keep their places under it ({@link holding}). */
  private pointerIn = false;
  /** When the pointer last entered or moved over the grid: a pointer at rest holds for {@link pointerHold}. */
  private pointerMovedAt = 0;
  private restTimer: ReturnType<typeof setTimeout> | undefined;
  /** A key was pressed in the grid since focus came in: it holds the rows as a keyboard's focus does. */
  private keyed = false;
  /** Set in an update whose list changed by the person's or host's hand (filters, sort, locale, client): never held. */
  private forced = false;
  /** Rows held in place with changes waiting: the board says so ({@link paused}), announced once per hold. */
  private paused = false;
  /**
   * The states the summary lists while the rows are held: those it listed when the hold began.
   * Their counts stay live, but a state that appears waits and one that empties shows 0, so the
   * summary keeps its lines and the grid under the pointer does not move.
   */
  private summaryHeld: readonly BoardState[] | undefined;
  private summaryListed: readonly BoardState[] = [];
  private pauseAnnounced = false;
  /** Agents gone from the client while the rows were held: their rows stay, inert, until the list is laid out. */
  private gone = new Map<string, RowModel>();
  private namesStale = true;
  private nameRank = new Map<string, number>();
  private nameRankLang = '';
  private filter: BoardFilter = { team: '', queue: '', presence: '', channel: '', search: '' };
  /** Bumped when every visible row must re-render (locale, thresholds, columns). */
  private epoch = 0;
  private lastStrings: unknown;
  private lastCommon: unknown;
  private showActions = false;
  /** The client's time at this update, for timers rendered with their rows. */
  private renderNow = 0;
  private cellIds = new Map<string, number>();
  private timerTexts = new Map<number, string>();
  /** Rows by when they next pass a threshold: what the ticker checks. */
  private due = new DueRows();
  /** Later times the ticker found for rows that passed nothing new (else RowModel.nextAlertAt). */
  private dueAt = new Map<string, number>();
  private range = { first: 0, last: -1 };
  /** Whether the rows last rendered through the virtualizer. */
  private virtualRows = false;
  /** A row scrolled to before the virtualizer rendered it: shown whole once it has. */
  private scrollTarget: number | undefined;
  /** Set while the virtualizer loads for a list that needs it. */
  private virtualLoad: Promise<void> | undefined;
  /**
   * Whether the virtualizer has rendered a first range since it took the rows over. Until then
   * the plain rows stay on screen above it: its first layout runs before its host has a size,
   * comes out empty, and the rows follow a frame or two later.
   */
  private virtualShown = false;
  /**
   * How many times each agent's row template ran: the check that a store batch re-renders
   * only the rows that changed. @internal
   */
  readonly renderCounts = new Map<string, number>();

  constructor() {
    super();
    this.team = '';
    this.queue = '';
    this.presence = '';
    this.channel = '';
    this.search = '';
    this.sort = 'name';
    this.group = 'none';
    this.selected = undefined;
    this.reorderInterval = 1000;
    this.pointerHold = 10_000;
    this.activeKey = undefined;
    this.activeColumn = 0;
  }

  /**
   * When a row is highlighted, in milliseconds. Set any subset; the rest keep their defaults
   * (10 min call, 2 min hold, 2 min wrap-up, 15 min break). The `long-*` attributes set one
   * each, in seconds.
   */
  get thresholds(): Thresholds {
    return this.thresholdValues;
  }

  set thresholds(value: Partial<Thresholds> | undefined) {
    const old = this.thresholdValues;
    this.thresholdValues = resolveThresholds(value);
    this.requestUpdate('thresholds', old);
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    const key = THRESHOLD_ATTRIBUTES[name];
    if (key === undefined) {
      super.attributeChangedCallback(name, old, value);
      return;
    }
    const seconds = value === null ? Number.NaN : Number(value);
    this.thresholds = { ...this.thresholdValues, [key]: seconds > 0 ? seconds * 1000 : DEFAULT_THRESHOLDS[key] };
  }

  // ---------------------------------------------------------------- store and ticker

  /** Notes what a batch changed; the work happens once per render, however many batches came. */
  private onStoreChange(change: StoreChange): boolean {
    this.rowActions.onStoreChange(change);
    if (change.reset) this.pendingReset = true;
    for (const id of change.agents) this.pending.add(id);
    if (change.helpRequests.size > 0 || change.monitoring.size > 0) this.pendingFlags = true;
    if (change.teams.size > 0) this.teamsChanged = true;
    // Queue statistics change all the time and the board shows none: only a new queue matters.
    let newQueue = false;
    for (const id of change.queues) {
      if (!this.knownQueues.has(id)) {
        this.knownQueues.add(id);
        this.filtersVersion++;
        newQueue = true;
      }
    }
    const relevant = change.reset || change.agents.size > 0 || this.pendingFlags || change.teams.size > 0 || newQueue;
    if (relevant) this.renderNextFrame();
    // Batches come faster than frames on a busy floor (a vendor's notifications, a backlog):
    // render once per frame, just before it is painted, with everything that arrived.
    return false;
  }

  private renderNextFrame(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      this.requestUpdate();
    });
  }

  /** The client's current time: durations come from the client, which may run on a simulated clock. */
  private clientNow(client: Floorwalk): number {
    return client.now();
  }

  private onTick(): void {
    const client = this.clients.client;
    if (client === undefined || this.models.size === 0) return;
    const now = this.clientNow(client);
    const crossed: { row: RowModel; gained: ThresholdKind[] }[] = [];
    let changed = false;
    const due = this.due;
    // checkAlerts puts the next time after `now`, so each row comes out at most once a tick.
    while (due.next() <= now) {
      const at = due.next();
      const id = due.pop();
      const row = this.models.get(id);
      if (row === undefined || this.queuedAt(id, row) !== at) continue;
      const checked = checkAlerts(row, now, this.thresholdValues);
      if (sameAlerts(checked.alerts, row.alerts)) {
        // Nothing new to show: queued for its next time, keeping the row (and its render).
        this.dueAt.set(id, checked.nextAlertAt);
        due.push(checked.nextAlertAt, id);
        continue;
      }
      const next = { ...row, ...checked };
      this.setModel(id, next);
      changed = true;
      const gained = checked.alerts.filter((kind) => !row.alerts.includes(kind));
      if (gained.length > 0 && matches(next, this.filter)) crossed.push({ row: next, gained });
    }
    if (changed) this.renderNextFrame();
    this.announceCrossings(crossed, now);
    this.updateTimers(now);
  }

  /** Rewrites the visible timers' text in place: no row re-renders for the clock. */
  private updateTimers(now: number): void {
    const root = this.renderRoot as ShadowRoot | undefined;
    if (root === undefined) return;
    for (const el of root.querySelectorAll<HTMLElement>('[data-timer]')) {
      const row = this.models.get(el.dataset.agent ?? '');
      if (row === undefined) continue;
      const text = this.timerText(row, el.dataset.timer as TimerKind, now);
      if (el.textContent !== text) el.textContent = text;
    }
  }

  private timerText(row: RowModel, kind: TimerKind, now: number): string {
    let from: number | undefined;
    if (kind === 'state') from = row.agent.presence.since;
    else {
      const i = row.interactions[0];
      if (i !== undefined) from = kind === 'hold' ? i.heldAt : interactionStart(i);
    }
    return from === undefined ? '' : this.timer(now - from);
  }

  /**
   * The localize controller's timer, remembered per whole second: Intl.DurationFormat takes
   * about 0.1 ms a call in Chromium, and a screenful of timers ticking would spend that on
   * strings it has already made. Cleared when the locale changes; bounded.
   */
  private timer(ms: number): string {
    const seconds = Math.max(0, Math.floor(ms / 1000));
    let text = this.timerTexts.get(seconds);
    if (text === undefined) {
      if (this.timerTexts.size >= 50_000) this.timerTexts.clear();
      text = formatTimer(this.t.lang, seconds * 1000);
      this.timerTexts.set(seconds, text);
    }
    return text;
  }

  private announceCrossings(crossed: readonly { row: RowModel; gained: ThresholdKind[] }[], now: number): void {
    const first = crossed[0];
    if (first === undefined) return;
    const s = this.t.strings;
    const describe = ({ row, gained }: { row: RowModel; gained: ThresholdKind[] }): string =>
      s.crossed(
        row.agent.name,
        gained
          .map((kind) => {
            const since = alertSince(row, kind);
            return since === undefined ? this.alertLabel(kind) : s.overFor(this.alertLabel(kind), formatDuration(this.t.lang, now - since));
          })
          .join(', '),
      );
    const message = crossed.length === 1 ? describe(first) : s.crossedMany(crossed.length, formatNumber(this.t.lang, crossed.length), describe(first));
    this.announcer.announce(message, 'polite');
  }

  // ---------------------------------------------------------------- lifecycle

  // In `update`, not `willUpdate`: the localize controllers resolve the locale in `hostUpdate`,
  // which runs between the two.
  protected override update(changed: PropertyValues<this>): void {
    this.prepare(changed);
    super.update(changed);
  }

  private prepare(changed: PropertyValues<this>): void {
    if (DEV) {
      // A value outside the list falls back to the default without a word in production.
      if (changed.has('sort') && !SORT_KEYS.includes(this.sort)) {
        console.warn(`Floorwalk (development build): <fw-team-board> sort="${String(this.sort)}" is not one of ${SORT_KEYS.join(', ')}; sorting by name.`);
      }
      if (changed.has('group') && !GROUP_KEYS.includes(this.group)) {
        console.warn(`Floorwalk (development build): <fw-team-board> group="${String(this.group)}" is not one of ${GROUP_KEYS.join(', ')}; not grouping.`);
      }
    }
    const client = this.clients.client;
    if (client !== this.builtFor) {
      this.builtFor = client;
      this.pendingReset = true;
      this.cellIds.clear();
    }
    if (
      changed.has('team') ||
      changed.has('queue') ||
      changed.has('presence') ||
      changed.has('channel') ||
      changed.has('search') ||
      changed.has('sort') ||
      changed.has('group')
    ) {
      this.filter = {
        team: this.team ?? '',
        queue: this.queue ?? '',
        presence: this.presence ?? '',
        channel: this.channel ?? '',
        search: searchKey(String(this.search ?? '').trim()),
      };
      this.listStale = this.forced = true;
    }
    const strings = this.t.strings;
    const common = this.common.strings;
    if (strings !== this.lastStrings || common !== this.lastCommon) {
      this.lastStrings = strings;
      this.lastCommon = common;
      this.timerTexts.clear();
      this.epoch++;
      // Group headings carry translated labels; names sort by the locale's collation.
      if (this.group !== 'none') this.listStale = this.forced = true;
      if (this.t.lang !== this.nameRankLang) this.namesStale = this.forced = true;
    }
    this.renderNow = client === undefined ? Date.now() : this.clientNow(client);
    if (changed.has('thresholds')) {
      // A new configuration is not news: rows re-highlight silently.
      for (const [id, row] of this.models) {
        const checked = checkAlerts(row, this.renderNow, this.thresholdValues);
        this.setModel(id, sameAlerts(checked.alerts, row.alerts) ? { ...row, nextAlertAt: checked.nextAlertAt } : { ...row, ...checked });
      }
      this.epoch++;
    }
    this.sync(client, this.renderNow);
    if (this.teamsChanged) {
      this.teamsChanged = false;
      this.filtersVersion++;
      if (this.group === 'team') this.listStale = true;
    }
    // The person's own changes (filters, sort, locale) and a resync lay the list out at once;
    // the floor's (moves, arrivals, departures, renames) wait while the rows are held.
    const hold = !this.forced && this.holding();
    this.forced = false;
    if (this.namesStale && !hold) {
      this.rankNames();
      this.listStale = true;
    }
    if (hold) {
      // New rows join and gone rows leave when the hold ends: either would shift the rows below.
    } else if (this.listStale) this.rearrange();
    else if (this.moved.size > 0) {
      const wait = this.lastReorder + this.reorderMs() - performance.now();
      if (wait <= 0) this.shiftMoved();
      else this.reorderLater(wait);
    }
    this.paused = hold && (this.listStale || this.namesStale || this.moved.size > 0);
    this.summaryHeld = hold ? (this.summaryHeld ?? this.summaryListed) : undefined;
    // Told once per visit of the pointer: one that rests, lets the rows move and moves again is
    // the same person at the same board, not news.
    if (!hold && !this.pointerIn) this.pauseAnnounced = false;
    const rest = this.paused ? this.pointerHolds() : 0;
    if (rest > 0 && this.restTimer === undefined) {
      // Changes wait on a pointer that may now stay still: look again when its hold runs out.
      this.restTimer = setTimeout(() => {
        this.restTimer = undefined;
        this.renderNextFrame();
      }, rest + 1);
    }
    const showActions = this.anyActions();
    if (showActions !== this.showActions) {
      this.showActions = showActions;
      this.epoch++;
    }
  }

  protected override updated(): void {
    this.syncActiveDescendant();
    if (this.paused && !this.pauseAnnounced) {
      this.pauseAnnounced = true;
      this.announcer.announce(this.t.strings.orderPaused, 'polite');
    }
    const toggle = (name: string, on: boolean): void => this.toggleState(name, on);
    toggle('empty', this.shownCount === 0);
    let alerting = false;
    for (const id of this.alertIds) {
      const row = this.models.get(id);
      if (row !== undefined && matches(row, this.filter)) {
        alerting = true;
        break;
      }
    }
    toggle('alerting', alerting);
  }

  // ---------------------------------------------------------------- model upkeep

  /** Applies what the batches since the last render changed. */
  private sync(client: Floorwalk | undefined, now: number): void {
    if (client === undefined) {
      if (this.models.size > 0 || this.items.length > 0) {
        this.models = new Map();
        this.due.clear();
        this.alertIds.clear();
        this.listStale = true;
      }
      this.pending.clear();
      this.pendingReset = false;
      this.forced = true;
      return;
    }
    if (this.pendingReset) {
      this.pendingReset = false;
      this.pendingFlags = false;
      this.pending.clear();
      this.helpAgents = this.openHelp(client);
      this.monitoredAgents = this.monitored(client);
      const next = new Map<string, RowModel>();
      for (const agent of client.getAgents()) {
        next.set(
          agent.id,
          buildRow(client, agent, this.helpAgents.has(agent.id), this.monitoredAgents.has(agent.id), now, this.thresholdValues, this.models.get(agent.id), markOf(this.monitoredAgents.get(agent.id))),
        );
      }
      this.models = next;
      this.due.clear();
      this.dueAt.clear();
      for (const row of next.values()) this.due.push(row.nextAlertAt, row.id);
      this.alertIds = new Set([...next.values()].filter((row) => row.alerts.length > 0).map((row) => row.id));
      this.knownQueues = new Set(client.getQueues().map((q) => q.id));
      this.filtersVersion++;
      this.listStale = true;
      this.namesStale = true;
      // A resync replaces every row: held rows would show agents as they were before it.
      this.forced = true;
      return;
    }
    if (this.pendingFlags) {
      this.pendingFlags = false;
      const help = this.openHelp(client);
      const monitored = this.monitored(client);
      for (const id of symmetricDifference(this.helpAgents, help)) this.pending.add(id);
      for (const id of changedKeys(this.monitoredAgents, monitored)) this.pending.add(id);
      this.helpAgents = help;
      this.monitoredAgents = monitored;
    }
    if (this.pending.size === 0) return;
    const crossed: { row: RowModel; gained: ThresholdKind[] }[] = [];
    for (const id of this.pending) {
      const before = this.models.get(id);
      const agent = client.getAgent(id);
      if (agent === undefined) {
        if (before !== undefined) {
          // Its row stays where it is while held: the rows under the pointer do not close up.
          if (this.holding()) this.gone.set(id, before);
          if (matches(before, this.filter)) this.tally(before.state, -1);
          this.models.delete(id);
          this.dueAt.delete(id);
          this.alertIds.delete(id);
          this.listStale = true;
        }
        continue;
      }
      const after = buildRow(client, agent, this.helpAgents.has(id), this.monitoredAgents.has(id), now, this.thresholdValues, before, markOf(this.monitoredAgents.get(id)));
      this.setModel(id, after);
      if (before === undefined) {
        if (matches(after, this.filter)) this.tally(after.state, 1);
        this.listStale = true;
        this.namesStale = true;
        continue;
      }
      if (before.agent.name !== after.agent.name) this.namesStale = true;
      if (!this.listStale && !this.moved.has(id) && movesRow(before, after, this.filter, this.sort, this.group)) this.moved.set(id, before);
      // Counted as it happens, whether its row moves now or waits for a hold to end.
      if (matches(before, this.filter)) this.tally(before.state, -1);
      if (matches(after, this.filter)) this.tally(after.state, 1);
      const gained = after.alerts.filter((kind) => !before.alerts.includes(kind));
      if (gained.length > 0 && matches(after, this.filter)) crossed.push({ row: after, gained });
    }
    this.pending.clear();
    this.announceCrossings(crossed, now);
  }

  private setModel(id: string, row: RowModel): void {
    if (this.models.get(id) !== row) {
      const queued = this.queuedAt(id);
      this.models.set(id, row);
      this.dueAt.delete(id);
      // Most changes (a reason edited, a call held) keep the row's alert time: its entry stands.
      if (queued === row.nextAlertAt) return this.flagAlerts(id, row);
      this.due.push(row.nextAlertAt, id);
      // Replaced rows leave stale entries behind: swept when they pass a quarter of the rows
      // (each sweep then removes at least that many, so it costs a few steps per entry).
      const rows = this.models.size;
      if (this.due.size > rows + (rows >> 2) + 64) {
        const kept = new Set<string>();
        this.due.sweep((at, key) => {
          if (kept.has(key) || this.queuedAt(key) !== at) return false;
          kept.add(key);
          return true;
        });
      }
    }
    this.flagAlerts(id, row);
  }

  private flagAlerts(id: string, row: RowModel): void {
    if (row.alerts.length > 0) this.alertIds.add(id);
    else this.alertIds.delete(id);
  }

  /** When the ticker should next look at an agent's row (undefined for no row). */
  private queuedAt(id: string, row = this.models.get(id)): number | undefined {
    return row === undefined ? undefined : (this.dueAt.get(id) ?? row.nextAlertAt);
  }

  private openHelp(client: Floorwalk): Set<string> {
    return new Set(client.getHelpRequests({ open: true }).map((r) => r.agentId));
  }

  private monitored(client: Floorwalk): Map<string, string> {
    const out = new Map<string, string>();
    const self = client.session.userId;
    for (const s of client.getMonitoringSessions({ active: true })) {
      const mine = s.supervisorId === self;
      // This session's own mode wins: it is the one the supervisor acts on from the row. Its own
      // screen view, which no row action touches, wins over another's session only (held as
      // `other:…`, which sorts after 'n'; `mine:…` before).
      if (!out.has(s.agentId) || (mine && (s.mode !== 'screen' || (out.get(s.agentId) as string) > 'n'))) out.set(s.agentId, `${mine ? 'mine' : 'other'}:${s.mode}`);
    }
    return out;
  }

  /** Orders every name once with the locale's collator, so sorts compare numbers. */
  private rankNames(): void {
    const collator = new Intl.Collator(this.t.lang, { sensitivity: 'base', numeric: true });
    const rows = [...this.models.values()];
    rows.sort((a, b) => collator.compare(a.agent.name, b.agent.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.nameRank = new Map(rows.map((row, i) => [row.id, i]));
    this.nameRankLang = this.t.lang;
    this.namesStale = false;
  }

  private rearrange(): void {
    this.segments = segment(this.models.values(), this.filter, this.sortKey(), this.groupKey(), this.nameRank);
    this.layOut();
    const counts = new Map<BoardState, number>();
    for (const row of this.models.values()) if (matches(row, this.filter)) counts.set(row.state, (counts.get(row.state) ?? 0) + 1);
    this.counts = counts;
    this.listStale = false;
  }

  /**
   * Moves only the rows that moved: on a board sorted or grouped by state, most frames move a
   * few rows, and sorting all of them again took 10 ms of each frame at 10,000 agents.
   */
  private shiftMoved(): void {
    const { filter, moved, models } = this;
    // Past half the rows moving, sorting them all costs about what sorting the moved ones does.
    if (moved.size > models.size >> 1) return this.rearrange();
    this.segments = reshuffle(this.segments, moved, (id) => models.get(id), filter, this.sortKey(), this.groupKey(), this.nameRank);
    this.layOut();
  }

  /** The count of agents in `state` among those the filter shows, moved by `by`. */
  private tally(state: BoardState, by: number): void {
    this.counts.set(state, Math.max(0, (this.counts.get(state) ?? 0) + by));
  }

  /** {@link reorderInterval}, with anything but a number of 0 or more read as the default, and at most what a timer holds. */
  private reorderMs(): number {
    const ms = Number(this.reorderInterval);
    return Number.isFinite(ms) && ms >= 0 ? Math.min(ms, LONGEST_TIMER_MS) : 1000;
  }

  /** A render once the interval since the last re-sort has passed, for the rows that moved since. */
  private reorderLater(wait: number): void {
    if (this.reorderTimer !== undefined) return;
    this.reorderTimer = setTimeout(() => {
      this.reorderTimer = undefined;
      this.renderNextFrame();
    }, wait);
  }

  /**
   * Whether rows keep their places: the pointer is over the grid (what it aims at stays there),
   * the keyboard is in it (the active row would leave the window, and the arrow keys jump to
   * wherever it went), or a row's menu is open (it goes where its row goes, its items under the
   * pointer with it). Focus a click left behind holds nothing once the pointer has gone: the
   * person has looked away, and an order frozen for that would be stale without a reason.
   */
  private holding(): boolean {
    const grid = this.renderRoot.querySelector('.grid');
    const inside = grid?.matches(':focus-within') === true;
    if (!inside) this.keyed = false;
    return this.pointerHolds() > 0 || this.rowActions.openFor !== undefined || (inside && (this.keyed || grid?.matches(':focus-visible') === true));
  }

  /** Milliseconds the pointer still holds the rows: 0 when it is away or has rested past {@link pointerHold}. */
  private pointerHolds(): number {
    // A removed attribute comes back as null, which Number() would read as 0 (hold nothing).
    const ms = this.pointerHold == null ? NaN : Number(this.pointerHold);
    const hold = Number.isFinite(ms) && ms >= 0 ? Math.min(ms, LONGEST_TIMER_MS) : 10_000;
    return this.pointerIn ? Math.max(0, this.pointerMovedAt + hold - performance.now()) : 0;
  }

  /** A hold may have ended: the rows take their places in the next frame. */
  private readonly onGridLeave = (event: Event): void => {
    if (event.type === 'pointerleave') this.pointerIn = false;
    this.renderNextFrame();
  };

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.reorderTimer);
    this.reorderTimer = undefined;
    clearTimeout(this.restTimer);
    this.restTimer = undefined;
    // A board taken off the page under the pointer never hears it leave.
    this.pointerIn = false;
  }

  private sortKey(): SortKey {
    return SORT_KEYS.includes(this.sort) ? this.sort : 'name';
  }

  private groupKey(): GroupKey {
    return GROUP_KEYS.includes(this.group) ? this.group : 'none';
  }

  /** The list's items from the segments. */
  private layOut(): void {
    const group = this.groupKey();
    const teams = new Map((this.clients.client?.getTeams() ?? []).map((team) => [team.id, team.name]));
    const { items, count } = itemsOf(
      this.segments,
      group,
      (key) => (group === 'team' ? (teams.get(key) ?? (key === '' ? this.t.strings.noTeam : key)) : this.stateLabel(key as BoardState)),
      group === 'team'
        ? (a, b) => (teams.get(a) ?? a).localeCompare(teams.get(b) ?? b, this.t.lang, { numeric: true })
        : (a, b) => stateRank(a as BoardState) - stateRank(b as BoardState),
    );
    this.items = items;
    this.itemIndex = undefined;
    this.shownCount = count;
    this.moved.clear();
    this.gone.clear();
    this.lastReorder = performance.now();
  }

  private anyActions(): boolean {
    for (const row of this.models.values()) if (row.canOpen || this.rowActions.offers(row.id)) return true;
    return false;
  }

  /** Focus back on the grid, on the agent's actions cell (after its menu closed). */
  private focusActions(agentId: string): void {
    this.activeKey = agentId;
    this.activeColumn = COLUMNS.indexOf('actions');
    this.renderRoot.querySelector<HTMLElement>('[role="grid"]')?.focus({ preventScroll: true });
    const index = this.indexOf(agentId);
    if (index >= 0) this.scrollToIndex(index);
  }

  // ---------------------------------------------------------------- interaction

  private indexOf(key: string | undefined): number {
    if (key === undefined) return -1;
    if (this.itemIndex === undefined) {
      this.itemIndex = new Map();
      this.items.forEach((item, i) => this.itemIndex?.set(keyOf(item), i));
    }
    return this.itemIndex.get(key) ?? -1;
  }

  private get columnCount(): number {
    return this.showActions ? COLUMNS.length : COLUMNS.length - 1;
  }

  private cellId(key: string, column: number): string {
    let n = this.cellIds.get(key);
    if (n === undefined) {
      n = this.cellIds.size + 1;
      this.cellIds.set(key, n);
    }
    return `cell-${n}-${column}`;
  }

  /** The active cell's id, when its row is rendered; group headings have one cell. */
  private activeCellId(): string | undefined {
    const key = this.activeKey;
    if (key === undefined) return undefined;
    const index = this.indexOf(key);
    if (index < 0) return undefined;
    const column = typeof this.items[index] === 'string' ? this.activeColumn : 0;
    return this.cellId(key, column);
  }

  private syncActiveDescendant(): void {
    const grid = this.renderRoot.querySelector<HTMLElement>('[role="grid"]');
    if (grid === null) return;
    const id = this.activeCellId();
    if (id !== undefined && (this.renderRoot as ShadowRoot).getElementById(id) !== null) grid.setAttribute('aria-activedescendant', id);
    else grid.removeAttribute('aria-activedescendant');
  }

  private readonly onRangeChanged = (event: Event): void => {
    const { first, last } = event as Event & { first: number; last: number };
    this.range = { first, last };
    // The virtualizer renders this range in its own listener, before the update this asks for.
    if (!this.virtualShown && first >= 0 && last >= first) {
      this.virtualShown = true;
      this.requestUpdate();
    }
    // The virtualizer renders the new range in its own listener; check once it has.
    queueMicrotask(() => {
      this.syncActiveDescendant();
      const target = this.scrollTarget;
      this.scrollTarget = undefined;
      if (target !== undefined) void virtual?.show(this.renderRoot, target);
    });
  };

  private readonly onPointerEnter = (): void => {
    this.pointerIn = true;
    this.pointerMovedAt = performance.now();
  };

  private readonly onPointerMove = (): void => {
    this.pointerMovedAt = performance.now();
  };

  private readonly onGridFocus = (): void => {
    // Focus that no moving pointer brought (a screen reader user, the mouse parked on the rows
    // since an earlier hold was told) starts a new visit: its pause is news to them.
    if (this.pointerHolds() === 0) this.pauseAnnounced = false;
    if (this.activeKey !== undefined && this.indexOf(this.activeKey) >= 0) return;
    const first = this.items[Math.max(0, this.range.first)] ?? this.items[0];
    if (first !== undefined) this.activeKey = keyOf(first);
  };

  private readonly onGridKeyDown = (event: KeyboardEvent): void => {
    this.keyed = true;
    if (event.target !== event.currentTarget || this.items.length === 0) return;
    const rtl = dirOf(this, this.t.lang) === 'rtl';
    let index = this.indexOf(this.activeKey);
    if (index < 0) index = Math.max(0, this.range.first);
    let column = this.activeColumn;
    const lastColumn = this.columnCount - 1;
    const page = this.pageRows();
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        // Alt+Down / Alt+Up open a menu button's menu, as on a native select; plain arrows move rows.
        const item = this.items[index];
        if (event.altKey && typeof item === 'string' && this.showActions && this.activeColumn === COLUMNS.indexOf('actions')) {
          event.preventDefault();
          this.openActions(item, event.key === 'ArrowDown' ? 'first' : 'last');
          return;
        }
        index += event.key === 'ArrowDown' ? 1 : -1;
        break;
      }
      case 'ArrowRight':
        column += rtl ? -1 : 1;
        break;
      case 'ArrowLeft':
        column += rtl ? 1 : -1;
        break;
      case 'PageDown':
        index += page;
        break;
      case 'PageUp':
        index -= page;
        break;
      case 'Home':
        if (event.ctrlKey) index = 0;
        column = 0;
        break;
      case 'End':
        if (event.ctrlKey) index = this.items.length - 1;
        column = lastColumn;
        break;
      case 'Enter':
      case ' ': {
        event.preventDefault();
        const item = this.items[index];
        if (typeof item !== 'string') return;
        if (this.showActions && this.activeColumn === COLUMNS.indexOf('actions')) this.openActions(item, 'first');
        else if (this.models.get(item)?.canOpen === true) this.open(item);
        return;
      }
      case 'ContextMenu':
      case 'F10': {
        // The context-menu key (or Shift+F10) opens the row's actions from any of its cells.
        if (event.key === 'F10' && !event.shiftKey) return;
        const item = this.items[index];
        if (typeof item !== 'string' || !this.showActions) return;
        event.preventDefault();
        this.openActions(item, 'first');
        return;
      }
      default:
        return;
    }
    event.preventDefault();
    index = Math.min(this.items.length - 1, Math.max(0, index));
    this.activeColumn = Math.min(lastColumn, Math.max(0, column));
    this.activeKey = keyOf(this.items[index] as BoardItem);
    this.scrollToIndex(index);
  };

  /** Rows a Page Down moves: the virtualizer's rendered range, or what fits in the viewport. */
  private pageRows(): number {
    if (this.virtualRows) return Math.max(1, this.range.last - this.range.first - 1);
    const scroller = this.renderRoot.querySelector<HTMLElement>('.scroller');
    const row = this.renderRoot.querySelector<HTMLElement>('.rows > [role="row"]');
    return Math.max(1, Math.floor((scroller?.clientHeight ?? 0) / Math.max(1, row?.offsetHeight ?? 0)) - 1);
  }

  private scrollToIndex(index: number): void {
    const row = this.renderRoot.querySelector<HTMLElement>(`[data-index="${index}"]`);
    const scroller = this.renderRoot.querySelector<HTMLElement>('.scroller');
    this.scrollTarget = row === null ? index : undefined;
    if (row !== null) row.scrollIntoView({ block: 'nearest' });
    // A row not rendered: not the virtualizer's element(index).scrollIntoView(), which for a far
    // row can leave it rendering no row at all, and no key brings one back (lit/lit#4767).
    // Scrolled to about where the row is, the virtualizer renders it; onRangeChanged then shows it
    // whole, and again once the virtualizer has measured the rows around it (virtual.ts).
    else if (scroller !== null) scroller.scrollTop = (scroller.scrollHeight * index) / this.items.length - scroller.clientHeight / 2;
  }

  private openActions(agentId: string, from: 'first' | 'last'): void {
    if (!this.rowActions.offers(agentId)) return;
    this.activeKey = agentId;
    this.activeColumn = COLUMNS.indexOf('actions');
    const index = this.indexOf(agentId);
    if (index >= 0) this.scrollToIndex(index);
    this.rowActions.open(agentId, from);
  }

  private onRowClick(key: string, event: MouseEvent): void {
    const cell = (event.target as Element).closest('[data-column]');
    this.activeKey = key;
    if (cell !== null) this.activeColumn = Number((cell as HTMLElement).dataset.column);
  }

  private open(agentId: string): void {
    this.selected = agentId;
    this.activeKey = agentId;
    this.dispatch(new FwAgentSelectEvent(agentId));
  }

  private readonly onFilterChange = (event: Event): void => {
    const control = event.target as HTMLInputElement | HTMLSelectElement;
    const name = control.name as 'team' | 'queue' | 'presence' | 'channel' | 'search' | 'sort' | 'group';
    if (name === 'sort') this.sort = control.value as SortKey;
    else if (name === 'group') this.group = control.value as GroupKey;
    else this[name] = control.value;
  };

  // ---------------------------------------------------------------- rendering & styling

  private stateLabel(state: BoardState): string {
    return (PRESENCE_STATES as readonly string[]).includes(state)
      ? this.common.strings.presence(state as PresenceState)
      : this.common.strings.routing(state as Exclude<BoardState, PresenceState>);
  }

  private alertLabel(kind: ThresholdKind): string {
    const s = this.t.strings;
    return { 'long-call': s.longCall, 'long-hold': s.longHold, 'long-wrap-up': s.longWrapUp, 'long-break': s.longBreak }[kind];
  }

  private readonly renderItem = (item: BoardItem, index: number): TemplateResult =>
    typeof item === 'string' ? this.renderAgentRow(item, index) : this.renderGroupRow(item, index);

  private renderGroupRow(item: GroupItem, index: number): TemplateResult {
    const key = keyOf(item);
    const active = this.activeKey === key;
    const agents = this.t.strings.agents(item.count, formatNumber(this.t.lang, item.count));
    return html`<div role="row" part="group-header" class="group" aria-rowindex=${index + 2} data-index=${index} data-group=${item.group}
      @click=${() => (this.activeKey = key)}>
      <div role="gridcell" aria-colspan=${this.columnCount} id=${this.cellId(key, 0)} class=${active ? 'cell is-active' : 'cell'} data-column="0">
        <bdi>${item.label}</bdi> <span class="group__count">${agents}</span>
      </div>
    </div>`;
  }

  private renderAgentRow(id: string, index: number): TemplateResult {
    const row = this.models.get(id) ?? this.gone.get(id);
    if (row === undefined) return html``;
    const activeColumn = this.activeKey === id ? this.activeColumn : -1;
    const gone = !this.models.has(id);
    return guard([row, activeColumn, this.selected === id, this.epoch, index, this.rowActions.rowKey(id), gone], () =>
      this.rowTemplate(row, index, activeColumn, gone),
    ) as TemplateResult;
  }

  private rowTemplate(row: RowModel, index: number, activeColumn: number, gone: boolean): TemplateResult {
    this.renderCounts.set(row.id, (this.renderCounts.get(row.id) ?? 0) + 1);
    const c = this.common.strings;
    const alert = row.alerts.length > 0;
    const selected = this.selected === row.id;
    const parts = `row${alert ? ' row-alert' : ''}${selected ? ' row-selected' : ''}`;
    const classes = `row${alert ? ' row--alert' : ''}${selected ? ' row--selected' : ''}`;
    const cell = (column: number): string => (column === activeColumn ? 'cell is-active' : 'cell');
    const presence = row.agent.presence;
    return html`<div role="row" part=${parts} class=${classes} aria-rowindex=${index + 2} aria-selected=${selected ? 'true' : 'false'}
      data-key=${row.id} data-index=${index} data-state=${row.state} ?inert=${gone} @click=${(event: MouseEvent) => this.onRowClick(row.id, event)}>
      <div role="gridcell" part="cell name" class=${cell(0)} id=${this.cellId(row.id, 0)} data-column="0"><bdi>${row.agent.name}</bdi></div>
      <div role="gridcell" part="cell presence" class=${cell(1)} id=${this.cellId(row.id, 1)} data-column="1" data-presence=${presence.state}>
        <span class="ic">${presenceIcon(presence.state)}<span class="label">${c.presence(presence.state)}</span></span>${presence.reason === undefined
          ? nothing
          : html`<span class="reason"> · <bdi>${presence.reason.label}</bdi></span>`}
      </div>
      <div role="gridcell" part="cell time" class=${cell(2)} id=${this.cellId(row.id, 2)} data-column="2">
        <span part="timer" class="timer" data-timer="state" data-agent=${row.id} .textContent=${this.timerText(row, 'state', this.renderNow)}></span>
      </div>
      <div role="gridcell" part="cell interaction" class=${cell(3)} id=${this.cellId(row.id, 3)} data-column="3">${this.renderInteraction(row)}</div>
      <div role="gridcell" part="cell flags" class=${cell(4)} id=${this.cellId(row.id, 4)} data-column="4">${this.renderFlags(row)}</div>
      ${this.showActions
        ? html`<div role="gridcell" part="cell actions" class=${cell(5)} id=${this.cellId(row.id, 5)} data-column="5">
            ${!gone && this.rowActions.offers(row.id) ? this.rowActions.renderButton(row.id, row.agent.name) : nothing}
          </div>`
        : nothing}
    </div>`;
  }

  private renderInteraction(row: RowModel): TemplateResult {
    const c = this.common.strings;
    const s = this.t.strings;
    const i = row.interactions[0];
    if (i === undefined) {
      return html`<span class="none" aria-hidden="true">—</span><span class="fw-visually-hidden">${s.noInteraction}</span>`;
    }
    const more = row.interactions.length - 1;
    const held = i.state === 'held';
    // Held, the row shows two timers: the second is named too, or "On hold 0:01 · 0:05" left a person
    // (and a screen reader) to guess which one was the hold.
    return html`<span class="ic">${channelIcon(i.channel)}<span class="label">${c.channel(i.channel)}</span></span>
      ${held
        ? html`<span part="flag hold" class="mark mark--hold">${holdIcon()}<span class="label">${c.interactionState('held')}</span>
              <span part="timer" class="timer" data-timer="hold" data-agent=${row.id} .textContent=${this.timerText(row, 'hold', this.renderNow)}></span></span
            ><span class="sep" aria-hidden="true">·</span>`
        : nothing}<span class="istate">${held ? s.total : c.interactionState(i.state)}</span>
      <span part="timer" class="timer" data-timer="interaction" data-agent=${row.id} .textContent=${this.timerText(row, 'interaction', this.renderNow)}></span>
      ${more > 0
        ? html`<span class="more"><span aria-hidden="true">+${formatNumber(this.t.lang, more)}</span><span class="fw-visually-hidden">${s.moreInteractions(more, formatNumber(this.t.lang, more))}</span></span>`
        : nothing}`;
  }

  private renderFlags(row: RowModel): TemplateResult {
    const c = this.common.strings;
    // The bucket only, never counts; the core holds none while the tenant keeps the signal off.
    const bucket = row.agent.activity?.bucket;
    const activity =
      bucket === undefined || this.clients.client?.getPolicy().activitySignal.enabled !== true
        ? nothing
        : html`<span part="flag activity" class="mark" data-bucket=${bucket}>${activityIcon()}<span class="label">${c.activityMark(c.activity(bucket))}</span></span>`;
    return html`${activity}${row.alerts.map(
      (kind) => html`<span part="flag alert" class="mark mark--alert" data-alert=${kind}>${alertIcon()}<span class="label">${this.alertLabel(kind)}</span></span>`,
    )}${row.help ? html`<span part="flag help" class="mark mark--help">${helpIcon()}<span class="label">${c.helpRequested}</span></span>` : nothing}${row
      .monitored
      ? html`<span part="flag monitoring" class="mark mark--monitoring" data-mode=${row.monitoring?.mode ?? nothing} data-mine=${row.monitoring?.mine ? 'true' : nothing}
          >${monitoringIcon()}<span class="label">${this.monitoringLabel(row.monitoring)}</span></span
        >`
      : nothing}`;
  }

  private monitoringLabel(mark: MonitoringMark | undefined): string {
    if (mark === undefined) return this.common.strings.monitored;
    const mode = this.rowActions.modeLabel(mark.mode);
    return mark.mine ? this.t.strings.monitoredByYou(mode) : this.t.strings.monitoredIn(mode);
  }

  private renderFilters(client: Floorwalk | undefined): TemplateResult {
    const s = this.t.strings;
    const c = this.common.strings;
    const teams = client?.getTeams() ?? [];
    const queues = client?.getQueues() ?? [];
    const select = (
      name: string,
      label: string,
      value: string,
      options: readonly (readonly [string, string])[],
    ): TemplateResult => html`<label part="filter" class="filter">
      <span>${label}</span>
      <select part="control" name=${name} @change=${this.onFilterChange}>
        ${options.map(([v, text]) => html`<option value=${v} ?selected=${v === value}>${text}</option>`)}
      </select>
    </label>`;
    return html`<div part="filters" class="filters" role="group" aria-label=${s.filters}>
      <label part="filter" class="filter filter--search">
        <span>${s.search}</span>
        <input part="control" type="search" name="search" autocomplete="off" .value=${this.search ?? ''} @input=${this.onFilterChange} />
      </label>
      ${select('team', s.team, this.team, [['', s.anyTeam], ...teams.map((t) => [t.id, t.name] as const)])}
      ${select('queue', s.queue, this.queue, [['', s.anyQueue], ...queues.map((q) => [q.id, q.name] as const)])}
      ${select('presence', s.presence, this.presence, [['', s.anyPresence], ...PRESENCE_STATES.map((p) => [p, c.presence(p)] as const)])}
      ${select('channel', s.channel, this.channel, [['', s.anyChannel], ...CHANNELS.map((ch: Channel) => [ch, c.channel(ch)] as const)])}
      ${select('sort', s.sort, this.sort, [
        ['name', s.sortName],
        ['state', s.sortState],
        ['time-in-state', s.sortTimeInState],
      ])}
      ${select('group', s.group, this.group, [
        ['none', s.groupNone],
        ['team', s.groupTeam],
        ['state', s.groupState],
      ])}
    </div>`;
  }

  private listedStates(): readonly BoardState[] {
    if (this.summaryHeld !== undefined) return this.summaryHeld;
    return (this.summaryListed = BOARD_STATES.filter((state) => (this.counts.get(state) ?? 0) > 0));
  }

  private renderSummary(): TemplateResult {
    const s = this.t.strings;
    const total = this.models.size;
    // From the live counts rather than the rows laid out, which wait while the rows are held.
    let shown = 0;
    for (const n of this.counts.values()) shown += n;
    return html`<div part="summary" class="summary">
      <p class="summary__total">
        ${shown === total
          ? s.agents(total, formatNumber(this.t.lang, total))
          : s.showing(formatNumber(this.t.lang, shown), s.agents(total, formatNumber(this.t.lang, total)))}
      </p>
      <ul class="summary__list" aria-label=${s.summary}>
        ${this.listedStates().map((state) => {
          const look = lookOf(state);
          return html`<li part="summary-item" class="summary__item" data-state=${state} data-presence=${look.presence}>
            ${look.icon}<span class="label">${this.stateLabel(state)}</span> <span class="count">${formatNumber(this.t.lang, this.counts.get(state) ?? 0)}</span>
          </li>`;
        })}
      </ul>
    </div>`;
  }

  /**
   * The rows' viewport and the rows: plainly up to {@link PLAIN_ROWS}, else through the
   * virtualizer. While it loads, the first rows render plainly (a screenful and more); if it
   * cannot load, every row does. Once it has loaded, those plain rows stay over it, inert, until
   * it has rendered rows of its own, so no frame shows an empty viewport. The viewport is in the
   * same template as the rows: the virtualizer finds its scrolling ancestor when its directive
   * first runs, before the template is attached, so the viewport must already be the rows'
   * parent then. The plain rows come after the virtualizer's, so an id finds its row there.
   */
  private renderRows(): TemplateResult {
    const items = this.items;
    if (items.length > PLAIN_ROWS && virtual !== undefined) {
      this.virtualRows = true;
      const handover = this.virtualShown
        ? nothing
        : html`<div class="rows rows--handover" inert aria-hidden="true">${repeat(items.slice(0, PLAIN_ROWS), keyOf, this.renderItem)}</div>`;
      return html`<div part="scroller" class=${this.virtualShown ? 'scroller' : 'scroller scroller--handover'}>
        <div class="rows" @rangeChanged=${this.onRangeChanged}>
          <div virtualizer-sizer aria-hidden="true"></div>
          ${virtual.virtualize({ items: items as BoardItem[], keyFunction: keyOf, renderItem: this.renderItem, layout: virtual.boardLayout })}
        </div>
        ${handover}
      </div>`;
    }
    const waiting = items.length > PLAIN_ROWS && !virtualFailed;
    if (waiting) this.loadVirtualizer();
    const shown = waiting ? items.slice(0, PLAIN_ROWS) : items;
    this.virtualRows = false;
    this.virtualShown = false;
    this.range = { first: 0, last: shown.length - 1 };
    return html`<div part="scroller" class="scroller"><div class="rows">${repeat(shown, keyOf, this.renderItem)}</div></div>`;
  }

  private loadVirtualizer(): void {
    this.virtualLoad ??= loadVirtual().then(
      () => {
        this.virtualLoad = undefined;
        this.requestUpdate();
      },
      () => {
        // Every row then renders plainly: slower with thousands, but nothing is missing.
        this.virtualLoad = undefined;
        this.requestUpdate();
      },
    );
  }

  /**
   * Also waits for the virtualizer when a list needs it, and for the row actions menu's module
   * when a first menu is opening, and the render that uses them.
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    let complete = await super.getUpdateComplete();
    while (this.virtualLoad !== undefined || this.rowActions.loading !== undefined) {
      await this.virtualLoad;
      await this.rowActions.loading;
      complete = await super.getUpdateComplete();
    }
    return complete;
  }

  protected override render(): TemplateResult {
    const s = this.t.strings;
    const client = this.clients.client;
    const columns = COLUMNS.slice(0, this.columnCount);
    const headings: Record<(typeof COLUMNS)[number], string> = {
      name: s.columnAgent,
      presence: s.columnPresence,
      time: s.columnTimeInState,
      interaction: s.columnInteraction,
      flags: s.columnFlags,
      actions: s.columnActions,
    };
    const empty = client === undefined ? this.common.strings.noClient : this.models.size === 0 ? s.empty : this.shownCount === 0 ? s.noMatch : '';
    return html`<div part="base" class=${this.showActions ? 'board' : 'board board--no-actions'} dir=${dirOf(this, this.t.lang)}>
      ${guard([client, this.filtersVersion, this.epoch, this.team, this.queue, this.presence, this.channel, this.search, this.sort, this.group], () =>
        this.renderFilters(client),
      )}
      ${this.renderSummary()}
      <div part="grid" class="grid" role="grid" tabindex="0" aria-label=${s.label} aria-rowcount=${this.items.length + 1}
        aria-colcount=${columns.length} @keydown=${this.onGridKeyDown} @focus=${this.onGridFocus}
        @focusout=${this.onGridLeave} @pointerenter=${this.onPointerEnter} @pointermove=${this.onPointerMove} @pointerleave=${this.onGridLeave}>
        <div role="rowgroup" class="head">
          <div role="row" part="header" class="row row--head" aria-rowindex="1">
            ${columns.map((column) => html`<div role="columnheader" class="cell">${headings[column]}</div>`)}
          </div>
        </div>
        ${this.renderRows()}
      </div>
      ${empty === '' ? nothing : html`<p part="empty" class="empty">${empty}</p>`}
      ${this.paused ? html`<p part="paused" class="paused">${s.orderPaused}</p>` : nothing}
      ${this.rowActions.renderMenu()}
      ${this.rowActions.renderMessage()}
    </div>`;
  }
}

function markOf(key: string | undefined): MonitoringMark | undefined {
  if (key === undefined) return undefined;
  const [who, mode] = key.split(':');
  return { mine: who === 'mine', mode: mode as MonitoringMark['mode'] };
}

function changedKeys(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (const [id, value] of a) if (b.get(id) !== value) out.push(id);
  for (const id of b.keys()) if (!a.has(id)) out.push(id);
  return out;
}

function symmetricDifference(a: ReadonlySet<string>, b: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const id of a) if (!b.has(id)) out.push(id);
  for (const id of b) if (!a.has(id)) out.push(id);
  return out;
}
