// @open-wc's waitUntil, with the time limit the element tests mean. Its default of 1 s is a
// duration, not a condition: on a loaded CI machine a render or a simulated second can take
// longer, and a test failed for it says nothing about the element. A test that means a shorter
// limit passes its own.
import { waitUntil as waitUntilOpenWc } from '@open-wc/testing';

export const waitUntil: typeof waitUntilOpenWc = (predicate, message, options) => waitUntilOpenWc(predicate, message, { timeout: 5000, ...options });
