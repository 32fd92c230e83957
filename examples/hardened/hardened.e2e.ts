// Every element under a strict CSP with Trusted Types enforced, in Chromium through
// playwright-core; and the XSS corpus in every display string, rendered as text with zero
// executions, with and without the CSP (so escaping, not the policy, is what is proven).
//
//   node --import tsx --test examples/hardened/hardened.e2e.ts
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startHardenedServer, type HardenedServer } from './serve.js';
import { XSS_CORPUS } from './xss-corpus.js';

/** Every element the package has: one missing from the page fails the test, not the review. */
const ELEMENTS = readdirSync(new URL('../../packages/elements/src/components/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
/** Elements with nothing to show of their own on a live page. */
const SILENT_WHEN_LIVE = new Set(['fw-provider', 'fw-announcer', 'fw-connection-banner']);

let server: HardenedServer;
let browser: Browser;

before(async () => {
  server = await startHardenedServer();
  browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage', '--disable-background-networking'],
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

interface Opened {
  page: Page;
  problems: string[];
}

/** Opens a page, recording CSP violations (reported from the page), page errors and console errors. */
async function open(path: string): Promise<Opened> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 2400 } });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  await page.exposeFunction('__violation', (text: string) => problems.push(`csp: ${text}`));
  // Listening from the first script on: a violation during start-up counts too.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __violation: (t: string) => void }).__violation(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
    });
  });
  await page.goto(`${server.url}${path}`);
  await page.waitForFunction(() => document.getElementById('status')?.textContent !== 'Starting…', undefined, { timeout: 20_000 });
  assert.equal(await page.locator('#status').textContent(), 'Live');
  return { page, problems };
}

// Page-side code as source text: tsx would wrap named inner functions in a helper the page lacks.
/** Text of the page including every open shadow root. */
const DEEP_TEXT = `(() => {
  const parts = [];
  const walk = (node) => {
    if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
    if (node.shadowRoot) walk(node.shadowRoot);
    for (const child of Array.from(node.childNodes)) walk(child);
  };
  walk(document.body);
  return parts.join('\\n');
})()`;

/** Elements a payload would have created, in the document and every shadow root. */
const INJECTED = `(() => {
  let count = 0;
  const walk = (root) => {
    count += root.querySelectorAll('script:not([src]), iframe, img[onerror], svg[onload], details[ontoggle], a[href^="javascript:"]').length;
    for (const el of Array.from(root.querySelectorAll('*'))) if (el.shadowRoot) walk(el.shadowRoot);
  };
  walk(document);
  return count;
})()`;

const deepText = (page: Page): Promise<string> => page.evaluate(DEEP_TEXT) as Promise<string>;

test('the page is served with the strict policy and Trusted Types enforced', async () => {
  const response = await fetch(`${server.url}/`);
  const csp = response.headers.get('content-security-policy') ?? '';
  assert.match(csp, /script-src 'self';/);
  assert.match(csp, /require-trusted-types-for 'script'/);
  assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'));
  const { page } = await open('/');
  // Trusted Types are really on: a string assigned to a script sink is refused.
  const refused = await page.evaluate(() => {
    try {
      document.createElement('div').innerHTML = '<b>x</b>';
      return false;
    } catch (err) {
      return err instanceof TypeError;
    }
  });
  assert.equal(refused, true, 'a plain string into innerHTML throws under require-trusted-types-for');
  await page.close();
});

test('every element renders real content under the strict CSP, with no violation and no error', async () => {
  const { page, problems } = await open('/');
  // Give the live centre a few seconds of updates, under the policy.
  await page.waitForTimeout(3000);
  for (const tag of ELEMENTS) {
    const rendered = await page.evaluate((t) => {
      const el = document.querySelector(t);
      if (el === null || customElements.get(t) === undefined) return { defined: false, text: '', nodes: 0 };
      const rootNode = el.shadowRoot ?? el;
      return { defined: true, text: (rootNode.textContent ?? '').trim(), nodes: rootNode.querySelectorAll('*').length };
    }, tag);
    assert.ok(rendered.defined, `${tag} is defined and on the page`);
    if (SILENT_WHEN_LIVE.has(tag)) continue;
    assert.ok(rendered.text.length > 0 && rendered.nodes > 0, `${tag} rendered content (${rendered.nodes} nodes)`);
  }
  const text = await deepText(page);
  assert.match(text, /agent|Agent/);
  assert.deepEqual(problems, [], 'no CSP violation, page error or console error');
  // The listener does catch violations: an inline style attribute is one under this policy.
  await page.evaluate(() => document.body.setAttribute('style', 'outline: 1px solid red'));
  // (A function, not a direct read: the assertion above narrowed the array's type to empty.)
  const reported = (): boolean => (problems as string[]).some((p) => p.startsWith('csp: style-src'));
  for (let i = 0; i < 50 && !reported(); i++) await page.waitForTimeout(50);
  assert.ok(reported(), `the violation was reported: ${problems.join(' | ')}`);
  await page.close();
});

for (const csp of ['on', 'off'] as const) {
  test(`the XSS corpus renders as text in every element, zero executions (CSP ${csp})`, async () => {
    const { page, problems } = await open(`/?data=hostile${csp === 'off' ? '&csp=off' : ''}`);
    // Time for a payload that got through to run (an image's error handler, say): no event says it did not.
    await page.waitForTimeout(1500);
    // Open the status menu too: reason labels render there.
    await page.locator('fw-status-toggle [part~="button"]').first().click({ timeout: 10_000 });
    await page.locator('fw-status-toggle [role="menuitemradio"]').first().waitFor({ timeout: 5000 });
    // Rendered text is waited for, not slept for: on a loaded machine the menu's items, or an
    // element's data, can come after a fixed pause. A payload missing after 10 s fails below.
    let text = '';
    for (const until = Date.now() + 10_000; Date.now() < until; await page.waitForTimeout(200)) {
      text = await deepText(page);
      if (XSS_CORPUS.every((payload) => text.includes(payload))) break;
    }
    assert.equal(await page.evaluate(() => window.__xss), 0, 'no payload ran');
    const shown = XSS_CORPUS.filter((payload) => text.includes(payload));
    assert.ok(shown.length === XSS_CORPUS.length, `every payload is visible as text; missing: ${XSS_CORPUS.filter((p) => !shown.includes(p)).join(' | ')}`);
    for (const tag of ['fw-team-board', 'fw-queue-stats', 'fw-help-request', 'fw-interaction-list', 'fw-coaching-panel', 'fw-agent-card', 'fw-chat', 'fw-evaluation', 'fw-review', 'fw-coaching-notes', 'fw-agent-performance']) {
      const inside = await page.evaluate((t) => document.querySelector(t)?.shadowRoot?.textContent ?? '', tag);
      assert.ok(XSS_CORPUS.some((p) => inside.includes(p)), `${tag} shows hostile text as text`);
    }
    // The elements made no element out of a payload.
    const injected = (await page.evaluate(INJECTED)) as number;
    assert.equal(injected, 0, 'no element was created from a payload');
    if (csp === 'off') {
      // The counter works: the same payload through innerHTML, on this policy-free page, runs.
      await page.evaluate(() => {
        const probe = document.createElement('div');
        probe.innerHTML = '<img src=x onerror="window.__xss++">';
        document.body.append(probe);
      });
      await page.waitForFunction(() => window.__xss === 1, undefined, { timeout: 5000 });
    } else {
      assert.deepEqual(problems, [], 'no CSP violation: nothing even tried to run');
    }
    await page.close();
  });
}
