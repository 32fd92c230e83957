// End to end: the Angular 21 host app, bundled by scripts/build-examples.mjs and compiled in the
// page by Angular's JIT compiler.
//
//   npm run build && node scripts/build-examples.mjs && node --import tsx --test examples/angular/angular.e2e.ts
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openExample, type ExamplePage } from '../e2e.js';

let example: ExamplePage;

before(async () => {
  example = await openExample('/examples/angular/');
});

after(async () => {
  await example?.close();
});

const rowNames = () =>
  example.page.locator('fw-team-board [part~="row"] [part~="name"]').evaluateAll((els) => els.map((el) => el.textContent?.trim() ?? ''));

test("Angular renders the elements, bound to the client through a property binding, with live data", async () => {
  const { page } = example;
  await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('Live: 60'), undefined, { timeout: 20_000 });
  await page.locator('fw-team-board [part~="row"]').first().waitFor({ timeout: 10_000 });
  assert.ok((await rowNames()).length > 5, 'the board renders agents');
  await page.locator('fw-queue-stats [part~="queue"]').first().waitFor({ timeout: 10_000 });
  const provider = await page.locator('fw-provider').evaluate((el) => ({
    attribute: el.getAttribute('client'),
    hasAgents: typeof (el as unknown as { client?: { getAgents(): unknown[] } }).client?.getAgents === 'function',
  }));
  assert.deepEqual(provider, { attribute: null, hasAgents: true });
});

test("typing in the input drives the board's search property through a signal", async () => {
  const { page } = example;
  const [first] = await rowNames();
  assert.ok(first !== undefined && first.length > 0);
  const needle = first.split(' ').at(-1) ?? first;
  await page.locator('#search').fill(needle);
  await page.waitForFunction(
    (n) => {
      const board = document.querySelector('fw-team-board') as (HTMLElement & { search?: string }) | null;
      const names = [...(board?.shadowRoot?.querySelectorAll('[part~="row"] [part~="name"]') ?? [])].map((el) => el.textContent ?? '');
      return board?.search === n && names.length > 0 && names.every((name) => name.toLowerCase().includes(n.toLowerCase()));
    },
    needle,
    { timeout: 5000 },
  );
});

test('(fw-agent-select) updates Angular state, which renders the selection and the agent card', async () => {
  const { page, errors } = example;
  const row = page.locator('fw-team-board [part~="row"]').first();
  const name = (await row.locator('[part~="name"]').first().textContent())?.trim() ?? '';
  // Details live in the row's actions menu.
  await row.getByRole('button', { name: /^Actions for / }).click();
  await page.locator('fw-team-board').getByRole('menuitem', { name: 'Show details' }).click();
  await page.locator('#selection', { hasText: `Selected: ${name}` }).waitFor({ timeout: 5000 });
  await page.locator('fw-agent-card').waitFor({ timeout: 5000 });
  // The card got the selected agent's id through [agentId], and the board its [selected] back.
  const bound = await page.evaluate(() => ({
    card: (document.querySelector('fw-agent-card') as (HTMLElement & { agentId?: string }) | null)?.agentId,
    board: (document.querySelector('fw-team-board') as (HTMLElement & { selected?: string }) | null)?.selected,
  }));
  assert.ok(bound.card !== undefined && bound.card.length > 0, 'the card has an agent id');
  assert.equal(bound.board, bound.card);
  await page.locator('fw-agent-card', { hasText: name }).waitFor({ timeout: 5000 });
  assert.deepEqual(errors, [], 'no page errors or console errors');
});
