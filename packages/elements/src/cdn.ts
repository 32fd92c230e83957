/**
 * The CDN build (`@floorwalk/elements/cdn`, `dist/cdn.js`): one self-contained ES module for
 * host pages without a bundler. Importing it registers every element (as `define-all` does) and
 * gives the page everything it needs to show live data: the core client, the element classes,
 * the Spanish translation and the simulator adapter.
 *
 * The simulator is inside, not a second file, so that a plain page is one `<script
 * type="module">` and the adapter shares this module's one copy of core. Vendor adapters are
 * not: they take host-provided SDK objects and credentials, and hosts using them bundle anyway.
 *
 * Safe to load twice: every registration goes through `FwElement.define`, which leaves a tag
 * registered by the same version alone, so a second copy (another widget, a vendor iframe's
 * script) registers nothing and throws nothing.
 *
 * Apps with a bundler should import `define/<tag>.js` per element instead: this module carries
 * every element, Lit and core whether the page uses them or not.
 */
import './define-all.js';

export * from './index.js';
export * from '@floorwalk/core';
export { es } from './translations/es.js';
// The only place elements reach into adapters: a distribution artefact, not library code.
export { createSimulatorAdapter } from '@floorwalk/adapters/simulator';
export type { SimulatorAdapter, SimulatorOptions, SimulatorQueue } from '@floorwalk/adapters/simulator';
