import { MONITORING_MODES, type Floorwalk, type MonitoringNotice, type MonitoringSession, type PolicyChange, type SessionMode, type StoreChange, type UnreadableMonitoring } from '@floorwalk/core';
import { html, nothing, type CSSResultGroup, type PropertyValues, type TemplateResult } from 'lit';
import type { Politeness } from '../../events/fw-internal-announce.js';
import { connectionCatalog } from '../../internal/common-strings.js';
import { AnnounceController } from '../../internal/controllers/announce-controller.js';
import { ClientController } from '../../internal/controllers/client-controller.js';
import { TickController } from '../../internal/controllers/tick-controller.js';
import { FwElement } from '../../internal/fw-element.js';
import { alertIcon, monitoringIcon } from '../../internal/icons.js';
import { LocalizeController } from '../../internal/localize.js';
import { formatDuration, formatTime, formatTimer } from '../../internal/format.js';
import { panelStyles } from '../../internal/panel.styles.js';
import { headingLevelOf } from '../../internal/pending.js';
import { frameStyles } from '../../styles/shared.styles.js';
import { monitoringNoticeCatalog } from './fw-monitoring-notice.strings.js';
import { monitoringNoticeStyles } from './fw-monitoring-notice.styles.js';

/**
 * The elements following each client's notices, in the order they took it up. One speaks for
 * them all (see `say`): a page with two (a header badge and a panel) voices each notice once, and
 * each still shows it all.
 */
const followers = new WeakMap<Floorwalk, Set<FwMonitoringNotice>>();

/**
 * What the signed-in agent sees while monitored: who is monitoring them and in which mode
 * (listen, whisper, barge, each explained in plain words), or viewing their screen (where the
 * platform reports screen monitoring, as Genesys Cloud does), shown the moment a session starts,
 * updated when the mode changes and cleared when it ends; and the history of who monitored
 * them and when, as far as this client has seen it. A start, and a change into whisper or barge
 * (the supervisor is heard from then on), are announced assertively (the agent must know at
 * once); a change back to listen, or an end, politely.
 *
 * Nothing watches an agent without the agent being able to know it: this element is how they
 * know. It follows the client's `monitoring` notices for the session's own agent (the session's
 * `agentId`, or its `userId` for role `agent`). When the tenant turns notices off (an explicit,
 * audited policy value, possibly changed while the page runs), it says so in place of the
 * sessions, and announces the change at once: the agent knows they are no longer told.
 *
 * It never shows a session as running on what the client held before the platform last said:
 * until the client's first snapshot, and from notices going off until core's resync after they
 * come back on, it says it is checking (the history lists only what ended), then tells each
 * running session once, as already running ("… is monitoring you"), never as just started.
 * Through an outage it keeps showing what it last knew, saying it may be out of date.
 *
 * Several on one client (a header badge and a panel) each show everything; only one speaks (the
 * first shown), so the agent hears each notice once.
 *
 * @tagname fw-monitoring-notice
 * @summary Tells the agent who is monitoring them, in which mode, and who did before.
 * @status experimental
 * @since 0.1.0
 * @dependency none
 *
 * @csspart base - The wrapper (a `section`).
 * @csspart heading - The "Monitoring" heading.
 * @csspart status - The "no one is monitoring you" line (saying what may not show here, where the platform does not tell
 *   the agent of monitoring started in its own tools), or "checking" before the platform has said.
 * @csspart stale - The "not connected: this may be out of date" line, while the client is not live.
 * @csspart sessions - The list of active sessions.
 * @csspart session - One active session.
 * @csspart monitoring-icon - The eye mark of an active session.
 * @csspart who - Who is monitoring, and how.
 * @csspart explanation - What the mode means.
 * @csspart since - When the session began and for how long.
 * @csspart history - The history section.
 * @csspart history-heading - The history's heading.
 * @csspart entry - One history entry.
 * @csspart empty - The history's empty state, or the "no agent" message.
 * @csspart notices-off - The statement that the tenant turned monitoring notices off.
 * @csspart unreadable - The statement that the platform reported monitoring Floorwalk could not read: the agent may be monitored.
 *
 * @cssproperty --fw-monitoring-notice-background - The wrapper's background.
 * @cssproperty --fw-monitoring-notice-border-color - The wrapper's border.
 * @cssproperty --fw-monitoring-notice-radius - The wrapper's corner radius.
 * @cssproperty --fw-monitoring-notice-padding - The wrapper's padding (default 1rem).
 * @cssproperty --fw-monitoring-notice-active-color - The colour of an active session's mark and rule.
 * @cssproperty --fw-monitoring-notice-active-background - An active session's background.
 *
 * @cssstate monitored - Someone is monitoring the agent now, or may be (`unreadable`).
 * @cssstate listen - An active session is in listen mode.
 * @cssstate whisper - An active session is in whisper mode.
 * @cssstate barge - An active session is in barge mode.
 * @cssstate screen - A supervisor is viewing the agent's screen.
 * @cssstate unavailable - No client, or a session without an agent record.
 * @cssstate notices-off - The tenant's policy turned monitoring notices off.
 * @cssstate unreadable - The platform reported monitoring of the agent that Floorwalk could not read, not yet replaced by its word.
 */
