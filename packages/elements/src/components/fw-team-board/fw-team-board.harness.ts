import type { FwTeamBoard } from './fw-team-board.js';
import { clean } from '../../internal/harness-text.js';

/** The board's filter controls, by their `name`. */
export type TeamBoardControl = 'search' | 'team' | 'queue' | 'presence' | 'channel' | 'sort' | 'group';

/** An item of a row's actions menu, as the harness reads it. */
export interface RowActionItem {
  readonly id: string;
  readonly label: string;
  /** Shown but not usable now (`aria-disabled`). */
  readonly disabled: boolean;
  /** The visible reason it is disabled, or ''. */
  readonly reason: string;
  /** For radio items (monitoring modes while monitoring, presence states): whether it is current. */
  readonly checked?: boolean;
}

/** The columns of an agent row. */
export type TeamBoardColumn = 'name' | 'presence' | 'time' | 'interaction' | 'flags' | 'actions';

/**
 * Drives an `fw-team-board` the way a person would, for host applications' own tests: reads
 * what the rendered rows say and operates the filters and row actions through the real
 * controls. Only rows currently rendered (the virtualised window) are visible to it.
 *
 * @example
 * ```ts
 * const board = new FwTeamBoardHarness(document.querySelector('fw-team-board')!);
 * await board.choose('team', 'team-2');
 * expect(board.agentIds()).to.include('agent-14');
 * ```
 */
export class FwTeamBoardHarness {
  readonly element: FwTeamBoard;

  constructor(element: FwTeamBoard) {
    this.element = element;
  }

  private get root(): ShadowRoot {
    const root = this.element.shadowRoot;
    if (root === null) throw new Error('FwTeamBoardHarness: the board has not rendered yet.');
    return root;
  }

