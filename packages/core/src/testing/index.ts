export { createManualClock } from './manual-clock.js';
export type { ManualClock } from './manual-clock.js';
export { adapterConformanceCases } from './adapter-suite.js';
export type { ConformanceCase, ConformanceHarness } from './adapter-suite.js';
