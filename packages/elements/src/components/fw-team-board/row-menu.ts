import {
  conversationId,
  ErrorCode,
  FloorwalkError,
  isFloorwalkError,
  MONITORING_MODES,
  PRESENCE_STATES,
  type Floorwalk,
  type MonitoringMode,
  type PresenceDefinition,
  type PresenceState,
  type ReasonCode,
  type StoreChange,
} from '@floorwalk/core';
import { adoptStyles, html, nothing, supportsAdoptingStyleSheets, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { FwMessageAgentEvent } from '../../events/fw-message-agent.js';
import { FwMonitoringChangedEvent } from '../../events/fw-monitoring-changed.js';
import { FwMonitoringFailedEvent } from '../../events/fw-monitoring-failed.js';
import { FwMonitoringRequestEvent, type MonitoringAction } from '../../events/fw-monitoring-request.js';
import { FwProposeCheckInEvent } from '../../events/fw-propose-check-in.js';
import { monitoringTarget, offeredModes, offeredOn, ownSessions } from '../../internal/monitoring.js';
import { monitoringOutcome, type MonitoringRequest } from '../../internal/monitoring-requests.js';
import type { LocalizeController } from '../../internal/localize.js';
import { placePopup } from '../../internal/popup.js';
import { coachingMenuCatalog } from '../fw-coaching-panel/menu.strings.js';
import { coachingPanelRequestCatalog } from '../fw-coaching-panel/requests.strings.js';
import { teamBoardMenuCatalog } from './row-menu.strings.js';
import { busySeconds } from '../../internal/busy-lazy.js';
import { rowMenuStyles } from './row-menu.styles.js';
import type { Pending, RowActionsController, RowMenuItem } from './row-actions.js';

/*
 * The row actions menu itself: its items, keyboard and pointer handling, placement, and the
 * commands it sends with their pending, confirmed and failed states. A module of its own, loaded
 * when a menu first opens: a board that never opens one (most of the time, a wallboard) does not
 * load it. The state a row renders from (which menu is open, what is pending, the last outcome)
 * stays on the RowActionsController.
 */

const CONFIRM_TIMEOUT = 10_000;
const SUBMENU_ID = 'row-actions-presence';

/** @internal */
export class RowMenu {
  private submenuOpen = false;
  /** The item that has (or should get) focus, by id. */
  private focusId: string | undefined;
  private wantFocus = false;
  /** Focus was last inside the menu: a re-render that drops the focused item must not drop focus. */
  private focusWasInMenu = false;
  private items: RowMenuItem[] = [];
  private subItems: RowMenuItem[] = [];
  /** The open menu's Stop item as last shown: kept, disabled, once its session ends, so the items under it do not move up under the pointer. */
  private stopShown: RowMenuItem | undefined;
  private typed = '';
  private typedAt = 0;
  /** The coaching panel's words for a confirmed or ended monitoring request. */
  private readonly said: LocalizeController<typeof coachingPanelRequestCatalog.en>;
  /** The menu's own words. */
  private readonly words: LocalizeController<typeof teamBoardMenuCatalog.en>;
  /** The coaching panel's words for a monitoring request (the rows carry the modes'). */
  private readonly cp: LocalizeController<typeof coachingMenuCatalog.en>;

  constructor(private readonly c: RowActionsController) {
    this.said = c.localize(coachingPanelRequestCatalog);
    this.cp = c.localize(coachingMenuCatalog);
    this.words = c.localize(teamBoardMenuCatalog);
    // The board's own sheets stay; the menu's join them (or, without adoptable sheets, a <style>).
    const root = c.host.shadowRoot;
    const sheet = rowMenuStyles.styleSheet;
    if (root === null) return;
    if (supportsAdoptingStyleSheets && sheet !== undefined) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    else adoptStyles(root, [rowMenuStyles]);
  }

  /** After the host rendered: shows and places the open menu, and keeps focus in it. */
  updated(): void {
    const popup = this.popup();
    if (popup === null) return;
    if (!popup.matches(':popover-open')) popup.showPopover();
    this.position();
    const root = this.c.host.shadowRoot;
    const active = root?.activeElement ?? null;
    const inMenu = active !== null && popup.contains(active);
    // A live update may replace the focused item (the mode switched, say): keep focus in the menu.
    if (this.wantFocus || (!inMenu && this.focusWasInMenu)) {
      const all = this.submenuOpen ? this.subItems : this.items;
      const target = all.find((i) => i.id === this.focusId) ?? all[0];
      this.focusId = target?.id;
      const el = target === undefined ? null : popup.querySelector<HTMLElement>(`[data-item="${CSS.escape(target.id)}"]`);
      el?.focus();
      this.wantFocus = false;
    }
  }

  /** The items of an agent's menu now, with the reasons the unusable ones are disabled. */
  menuItems(client: Floorwalk, agentId: string): RowMenuItem[] {
    const agent = client.getAgent(agentId);
    if (agent === undefined || agentId === this.c.selfAgentOf(client)) return [];
    const s = this.c.t.strings;
    const w = this.words.strings;
    const cp = this.cp.strings;
    const caps = client.capabilities;
    const waiting = this.c.pending.has(agentId) ? w.waiting : undefined;
    const items: RowMenuItem[] = [];

    if (caps.commands.includes('start-monitoring') && caps.monitoringModes.length > 0) {
      const target = monitoringTarget(client, agentId);
      const supervises = this.c.hooks.canOpen(agentId);
      const session = target === undefined ? undefined : ownSessions(client, agentId).find((x) => x.interactionId === target.id);
      const all = offeredModes(client);
      const offered = offeredOn(client, target?.channel);
      for (const mode of MONITORING_MODES) {
        const label = this.c.modeLabel(mode);
        const current = session?.mode === mode;
        let reason: string | undefined;
        if (!offered.includes(mode)) reason = caps.monitoringModes.includes(mode) && !all.includes(mode) ? cp.untold : cp.notOffered(label);
        // With no live interaction `can()` cannot tell "may not" from "nothing to monitor": a
        // session with no supervisory command on the agent at all is told it may not.
        else if (target === undefined) reason = supervises ? cp.noInteraction(agent.name) : cp.notAllowed(label);
        else if (current) reason = undefined;
        else if (
          !(session === undefined
            ? client.can({ type: 'start-monitoring', agentId, interactionId: target.id, mode })
            : client.can({ type: 'change-monitoring-mode', sessionId: session.id, mode }))
        )
          reason = cp.notAllowed(label);
        items.push({
          id: mode,
          kind: 'monitor',
          label: current ? w.currentMode(label) : label,
          reason: reason ?? (current ? undefined : waiting),
          mode,
          ...(target === undefined ? {} : { interactionId: target.id }),
          ...(session === undefined ? {} : { checked: current, sessionId: session.id }),
        });
      }
      if (session !== undefined) {
        const stop: RowMenuItem = {
          id: 'stop',
          kind: 'stop',
          label: cp.stop,
          reason: client.can({ type: 'stop-monitoring', sessionId: session.id }) ? waiting : cp.roleCannot,
          mode: session.mode,
          interactionId: session.interactionId,
          sessionId: session.id,
        };
        items.push(stop);
        if (agentId === this.c.openFor) this.stopShown = stop;
      } else if (agentId === this.c.openFor && this.stopShown !== undefined) items.push({ ...this.stopShown, reason: w.monitoringEnded });
    }
    if (caps.commands.includes('set-presence')) {
      items.push({
        id: 'presence',
        kind: 'presence-menu',
        label: w.setPresence,
        reason: client.can({ type: 'set-presence', agentId, state: 'available' }) ? waiting : w.cannotPresence,
        group: items.length > 0,
      });
    }
    const self = client.session.userId;
    items.push({
      id: 'message',
      kind: 'message',
      label: s.message,
      reason: client.can({ type: 'send-message', conversationId: conversationId(self, agentId), body: 'message' }) ? undefined : w.cannotMessage,
      group: items.length > 0,
    });
    items.push({
      id: 'check-in',
      kind: 'check-in',
      label: w.proposeCheckIn,
      reason: !caps.commands.includes('propose-check-in')
        ? w.noCheckIns
        : // Whether the session may propose at all: a time a year out clears any tenant's notice period.
          client.can({ type: 'propose-check-in', agentId, scheduledFor: client.getAgent(agentId)!.presence.since + 365 * 86_400_000 })
          ? undefined
          : w.cannotCheckIn,
    });
    if (this.c.hooks.canOpen(agentId)) items.push({ id: 'details', kind: 'details', label: w.showDetails, reason: undefined, group: true });
    return items;
  }

  /** The presence submenu: each state, or each of its reasons where it has some. */
  presenceItems(client: Floorwalk, agentId: string): RowMenuItem[] {
    const agent = client.getAgent(agentId);
    if (agent === undefined) return [];
    const c = this.c.common.strings;
    const s = this.c.t.strings;
    const w = this.words.strings;
    const waiting = this.c.pending.has(agentId) ? w.waiting : undefined;
    const defined = client.getPresenceDefinitions();
    const definitions: readonly PresenceDefinition[] = defined.length > 0 ? defined : PRESENCE_STATES.map((state) => ({ state, reasons: [] }));
    const items: RowMenuItem[] = [];
    for (const def of definitions) {
      const options: (ReasonCode | undefined)[] = def.reasons.length === 0 ? [undefined] : [...def.reasons];
      for (const reason of options) {
        const allowed = client.can({ type: 'set-presence', agentId, state: def.state, ...(reason === undefined ? {} : { reason }) });
        items.push({
          id: `presence:${def.state}${reason === undefined ? '' : `:${reason.id}`}`,
          kind: 'presence',
          label: reason === undefined ? c.presence(def.state) : w.presenceReason(c.presence(def.state), reason.label),
          reason: allowed ? waiting : w.cannotPresence,
          checked: agent.presence.state === def.state && (reason === undefined || agent.presence.reason?.id === reason.id),
          state: def.state,
          ...(reason === undefined ? {} : { reasonCode: reason }),
        });
      }
    }
    return items;
  }

  /** The board left the page: the commands may still go through; it just stops waiting for them. */
  disconnected(): void {
    for (const p of this.c.pending.values()) clearTimeout(p.timer);
    this.c.pending.clear();
    this.close(false);
  }

  /** Notes a store batch: settles pending commands whose effect shows, re-renders an open menu it touched. */
  storeChanged(change: StoreChange): void {
    const touched = change.reset || change.monitoring.size > 0 || change.interactions.size > 0;
    for (const id of [...this.c.pending.keys()]) if (touched || change.agents.has(id)) this.check(id);
    const open = this.c.openFor;
    if (open !== undefined && (touched || change.agents.has(open))) {
      const client = this.c.hooks.client();
      if (client !== undefined && client.getAgent(open) === undefined) this.close(true);
      else this.c.host.requestUpdate();
    }
  }

  /** Opens an agent's menu with focus on its first item (or last, from the end). */
  open(agentId: string, from: 'first' | 'last' = 'first'): void {
    const client = this.c.hooks.client();
    if (client === undefined || !this.c.offers(agentId)) return;
    this.stopShown = undefined;
    this.c.openFor = agentId;
    const items = this.menuItems(client, agentId);
    this.submenuOpen = false;
    this.focusId = (from === 'first' ? items[0] : items[items.length - 1])?.id;
    this.wantFocus = true;
    document.addEventListener('pointerdown', this.onOutside, true);
    this.c.host.requestUpdate();
  }

  /** Closes the menu; focus goes back to the grid unless the person moved it elsewhere. */
  close(returnFocus = true): void {
    const agentId = this.c.openFor;
    if (agentId === undefined) return;
    this.c.openFor = undefined;
    this.submenuOpen = false;
    this.focusWasInMenu = false;
    document.removeEventListener('pointerdown', this.onOutside, true);
    const popup = this.popup();
    if (popup?.matches(':popover-open')) popup.hidePopover();
    this.c.host.requestUpdate();
    if (returnFocus) this.c.hooks.returnFocus(agentId);
  }

  private readonly onOutside = (event: Event): void => {
    const path = event.composedPath();
    const popup = this.popup();
    if (popup !== null && path.includes(popup)) return;
    const button = this.anchor();
    if (button !== null && path.includes(button)) return;
    this.close(false);
  };

  private popup(): HTMLElement | null {
    return this.c.host.shadowRoot?.querySelector<HTMLElement>('[part~="menu-popup"]') ?? null;
  }

  /** The open menu's button, when its row is rendered. */
  private anchor(): HTMLElement | null {
    const id = this.c.openFor;
    if (id === undefined) return null;
    return this.c.host.shadowRoot?.querySelector<HTMLElement>(`[role="row"][data-key="${CSS.escape(id)}"] [part~="action"]`) ?? null;
  }

  /** Places the menu under its button (above when there is no room), aligned to the row's end. */
  position(): void {
    const popup = this.popup();
    const anchor = this.anchor();
    if (popup === null || anchor === null) return;
    const a = anchor.getBoundingClientRect();
    const menu = popup.querySelector<HTMLElement>(`#${this.c.menuId}`)?.getBoundingClientRect() ?? popup.getBoundingClientRect();
    placePopup(popup, a, menu, 'end', this.c.dir() === 'rtl');
    const sub = popup.querySelector<HTMLElement>(`#${SUBMENU_ID}`);
    const parent = popup.querySelector<HTMLElement>('[data-item="presence"]');
    if (sub !== null && parent !== null) {
      // Beside its parent item, moved up as far as needed to stay inside the viewport.
      const top = Math.max(4, popup.getBoundingClientRect().top + parent.offsetTop);
      const fitted = Math.max(4, Math.min(top, window.innerHeight - sub.offsetHeight - 4));
      sub.style.insetBlockStart = `${fitted - popup.getBoundingClientRect().top}px`;
    }
  }

  // ---------------------------------------------------------------- keyboard and pointer

  private readonly onMenuKeyDown = (event: KeyboardEvent): void => {
    const sub = this.submenuOpen;
    const all = sub ? this.subItems : this.items;
    if (all.length === 0) return;
    const rtl = this.c.dir() === 'rtl';
    const index = Math.max(0, all.findIndex((i) => i.id === this.focusId));
    const item = all[index] as RowMenuItem;
    const move = (to: number): void => {
      this.focusId = all[(to + all.length) % all.length]?.id;
      this.wantFocus = true;
      this.c.host.requestUpdate();
    };
    const inward = rtl ? 'ArrowLeft' : 'ArrowRight';
    const outward = rtl ? 'ArrowRight' : 'ArrowLeft';
    switch (event.key) {
      case 'ArrowDown':
        move(index + 1);
        break;
      case 'ArrowUp':
        move(index - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(all.length - 1);
        break;
      case 'Enter':
      case ' ':
        this.activate(item);
        break;
      case inward:
        if (item.kind === 'presence-menu') this.activate(item);
        else return;
        break;
      case outward:
      case 'Escape':
        if (sub) this.closeSubmenu();
        else if (event.key === 'Escape') this.close(true);
        else return;
        break;
      case 'Tab':
        this.close(true);
        break;
      default: {
        // Type-ahead: the next item whose label starts with what was typed.
        if (event.key.length !== 1 || event.ctrlKey || event.metaKey || event.altKey) return;
        const now = performance.now();
        this.typed = now - this.typedAt < 700 ? this.typed + event.key.toLowerCase() : event.key.toLowerCase();
        this.typedAt = now;
        const order = [...all.slice(index + (this.typed.length === 1 ? 1 : 0)), ...all.slice(0, index + (this.typed.length === 1 ? 1 : 0))];
        const found = order.find((i) => i.label.toLowerCase().startsWith(this.typed));
        if (found === undefined) return;
        move(all.indexOf(found));
      }
    }
    event.preventDefault();
    event.stopPropagation();
  };

  private readonly onFocusIn = (event: FocusEvent): void => {
    this.focusWasInMenu = true;
    const id = (event.target as HTMLElement).dataset?.['item'];
    if (id !== undefined) this.focusId = id;
  };

  private readonly onFocusOut = (event: FocusEvent): void => {
    const popup = this.popup();
    const next = event.relatedTarget as Node | null;
    // Focus leaving for somewhere else on the page (not a re-render, which gives no relatedTarget).
    if (next !== null && popup !== null && !popup.contains(next)) {
      this.focusWasInMenu = false;
      this.close(false);
    }
  };

  private closeSubmenu(): void {
    this.submenuOpen = false;
    this.focusId = 'presence';
    this.wantFocus = true;
    this.c.host.requestUpdate();
  }

  /** Runs an item; a disabled one only says again why it is disabled. */
  private activate(item: RowMenuItem): void {
    const agentId = this.c.openFor;
    const client = this.c.hooks.client();
    if (agentId === undefined || client === undefined) return;
    if (item.reason !== undefined) {
      this.c.hooks.announce(item.reason, 'polite');
      return;
    }
    switch (item.kind) {
      case 'presence-menu':
        this.submenuOpen = true;
        this.subItems = this.presenceItems(client, agentId);
        this.focusId = (this.subItems.find((i) => i.checked === true) ?? this.subItems[0])?.id;
        this.wantFocus = true;
        this.c.host.requestUpdate();
        return;
      case 'details':
        this.close(false);
        this.c.hooks.details(agentId);
        this.c.hooks.returnFocus(agentId);
        return;
      case 'message':
        this.close(true);
        this.c.host.dispatchEvent(new FwMessageAgentEvent(agentId));
        return;
      case 'check-in':
        this.close(true);
        this.c.host.dispatchEvent(new FwProposeCheckInEvent(agentId));
        return;
      case 'presence':
        this.close(true);
        if (item.checked !== true && item.state !== undefined) this.setPresence(client, agentId, item.state, item.reasonCode, item.label);
        return;
      case 'monitor':
      case 'stop':
        this.close(true);
        if (item.mode !== undefined && item.interactionId !== undefined && !(item.kind === 'monitor' && item.checked === true)) {
          this.monitor(client, agentId, item.kind === 'stop' ? 'stop' : 'start', item.mode, item.interactionId, item.sessionId);
        }
        return;
    }
  }

  // ---------------------------------------------------------------- commands

  /**
   * Sends what the menu showed: if the floor moved on since (the interaction ended, say), the
   * core refuses it and the person is told why, rather than the board quietly doing nothing.
   */
  private monitor(client: Floorwalk, agentId: string, asked: 'start' | 'stop', mode: MonitoringMode, interactionId: string, sessionId: string | undefined): void {
    const action: MonitoringAction = asked === 'stop' ? 'stop' : sessionId === undefined ? 'start' : 'change';
    if (action === 'stop' && sessionId === undefined) return;
    const request = new FwMonitoringRequestEvent(action, agentId, interactionId, mode, sessionId);
    this.c.host.dispatchEvent(request);
    if (request.defaultPrevented) return;
    const cp = this.cp.strings;
    const monitoring: MonitoringRequest = { action, mode, agentId, interactionId, sessionId };
    const p = this.begin(agentId, cp.doing(action, this.c.modeLabel(mode)), { monitoring });
    const sent =
      action === 'start'
        ? client.startMonitoring(agentId, interactionId, mode)
        : action === 'change'
          ? client.changeMonitoringMode(sessionId!, mode)
          : client.stopMonitoring(sessionId!);
    sent.then(
      () => this.check(agentId),
      (err: unknown) => this.fail(p.seq, agentId, err),
    );
  }

  private setPresence(client: Floorwalk, agentId: string, state: PresenceState, reason: ReasonCode | undefined, label: string): void {
    const name = client.getAgent(agentId)?.name ?? agentId;
    const p = this.begin(agentId, this.words.strings.settingPresence(name, label), { presence: { state, reasonId: reason?.id, label } });
    client.setAgentPresence(agentId, state, reason).then(
      () => this.check(agentId),
      (err: unknown) => this.fail(p.seq, agentId, err),
    );
  }

  private begin(agentId: string, what: string, kind: Pick<Pending, 'monitoring' | 'presence'>): Pending {
    const seq = ++this.c.seq;
    const timer = setTimeout(() => {
      this.fail(seq, agentId, new FloorwalkError(ErrorCode.VendorError, this.words.strings.confirmTimeout, { details: { timeoutMs: CONFIRM_TIMEOUT } }));
    }, CONFIRM_TIMEOUT);
    const p: Pending = { seq, agentId, what, timer, ...kind };
    this.c.pending.set(agentId, p);
    this.c.message = { kind: 'pending', text: this.words.strings.pendingFor(what), agentId };
    this.c.host.requestUpdate();
    return p;
  }

  check(agentId: string): void {
    const p = this.c.pending.get(agentId);
    const client = this.c.hooks.client();
    if (p === undefined || client === undefined) return;
    const name = client.getAgent(agentId)?.name ?? agentId;
    let done: string | undefined;
    if (p.monitoring !== undefined) {
      const outcome = monitoringOutcome(client, p.monitoring);
      if (outcome === 'ended') {
        const m = p.monitoring;
        return this.fail(p.seq, agentId, new FloorwalkError(ErrorCode.Conflict, this.said.strings.whyEnded, { details: { interactionId: m.interactionId, interactionEnded: true } }));
      }
      if (outcome === undefined) return;
      const m = p.monitoring;
      this.c.host.dispatchEvent(new FwMonitoringChangedEvent(m.action, agentId, m.interactionId, m.mode, outcome.done));
      done = this.said.strings.confirmed(m.action, this.c.modeLabel(m.mode), name);
    } else if (p.presence !== undefined) {
      const presence = client.getAgent(agentId)?.presence;
      if (presence === undefined || presence.state !== p.presence.state || presence.reason?.id !== p.presence.reasonId) return;
      done = this.words.strings.presenceDone(name, p.presence.label);
    }
    if (done === undefined) return;
    clearTimeout(p.timer);
    this.c.pending.delete(agentId);
    this.c.message = { kind: 'done', text: done, agentId };
    this.c.hooks.announce(done, 'polite');
    this.c.host.requestUpdate();
  }

  private fail(seq: number, agentId: string, err: unknown): void {
    const p = this.c.pending.get(agentId);
    if (p === undefined || p.seq !== seq) return;
    clearTimeout(p.timer);
    this.c.pending.delete(agentId);
    const error = isFloorwalkError(err) ? err : new FloorwalkError(ErrorCode.Internal, String(err), { cause: err });
    if (p.monitoring !== undefined) {
      const m = p.monitoring;
      this.c.host.dispatchEvent(new FwMonitoringFailedEvent(m.action, agentId, m.interactionId, m.mode, error));
    }
    // A rate limit's message is the vendor's; the person needs the wait, in their language.
    const why = error.code === ErrorCode.RateLimited ? this.said.strings.whyBusy(busySeconds(error)) : error.message;
    const text = this.c.t.strings.actionFailed(p.what, why);
    this.c.message = { kind: 'error', text, agentId };
    this.c.hooks.announce(text, 'assertive');
    this.c.host.requestUpdate();
  }

  // ---------------------------------------------------------------- rendering

  private renderItem(item: RowMenuItem): TemplateResult {
    const id = `mi-${item.id.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
    const disabled = item.reason !== undefined;
    const sub = item.kind === 'presence-menu';
    return html`${item.group === true ? html`<div role="separator" class="menu__separator"></div>` : nothing}<div
        role=${item.checked === undefined ? 'menuitem' : 'menuitemradio'}
        part=${disabled ? 'menu-item menu-item-disabled' : 'menu-item'}
        class="menu__item"
        id=${id}
        data-item=${item.id}
        tabindex=${item.id === this.focusId ? '0' : '-1'}
        aria-disabled=${disabled ? 'true' : nothing}
        aria-checked=${item.checked === undefined ? nothing : item.checked ? 'true' : 'false'}
        aria-haspopup=${sub ? 'menu' : nothing}
        aria-expanded=${sub ? (this.submenuOpen ? 'true' : 'false') : nothing}
        @click=${(event: Event) => {
          event.stopPropagation();
          this.focusId = item.id;
          this.activate(item);
        }}
      >
        <span class="menu__check" aria-hidden="true">${item.checked === true ? '✓' : ''}</span>
        <span class="menu__label">${item.label}</span>${sub ? html`<span class="menu__more" aria-hidden="true">${this.c.dir() === 'rtl' ? '‹' : '›'}</span>` : nothing}
        ${disabled ? html`<span part="menu-reason" class="menu__reason">${item.reason}</span>` : nothing}
      </div>`;
  }

  /**
   * A line for each of this session's own sessions on agents the board no longer holds, with a
   * Stop sent like the menu's. The panel's words, so the two read alike; the agent is named by id,
   * as the client no longer holds their name. Also one for each the platform did not take off
   * when its call ended (`outlivesCall`), whose agent may still have a row but no live call to
   * offer its Stop on.
   */
  private renderAway(client: Floorwalk): TemplateResult[] {
    const cp = this.cp.strings;
    return this.c.away(client).map((x) => {
      const busy = this.c.pending.has(x.agentId);
      const mode = x.mode as MonitoringMode;
      return html`<p part="away" class="away" data-agent=${x.agentId}>
        <span id=${`away-${x.id}`}>${x.outlivesCall ? this.words.strings.keptAway(client.getAgent(x.agentId)?.name ?? x.agentId, this.c.modeLabel(mode)) : cp.away(x.agentId, this.c.modeLabel(mode), mode === 'barge')}</span>
        <button
          type="button"
          part="away-stop"
          class="action"
          aria-describedby=${`away-${x.id}`}
          aria-disabled=${busy ? 'true' : nothing}
          @click=${() => {
            if (busy) this.c.hooks.announce(this.words.strings.waiting, 'polite');
            else this.monitor(client, x.agentId, 'stop', mode, x.interactionId as string, x.id);
          }}
        >
          ${cp.stop}
        </button>
      </p>`;
    });
  }

  /** The lines of {@link renderAway}, then the open menu (and its presence submenu), if any. */
  render(): TemplateResult | typeof nothing {
    const client = this.c.hooks.client();
    if (client === undefined) return nothing;
    return html`${this.renderAway(client)}${this.renderPopup(client)}`;
  }

  private renderPopup(client: Floorwalk): TemplateResult | typeof nothing {
    const agentId = this.c.openFor;
    if (agentId === undefined) return nothing;
    const agent = client.getAgent(agentId);
    if (agent === undefined) return nothing;
    this.items = this.menuItems(client, agentId);
    if (this.submenuOpen) this.subItems = this.presenceItems(client, agentId);
    const s = this.c.t.strings;
    const w = this.words.strings;
    return html`<div part="menu-popup" class="menu-popup" popover="manual" dir=${this.c.dir()}
      @keydown=${this.onMenuKeyDown} @focusin=${this.onFocusIn} @focusout=${this.onFocusOut}>
      <div part="menu" role="menu" id=${this.c.menuId} class="menu" aria-label=${w.actionsMenu(agent.name)}>
        ${repeat(this.items, (i) => i.id, (i) => this.renderItem(i))}
      </div>
      ${this.submenuOpen
        ? html`<div part="menu submenu" role="menu" id=${SUBMENU_ID} class="menu submenu" aria-label=${w.presenceMenu(agent.name)}>
            ${repeat(this.subItems, (i) => i.id, (i) => this.renderItem(i))}
          </div>`
        : nothing}
    </div>`;
  }
}
