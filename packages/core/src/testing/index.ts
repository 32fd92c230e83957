/**
 * For adapter authors and tests: the conformance suite every adapter runs
 * ({@link adapterConformanceCases}) and a manual clock ({@link createManualClock}).
 *
 * @module @floorwalk/core/testing
 */
export { createManualClock } from './manual-clock.js';
export type { ManualClock } from './manual-clock.js';
export { adapterConformanceCases } from './adapter-suite.js';
export type { ChangedWhileDown, ConformanceCase, ConformanceHarness } from './adapter-suite.js';
