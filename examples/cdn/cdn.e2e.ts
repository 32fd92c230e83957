// End to end: the plain-HTML page that loads Floorwalk as one module from the CDN bundle.
//
//   npm run build && node --import tsx --test examples/cdn/cdn.e2e.ts
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openExample, type ExamplePage } from '../e2e.js';

let example: ExamplePage;

before(async () => {
  example = await openExample('/examples/cdn/');
});

after(async () => {
  await example?.close();
});

test('the page loads the bundle from one script and shows a live board', async () => {
  const { page } = example;
  await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('Live: 80'), undefined, { timeout: 20_000 });
  const rows = page.locator('fw-team-board [part~="row"]');
  await rows.first().waitFor({ timeout: 10_000 });
  assert.ok((await rows.count()) > 5, 'the board renders agents');
  await page.locator('fw-queue-stats [part~="queue"]').first().waitFor({ timeout: 10_000 });
  // Live: the rows change as the simulated centre runs (10x real time).
  const snapshot = () => rows.evaluateAll((els) => els.map((el) => el.textContent?.replace(/\s+/g, ' ').trim()));
  const first = await snapshot();
  await page.waitForFunction(
    (before) => {
      const board = document.querySelector('fw-team-board');
      const now = [...(board?.shadowRoot?.querySelectorAll('[part~="row"]') ?? [])].map((el) => el.textContent?.replace(/\s+/g, ' ').trim());
      return now.some((text, i) => text !== before[i]);
    },
    first,
    { timeout: 15_000 },
  );
  const scripts = await page.locator('script').count();
  assert.equal(scripts, 1, 'one script element on the page');
});

test('loading a second copy of the bundle throws nothing and leaves the first copy in charge', async () => {
  const { page, errors } = example;
  const result = await page.evaluate(async () => {
    const before = customElements.get('fw-team-board');
    // Another URL is another module instance: a second, independent copy, as a second widget
    // or a vendor iframe script would bring.
    const bundle = '/packages/elements/dist/cdn.js';
    const second = (await import(`${bundle}?copy=2`)) as { FwTeamBoard: CustomElementConstructor };
    const first = (await import(bundle)) as { FwTeamBoard: CustomElementConstructor };
    return {
      distinct: second.FwTeamBoard !== first.FwTeamBoard,
      unchanged: customElements.get('fw-team-board') === before,
      firstRegistered: customElements.get('fw-team-board') === first.FwTeamBoard,
    };
  });
  assert.deepEqual(result, { distinct: true, unchanged: true, firstRegistered: true });
  // The board keeps rendering from the first copy.
  await page.locator('fw-team-board').evaluate((board) => board.setAttribute('search', 'a'));
  await page.locator('fw-team-board [part~="row"]').first().waitFor({ timeout: 5000 });
  assert.deepEqual(errors, [], 'no page errors or console errors');
});
