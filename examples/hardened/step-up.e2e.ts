// Step-up with WebAuthn in Chromium: a virtual platform authenticator (as Windows Hello or
// Touch ID would be) through the DevTools protocol, the page under the strict CSP, the relying
// party in the example's server checking every assertion for real.
//
//   node --import tsx --test examples/hardened/step-up.e2e.ts
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { startHardenedServer, type HardenedServer } from './serve.js';

const STEP_UP_FAILED = 2003;

let server: HardenedServer;
let browser: Browser;
let page: Page;
let cdp: CDPSession;
let authenticatorId: string;
const problems: string[] = [];

before(async () => {
  server = await startHardenedServer();
  browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage', '--disable-background-networking'],
  });
  page = await browser.newPage();
  page.on('pageerror', (error) => problems.push(error.message));
  cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  ({ authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasUserVerification: true, isUserVerified: true, hasResidentKey: true },
  }));
  await page.goto(`${server.url}/step-up.html`);
  await page.waitForFunction(() => document.getElementById('status')?.textContent !== 'Starting…', undefined, { timeout: 20_000 });
  assert.equal(await page.locator('#status').textContent(), 'Live');
  const credentialId = await page.evaluate(() => window.stepUp!.register());
  assert.ok(credentialId.length > 0, 'a credential was registered with the virtual authenticator');
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const executed = (): Promise<string[]> => page.evaluate(() => [...window.stepUp!.executed]);
const auditTrail = (): Promise<string[]> => page.evaluate(() => window.stepUp!.audit.map((e) => `${e.action}:${e.outcome}`));

test('a barge is held until a user-verified assertion is accepted, then executed, and audited', async () => {
  const hold = server.nextVerify();
  const barge = page.evaluate(() => window.stepUp!.barge());
  // The assertion is at the relying party; the command has not reached the adapter.
  const { release } = await hold;
  assert.deepEqual(await executed(), [], 'held: nothing reached the adapter while the verification was pending');
  assert.deepEqual(await auditTrail(), [], 'nothing audited as requested yet');
  release();
  const result = await barge;
  assert.deepEqual(result, { ok: true });
  assert.deepEqual(await executed(), ['start-monitoring'], 'then executed');
  assert.equal(server.verdicts.accepted, 1, 'the relying party verified the signature');
  const trail = await auditTrail();
  assert.deepEqual(trail.slice(0, 3), ['step-up:succeeded', 'monitoring.start:requested', 'monitoring.start:succeeded']);
});

test('an authenticator that cannot verify the user: the barge is refused with StepUpFailed and never sent', async () => {
  await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
  const before = await executed();
  const written = (await auditTrail()).length;
  const result = await page.evaluate(() => window.stepUp!.barge());
  assert.equal(result.ok, false);
  assert.equal(result.code, STEP_UP_FAILED, result.message);
  assert.deepEqual(await executed(), before, 'nothing more reached the adapter');
  // The platform's own copy of the first barge's entries may still arrive meanwhile; only what
  // this attempt wrote matters here.
  const added = (await auditTrail()).slice(written);
  assert.ok(added.includes('step-up:failed'), `step-up:failed audited (got ${added.join(', ')})`);
  assert.ok(!added.includes('monitoring.start:requested'), 'the barge was never requested');
  assert.equal(server.verdicts.accepted, 1, 'no second assertion was accepted');
  assert.deepEqual(problems, []);
});
