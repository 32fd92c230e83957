import { createContext } from '@lit/context';
import type { Floorwalk } from '@floorwalk/core';

/**
 * The context key `fw-provider` provides the client under. A registered symbol, so that two
 * copies of this package on one page (a vendor iframe and its host, say) still find each other.
 */
export const floorwalkContext = createContext<Floorwalk | undefined>(Symbol.for('floorwalk.client'));
