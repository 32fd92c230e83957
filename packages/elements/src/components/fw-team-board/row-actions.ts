import { importOnce, type Floorwalk, type MonitoringMode, type MonitoringSession, type PresenceState, type ReasonCode, type SessionMode, type StoreChange } from '@floorwalk/core';
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { agentCatalog } from '../../internal/common-strings.js';
import { LocalizeController, dirOf, type Catalog, type Strings } from '../../internal/localize.js';
import type { MonitoringRequest } from '../../internal/monitoring-requests.js';
import { coachingModeCatalog } from '../fw-coaching-panel/mode.strings.js';
import { teamBoardCatalog } from './strings.js';
import type { RowMenu } from './row-menu.js';

/** What a row's menu item does. */
export type RowActionKind = 'monitor' | 'stop' | 'presence-menu' | 'presence' | 'message' | 'check-in' | 'details';

/** One item of a row's actions menu, as rendered now. */
export interface RowMenuItem {
  /** Stable within the menu: `listen`, `stop`, `presence`, `presence:break:coffee`, `message`… */
  readonly id: string;
  readonly kind: RowActionKind;
  readonly label: string;
  /** Why the item cannot be used now; undefined when it can. */
  readonly reason: string | undefined;
  /** For radio items (the monitoring mode in use, the agent's presence): whether it is the current one. */
  readonly checked?: boolean;
  readonly mode?: MonitoringMode;
  /** For monitoring items: the interaction and session shown, so a choice acts on what the person saw. */
  readonly interactionId?: string;
  readonly sessionId?: string;
  readonly state?: PresenceState;
  readonly reasonCode?: ReasonCode;
  /** Starts a new group (a separator goes before it). */
  readonly group?: boolean;
}

/** What the board lends the controller. */
export interface RowActionsHooks {
  client(): Floorwalk | undefined;
  /** Whether the session may open this agent's details (the board's existing rule). */
  canOpen(agentId: string): boolean;
  /** Opens the agent's details as the row's Details action always has. */
  details(agentId: string): void;
  /** Gives focus back to the grid, on the agent's actions cell. */
  returnFocus(agentId: string): void;
  announce(message: string, politeness: 'polite' | 'assertive'): void;
}

/** A command sent from a row and not yet seen to take effect. @internal */
export interface Pending {
  readonly seq: number;
  readonly agentId: string;
  /** "Starting Whisper", "Setting Ana Ruiz to Break: Coffee". */
  readonly what: string;
  readonly monitoring?: MonitoringRequest;
  readonly presence?: { readonly state: PresenceState; readonly reasonId: string | undefined; readonly label: string };
  readonly timer: ReturnType<typeof setTimeout>;
}

/** The id of the open menu, which its button names in `aria-controls`. @internal */
export const MENU_ID = 'row-actions-menu';

type RowMenuModule = typeof import('./row-menu.js');

/** Loads the menu's module once per page, for every board on it; a failed load may be retried. */
const loadRowMenu = importOnce(() => import('./row-menu.js'));

/** The self agent of a session: its own row offers no supervision. */
export function selfAgentOf(client: Floorwalk): string | undefined {
  const session = client.session;
  return session.agentId ?? (session.role === 'agent' ? session.userId : undefined);
}

/**
 * The board's row actions: the menu each agent row opens (monitor, set presence, message,
 * propose a check-in, details), the commands it sends and their pending, confirmed and failed
 * states. One menu at a time, rendered outside the virtualised rows so that a row re-rendering
 * or scrolling out of the window never takes the menu, or the focus in it, with it; a row adds
 * only its menu button to the DOM. The menu itself (items, keys, commands) is in `row-menu.ts`,
 * loaded when a menu first opens.
 *
 * @internal
 */
export class RowActionsController implements ReactiveController {
  readonly host: ReactiveControllerHost & HTMLElement;
  readonly hooks: RowActionsHooks;
  readonly t: LocalizeController<typeof teamBoardCatalog.en>;
  /** The coaching panel's words for a mode and a pending request (the menu brings the rest). */
  readonly cp: LocalizeController<typeof coachingModeCatalog.en>;
  readonly common: LocalizeController<typeof agentCatalog.en>;

  /** The agent whose menu is open. */
  openFor: string | undefined;
  /** Commands sent from rows and not yet seen to take effect, by agent. */
  readonly pending = new Map<string, Pending>();
  seq = 0;
  /** The last outcome, shown under the grid until the next command. */
  message: { readonly kind: 'pending' | 'done' | 'error'; readonly text: string; readonly agentId: string } | undefined;
  /** The menu, once its module has loaded. */
  private menu: RowMenu | undefined;
  /** A menu waiting for its module to load: the host's update is not complete until it opened. */
  loading: Promise<void> | undefined;
  /** Whether the module was asked for because of a session on an agent gone from the board. */
  private awayLoad = false;
  // What the menu's module takes from here rather than importing it: a module the rows import too
  // would become a chunk of its own that the board loads up front, gzipped apart from the rest.
  readonly menuId = MENU_ID;
  readonly selfAgentOf = selfAgentOf;

  constructor(host: ReactiveControllerHost & HTMLElement, hooks: RowActionsHooks) {
    this.host = host;
    this.hooks = hooks;
    this.t = new LocalizeController(host, teamBoardCatalog);
    this.cp = new LocalizeController(host, coachingModeCatalog);
    this.common = new LocalizeController(host, agentCatalog);
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.menu?.disconnected();
  }

