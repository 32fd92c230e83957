// What the examples' end-to-end tests share: the server `npm start` runs, Debian's Chromium
// through playwright-core, and a page that records every error it logs or throws; and the checks
// every framework host app (the Vue and Angular ones) must pass.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer, type DemoServer } from '../scripts/serve.mjs';

export interface ExamplePage {
  readonly page: Page;
  /** Uncaught errors and `console.error` lines, in order. */
  readonly errors: string[];
  close(): Promise<void>;
}

/** Opens `path` (such as `/examples/react/`) on a fresh server in a fresh headless Chromium. */
export async function openExample(path: string): Promise<ExamplePage> {
  const server: DemoServer = await startServer({ port: 0, log: () => {} });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage', '--disable-background-networking'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(new URL(path, server.url).href);
    const opened = browser;
    return {
      page,
      errors,
      close: async () => {
        await opened.close();
        await server.close();
      },
    };
  } catch (err) {
    await browser?.close();
    await server.close();
    throw err;
  }
}

/** How a framework host app names what it binds, for the checks' titles. */
export interface HostApp {
  /** `Vue`, `Angular`. */
  readonly framework: string;
  /** `/examples/vue/`. */
  readonly path: string;
  /** What drives the board's search from the input: "v-model on the search input". */
  readonly searchBinding: string;
  /** What carries the board's selection event: "@fw-agent-select". */
  readonly selectBinding: string;
}

/**
 * The checks of a framework host app that shows the simulator's 60 agents: the client reaches the
 * elements as a DOM property with live data; the input drives the board's `search` property; the
 * board's `fw-agent-select` event reaches the framework's state, which renders the selection and
 * an agent card bound to the selected agent (and the board's `selected` back).
 */
export function hostAppChecks(app: HostApp): void {
  let example: ExamplePage;
  before(async () => {
    example = await openExample(app.path);
  });
  after(async () => {
    await example?.close();
  });

  const rowNames = () =>
    example.page.locator('fw-team-board [part~="row"] [part~="name"]').evaluateAll((els) => els.map((el) => el.textContent?.trim() ?? ''));

  test(`${app.framework} renders the elements, bound to the client as a property, with live data`, async () => {
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

  test(`${app.searchBinding} drives the board's search property`, async () => {
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

  test(`${app.selectBinding} updates ${app.framework} state, which renders the selection and the agent card`, async () => {
    const { page, errors } = example;
    // The board is sorted by state and the centre runs: "the first row" may be another agent a
    // moment later. Pinned by id, the name read and the menu opened are the same agent's.
    const id = await page.locator('fw-team-board [part~="row"][data-key]').first().getAttribute('data-key', { timeout: 5000 });
    const row = page.locator(`fw-team-board [part~="row"][data-key="${id}"]`);
    const name = (await row.locator('[part~="name"]').first().textContent())?.trim() ?? '';
    // Details live in the row's actions menu.
    await row.getByRole('button', { name: /^Actions for / }).click({ timeout: 10_000 });
    await page.locator('fw-team-board [part~="menu-popup"]').getByRole('menuitem', { name: 'Show details' }).click({ timeout: 5000 });
    await page.locator('#selection', { hasText: `Selected: ${name}` }).waitFor({ timeout: 5000 });
    await page.locator('fw-agent-card').waitFor({ timeout: 5000 });
    // The card got the selected agent's id through its binding, and the board its selection back.
    const bound = await page.evaluate(() => ({
      card: (document.querySelector('fw-agent-card') as (HTMLElement & { agentId?: string }) | null)?.agentId,
      board: (document.querySelector('fw-team-board') as (HTMLElement & { selected?: string }) | null)?.selected,
    }));
    assert.ok(bound.card !== undefined && bound.card.length > 0, 'the card has an agent id');
    assert.equal(bound.board, bound.card);
    await page.locator('fw-agent-card', { hasText: name }).waitFor({ timeout: 5000 });
    assert.deepEqual(errors, [], 'no page errors or console errors');
  });
}
