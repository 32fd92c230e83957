// What a host's production bundle of the elements carries: nothing that only a development build
// says, and for each element one file up front. Bundled as bench/size.ts measures them (esbuild,
// minified, production conditions and our `DEV` flag off, Lit and core external), each element's define module and
// define-all.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { bundle, elementTags, root } from '../bench/size.js';

const EXTERNAL = [/^lit(\/|$)/, /^lit-html(\/|$)/, /^lit-element(\/|$)/, /^@lit\//, /^@floorwalk\/core(\/|$)/];
// FwElement's warning when another copy of Floorwalk holds a tag (packages/elements/src/internal/fw-element.ts).
const DEV_WARNING = 'Load one copy of @floorwalk/elements per page';

describe('production bundles of the elements', () => {
  it('still have the development warning in the source to leave out', () => {
    assert.ok(readFileSync(join(root, 'packages/elements/src/internal/fw-element.ts'), 'utf8').includes(DEV_WARNING));
  });

  it('leave out the development warning, in every define module and in define-all', async () => {
    const entries = [...elementTags().map((tag) => `packages/elements/src/define/${tag}.ts`), 'packages/elements/src/define-all.ts'];
    const carrying: string[] = [];
    for (const file of entries) {
      const b = await bundle({ entry: { file }, external: EXTERNAL });
      if (b.code.includes(DEV_WARNING)) carrying.push(file);
    }
    assert.deepEqual(carrying, []);
  });

  it('leave out the core client\'s development warning too, as the size bench measures core', async () => {
    const b = await bundle({ entry: { file: 'packages/core/src/index.ts' } });
    assert.ok(b.code.includes('createFloorwalk'));
    assert.ok(!b.code.includes('ignores the unknown option'), 'the guarded block and its text are gone');
    assert.ok(!/onTransition:!0/.test(b.code), 'and the list of known options with it');
  });

  it('leave out the adapters\' development warnings, and the helper only they call, as the size bench measures them', async () => {
    for (const vendor of ['genesys', 'twilio', 'amazon-connect', 'simulator']) {
      const b = await bundle({ entry: { file: `packages/adapters/src/${vendor}/index.ts` }, external: [/^@floorwalk\/core(\/|$)/] });
      assert.ok(b.code.length > 1000, vendor);
      assert.ok(!b.code.includes('ignores the unknown option') && !b.code.includes('Known options'), `${vendor}: the guarded block and its text are gone`);
    }
  });

  it('load one file up front per element: no chunk shared with a lazily loaded part', async () => {
    // A module that an element's rows and its lazy part both import becomes a chunk of its own,
    // which the page loads up front and gzips apart from the rest (fw-team-board's row menu once
    // shared one: 495 B more than one file).
    const split: string[] = [];
    for (const tag of elementTags()) {
      const b = await bundle({ entry: { file: `packages/elements/src/define/${tag}.ts` }, external: EXTERNAL });
      if (/from"\.\/chunk-/.test(b.code)) split.push(tag);
    }
    assert.deepEqual(split, []);
  });
});
