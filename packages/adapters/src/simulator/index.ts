export { createSimulatorAdapter } from './simulator.js';
export type { SimulatorAdapter, SimulatorOptions } from './simulator.js';
export type { SimulatorQueue } from './roster.js';
