/**
 * An emulated Genesys Cloud org for tests and demos: the Platform API and the notification
 * WebSocket, mocked with msw in Genesys's payload shapes. Not for production.
 *
 * @module @floorwalk/adapters/genesys/mocks
 */
export { createGenesysMock } from './mock.js';
export type {
  GenesysMock,
  GenesysMockAim,
  GenesysMockChannel,
  GenesysMockDirectory,
  GenesysMockOptions,
  GenesysMockPresence,
  GenesysMockRequest,
  GenesysMockStep,
} from './mock.js';
