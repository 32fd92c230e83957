import type { FwInteractionList } from './fw-interaction-list.js';
import { clean } from '../../internal/harness-text.js';

/** The columns of `fw-interaction-list`, in order. */
export const INTERACTION_LIST_COLUMNS = ['channel', 'direction', 'state', 'agent', 'queue', 'duration', 'hold', 'customer'] as const;
/** A column of `fw-interaction-list`. */
export type InteractionListColumn = (typeof INTERACTION_LIST_COLUMNS)[number];

/**
 * Reads and drives an `fw-interaction-list` the way a person does, for host apps' tests.
 *
 * @example
 * ```ts
 * const list = new FwInteractionListHarness(document.querySelector('fw-interaction-list')!);
 * await list.select(list.rowIds()[0]!);
 * ```
 */
export class FwInteractionListHarness {
  readonly element: FwInteractionList;

  constructor(element: FwInteractionList) {
    this.element = element;
  }

  private rows(): HTMLTableRowElement[] {
    return [...(this.element.shadowRoot?.querySelectorAll<HTMLTableRowElement>('tbody tr[data-id]') ?? [])];
  }

  private row(interactionId: string): HTMLTableRowElement {
    const row = this.rows().find((r) => r.dataset['id'] === interactionId);
    if (row === undefined) throw new Error(`fw-interaction-list shows no interaction ${interactionId}.`);
    return row;
  }

  /** The interaction ids shown, in order. */
  rowIds(): string[] {
    return this.rows().map((r) => r.dataset['id']!);
  }

  /** The text of one cell, whitespace collapsed. */
  cell(interactionId: string, column: InteractionListColumn): string {
    const td = this.row(interactionId).cells[INTERACTION_LIST_COLUMNS.indexOf(column)];
    return clean(td);
  }

  /** The selected row's interaction id, as the element marks it. */
  selectedId(): string | undefined {
    return this.rows().find((r) => r.getAttribute('aria-selected') === 'true')?.dataset['id'];
  }

  /** Clicks a row, as a person selecting it. */
  async select(interactionId: string): Promise<void> {
    this.row(interactionId).click();
    await this.element.updateComplete;
  }

  /** Whether the empty message shows. */
  isEmpty(): boolean {
    return this.element.matches(':state(empty)');
  }
}