export class FwMonitoringNotice extends FwElement {
  static override styles: CSSResultGroup = [frameStyles, panelStyles('fw-monitoring-notice'), monitoringNoticeStyles];

  static override properties = {
    client: { attribute: false },
    displayName: { attribute: false },
    historyLimit: { type: Number, attribute: 'history-limit' },
    headingLevel: { type: Number, attribute: 'heading-level' },
    noHistory: { type: Boolean, attribute: 'no-history', reflect: true },
  };

  // ---- public API ------------------------------------------------------------------------

  /** The client to use; defaults to the nearest `fw-provider`'s. */
  declare client: Floorwalk | undefined;
  /**
   * How to name a supervisor from their user id (the platform's directory is the host's).
   * Defaults to the user id itself.
   */
  declare displayName: ((userId: string) => string | undefined) | undefined;
  /** How many past sessions the history lists, newest first. Default 10. */
  declare historyLimit: number;
  /** The level of the heading, 1–6 (the history's is the next level). Default 3. */
  declare headingLevel: number;
  /** Hides the history; only current monitoring is shown. */
  declare noHistory: boolean;

  // ---- internal state --------------------------------------------------------------------

  private readonly clients = new ClientController(this, (change) => this.onStoreChange(change));
  private readonly t = new LocalizeController(this, monitoringNoticeCatalog);
  private readonly common = new LocalizeController(this, connectionCatalog);
  private readonly voice = new AnnounceController(this);
  /** The client whose `monitoring` notices this element follows. */
  private bound: Floorwalk | undefined;
  private unbind: (() => void) | undefined;
  /** Modes each session went through, as seen here, oldest first. */
  private readonly modes = new Map<string, SessionMode[]>();
  /**
   * Whether what the client holds of the agent's sessions waits on the platform's next snapshot:
   * before the client's first one (a reload), and from notices going off until core's resync
   * after they come back on. Meanwhile no session is shown or told as running.
   */
  private pending = false;
  /** Sessions this element told the agent run, and the client they came from: moved in the page, it says none again. */
  private readonly told = new Set<string>();
  /** Unreadable reports told, by session id (undefined for one without). */
  private readonly toldUnread = new Set<string | undefined>();
  private toldBy: Floorwalk | undefined;

