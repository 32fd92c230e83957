/*
 * The virtualizer and the board's layout for it, in one module that the board imports
 * dynamically, only once a list is longer than it renders plainly: a board of a team or two never
 * loads `@lit-labs/virtualizer` (7.5 KB gzip, more than the board's own rows and filters).
 * Internal.
 */
export { virtualize } from '@lit-labs/virtualizer/virtualize.js';
export { boardLayout } from './layout.js';
