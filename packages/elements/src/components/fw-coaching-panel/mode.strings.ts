import type { SessionMode } from '@floorwalk/core';
import { defineCatalog } from '../../internal/localize.js';

// The panel's words for a monitoring mode and a pending request on their own as well, for the
// team board's rows, which say no other panel words until a row's menu opens: a catalog is one
// object, so the board would otherwise carry them all up front. Both catalogs read the
// `coaching-panel` namespace, so a translation of it reaches either. Plain consts, not an object
// spread or property reads, which a bundler must assume have side effects and so keep.

/** A mode's button label; `screen` only names a session someone runs (no button starts one). */
export const mode = (mode: SessionMode): string => ({ listen: 'Listen', whisper: 'Whisper', barge: 'Barge', screen: 'Screen' })[mode];
export const pendingMark = 'Pending';

/** A monitoring mode's word and the pending mark, for the board's rows. Namespace `coaching-panel`. @internal */
export const coachingModeCatalog = /* @__PURE__ */ defineCatalog('coaching-panel', { mode, pendingMark }, ['mode']);
