// End to end: a vendor's agent desktop that embeds Floorwalk under its own design system (brand
// font and colours, a dark switch, compact density, a right-to-left switch) and a strict Content
// Security Policy, using only the published tokens, themes and parts.
//
//   npm run build && node scripts/build-examples.mjs && node --import tsx --test examples/embedder/embedder.e2e.ts
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openExample, type ExamplePage } from '../e2e.js';

let example: ExamplePage;
/** Console lines in which Chromium reports a blocked resource, style or script. */
const violations: string[] = [];

before(async () => {
  example = await openExample('/examples/embedder/');
  example.page.on('console', (message) => {
    if (/Content Security Policy|Trusted Type/i.test(message.text())) violations.push(message.text());
  });
  // The page cannot carry an inline listener under its own policy: record violations from here.
  await example.page.evaluate(() => {
    const seen: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`), true);
    Object.assign(window, { cspViolations: seen });
  });
});

after(async () => {
  await example?.close();
});

/** Computed styles of one part in an element's shadow root (as a string, so tsx adds no helpers). */
async function styleOf(tag: string, part: string): Promise<Record<string, string>> {
  return example.page.evaluate(`(() => {
    const el = document.querySelector(${JSON.stringify(tag)}).shadowRoot.querySelector(${JSON.stringify(`[part~="${part}"]`)});
    const cs = getComputedStyle(el);
    return { font: cs.fontFamily, background: cs.backgroundColor, color: cs.color, border: cs.borderInlineStartColor, paddingInline: cs.paddingInlineStart, direction: cs.direction };
  })()`);
}

const cspViolations = (): Promise<string[]> => example.page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

test('the four elements render live data on the simulator', async () => {
  const { page } = example;
  await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('Live: 40'), undefined, { timeout: 20_000 });
  const rows = page.locator('fw-team-board [part~="row"]');
  await rows.first().waitFor({ timeout: 10_000 });
  assert.ok((await rows.count()) > 5, 'the board renders agents');
  await page.locator('fw-queue-stats [part~="queue"]').first().waitFor({ timeout: 10_000 });
  await page.locator('fw-status-toggle [part~="value"]').first().waitFor({ timeout: 10_000 });
  await page.locator('fw-monitoring-notice [part~="status"]').first().waitFor({ timeout: 10_000 });
  // Live: the rows change as the simulated centre runs (10x real time).
  const first = await rows.evaluateAll((els) => els.map((el) => el.textContent?.replace(/\s+/g, ' ').trim()));
  await page.waitForFunction(
    (before) => {
      const board = document.querySelector('fw-team-board');
      const now = [...(board?.shadowRoot?.querySelectorAll('[part~="row"]') ?? [])].map((el) => el.textContent?.replace(/\s+/g, ' ').trim());
      return now.some((text, i) => text !== before[i]);
    },
    first,
    { timeout: 15_000 },
  );
});

test('the brand font, accent and compact density reach inside the shadow roots', async () => {
  const brandFont = '"DejaVu Serif", Georgia, serif';
  for (const [tag, part] of [
    ['fw-team-board', 'base'],
    ['fw-status-toggle', 'button'],
    ['fw-monitoring-notice', 'base'],
    ['fw-queue-stats', 'cell'],
  ] as const) {
    assert.equal((await styleOf(tag, part)).font, brandFont, `${tag} uses the brand font`);
  }
  // ::part from the host's stylesheet, with the brand accent token.
  assert.equal((await styleOf('fw-status-toggle', 'button')).border, 'rgb(122, 31, 162)');
  // Compact: --fw-core-space-2 is 0.25rem, where the default is 0.5rem.
  assert.equal((await styleOf('fw-queue-stats', 'cell')).paddingInline, '4px');
  await example.page.locator('#compact').uncheck();
  assert.equal((await styleOf('fw-queue-stats', 'cell')).paddingInline, '8px');
  await example.page.locator('#compact').check();
  assert.equal((await styleOf('fw-queue-stats', 'cell')).paddingInline, '4px');
});

test('the dark switch applies at runtime to every element and keeps the brand', async () => {
  const light = await styleOf('fw-team-board', 'base');
  assert.equal(light.background, 'rgb(255, 255, 255)');
  await example.page.locator('#dark').check();
  for (const [tag, part] of [
    ['fw-team-board', 'base'],
    ['fw-status-toggle', 'button'],
    ['fw-monitoring-notice', 'base'],
  ] as const) {
    const dark = await styleOf(tag, part);
    assert.equal(dark.background, 'rgb(17, 20, 24)', `${tag} has the dark surface`);
    assert.equal(dark.color, 'rgb(246, 247, 249)', `${tag} has the dark text`);
    assert.equal(dark.font, '"DejaVu Serif", Georgia, serif', `${tag} keeps the brand font in dark mode`);
  }
  assert.equal((await styleOf('fw-queue-stats', 'cell')).color, 'rgb(246, 247, 249)');
  // The brand's dark accent, set by the host under the theme class.
  assert.equal((await styleOf('fw-status-toggle', 'button')).border, 'rgb(217, 165, 240)');
  await example.page.locator('#dark').uncheck();
  assert.equal((await styleOf('fw-team-board', 'base')).background, 'rgb(255, 255, 255)');
});

test('the right-to-left switch mirrors the elements and translates them', async () => {
  const { page } = example;
  /** Where the board's first column (names) and the queue table's first column sit. */
  const layout = () =>
    page.evaluate(`(() => {
      const board = document.querySelector('fw-team-board').shadowRoot;
      const row = board.querySelector('[part~="row"]');
      const stats = document.querySelector('fw-queue-stats').shadowRoot;
      return {
        nameLeft: row.querySelector('[part~="name"]').getBoundingClientRect().left,
        actionsLeft: row.querySelector('[part~="actions"]').getBoundingClientRect().left,
        queueLeft: stats.querySelector('[part~="queue"]').getBoundingClientRect().left,
        cellLeft: stats.querySelector('[part~="cell"]').getBoundingClientRect().left,
        label: document.querySelector('fw-status-toggle').shadowRoot.querySelector('[part~="label"]').textContent.trim(),
      };
    })()`) as Promise<{ nameLeft: number; actionsLeft: number; queueLeft: number; cellLeft: number; label: string }>;
  const ltr = await layout();
  assert.ok(ltr.nameLeft < ltr.actionsLeft && ltr.queueLeft < ltr.cellLeft, 'left to right: names first, on the left');
  await page.locator('#rtl').check();
  // The switch sets lang and dir on the panel only. Every element follows, including one with
  // nothing else to re-render for (no one is monitoring the agent).
  await page.waitForFunction(() => document.querySelector('fw-status-toggle')?.shadowRoot?.querySelector('[part~="label"]')?.textContent?.trim() === 'Mi estado');
  await page.waitForFunction(
    () => document.querySelector('fw-monitoring-notice')?.shadowRoot?.querySelector('[part~="status"]')?.textContent?.trim() === 'Nadie le está supervisando ahora.',
    undefined,
    { timeout: 5000 },
  );
  const rtl = await layout();
  assert.ok(rtl.nameLeft > rtl.actionsLeft && rtl.queueLeft > rtl.cellLeft, 'right to left: names first, on the right');
  for (const [tag, part] of [
    ['fw-team-board', 'base'],
    ['fw-status-toggle', 'base'],
    ['fw-monitoring-notice', 'base'],
    ['fw-queue-stats', 'cell'],
  ] as const) {
    assert.equal((await styleOf(tag, part)).direction, 'rtl', `${tag} is right to left`);
  }
  // The status menu opens under its button, aligned to its inline start (the right edge here).
  await page.locator('fw-status-toggle [part~="button"]').click();
  const menu = page.locator('fw-status-toggle [part~="menu"]');
  await menu.waitFor({ timeout: 5000 });
  const [button, popup] = await Promise.all([page.locator('fw-status-toggle [part~="button"]').boundingBox(), menu.boundingBox()]);
  assert.ok(button !== null && popup !== null);
  assert.ok(Math.abs(button.x + button.width - (popup.x + popup.width)) < 2, 'the menu lines up with the button on the right');
  await page.keyboard.press('Escape');
  await page.locator('#rtl').uncheck();
});

test('nothing breaks the page policy, and a breach would be seen', async () => {
  const { page, errors } = example;
  assert.deepEqual(violations, [], 'no CSP or Trusted Types message in the console');
  assert.deepEqual(await cspViolations(), [], 'no securitypolicyviolation event');
  assert.deepEqual(errors, [], 'no page errors or console errors');
  // The policy is in force: an inline style attribute is refused and reported (markup cannot be
  // written at all: Trusted Types refuse a plain string).
  await page.evaluate(() => document.body.setAttribute('style', 'color: red'));
  await page.waitForFunction(() => (window as unknown as { cspViolations: string[] }).cspViolations.length > 0, undefined, { timeout: 5000 });
  assert.match((await cspViolations())[0] ?? '', /^style-src/);
});
