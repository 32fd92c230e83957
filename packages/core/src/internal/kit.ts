import { ErrorCode, FloorwalkError, isFloorwalkError, toFloorwalkError } from '../errors.js';
import { redactCardNumbers } from '../policy/redact.js';
import { REVEALABLE_FIELDS } from '../policy/reveal.js';

/**
 * What the parts loaded on first need use of the code loaded up front, handed to each as it
 * loads rather than imported by it. A part that imports a module the entry also uses makes a
 * bundler that splits on dynamic imports (esbuild) put that module in a chunk of its own, loaded
 * up front beside the entry and gzipped apart; and esbuild emits a part even where the code
 * that loads it was shaken out (an adapter that uses little of core), so the part's imports
 * split that page's code too.
 *
 * @internal
 */
export const kit = { ErrorCode, FloorwalkError, isFloorwalkError, toFloorwalkError, redactCardNumbers, REVEALABLE_FIELDS };
/** @internal */
export type Kit = typeof kit;