  hostUpdated(): void {
    this.menu?.updated();
  }

  // ---------------------------------------------------------------- what a row offers

  /** Whether the platform offers any supervision command at all. */
  private platformOffers(client: Floorwalk): boolean {
    const commands = client.capabilities.commands;
    return (
      (commands.includes('start-monitoring') && client.capabilities.monitoringModes.length > 0) ||
      commands.includes('set-presence') ||
      commands.includes('send-message') ||
      commands.includes('propose-check-in')
    );
  }

  /** Whether an agent's row has a menu: any agent but the session's own, when anything is on offer. */
  offers(agentId: string): boolean {
    const client = this.hooks.client();
    if (client === undefined || agentId === selfAgentOf(client)) return false;
    return this.platformOffers(client) || this.hooks.canOpen(agentId);
  }

  /** What a row's cell depends on beyond its model: its menu is open, or a command of it is pending. */
  rowKey(agentId: string): string {
    return `${this.openFor === agentId ? 'o' : ''}${this.pending.has(agentId) ? 'p' : ''}`;
  }

  /** A localize controller on the board for one of the menu's catalogs. */
  localize<T extends Strings>(catalog: Catalog<T>): LocalizeController<T> {
    return new LocalizeController(this.host, catalog);
  }

  /** The board's resolved direction, for the menu's popup. */
  dir(): 'ltr' | 'rtl' {
    return dirOf(this.host, this.t.lang);
  }

  /** A monitoring mode's word, from the coaching panel's strings. */
  modeLabel(mode: SessionMode): string {
    return this.cp.strings.mode(mode);
  }

  // ---------------------------------------------------------------- opening and closing

  /** Opens an agent's menu with focus on its first item (or last, from the end); loads the menu on first use. */
  open(agentId: string, from: 'first' | 'last' = 'first'): void {
    if (this.menu !== undefined) this.menu.open(agentId, from);
    else this.load(agentId, (menu) => menu.open(agentId, from));
  }

  /** Loads the menu's module, then runs `then` with the menu; a failed load is said under the grid (for `agentId`) and announced. */
  private load(agentId: string, then: (menu: RowMenu) => void): void {
    const loading = loadRowMenu().then(
      (module) => {
        this.menu ??= new module.RowMenu(this);
        if (this.loading === loading) this.loading = undefined;
        then(this.menu);
      },
      () => {
        if (this.loading === loading) this.loading = undefined;
        const text = this.t.strings.actionFailed(this.t.strings.actions, this.t.strings.partFailed);
        this.message = { kind: 'error', text, agentId };
        this.hooks.announce(text, 'assertive');
        this.host.requestUpdate();
      },
    );
    this.loading = loading;
  }

  /** Closes the menu; focus goes back to the grid unless the person moved it elsewhere. */
  close(returnFocus = true): void {
    this.menu?.close(returnFocus);
  }

  /** Notes a store batch: pending commands and an open menu exist only once the menu's module has loaded. */
  onStoreChange(change: StoreChange): void {
    this.menu?.storeChanged(change);
  }

  /**
   * This session's own sessions no row offers a Stop for: on agents the board no longer holds
   * (moved out of its teams, removed), and those the platform did not take off when their call
   * ended (`outlivesCall`: no live interaction to show them on). Screen views aside, which no
   * command stops.
   */
  away(client: Floorwalk): MonitoringSession[] {
    return client.getMonitoringSessions({ supervisorId: client.session.userId, active: true }).filter((s) => s.mode !== 'screen' && (s.outlivesCall || !client.getAgent(s.agentId)));
  }

  // ---------------------------------------------------------------- rendering

  /** The row's menu button, for its actions cell. */
  renderButton(agentId: string, name: string): TemplateResult {
    const open = this.openFor === agentId;
    const pending = this.pending.has(agentId);
    return html`<button
      type="button"
      part="action"
      class="action"
      tabindex="-1"
      aria-haspopup="menu"
      aria-expanded=${open ? 'true' : 'false'}
      aria-controls=${open ? MENU_ID : nothing}
      aria-label=${this.t.strings.actionsFor(name)}
      aria-busy=${pending ? 'true' : nothing}
      @click=${(event: Event) => {
        event.stopPropagation();
        if (open) this.close(true);
        else this.open(agentId);
      }}
    >
      ${this.t.strings.actions}${pending ? html`<span part="action-pending" class="action__pending"> · ${this.cp.strings.pendingMark}</span>` : nothing}
    </button>`;
  }

  /** The last command's outcome, under the grid. Not a live region: announcements voice it. */
  renderMessage(): TemplateResult | typeof nothing {
    const m = this.message;
    if (m === undefined) return nothing;
    return html`<p part="action-message" class="action-message" data-kind=${m.kind} data-agent=${m.agentId}>${m.text}</p>`;
  }

  /** The open menu (and its presence submenu), or nothing. */
  renderMenu(): TemplateResult | typeof nothing {
    const client = this.hooks.client();
    // Lines for sessions on agents gone from the board are the menu module's (a rare state): it
    // loads as soon as one exists, once; after a failed load, the next menu opened tries again.
    if (this.menu === undefined && !this.awayLoad && client !== undefined && this.away(client).length > 0) {
      this.awayLoad = true;
      this.load('', () => this.host.requestUpdate());
    }
    return this.menu?.render() ?? nothing;
  }
}
