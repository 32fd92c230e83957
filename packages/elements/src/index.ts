export { FwElement, VERSION } from './internal/fw-element.js';
export type { FwElementConstructor } from './internal/fw-element.js';
