/*
 * The virtualizer and the board's layout for it, in one module that the board imports
 * dynamically, only once a list is longer than it renders plainly: a board of a team or two never
 * loads `@lit-labs/virtualizer` (7.5 KB gzip, more than the board's own rows and filters).
 * Internal.
 */
import { virtualizerRef, type VirtualizerHostElement } from '@lit-labs/virtualizer/virtualize.js';
export { virtualize } from '@lit-labs/virtualizer/virtualize.js';

/**
 * Shows whole a row the board scrolled to about where it is (see scrollToIndex), now that it
 * renders: at once, and again once the virtualizer has measured the rows it rendered around it.
 * Group headings are shorter than rows, so measuring them moves the rows below: the last row of a
 * board grouped by state (1,000 agents) went wholly out of view after the first scroll alone. Not
 * the layout's pin, which would hold it there through measuring: that is what leaves a far row's
 * list blank (lit/lit#4767).
 */
export async function show(root: ParentNode, index: number): Promise<void> {
  const row = (): Element | null => root.querySelector(`[data-index="${index}"]`);
  row()?.scrollIntoView({ block: 'nearest' });
  await (root.querySelector('.rows') as VirtualizerHostElement | null)?.[virtualizerRef]?.layoutComplete.catch(() => {});
  row()?.scrollIntoView({ block: 'nearest' });
}
export { boardLayout } from './layout.js';