  constructor() {
    super();
    // displayName starts undefined: setting it so would record no change.
    this.historyLimit = 10;
    this.headingLevel = 3;
    this.noHistory = false;
    new TickController(this, () => {
      if (this.active().length > 0) this.requestUpdate();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.bind(undefined);
  }

  // ---- client and notices ------------------------------------------------------------------

  /** The agent this session is, if any. */
  private get agentId(): string | undefined {
    const session = this.clients.client?.session;
    if (session === undefined) return undefined;
    return session.agentId ?? (session.role === 'agent' ? session.userId : undefined);
  }

  private onStoreChange(change: StoreChange): boolean {
    if (change.reset && this.pending && !this.noticesOff) {
      // The snapshot is the truth: every session running now is told once, as running.
      this.pending = false;
      this.tellRunning();
    }
    return change.reset || change.monitoring.size > 0 || (this.agentId !== undefined && change.agents.has(this.agentId));
  }

  /**
   * Follows the `monitoring` notices of `client`, and tells the agent of sessions already running;
   * before the client's first snapshot, once it lands.
   */
  private bind(client: Floorwalk | undefined): void {
    if (client === this.bound) return;
    this.unbind?.();
    this.unbind = undefined;
    if (this.bound !== undefined) followers.get(this.bound)?.delete(this);
    this.bound = client;
    if (client === undefined) return;
    if (!followers.has(client)) followers.set(client, new Set());
    followers.get(client)?.add(this);
    const offNotice = client.on('monitoring', (notice) => this.onNotice(notice));
    const offPolicy = client.on('policy', (change) => this.onPolicy(change));
    this.unbind = () => {
      offNotice();
      offPolicy();
    };
    if (client !== this.toldBy) {
      this.told.clear();
      this.toldUnread.clear();
    }
    this.toldBy = client;
    this.pending = client.status !== 'live' || this.noticesOff;
    this.tellRunning();
  }

  /**
   * Tells the agent of every session running now and not told yet, as already running, and of
   * monitoring the platform reported but Floorwalk could not read (fail open: pending or not).
   */
  private tellRunning(): void {
    const untold: MonitoringSession[] = [];
    for (const session of this.active()) {
      this.track(session);
      if (!this.told.has(session.id)) untold.push(session);
      this.told.add(session.id);
    }
    let unread = false;
    for (const { sessionId } of this.unread()) {
      if (!this.toldUnread.has(sessionId)) unread = true;
      this.toldUnread.add(sessionId);
    }
    if (untold.length === 0 && !unread) return;
    // Told after the render, so the element's own live region (without an announcer) exists.
    void this.updateComplete.then(() => {
      if (unread) this.say(this.t.strings.unreadable, 'assertive');
      for (const session of untold) this.tell(this.t.strings.already, session, 'assertive');
    });
  }

  private tell(say: (who: string, mode: string, explanation: string) => string, session: MonitoringSession, politeness: Politeness): void {
    const s = this.t.strings;
    const who = this.who(session);
    // A screen view is no mode of joining the call: it is told as what it is.
    this.say(session.mode === 'screen' ? s.viewing(who, s.explain('screen')) : say(who, s.mode(session.mode), s.explain(session.mode)), politeness);
  }

  /**
   * Voices `message` if this element speaks for the client: the first of its followers that is
   * shown, since a live region a layout hides (display: none, a closed panel) is never heard; the
   * first of them if none is. Each follower hears each notice and makes the same choice.
   */
  private say(message: string, politeness: Politeness): void {
    const all = [...(followers.get(this.bound as Floorwalk) ?? [])];
    if ((all.find((el) => el.checkVisibility?.() ?? true) ?? all[0]) === this) this.voice.announce(message, politeness);
  }

  private onNotice(notice: MonitoringNotice): void {
    const s = this.t.strings;
    this.requestUpdate();
    if (notice.kind === 'unreadable') {
      // Fail open: told at once, even while pending (no snapshot can show it), until the platform's word replaces it.
      const id = notice.report.sessionId;
      if (!notice.resolved) {
        this.toldUnread.add(id);
        return this.say(s.unreadable, 'assertive');
      }
      this.toldUnread.delete(id);
      // A session running under its id is told by its own notice.
      if (!this.sessions().some((x) => x.id === id && x.endedAt === undefined)) this.say(s.unreadableResolved, 'polite');
      return;
    }
    const session = notice.session;
    this.track(session);
    if (notice.kind === 'ended') {
      this.told.delete(session.id);
      this.say((session.mode === 'screen' ? s.stoppedViewing : s.ended)(this.who(session)), 'polite');
      return;
    }
    // While pending, the snapshot that ends it tells each running session at once (onStoreChange),
    // one told before in its old mode too (moved in the page while the link was down).
    if (this.pending) return void this.told.delete(session.id);
    // Into whisper or barge the supervisor is heard, by the agent or the customer too: told at once.
    if (notice.kind === 'mode-changed') return this.tell(s.changed, session, session.mode === 'listen' ? 'polite' : 'assertive');
    this.told.add(session.id);
    // Learnt from a snapshot (a resync after a lost link), it may have begun any time before.
    this.tell(notice.fromSnapshot ? s.already : s.started, session, 'assertive');
  }

  /** Tells the agent at once that notices went off (assertive: they lose a protection), or came back. */
  private onPolicy(change: PolicyChange): void {
    const s = this.t.strings;
    if (change.agentNotices.includes('monitoring-notice-off')) {
      // What the client holds goes stale from now: it hears no more of the agent's sessions.
      this.pending = true;
      // Back on, every session running then is told again: the agent was told their picture lapsed.
      this.told.clear();
      this.say(s.noticesOffAnnounced, 'assertive');
    } else if (change.agentNotices.includes('monitoring-notice-on')) this.say(s.noticesOnAnnounced, 'polite');
    this.requestUpdate();
  }

  /** Whether the tenant's policy turned notices off. */
  private get noticesOff(): boolean {
    return this.clients.client?.getPolicy().monitoringNotice === false;
  }

  /** Remembers the mode a session is in now, after those it was in before. */
  private track(session: MonitoringSession): void {
    const seen = this.modes.get(session.id);
    if (seen === undefined) this.modes.set(session.id, [session.mode]);
    else if (seen.at(-1) !== session.mode) seen.push(session.mode);
  }

  /** Who monitors, as the agent reads it; a platform that did not say is "a supervisor", never its stand-in id. */
  private who(session: MonitoringSession): string {
    return session.supervisorKnown === false ? this.t.strings.someone : (this.displayName?.(session.supervisorId) ?? session.supervisorId);
  }

  private sessions(): readonly MonitoringSession[] {
    const client = this.bound ?? this.clients.client;
    const id = this.agentId;
    if (client === undefined || id === undefined) return [];
    return client.getMonitoringSessions({ agentId: id });
  }

  /** Monitoring the platform reported that could not be read, and has not yet replaced with its word. */
  private unread(): readonly UnreadableMonitoring[] {
    return (!this.noticesOff && (this.bound ?? this.clients.client)?.getUnreadableMonitoring()) || [];
  }

  /** Sessions running now, as far as core knows: none while its word is pending. */
  private active(): MonitoringSession[] {
    return this.sessions()
      .filter((s) => s.endedAt === undefined && !this.pending)
      .sort((a, b) => a.startedAt - b.startedAt);
  }

  // ---- rendering ---------------------------------------------------------------------------

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.bind(this.isConnected ? this.clients.client : undefined);
    const active = this.active();
    const unread = this.unread().length > 0;
    this.toggleState('monitored', active.length > 0 || unread);
    this.toggleState('unreadable', unread);
    for (const mode of [...MONITORING_MODES, 'screen'] as const) this.toggleState(mode, active.some((s) => s.mode === mode));
    this.toggleState('unavailable', this.clients.client === undefined || this.agentId === undefined);
    this.toggleState('notices-off', this.noticesOff);
  }


  private get level(): number {
    return headingLevelOf(this.headingLevel);
  }

  private modesOf(session: MonitoringSession): string {
    const s = this.t.strings;
    return s.modes((this.modes.get(session.id) ?? [session.mode]).map((m) => s.mode(m)));
  }

  /** A finished session's length in words; under a second reads as a timer ("0:00"). */
  private spanOf(ms: number): string {
    return ms >= 1000 ? formatDuration(this.t.lang, ms) : formatTimer(this.t.lang, ms);
  }

  private renderSession(session: MonitoringSession, now: number): TemplateResult {
    const s = this.t.strings;
    return html`<li part="session" class="session" data-mode=${session.mode} data-id=${session.id}>
      ${monitoringIcon()}
      <div class="text">
        <p part="who" class="who">${s.who(session.mode, this.who(session))} <span class="mode">(${s.mode(session.mode)})</span></p>
        <p part="explanation" class="explanation">${s.explain(session.mode)}</p>
        <p part="since" class="since muted">
          ${s.since(formatTime(this.t.lang, session.startedAt), formatTimer(this.t.lang, Math.max(0, now - session.startedAt)))}
        </p>
      </div>
    </li>`;
  }

  private renderHistory(): TemplateResult | typeof nothing {
    if (this.noHistory) return nothing;
    const s = this.t.strings;
    // While pending, one held as running may have ended unseen: only what ended is a fact.
    const entries = this.sessions().filter((e) => e.endedAt !== undefined || !this.pending).sort((a, b) => b.startedAt - a.startedAt).slice(0, Math.max(0, this.historyLimit));
    return html`<section part="history" class="history" aria-labelledby="history-heading">
      <div part="history-heading" id="history-heading" class="heading" role="heading" aria-level=${Math.min(6, this.level + 1)}>
        ${s.historyHeading}
      </div>
      ${entries.length === 0
        ? html`<p part="empty" class="muted">${s.historyEmpty}</p>`
        : html`<ol class="entries">
            ${entries.map(
              (e) => html`<li part="entry" class="entry" data-id=${e.id} data-ended=${e.endedAt === undefined ? 'false' : 'true'}>
                <bdi class="entry-who">${this.who(e)}</bdi>
                <span>${this.modesOf(e)}</span>
                <span class="entry-time muted"
                  >${e.endedAt === undefined
                    ? s.ongoing(formatTime(this.t.lang, e.startedAt))
                    : s.span(formatTime(this.t.lang, e.startedAt), formatTime(this.t.lang, e.endedAt), this.spanOf(e.endedAt - e.startedAt))}</span
                >
              </li>`,
            )}
          </ol>`}
    </section>`;
  }

  protected override render(): TemplateResult {
    const s = this.t.strings;
    const client = this.clients.client;
    const heading = html`<div part="heading" id="heading" class="heading title" role="heading" aria-level=${this.level}>
      ${monitoringIcon()}<span>${s.heading}</span>
    </div>`;
    // One outer template in every state: the fallback live region sits after it in the shadow
    // root, and swapping the top-level template would remove it.
    return html`<section part="base" class="base" aria-labelledby="heading">
      ${heading}${this.renderBody(client)}
    </section>`;
  }

  private renderBody(client: Floorwalk | undefined): TemplateResult {
    const s = this.t.strings;
    if (client === undefined || this.agentId === undefined) {
      return html`<p part="empty" class="muted">${client === undefined ? this.common.strings.noClient : s.noAgent}</p>`;
    }
    if (this.noticesOff) {
      // Sessions held from before may have ended unseen since: only the policy is stated.
      return html`<p part="notices-off" class="status note" role="note">${alertIcon()}<span>${s.noticesOff}</span></p>${this.renderHistory()}`;
    }
    const active = this.active();
    const unread = this.unread().length > 0;
    const now = client.now();
    // Kept on the safe side through an outage: what was running is shown as running, with why it may be stale.
    // A report that could not be read is shown whatever else holds: no "No one is monitoring you" beside it.
    return html`${this.pending || this.clients.status === 'live' ? nothing : html`<p part="stale" class="status muted">${s.stale}</p>`}${unread
        ? html`<p part="unreadable" class="status note" role="note">${alertIcon()}<span>${s.unreadable}</span></p>`
        : nothing}${active.length > 0
        ? html`<ul part="sessions" class="sessions">${active.map((session) => this.renderSession(session, now))}</ul>`
        : unread && !this.pending
          ? nothing
          : html`<p part="status" class="status">${this.pending ? s.checking : client.capabilities.outsideMonitoringUntold || !client.capabilities.agentSeesMonitoring ? s.untold : s.notMonitored}</p>`}${this.renderHistory()}`;
  }
}
