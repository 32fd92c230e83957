export { createGenesysMock } from './mock.js';
export type {
  GenesysMock,
  GenesysMockChannel,
  GenesysMockDirectory,
  GenesysMockOptions,
  GenesysMockPresence,
  GenesysMockRequest,
  GenesysMockStep,
} from './mock.js';
