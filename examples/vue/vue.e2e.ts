// End to end: the Vue 3 host app, bundled by scripts/build-examples.mjs.
//
//   npm run build && node scripts/build-examples.mjs && node --import tsx --test examples/vue/vue.e2e.ts
import { hostAppChecks } from '../e2e.js';

hostAppChecks({ framework: 'Vue', path: '/examples/vue/', searchBinding: 'v-model on the search input', selectBinding: '@fw-agent-select' });
