import { FlowLayout } from '@lit-labs/virtualizer/layouts/flow.js';

/**
 * The board's virtual layout: the virtualizer's vertical flow layout with a smaller overhang
 * (rows kept rendered beyond each edge of the viewport): 500 px instead of 1,000. A board row
 * is ~44 px, so that is about 11 rows each side, plenty for smooth wheel and keyboard scrolling,
 * and some 20 fewer rows for every frame to lay out and paint. Internal.
 */
export class BoardLayout extends FlowLayout {
  constructor(...args: ConstructorParameters<typeof FlowLayout>) {
    super(...args);
    // `_overhang` is the layout's protected extension point for this.
    this._overhang = 500;
  }
}

/** One object, so the virtualizer sees the same layout on every render. */
export const boardLayout = { type: BoardLayout } as const;
