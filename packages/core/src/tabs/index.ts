/**
 * One vendor connection shared by every tab a user has open: {@link shareAcrossTabs} wraps an
 * adapter so one tab (the leader, holding a Web Lock) connects and the others follow it over a
 * BroadcastChannel. A subpath of its own so that pages with one tab never load it.
 *
 * @module @floorwalk/core/tabs
 */
export { shareAcrossTabs } from './tabs.js';
export type { ShareAcrossTabsOptions, TabAdapter, TabChannel, TabLifecycle, TabLocks, TabRole } from './tabs.js';
