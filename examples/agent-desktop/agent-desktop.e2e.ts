// End to end: the agent desktop page, Floorwalk's agent elements next to a fake softphone, both
// on one agent seat of the simulator. Plain modules and an import map: no build beyond dist.
//
//   npm run build && node --import tsx --test examples/agent-desktop/agent-desktop.e2e.ts
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openExample, type ExamplePage } from '../e2e.js';

let example: ExamplePage;

before(async () => {
  example = await openExample('/examples/agent-desktop/?agent=agent-2&speed=20');
});

after(async () => {
  await example?.close();
});

/** Opens the status menu and picks the first entry of `state`, as a person does. */
async function chooseStatus(state: string): Promise<void> {
  const { page } = example;
  await page.locator('fw-status-toggle [part~="button"]').click();
  await page.locator(`fw-status-toggle [role="menuitemradio"][data-key^="${state}"]`).first().click();
}

test('the desktop signs the agent in and the elements render live data', async () => {
  const { page } = example;
  await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('Signed in as'), undefined, { timeout: 20_000 });
  await page.locator('fw-status-toggle [part~="button"]').waitFor({ timeout: 10_000 });
  await page.locator('fw-help-request #reason').waitFor({ timeout: 10_000 });
  // The agent may already be on a call when the page opens; the line shows one of its states.
  assert.match((await page.locator('#line-state').textContent()) ?? '', /^(No call|Ringing|On call|On hold|After-call work)$/);
});

test('a status change through the toggle shows in the toggle and in the agent store', async () => {
  const { page } = example;
  await chooseStatus('meeting');
  await page.locator('fw-status-toggle [part~="button"]', { hasText: 'Meeting' }).waitFor({ timeout: 10_000 });
  const state = await page.evaluate(async () => {
    const { desktop } = (await import('/examples/agent-desktop/desktop.js' as string)) as {
      desktop: { agent: { getAgent(id: string): { presence: { state: string } } | undefined }; agentId: string };
    };
    return desktop.agent.getAgent(desktop.agentId)?.presence.state;
  });
  assert.equal(state, 'meeting');
});

test('raising a hand shows the request on the page', async () => {
  const { page } = example;
  const reason = 'Customer asks for a refund above my limit';
  // Simulated agents raise hands of their own during calls; the simulation never does for a person.
  await page.locator('fw-help-request #reason, fw-help-request [part="cancel"]').first().waitFor({ timeout: 10_000 });
  assert.equal(await page.locator('fw-help-request [part="cancel"]').count(), 0, 'no hand raised in the person’s name');
  await page.locator('fw-help-request #reason').fill(reason);
  await page.locator('fw-help-request [part="raise"]').click();
  await page.locator('fw-help-request [part~="status"]').waitFor({ timeout: 10_000 });
  assert.match((await page.locator('fw-help-request [part~="status"]').textContent()) ?? '', /hand is raised|supervisor/i);
  const open = await page.evaluate(async () => {
    const { desktop } = (await import('/examples/agent-desktop/desktop.js' as string)) as {
      desktop: { agent: { getHelpRequests(f: object): { reason: string }[] }; agentId: string };
    };
    return desktop.agent.getHelpRequests({ agentId: desktop.agentId, open: true }).map((r) => r.reason);
  });
  assert.ok(open.includes(reason), `the agent's store holds the open request (${open.join('; ')})`);
});

test("once available, a routed call rings the softphone and is the agent's interaction in Floorwalk", async () => {
  const { page } = example;
  await page.evaluate(async () => {
    const { desktop } = (await import('/examples/agent-desktop/desktop.js' as string)) as { desktop: unknown };
    Object.assign(window, { fwDesktop: desktop });
  });
  await chooseStatus('available');
  // A person's presence is theirs: the simulation plans no break or shift end for them, so they
  // stay available until a call is routed to them, and stay so on it.
  // A call ends in simulated time, 20x the wall's: on a loaded machine it ended, and the next one
  // connected, between the two key presses ('2' for '42'). So simulated time stops in the frame
  // the call is seen connected: it runs only while the centre's own client is connected, and the
  // agent's seat keeps what it holds.
  const seen = await page.waitForFunction(
    () => {
      const desktop = (window as unknown as { fwDesktop: { platform: { disconnect(): Promise<void> }; agent: { getAgent(id: string): { presence: { state: string } } | undefined }; agentId: string } }).fwDesktop;
      const line = document.getElementById('line')?.dataset ?? {};
      if (line['state'] !== 'connected') return false;
      void desktop.platform.disconnect();
      return { callId: line['interaction'] ?? '', presence: desktop.agent.getAgent(desktop.agentId)?.presence.state };
    },
    undefined,
    { timeout: 60_000 },
  );
  const { callId, presence } = (await seen.jsonValue()) as { callId: string; presence?: string };
  assert.match(callId, /.+/, 'a call reached the agent');
  assert.equal(await page.locator('#line-state').textContent(), 'On call');
  assert.equal(presence, 'available', 'still the presence the person chose');
  // The same interaction, listed by fw-interaction-list for this agent.
  await page.locator(`fw-interaction-list#mine tbody tr[data-id="${callId}"]`).waitFor({ timeout: 10_000 });
  // On a connected call, the pad sends tones.
  await page.locator('.phone__pad button[data-tone="4"]').click();
  await page.locator('.phone__pad button[data-tone="2"]').click();
  assert.equal(await page.locator('#tones').textContent(), '42');
  assert.deepEqual(example.errors, [], 'no page errors or console errors');
});
