/**
 * The simulator adapter: a seeded, deterministic contact centre that needs no account, the
 * default of the demos and tests. Same seed, same day.
 *
 * @module @floorwalk/adapters/simulator
 */
export { createSimulatorAdapter } from './simulator.js';
export type { SimulatorAdapter, SimulatorOptions } from './simulator.js';
export type { SimulatorQueue } from './roster.js';