  /**
   * Waits for the board's pending render and one animation frame (the virtualizer lays out on
   * frames), and while the virtualizer takes a long list over, for its first rows (up to 30
   * frames).
   */
  async settled(): Promise<void> {
    await this.element.updateComplete;
    for (let frame = 0; frame < 1 || (frame < 30 && this.root.querySelector('.rows--handover') !== null); frame++) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      await this.element.updateComplete;
    }
  }

  /** The board's own elements matching `selector`, less the inert rows shown during a handover. */
  private live<E extends HTMLElement>(selector: string): E[] {
    return [...this.root.querySelectorAll<E>(selector)].filter((el) => el.closest('.rows--handover') === null);
  }

  /** The grid element. */
  grid(): HTMLElement {
    return this.root.querySelector<HTMLElement>('[role="grid"]') as HTMLElement;
  }

  /** The scrolling viewport of the rows. */
  scroller(): HTMLElement {
    return this.root.querySelector<HTMLElement>('[part~="scroller"]') as HTMLElement;
  }

  /** Agent rows in the DOM, in list order. */
  rows(): HTMLElement[] {
    return this.live('[role="row"][data-key]').sort(
      (a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')),
    );
  }

  /** Group heading rows in the DOM, in list order, as their text. */
  groupHeadings(): string[] {
    return this.live('[part~="group-header"]')
      .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
      .map((row) => clean(row));
  }

  /** Ids of the agents whose rows are in the DOM, in list order. */
  agentIds(): string[] {
    return this.rows().map((row) => row.dataset.key as string);
  }

  /** How many rows the list has in all (rendered or not), headings included. */
  rowCount(): number {
    return Number(this.grid().getAttribute('aria-rowcount')) - 1;
  }

  /** An agent's row, when rendered. */
  row(agentId: string): HTMLElement | null {
    return this.rows().find((row) => row.dataset.key === agentId) ?? null;
  }

  /** The text of one cell of an agent's row, whitespace collapsed. */
  cellText(agentId: string, column: TeamBoardColumn): string {
    const cell = this.row(agentId)?.querySelector<HTMLElement>(`[part~="${column}"]`);
    return cell ? clean(cell) : '';
  }

  /** The threshold labels shown on an agent's row. */
  alerts(agentId: string): string[] {
    return [...(this.row(agentId)?.querySelectorAll<HTMLElement>('[part~="alert"]') ?? [])].map((mark) => clean(mark));
  }

  /** The summary's counts, by board state, as displayed (locale digits). */
  summary(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const item of this.root.querySelectorAll<HTMLElement>('[part~="summary-item"]')) {
      out[item.dataset.state as string] = clean(item.querySelector('.count') as HTMLElement);
    }
    return out;
  }

  /** The message shown when no agent is listed, or ''. */
  emptyMessage(): string {
    const empty = this.root.querySelector<HTMLElement>('[part~="empty"]');
    return empty ? clean(empty) : '';
  }

  /** A filter control. */
  control(name: TeamBoardControl): HTMLInputElement | HTMLSelectElement {
    return this.root.querySelector(`[name="${name}"]`) as HTMLInputElement | HTMLSelectElement;
  }

  /** Types into the search field as a person would (an `input` event). */
  async search(value: string): Promise<void> {
    const input = this.control('search');
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await this.settled();
  }

  /** Picks an option of a filter, sort or group select (a `change` event). */
  async choose(name: Exclude<TeamBoardControl, 'search'>, value: string): Promise<void> {
    const select = this.control(name);
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    await this.settled();
  }

  /** The rows' action buttons rendered (the actions menu buttons, or Details buttons). */
  actions(): HTMLButtonElement[] {
    return this.live<HTMLButtonElement>('[part~="action"]');
  }

  /** An agent's action button, when its row is rendered. */
  actionButton(agentId: string): HTMLButtonElement | null {
    return this.row(agentId)?.querySelector<HTMLButtonElement>('[part~="action"]') ?? null;
  }

  /** Opens an agent's details: the menu's Show details, or the row's Details button. Throws when the row offers neither. */
  async openDetails(agentId: string): Promise<void> {
    const button = this.actionButton(agentId);
    if (!button) throw new Error(`FwTeamBoardHarness: no actions on ${agentId}'s row.`);
    if (button.getAttribute('aria-haspopup') === 'menu') {
      await this.chooseAction(agentId, 'details');
      return;
    }
    button.click();
    await this.settled();
  }

  /** Opens an agent's actions menu by clicking its button. Throws when the row has none. */
  async openActions(agentId: string): Promise<HTMLElement> {
    const button = this.actionButton(agentId);
    if (button?.getAttribute('aria-haspopup') !== 'menu') throw new Error(`FwTeamBoardHarness: no actions menu on ${agentId}'s row.`);
    if (button.getAttribute('aria-expanded') !== 'true') button.click();
    await this.settled();
    const menu = this.menu();
    if (menu === null) throw new Error(`FwTeamBoardHarness: ${agentId}'s menu did not open.`);
    return menu;
  }

  /** The open actions menu (not its submenu), or null. */
  menu(): HTMLElement | null {
    return this.root.querySelector<HTMLElement>('[role="menu"]:not([part~="submenu"])');
  }

  /** The open presence submenu, or null. */
  submenu(): HTMLElement | null {
    return this.root.querySelector<HTMLElement>('[role="menu"][part~="submenu"]');
  }

  /** The items of the open menu (or of its presence submenu), as a person perceives them. */
  menuItems(which: 'menu' | 'submenu' = 'menu'): RowActionItem[] {
    const menu = which === 'menu' ? this.menu() : this.submenu();
    return [...(menu?.querySelectorAll<HTMLElement>('[data-item]') ?? [])].map((item) => {
      const checked = item.getAttribute('aria-checked');
      return {
        id: item.dataset.item as string,
        label: clean(item.querySelector('.menu__label') as HTMLElement),
        disabled: item.getAttribute('aria-disabled') === 'true',
        reason: clean(item.querySelector<HTMLElement>('[part~="menu-reason"]') ?? document.createElement('span')),
        ...(checked === null ? {} : { checked: checked === 'true' }),
      };
    });
  }

  /** One item of the open menu or submenu, by id (`listen`, `stop`, `presence`, `presence:break:coffee`, `message`…). */
  menuItem(id: string): HTMLElement | null {
    return this.root.querySelector<HTMLElement>(`[role="menu"] [data-item="${CSS.escape(id)}"]`);
  }

  /**
   * Opens an agent's menu and clicks one of its items (for a `presence:…` item, through the
   * Set presence submenu). Clicking a disabled item only announces why it is disabled.
   */
  async chooseAction(agentId: string, id: string): Promise<void> {
    await this.openActions(agentId);
    if (id.startsWith('presence:')) {
      (this.menuItem('presence') as HTMLElement).click();
      await this.settled();
    }
    const item = this.menuItem(id);
    if (item === null) throw new Error(`FwTeamBoardHarness: ${agentId}'s menu has no item ${id}.`);
    item.click();
    await this.settled();
  }

  /** Sets an agent's presence from the row's menu, as a supervisor's override. */
  async setPresence(agentId: string, state: string, reasonId?: string): Promise<void> {
    await this.chooseAction(agentId, `presence:${state}${reasonId === undefined ? '' : `:${reasonId}`}`);
  }

  /** The last row action's outcome shown under the grid (pending, done or failed), or ''. */
  actionMessage(): string {
    const message = this.root.querySelector<HTMLElement>('[part~="action-message"]');
    return message ? clean(message) : '';
  }

  /**
   * This supervisor's own sessions on agents the board no longer lists (moved out of their teams,
   * or removed), as the lines under the grid say them: each one's sentence.
   */
  away(): string[] {
    return [...this.root.querySelectorAll('[part="away"]')].map((p) => clean(p.querySelector('span[id]')));
  }

  /** Clicks the Stop of the `index`th of {@link away}. Throws if there is none. */
  async stopAway(index = 0): Promise<void> {
    const button = this.root.querySelectorAll<HTMLButtonElement>('button[part="away-stop"]')[index];
    if (button === undefined) throw new Error(`FwTeamBoardHarness: no session out of view at ${index}.`);
    button.click();
    await this.settled();
  }

  /** The monitoring flag's text on an agent's row, or '' when the agent is not monitored. */
  monitoringFlag(agentId: string): string {
    const flag = this.row(agentId)?.querySelector<HTMLElement>('[part~="monitoring"]');
    return flag ? clean(flag) : '';
  }

  /** The cell `aria-activedescendant` points at, when rendered. */
  activeCell(): HTMLElement | null {
    const id = this.grid().getAttribute('aria-activedescendant');
    return id ? (this.root.getElementById(id) as HTMLElement | null) : null;
  }

  /** Scrolls the rows' viewport to `top` pixels and waits for the virtualizer to catch up. */
  async scrollTo(top: number): Promise<void> {
    this.scroller().scrollTop = top;
    this.scroller().dispatchEvent(new Event('scroll'));
    await this.settled();
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}


