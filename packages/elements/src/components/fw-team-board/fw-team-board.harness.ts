import type { FwTeamBoard } from './fw-team-board.js';

/** The board's filter controls, by their `name`. */
export type TeamBoardControl = 'search' | 'team' | 'queue' | 'presence' | 'channel' | 'sort' | 'group';

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

  /** Waits for the board's pending render and one animation frame (the virtualizer lays out on frames). */
  async settled(): Promise<void> {
    await this.element.updateComplete;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    await this.element.updateComplete;
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
    return [...this.root.querySelectorAll<HTMLElement>('[role="row"][data-key]')].sort(
      (a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')),
    );
  }

  /** Group heading rows in the DOM, in list order, as their text. */
  groupHeadings(): string[] {
    return [...this.root.querySelectorAll<HTMLElement>('[part~="group-header"]')]
      .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
      .map((row) => text(row));
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
    return cell ? text(cell) : '';
  }

  /** The threshold labels shown on an agent's row. */
  alerts(agentId: string): string[] {
    return [...(this.row(agentId)?.querySelectorAll<HTMLElement>('[part~="alert"]') ?? [])].map((mark) => text(mark));
  }

  /** The summary's counts, by board state, as displayed (locale digits). */
  summary(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const item of this.root.querySelectorAll<HTMLElement>('[part~="summary-item"]')) {
      out[item.dataset.state as string] = text(item.querySelector('.count') as HTMLElement);
    }
    return out;
  }

  /** The message shown when no agent is listed, or ''. */
  emptyMessage(): string {
    const empty = this.root.querySelector<HTMLElement>('[part~="empty"]');
    return empty ? text(empty) : '';
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

  /** The Details buttons rendered. */
  actions(): HTMLButtonElement[] {
    return [...this.root.querySelectorAll<HTMLButtonElement>('[part~="action"]')];
  }

  /** Clicks an agent's Details button. Throws when the row offers none. */
  async openDetails(agentId: string): Promise<void> {
    const button = this.row(agentId)?.querySelector<HTMLButtonElement>('[part~="action"]');
    if (!button) throw new Error(`FwTeamBoardHarness: no Details action on ${agentId}'s row.`);
    button.click();
    await this.settled();
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

function text(element: Element): string {
  return (element.textContent ?? '').replace(/\s+/g, ' ').trim();
}
