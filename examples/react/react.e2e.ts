// End to end: the React 19 host app, bundled by scripts/build-examples.mjs.
//
//   npm run build && node scripts/build-examples.mjs && node --import tsx --test examples/react/react.e2e.ts
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openExample, type ExamplePage } from '../e2e.js';

let example: ExamplePage;

before(async () => {
  example = await openExample('/examples/react/');
});

after(async () => {
  await example?.close();
});

test('React renders the elements with the client passed as a property, and they show live data', async () => {
  const { page } = example;
  await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('Live'), undefined, { timeout: 20_000 });
  const rows = page.locator('fw-team-board [part~="row"]');
  await rows.first().waitFor({ timeout: 10_000 });
  assert.ok((await rows.count()) > 5, 'the board renders agents');
  // React set `client` as a property (an object), not as an attribute string.
  const provider = await page.locator('fw-provider').evaluate((el) => ({
    attribute: el.getAttribute('client'),
    hasAgents: typeof (el as unknown as { client?: { getAgents(): unknown[] } }).client?.getAgents === 'function',
  }));
  assert.deepEqual(provider, { attribute: null, hasAgents: true });
  await page.locator('fw-queue-stats [part~="queue"]').first().waitFor({ timeout: 10_000 });
});

test("the board's fw-agent-select event reaches a typed React handler, which updates React state", async () => {
  const { page } = example;
  assert.equal((await page.locator('#selection').textContent())?.trim(), 'No agent selected.');
  const row = page.locator('fw-team-board [part~="row"]').nth(1);
  const name = (await row.locator('[part~="name"]').first().textContent())?.trim() ?? '';
  assert.ok(name.length > 0, 'the row names its agent');
  // Details live in the row's actions menu.
  await row.getByRole('button', { name: /^Actions for / }).click();
  await page.locator('fw-team-board').getByRole('menuitem', { name: 'Show details' }).click();
  await page.locator('#selection', { hasText: `Selected: ${name}` }).waitFor({ timeout: 5000 });
  // React passed the new state back down: the card for that agent, and the board's `selected`.
  await page.locator('fw-agent-card').waitFor({ timeout: 5000 });
  const selected = await page.locator('fw-team-board').evaluate((el) => (el as unknown as { selected?: string }).selected);
  assert.match(selected ?? '', /^agent-\d+$/);
});

test("the agent's status change arrives in React state through fw-presence-changed", async () => {
  const { page, errors } = example;
  const before = (await page.locator('#my-status strong').textContent())?.trim();
  const target = before === 'meeting' ? 'training' : 'meeting';
  await page.locator('fw-status-toggle [part~="button"]').click();
  await page.locator(`fw-status-toggle [role="menuitemradio"][data-key^="${target}"]`).first().click();
  await page.locator('#my-status strong', { hasText: target }).waitFor({ timeout: 10_000 });
  assert.deepEqual(errors, [], 'no page errors or console errors');
});
