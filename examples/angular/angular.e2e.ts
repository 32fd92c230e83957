// End to end: the Angular 21 host app, bundled by scripts/build-examples.mjs and compiled in the
// page by Angular's JIT compiler.
//
//   npm run build && node scripts/build-examples.mjs && node --import tsx --test examples/angular/angular.e2e.ts
import { hostAppChecks } from '../e2e.js';

hostAppChecks({
  framework: 'Angular',
  path: '/examples/angular/',
  searchBinding: 'Typing in the input, through a signal and [search],',
  selectBinding: '(fw-agent-select)',
});
