import { COMMAND_TYPES, createFloorwalk, createMemoryStorage, ErrorCode, FloorwalkError, isFloorwalkError, type AdapterSink, type CommandEnvelope, type Floorwalk, type MonitoringNotice, type Session } from '@floorwalk/core';
import { createMemoryBackplane, withBackplane } from '@floorwalk/core/backplane';
import { createManualClock } from '@floorwalk/core/testing';
import { createSimulatorAdapter } from '@floorwalk/adapters/simulator';
import { simulatorTestHooks } from '../../../../adapters/src/simulator/simulator.js';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { sendKeys } from '@web/test-runner-commands';
import { type Centre, type CentreOptions, createCentre, liveText as live, newestCall, settle } from '../../../test/centre.js';
import type { FwHelpFailedEvent } from '../../events/fw-help-failed.js';
import type { FwHelpRaiseRequestEvent } from '../../events/fw-help-raise-request.js';
import type { FwMonitoringRequestEvent } from '../../events/fw-monitoring-request.js';
import { commonEs } from '../../internal/common-strings.es.js';
import { registerTranslation } from '../../internal/localize.js';
import { FwProvider } from '../fw-provider/fw-provider.js';
import { helpRequestEs } from './fw-help-request.es.js';
import { FwHelpRequestHarness } from './fw-help-request.harness.js';
import { FwHelpRequest } from './fw-help-request.js';
import { plain } from '../../../test/isolates.js';
import { heldLead } from '../../../test/lead-scene.js';

FwHelpRequest.define('fw-help-request');
FwProvider.define('fw-provider');

// Supervisors who lead no simulated team, so the simulator's own supervisors (sup-N) never act as them.
const LEAD_A: Session = { userId: 'lead-a', role: 'supervisor', teamIds: 'all' };
const LEAD_B: Session = { userId: 'lead-b', role: 'supervisor', teamIds: 'all' };
const EVENTS = ['fw-help-raise-request', 'fw-help-failed', 'fw-monitoring-request'] as const;

let centre: Centre | undefined;

interface Scene {
  readonly c: Centre;
  readonly lead: Floorwalk;
  readonly agent: Floorwalk;
  readonly agentId: string;
  readonly interactionId: string;
  readonly name: string;
  readonly notices: MonitoringNotice[];
}

/** Lead A's centre, and an agent on a freshly connected interaction with no hand raised, with their own client. */
async function scene(latencyMs = 150, capabilities?: CentreOptions['capabilities']): Promise<Scene> {
  const c = await createCentre({ latencyMs, session: LEAD_A, ...(capabilities === undefined ? {} : { capabilities }) });
  centre = c;
  const interaction = newestCall(c.client, (i) => c.client.getHelpRequests({ agentId: i.agentId, open: true }).length === 0);
  expect(interaction, 'someone without a raised hand is on a connected interaction').to.not.equal(undefined);
  const agentId = interaction!.agentId!;
  const agent = await c.seat({ userId: agentId, role: 'agent', agentId, teamIds: [] });
  const notices: MonitoringNotice[] = [];
  agent.on('monitoring', (n) => notices.push(n));
  return { c, lead: c.client, agent, agentId, interactionId: interaction!.id, name: c.client.getAgent(agentId)!.name, notices };
}

async function mount(client: Floorwalk | undefined, attrs: { view?: string; timeout?: number } = {}): Promise<{ el: FwHelpRequest; h: FwHelpRequestHarness; log: Event[] }> {
  const el = await fixture<FwHelpRequest>(
    html`<fw-help-request .client=${client} view=${attrs.view ?? 'auto'} confirm-timeout=${attrs.timeout ?? 10000}></fw-help-request>`,
  );
  const log: Event[] = [];
  for (const name of EVENTS) el.addEventListener(name, (e) => log.push(e));
  return { el, h: new FwHelpRequestHarness(el), log };
}

function countSent(c: Centre): { count: number } {
  const sent = { count: 0 };
  const adapter = c.adapter as { execute: Centre['adapter']['execute'] };
  const real = adapter.execute.bind(c.adapter);
  adapter.execute = (command) => {
    sent.count++;
    return real(command);
  };
  return sent;
}

async function advance(c: Centre, ms: number, ...els: FwHelpRequest[]): Promise<void> {
  await c.advance(ms);
  for (const el of els) await el.updateComplete;
}

/** The agent raises a hand through the client, and it lands. */
async function raised(s: Scene, reason = 'Customer wants a refund over my limit'): Promise<string> {
  await s.agent.raiseHand(reason, s.interactionId);
  await s.c.advance(200);
  const request = s.lead.getHelpRequests({ agentId: s.agentId, open: true })[0];
  expect(request, 'the request reached the supervisor').to.not.equal(undefined);
  return request!.id;
}

/** Empties lead A's queue, then has `n` seated agents raise a hand, one after the other: their ids, oldest first. */
async function queueOf(s: Scene, n: number): Promise<string[]> {
  for (const r of s.lead.getHelpRequests({ open: true })) await s.lead.resolveHelp(r.id);
  await s.c.advance(200);
  const ids: string[] = [];
  for (let i = 1; i <= n; i++) {
    const call = newestCall(s.lead, (x) => s.lead.getHelpRequests({ agentId: x.agentId, open: true }).length === 0);
    expect(call, 'one more agent on a call without a raised hand').to.not.equal(undefined);
    const agentId = call!.agentId!;
    const agent = agentId === s.agentId ? s.agent : await s.c.seat({ userId: agentId, role: 'agent', agentId, teamIds: [] });
    await agent.raiseHand(`Need ${i}`, call!.id);
    await s.c.advance(200);
    ids.push(s.lead.getHelpRequests({ agentId, open: true })[0]!.id);
  }
  return ids;
}

/** Where focus is in the element: `request-id action`, `heading`, or `''`. */
function focusIn(el: FwHelpRequest): string {
  const active = el.shadowRoot!.activeElement as HTMLElement | null;
  if (active === null) return '';
  if (active.part.contains('heading')) return 'heading';
  return `${active.closest<HTMLElement>('[part="request"]')?.dataset['id'] ?? '?'} ${active.dataset['action'] ?? '?'}`;
}

describe('fw-help-request', () => {
  afterEach(async () => {
    await centre?.close();
    centre = undefined;
  });

  describe('accessibility', () => {
    it('is accessible in the agent’s view: empty, invalid, pending, raised, acknowledged', async () => {
      const s = await scene(1000);
      const { el, h } = await mount(s.agent);
      await expect(el).to.be.accessible();
      await h.raise('   ');
      expect(h.reasonInput!.getAttribute('aria-invalid')).to.equal('true');
      await expect(el).to.be.accessible();
      await h.raise('Refund over my limit');
      expect(h.isPending()).to.equal(true);
      await expect(el).to.be.accessible();
      await advance(s.c, 1100, el);
      expect(el.matches(':state(raised)')).to.equal(true);
      await expect(el).to.be.accessible();
      const id = s.lead.getHelpRequests({ agentId: s.agentId, open: true })[0]!.id;
      await s.lead.acknowledgeHelp(id);
      await advance(s.c, 1100, el);
      expect(h.status()).to.contain('lead-a is on it.');
      await expect(el).to.be.accessible();
    });

    it('is accessible in the supervisor’s queue: empty, with requests, pending, failed, and without a client', async () => {
      const s = await scene();
      for (const r of s.lead.getHelpRequests({ open: true })) await s.lead.resolveHelp(r.id);
      await advance(s.c, 200);
      const { el, h } = await mount(s.lead, { timeout: 300 });
      expect(h.rows()).to.have.length(0);
      await expect(el).to.be.accessible();
      const id = await raised(s);
      await el.updateComplete;
      expect(h.rows()).to.have.length(1);
      await expect(el).to.be.accessible();
      await h.act(id, 'whisper');
      expect(h.isPending()).to.equal(true);
      await expect(el).to.be.accessible();
      await waitUntil(() => h.isFailed(), 'no confirmation in 300 ms of page time');
      await expect(el).to.be.accessible();
      const { el: lone } = await mount(undefined);
      await expect(lone).to.be.accessible();
    });
  });

  describe('defaults', () => {
    it('shows the agent a raise-hand form, with their current interaction, and a supervisor the queue', async () => {
      const s = await scene();
      const { el, h } = await mount(s.agent);
      expect([el.view, el.confirmTimeout, el.headingLevel]).to.deep.equal(['auto', 10000, 3]);
      expect(el.matches(':state(agent)')).to.equal(true);
      expect(el.shadowRoot!.querySelector('[part="heading"]')!.textContent!.trim()).to.equal('Ask for help');
      expect(el.shadowRoot!.querySelector('label[for="reason"]')!.textContent).to.equal('What do you need help with?');
      const about = el.shadowRoot!.querySelector('[part="about"]')!;
      expect(plain(about.textContent!).trim()).to.match(/^About my current \w+ interaction$/);
      expect(about.querySelector('input')!.checked).to.equal(true);

      const { el: queue } = await mount(s.lead);
      expect(queue.matches(':state(queue)')).to.equal(true);
      expect(queue.shadowRoot!.querySelector('[part="heading"]')!.textContent!.replace(/\s+/g, ' ').trim()).to.match(/^Help requests \(\d+ open\)$/);
    });

    it('takes its client from an fw-provider', async () => {
      const s = await scene();
      const wrapper = await fixture<FwProvider>(html`<fw-provider .client=${s.agent}><fw-help-request></fw-help-request></fw-provider>`);
      const el = wrapper.querySelector('fw-help-request')!;
      await el.updateComplete;
      expect(new FwHelpRequestHarness(el).raiseButton).to.not.equal(null);
    });
  });

  describe('the agent raises a hand', () => {
    it('asks, shows pending, then the request’s state; supervisors see it at once and hear it politely', async () => {
      const s = await scene(1000);
      const sent = countSent(s.c);
      const { el: queue, h: q } = await mount(s.lead);
      const before = q.rows().length;
      const { el, h, log } = await mount(s.agent);
      await h.raise('Refund over my limit');
      const request = log[0] as FwHelpRaiseRequestEvent;
      expect([request.type, request.reason, request.interactionId, request.cancelable, request.composed]).to.deep.equal([
        'fw-help-raise-request',
        'Refund over my limit',
        s.interactionId,
        true,
        true,
      ]);
      expect(h.isPending()).to.equal(true);
      expect(h.message()).to.equal('Raising your hand… waiting for the platform to confirm.');
      await settle();
      expect(sent.count).to.equal(1);
      await advance(s.c, 1100, el, queue);
      expect(h.isPending()).to.equal(false);
      expect(h.status()).to.equal('Your hand is raised. Waiting for a supervisor. You asked: Refund over my limit');
      await waitUntil(() => live(el, 'polite') === 'Your hand is raised.');

      const rows = q.rows();
      expect(rows).to.have.length(before + 1);
      const row = rows.find((r) => r.text === `${s.name}: Refund over my limit`)!;
      expect(row.state).to.equal('Open');
      expect(row.actions).to.deep.equal(['acknowledge', 'resolve', 'whisper']);
      await waitUntil(() => live(queue, 'polite') === `${s.name} asked for help: Refund over my limit`, 'announced politely to the supervisor');
    });

    it('asks for a reason first, and sends nothing without one or when vetoed', async () => {
      const s = await scene();
      const sent = countSent(s.c);
      const { el, h, log } = await mount(s.agent);
      await h.raise('');
      expect(h.reasonInput!.getAttribute('aria-invalid')).to.equal('true');
      expect(el.shadowRoot!.getElementById(h.reasonInput!.getAttribute('aria-describedby')!)!.textContent!.trim()).to.equal('Say what you need help with.');
      expect(el.shadowRoot!.activeElement === h.reasonInput, 'focus goes to the reason').to.equal(true);
      el.addEventListener('fw-help-raise-request', (e) => e.preventDefault());
      await h.raise('Help', false);
      expect((log.at(-1) as FwHelpRaiseRequestEvent).interactionId, 'unticked: not about the interaction').to.equal(undefined);
      await settle();
      expect([sent.count, h.isPending()]).to.deep.equal([0, false]);
    });

    it('lowers the hand', async () => {
      const s = await scene();
      const { el, h } = await mount(s.agent);
      await h.raise('Need a hand');
      await advance(s.c, 200, el);
      await h.cancel();
      await advance(s.c, 200, el);
      expect(h.status()).to.equal('You lowered your hand.');
      expect(h.raiseButton).to.not.equal(null);
      expect(s.lead.getHelpRequests({ agentId: s.agentId })[0]!.state).to.equal('cancelled');
    });
  });

  describe('on a flaky link', () => {
    /** The agent's own client with an outbox, its link down. */
    async function offline(s: Scene): Promise<Floorwalk> {
      const agent = await s.c.seat({ userId: s.agentId, role: 'agent', agentId: s.agentId, teamIds: [] }, { outbox: { storage: createMemoryStorage() } });
      s.c.linkSeat(agent, 'offline');
      return agent;
    }

    /**
     * Moves simulated time on until `done`. The resync and the outbox's replay part take turns of
     * their own, and the part is fetched over the network the first time: on a busy machine that
     * takes longer than any fixed number of turns, so this waits on the condition, not on a count.
     */
    async function until(s: Scene, el: FwHelpRequest, done: () => boolean, what: string): Promise<void> {
      await waitUntil(async () => (done() ? true : (await advance(s.c, 100, el), done())), what, { timeout: 15000 });
    }

    it('raises a hand while offline: shown as queued, said once, sent once when the link is back', async () => {
      const s = await scene();
      const agent = await offline(s);
      const { el, h } = await mount(agent);
      const heard: string[] = [];
      el.addEventListener('fw-internal-announce', (e) => heard.push(plain(e.message)));
      expect(h.raiseButton, 'the form is offered while offline').to.not.equal(null);
      await h.raise('Stuck on a call');
      await advance(s.c, 1000, el);
      expect(h.status()).to.equal('Not sent yet: your hand will be raised when the connection is back. You asked: Stuck on a call');
      expect(s.lead.getHelpRequests({ agentId: s.agentId, open: true }), 'not sent').to.have.length(0);
      s.c.linkSeat(agent, 'live');
      await until(s, el, () => h.status().startsWith('Your hand is raised.'), 'the hand is up');
      expect(s.lead.getHelpRequests({ agentId: s.agentId, open: true }).map((r) => r.reason)).to.deep.equal(['Stuck on a call']);
      expect(h.status()).to.equal('Your hand is raised. Waiting for a supervisor. You asked: Stuck on a call');
      expect(heard).to.deep.equal(['Not sent yet: your hand will be raised when the connection is back.', 'Your hand is raised.']);
    });

    it('lowering a hand before it was sent withdraws it: it never goes', async () => {
      const s = await scene();
      const agent = await offline(s);
      const { el, h } = await mount(agent);
      const heard: string[] = [];
      el.addEventListener('fw-internal-announce', (e) => heard.push(plain(e.message)));
      await h.raise('Stuck on a call');
      await advance(s.c, 100, el);
      await h.cancel();
      await settle();
      await el.updateComplete;
      expect(h.raiseButton).to.not.equal(null);
      expect([h.isPending(), h.isFailed()]).to.deep.equal([false, false]);
      s.c.linkSeat(agent, 'live');
      await until(s, el, () => agent.status === 'live', 'the link is back');
      await advance(s.c, 500, el);
      expect(s.lead.getHelpRequests({ agentId: s.agentId }).filter((r) => r.reason === 'Stuck on a call'), 'never sent').to.have.length(0);
      expect(agent.getPendingIntents()).to.have.length(0);
      expect(heard).to.deep.equal(['Not sent yet: your hand will be raised when the connection is back.', 'Hand lowered.']);
    });
  });

  describe('after a reload', () => {
    /**
     * The agent's pages on one simulated centre and one outbox storage. Page 1's raise reaches the
     * platform only after the page went (`land()`), its intent left in storage; page 2 reads its outbox back while its link is
     * down, so the restored raise waits there. On each later page (`next()`), each send of
     * `resolve-help` stays on its way until `letGo()`, or until the platform refuses it (`refuse()`).
     */
    let pages = 0;
    async function reloaded() {
      const clock = createManualClock(Date.UTC(2026, 10, 28, 9));
      const sim = createSimulatorAdapter({ agents: 4, seed: 7, clock, latencyMs: 0 });
      const floor = createFloorwalk({ adapter: sim, clock, session: LEAD_A });
      await floor.connect();
      const agentId = floor.getAgents()[0]!.id;
      const session: Session = { userId: agentId, role: 'agent', agentId, teamIds: [] };
      const storage = createMemoryStorage();

      // What page 1 left in the outbox as it went (its Web Lock went with it); its send, on its way then, lands later.
      const first = sim.seat({ person: agentId });
      const page1 = createFloorwalk({ adapter: first, clock, session });
      await page1.connect();
      const raise = { type: 'raise-hand', agentId, reason: 'Customer wants a refund over my limit', key: 'raise-of-page-1', issuedBy: agentId, issuedAt: clock.now() } as const;
      await storage.set(`outbox/${first.id}/${agentId}/${raise.key}`, { key: raise.key, seq: 1, command: { type: raise.type, agentId, reason: raise.reason }, issuedBy: agentId, issuedAt: raise.issuedAt, owner: `page-1-${++pages}` });
      const land = (): Promise<void> => first.execute(raise);

      const held: { go(): void; refuse(error: FloorwalkError): void }[] = [];
      const opened: Floorwalk[] = [page1, floor];
      /** A later page of the agent's: its outbox is read back only once `readBack()` is called. */
      const next = () => {
        const seat = sim.seat({ person: agentId });
        const connect = seat.connect.bind(seat);
        const execute = seat.execute.bind(seat);
        let sink: AdapterSink | undefined;
        let readBack = (): void => {};
        const gate = new Promise<void>((resolve) => (readBack = resolve));
        const page = createFloorwalk({
          adapter: Object.assign(seat, {
            connect: (s: AdapterSink) => connect((sink = s)),
            execute: (c: CommandEnvelope) =>
              c.type === 'resolve-help'
                ? new Promise<void>((resolve, reject) => held.push({ go: () => void execute(c).then(resolve, reject), refuse: reject }))
                : execute(c),
          }),
          clock,
          session,
          outbox: { storage: { set: storage.set, del: storage.del, entries: () => gate.then(() => storage.entries()) } },
        });
        opened.unshift(page);
        return { page, readBack, sink: () => sink! };
      };
      const second = next();
      const page2 = second.page;
      await page2.connect();
      second.sink().status('offline');
      second.readBack();
      await waitUntil(() => page2.getPendingIntents().some((p) => p.restored), 'the raise restored, not sent');
      return {
        page2,
        clock,
        storage,
        next,
        land,
        live: () => second.sink().status('live'),
        letGo: () => held.splice(0).forEach((h) => h.go()),
        /** The platform refuses each `resolve-help` on its way, as a 4xx the core does not retry. */
        refuse: () => held.splice(0).forEach((h) => h.refuse(new FloorwalkError(ErrorCode.VendorError, 'The platform answered 422.', { retryable: false }))),
        close: async () => {
          for (const page of opened) await page.disconnect();
        },
      };
    }

    /** Waits for `ok`, moving the page clock on between looks (the simulator's answers come on it). */
    const until = (r: { clock: { advance(ms: number): void } }, el: FwHelpRequest, ok: () => boolean, what: string): Promise<void> =>
      waitUntil(async () => (ok() ? true : (r.clock.advance(100), await el.updateComplete, false)), what);

    /**
     * The agent lowers, on page 2, the raise page 1 left queued; page 1's raise lands after all and
     * the link comes back: the core lowers that hand by itself, and the element says so (`saying`).
     */
    async function lowerOnReload(r: Awaited<ReturnType<typeof reloaded>>, lang: string, saying: string): Promise<{ el: FwHelpRequest; h: FwHelpRequestHarness }> {
      const { el, h } = await mount(r.page2);
      el.lang = lang;
      await el.updateComplete;
      await h.cancel();
      await waitUntil(() => h.raiseButton !== null, 'the queued raise withdrawn');
      await r.land();
      r.live();
      await until(r, el, () => h.status().includes(saying), 'the hand shown as being lowered');
      return { el, h };
    }

    for (const [lang, lowering, lowered] of [
      ['en', 'Lowering your hand…', 'You lowered your hand.'],
      ['es', 'Bajando la mano…', 'Bajó la mano.'],
    ] as const) {
      it(`a hand lowered on the reloaded page that went up all the same shows as being lowered, without Lower, until it is down (${lang})`, async () => {
        if (lang === 'es') registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { common: commonEs, 'help-request': helpRequestEs } });
        const r = await reloaded();
        try {
          const { el, h } = await lowerOnReload(r, lang, lowering);
          expect(h.cancelButton, 'no second Lower to lose the race').to.equal(null);
          expect(el.shadowRoot!.querySelector('[part="status"]')!.getAttribute('role')).to.equal('status');
          expect(h.isPending(), ':state(pending), as while the agent’s own Lower is on its way').to.equal(true);
          await expect(el).to.be.accessible();

          r.letGo();
          await waitUntil(async () => (h.status().includes(lowered) ? true : (r.clock.advance(100), await el.updateComplete, false)), 'the hand down');
          expect([h.isPending(), h.isFailed()]).to.deep.equal([false, false]);
        } finally {
          await r.close();
        }
      });
    }

    for (const [lang, lowering, failed, lowered] of [
      ['en', 'Lowering your hand…', 'Your hand could not be lowered. It is still up; you can lower it again.', 'You lowered your hand.'],
      ['es', 'Bajando la mano…', 'No se pudo bajar su mano. Sigue levantada; puede volver a bajarla.', 'Bajó la mano.'],
    ] as const) {
      it(`a lower the core made by itself that the platform refused says the hand is still up, politely and once, with Lower back (${lang})`, async () => {
        if (lang === 'es') registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { common: commonEs, 'help-request': helpRequestEs } });
        const r = await reloaded();
        try {
          const { el, h } = await lowerOnReload(r, lang, lowering);
          const said: string[] = [];
          el.addEventListener('fw-internal-announce', (e) => said.push(`${e.politeness}: ${plain(e.message)}`));

          r.refuse();
          await until(r, el, () => h.cancelButton !== null, 'Lower back');
          expect(h.message()).to.equal(failed);
          expect(h.cancelButton!.getAttribute('aria-describedby'), 'Lower described by it').to.equal('agent-message');
          expect([h.isPending(), h.isFailed()]).to.deep.equal([false, true]);
          await waitUntil(() => live(el, 'polite') === failed, 'said politely');
          // Once: the renders that follow (a second's tick, the store moving on) say it again nowhere.
          for (let i = 0; i < 3; i++) {
            r.clock.advance(1000);
            el.requestUpdate();
            await el.updateComplete;
          }
          expect(said).to.deep.equal([`polite: ${failed}`]);
          expect(h.message(), 'still shown').to.equal(failed);
          await expect(el).to.be.accessible();

          // Lower again: the agent's own press, told as any other.
          await h.cancel();
          expect(h.message()).to.not.include(failed);
          r.letGo();
          await until(r, el, () => h.status().includes(lowered), 'the hand down');
          expect([h.isPending(), h.isFailed(), h.message()]).to.deep.equal([false, false, '']);
        } finally {
          await r.close();
        }
      });
    }

    it('a Lower that had focus when the core began to lower the hand by itself leaves focus on the element\'s heading, not the page', async () => {
      const r = await reloaded();
      try {
        // Page 2 withdraws the raise page 1 left (its Lower), and goes before that raise lands.
        expect(r.page2.dismissIntent('raise-of-page-1')).to.equal(true);
        await waitUntil(async () => (await r.storage.entries()).some(([key]) => key.includes('/lower/')), 'the withdrawn raise noted in storage');
        await r.land();
        await r.page2.disconnect();
        // Page 3 opens on the hand (in its first snapshot) and reads the outbox back after that.
        const third = r.next();
        await third.page.connect();
        const { el, h } = await mount(third.page);
        await until(r, el, () => h.cancelButton !== null, 'the hand shown raised, with Lower, before the read-back');
        h.cancelButton!.focus();

        third.readBack();
        await until(r, el, () => h.status().includes('Lowering your hand…'), 'the core lowering the hand');
        const heading = el.shadowRoot!.querySelector<HTMLElement>('[part="heading"]')!;
        await waitUntil(() => el.shadowRoot!.activeElement === heading, 'focus on the heading');
        expect(document.activeElement, 'within the element').to.equal(el);
        // Focusable only while it holds focus: Tab order is the element's controls alone.
        heading.blur();
        expect(heading.hasAttribute('tabindex')).to.equal(false);

        r.letGo();
        await until(r, el, () => h.status().includes('You lowered your hand.'), 'the hand down');
      } finally {
        await r.close();
      }
    });
  });

  describe('while the link is down', () => {
    it('the queue keeps the hands last known, marked as possibly out of date and without actions, until the link is back', async () => {
      const s = await scene();
      const id = await raised(s);
      const { el, h } = await mount(s.lead);
      expect(h.rows().find((r) => r.id === id)?.actions).to.deep.equal(['acknowledge', 'resolve', 'whisper']);
      s.c.link('reconnecting');
      await settle();
      await el.updateComplete;
      const stale = (): string => plain(el.shadowRoot!.querySelector('[part="stale"]')?.textContent ?? '');
      expect(el.matches(':state(unavailable)'), 'not "unavailable": the hands are still shown').to.equal(false);
      expect(stale()).to.equal('Not connected: these requests may be out of date. You can act on them once the connection is back.');
      const row = h.rows().find((r) => r.id === id);
      expect(row?.text).to.contain('Customer wants a refund over my limit');
      expect(row?.actions, 'nothing to act on until the link is back').to.deep.equal([]);
      s.c.link('offline');
      await settle();
      await el.updateComplete;
      expect(h.rows().map((r) => r.id)).to.include(id);
      s.c.link('live');
      for (let i = 0; i < 20 && s.lead.status !== 'live'; i++) await advance(s.c, 100, el);
      await advance(s.c, 100, el);
      expect(stale()).to.equal('');
      expect(h.rows().find((r) => r.id === id)?.actions).to.deep.equal(['acknowledge', 'resolve', 'whisper']);
    });

    it('an agent whose first connection is still being made can raise a hand: it is queued, not "unavailable"', async () => {
      const s = await scene();
      const own = s.c.adapter.seat({ person: s.agentId });
      // A link that never comes up in this test: the client stays `connecting`.
      const agent = createFloorwalk({ adapter: Object.assign(own, { connect: () => new Promise<void>(() => {}) }), clock: s.c.clock, session: { userId: s.agentId, role: 'agent', agentId: s.agentId, teamIds: [] } });
      void agent.connect().catch(() => {});
      expect(agent.status).to.equal('connecting');
      const { el, h } = await mount(agent, { view: 'agent' });
      expect(el.matches(':state(unavailable)')).to.equal(false);
      await h.raise('Stuck on a call');
      await settle();
      await el.updateComplete;
      expect(h.status()).to.equal('Not sent yet: your hand will be raised when the connection is back. You asked: Stuck on a call');
      await agent.disconnect();
    });
  });

  describe('the supervisors respond', () => {
    it('an acknowledge the platform rate-limits says how long to wait, not that it was refused, and the request stays open and unacknowledged', async () => {
      const s = await scene();
      const id = await raised(s);
      const lead = await heldLead(s.c, () => undefined);
      await waitUntil(() => lead.client.getHelpRequests({ open: true }).some((r) => r.id === id), 'lead-b sees the request');
      const { el: queue, h: q, log } = await mount(lead.client);
      // As the Genesys adapter rejects a 429: RateLimited, with its Retry-After as measured.
      lead.refuse(new FloorwalkError(ErrorCode.RateLimited, 'Genesys: 429', { details: { retryAfterMs: 29_100 } }));
      await q.act(id, 'acknowledge');
      await advance(s.c, 200, queue);
      const failed = log.filter((e): e is FwHelpFailedEvent => e.type === 'fw-help-failed');
      expect(failed.map((e) => [e.action, e.error.code])).to.deep.equal([['acknowledge', ErrorCode.RateLimited]]);
      expect(plain(q.rows().find((r) => r.id === id)!.message)).to.contain('The platform is busy: try again in 30 s.');
      const request = lead.client.getHelpRequests({ open: true }).find((r) => r.id === id);
      expect(request?.acknowledgedBy, 'nothing changed').to.equal(undefined);
      await lead.client.disconnect();
    });

    it('acknowledge, then resolve; the agent sees who is on it, then that it was resolved', async () => {
      const s = await scene();
      const id = await raised(s);
      const { el: queue, h: q } = await mount(s.lead);
      const { el: mine, h: a } = await mount(s.agent);
      await q.act(id, 'acknowledge');
      expect(plain(q.rows().find((r) => r.id === id)!.message)).to.equal('Acknowledging… waiting for the platform to confirm.');
      await advance(s.c, 200, queue, mine);
      const row = q.rows().find((r) => r.id === id)!;
      expect(plain(row.state)).to.equal('Acknowledged by you');
      expect(row.actions).to.deep.equal(['resolve', 'whisper']);
      expect(plain(a.status())).to.contain('lead-a is on it.');
      await q.act(id, 'resolve');
      await advance(s.c, 200, queue, mine);
      expect(q.rows().some((r) => r.id === id)).to.equal(false);
      expect(a.status()).to.equal('Your last request was resolved.');
    });

    it('the agent hears, once each, that someone took their hand and that it was resolved', async () => {
      const s = await scene();
      const { el: mine, h: a } = await mount(s.agent);
      const heard: string[] = [];
      mine.addEventListener('fw-internal-announce', (e) => heard.push(`${e.politeness}: ${plain(e.message)}`));
      await a.raise('Customer wants a refund over my limit');
      await advance(s.c, 200, mine);
      await waitUntil(() => heard.length > 0, 'the raise confirmed');
      const id = s.agent.getHelpRequests({ agentId: s.agentId, open: true })[0]!.id;
      await s.lead.acknowledgeHelp(id);
      await advance(s.c, 200, mine);
      // Later batches that change nothing about the request say nothing again.
      await advance(s.c, 1000, mine);
      await s.lead.resolveHelp(id);
      await advance(s.c, 200, mine);
      await advance(s.c, 1000, mine);
      expect(heard).to.deep.equal(['polite: Your hand is raised.', 'polite: lead-a is on it.', 'polite: Your last request was resolved.']);
      expect(a.status()).to.equal('Your last request was resolved.');
    });

    it('gives the next hand an empty reason: the last one does not stay in the field once it went up', async () => {
      const s = await scene();
      const { el: mine, h: a } = await mount(s.agent);
      await a.raise('Customer wants a refund over my limit', false);
      await advance(s.c, 200, mine);
      const id = s.agent.getHelpRequests({ agentId: s.agentId, open: true })[0]!.id;
      await s.lead.resolveHelp(id);
      await advance(s.c, 200, mine);
      expect(a.status()).to.equal('Your last request was resolved.');
      expect(a.reasonInput!.value).to.equal('');
      expect((mine.shadowRoot!.querySelector('[part="about"] input') as HTMLInputElement | null)?.checked ?? true, 'about the call again by default').to.equal(true);
      // An empty field is refused as empty, not sent with the old reason.
      await a.raise('');
      await advance(s.c, 200, mine);
      expect(s.agent.getHelpRequests({ agentId: s.agentId, open: true })).to.have.length(0);
    });

    it('the agent lowers a hand just as a supervisor resolves it: they hear only that it was resolved', async () => {
      const s = await scene();
      const { el: mine, h: a } = await mount(s.agent);
      const heard: string[] = [];
      mine.addEventListener('fw-internal-announce', (e) => heard.push(plain(e.message)));
      await a.raise('Customer wants a refund over my limit');
      await advance(s.c, 200, mine);
      await waitUntil(() => heard.length > 0, 'the raise confirmed');
      const id = s.agent.getHelpRequests({ agentId: s.agentId, open: true })[0]!.id;
      void s.lead.resolveHelp(id);
      await a.cancel();
      await advance(s.c, 200, mine);
      await advance(s.c, 1000, mine);
      expect(a.status()).to.equal('Your last request was resolved.');
      expect(heard).to.deep.equal(['Your hand is raised.', 'Your last request was resolved.']);
    });

    it('two supervisors acknowledge the same request: the second sees who got there first', async () => {
      const s = await scene();
      const id = await raised(s);
      const leadB = await s.c.seat(LEAD_B);
      const { el: elA, h: a } = await mount(s.lead);
      const { el: elB, h: b, log } = await mount(leadB);
      // Both click before either acknowledgement has landed: the platform accepts both, applies one.
      await a.act(id, 'acknowledge');
      await b.act(id, 'acknowledge');
      expect(a.isPending() && b.isPending()).to.equal(true);
      await advance(s.c, 200, elA, elB);
      expect(plain(a.rows().find((r) => r.id === id)!.state)).to.equal('Acknowledged by you');
      const rowB = b.rows().find((r) => r.id === id)!;
      expect(plain(rowB.state)).to.equal('Acknowledged by lead-a');
      expect(rowB.actions).to.not.include('acknowledge');
      expect(plain(rowB.message)).to.equal('Could not complete: Acknowledging. lead-a got there first.');
      const failed = log.at(-1) as FwHelpFailedEvent;
      expect([failed.type, failed.action, failed.requestId, failed.error.code]).to.deep.equal(['fw-help-failed', 'acknowledge', id, ErrorCode.Conflict]);
      await waitUntil(() => live(elB, 'assertive') === 'Could not complete: Acknowledging. lead-a got there first.', 'announced assertively');

      // A third supervisor arriving later sees who has it, and is offered no Acknowledge.
      const leadC = await s.c.seat({ userId: 'lead-c', role: 'supervisor', teamIds: 'all' });
      const { h: c } = await mount(leadC);
      expect(plain(c.rows().find((r) => r.id === id)!.state)).to.equal('Acknowledged by lead-a');
      expect(c.actionButton(id, 'acknowledge')).to.equal(null);
      // And the core refuses it anyway.
      const error = await leadC.acknowledgeHelp(id).then(() => undefined, (err: unknown) => err);
      expect(isFloorwalkError(error) && error.code).to.equal(ErrorCode.Conflict);
    });

    it('whispers on the request’s interaction in one click; the agent is told', async () => {
      const s = await scene();
      const id = await raised(s);
      const { el, h, log } = await mount(s.lead);
      await h.act(id, 'whisper');
      const request = log.at(-1) as FwMonitoringRequestEvent;
      expect([request.type, request.action, request.mode, request.interactionId, request.cancelable]).to.deep.equal([
        'fw-monitoring-request',
        'start',
        'whisper',
        s.interactionId,
        true,
      ]);
      expect(h.isPending()).to.equal(true);
      await advance(s.c, 200, el);
      expect(h.isPending()).to.equal(false);
      const row = h.rows().find((r) => r.id === id)!;
      expect(row.note).to.equal('You are whispering on this interaction.');
      expect(row.actions).to.not.include('whisper');
      expect(s.lead.getMonitoringSessions({ agentId: s.agentId, active: true }).map((m) => [m.mode, m.supervisorId])).to.deep.equal([['whisper', 'lead-a']]);
      expect(s.notices.map((n) => ('session' in n ? [n.kind, n.session.mode] : [n.kind]))).to.deep.equal([['started', 'whisper']]);
      await waitUntil(() => live(el, 'polite') === `Whispering to ${s.name}.`);
    });

    it('whispers beside a screen view of its own on that interaction: a start, not a switch of the view', async () => {
      const s = await scene();
      const id = await raised(s);
      const at = s.c.clock.now();
      // Genesys' conversation-level screen monitoring, started by lead-a in Genesys' own tools.
      const view = { id: `${s.interactionId}:leg-screen`, mode: 'screen', supervisorId: 'lead-a', agentId: s.agentId, interactionId: s.interactionId, startedAt: at } as const;
      await s.c.emit([{ type: 'monitoring', id: 'screen-start', at, source: 'test', session: view }]);
      const { el, h, log } = await mount(s.lead);
      await h.act(id, 'whisper');
      expect((log.at(-1) as FwMonitoringRequestEvent).action).to.equal('start');
      await advance(s.c, 200, el);
      expect(h.isPending()).to.equal(false);
      expect(s.lead.getMonitoringSessions({ agentId: s.agentId, active: true }).map((m) => m.mode).sort()).to.deep.equal(['screen', 'whisper']);
    });

    it('a request whose interaction ends stops saying it is on that interaction; the row says it ended', async () => {
      const s = await scene();
      const id = await raised(s);
      const { el, h } = await mount(s.lead);
      const on = (): string => plain(el.shadowRoot!.querySelector(`[part="request"][data-id="${id}"] .on`)?.textContent ?? '');
      expect(on()).to.match(/^\w+ interaction$/);
      const call = s.lead.getInteraction(s.interactionId)!;
      simulatorTestHooks(s.c.adapter).injectRaw({ type: 'interaction', interaction: { ...call, state: 'ended', endedAt: s.c.clock.now() } });
      await advance(s.c, 200, el);
      // Still open (a supervisor may follow up after the call), but no longer "on" a call that is over.
      expect(h.rows().find((r) => r.id === id)?.note).to.equal('The interaction has ended.');
      expect(on()).to.equal('');
    });

    it("names a request's interaction by its channel as a label, in English and Spanish", async () => {
      // The queue read "On a Email interaction" and "En una interacción de Correo".
      registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { common: commonEs, 'help-request': helpRequestEs } });
      const s = await scene();
      const id = await raised(s);
      const call = s.lead.getInteraction(s.interactionId)!;
      simulatorTestHooks(s.c.adapter).injectRaw({ type: 'interaction', interaction: { ...call, channel: 'email' } });
      const { el } = await mount(s.lead);
      await advance(s.c, 200, el);
      const on = (): string => plain(el.shadowRoot!.querySelector(`[part="request"][data-id="${id}"] .on`)?.textContent ?? '').trim();
      expect(on()).to.equal('Email interaction');
      el.lang = 'es';
      await el.updateComplete;
      expect(on()).to.equal('Interacción de correo');
    });

    it('sends no whisper when the monitoring request is vetoed', async () => {
      const s = await scene();
      const id = await raised(s);
      const sent = countSent(s.c);
      const { el, h } = await mount(s.lead);
      el.addEventListener('fw-monitoring-request', (e) => e.preventDefault());
      await h.act(id, 'whisper');
      await settle();
      expect([sent.count, h.isPending()]).to.deep.equal([0, false]);
    });
  });

  describe('where the agent would not be told', () => {
    // The simulator plays a platform that shows agents no monitoring session (as Amazon Connect's
    // silent monitoring), with the tenant's notices on (the default) and no backplane to carry it.
    it('offers no whisper on a platform that would not show it to the agent, and says why; one that would still offers it', async () => {
      const seen: string[][] = [];
      for (const agentSeesMonitoring of [false, true]) {
        const s = await scene(150, { agentSeesMonitoring });
        expect(s.lead.capabilities.agentSeesMonitoring).to.equal(agentSeesMonitoring);
        expect(s.lead.getPolicy().monitoringNotice, 'notices are on').to.equal(true);
        const id = await raised(s);
        const { el, h } = await mount(s.lead);
        const row = h.rows().find((r) => r.id === id)!;
        seen.push([...row.actions, plain(row.note)]);
        await expect(el).to.be.accessible();
        await centre?.close();
        centre = undefined;
      }
      expect(seen).to.deep.equal([
        ['acknowledge', 'resolve', 'Whisper is unavailable: this platform would not tell the agent they are being monitored.'],
        ['acknowledge', 'resolve', 'whisper', ''],
      ]);
    });
  });

  describe('roles', () => {
    it('an agent’s session gets no queue actions, and the core rejects them anyway', async () => {
      const s = await scene();
      const other = s.lead.getInteractions({ state: 'connected' }).find((i) => i.agentId !== undefined && i.agentId !== s.agentId)!;
      const otherAgent = await s.c.seat({ userId: other.agentId!, role: 'agent', agentId: other.agentId!, teamIds: [] });
      if (otherAgent.getHelpRequests({ agentId: other.agentId!, open: true }).length === 0) await otherAgent.raiseHand('Other help', other.id);
      await s.c.advance(200);
      const theirs = s.lead.getHelpRequests({ agentId: other.agentId!, open: true })[0]!;
      const { h } = await mount(s.agent, { view: 'queue' });
      expect(h.rows(), 'an agent sees no one else’s requests').to.have.length(0);
      expect(s.agent.getHelpRequests({ agentId: other.agentId! })).to.have.length(0);
      const error = await s.agent.acknowledgeHelp(theirs.id).then(() => undefined, (err: unknown) => err);
      expect(isFloorwalkError(error) && error.code).to.equal(ErrorCode.Forbidden);
    });
  });

  describe('keyboard', () => {
    it('types a reason and raises the hand with Enter', async () => {
      const s = await scene();
      const { el, h, log } = await mount(s.agent);
      h.reasonInput!.focus();
      await sendKeys({ type: 'Stuck on a refund' });
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect((log[0] as FwHelpRaiseRequestEvent).reason).to.equal('Stuck on a refund');
      expect(h.isPending()).to.equal(true);
      await advance(s.c, 200, el);
      await el.updateComplete;
      // Compared as booleans: chai's failure message for two elements is costly to build.
      expect(el.shadowRoot!.activeElement === h.cancelButton, 'focus moves to "Lower hand" when the form gives way').to.equal(true);
      await sendKeys({ press: 'Enter' });
      await advance(s.c, 200, el);
      await el.updateComplete;
      expect(h.status()).to.equal('You lowered your hand.');
      expect(el.shadowRoot!.activeElement === h.reasonInput, 'and back to the reason once lowered').to.equal(true);
    });

    it('reaches each row’s actions with Tab and acknowledges with Space', async () => {
      const s = await scene();
      const id = await raised(s);
      const { el, h } = await mount(s.lead);
      h.actionButton(id, 'acknowledge')!.focus();
      await sendKeys({ press: 'Space' });
      await advance(s.c, 200, el);
      expect(h.rows().find((r) => r.id === id)!.state).to.equal('Acknowledged by you');
      h.actionButton(id, 'resolve')!.focus();
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement === h.actionButton(id, 'whisper')).to.equal(true);
    });

    describe('in the queue, focus keeps the supervisor\'s place when a row or its button goes', () => {
      it('resolving the focused row\'s hand moves focus to the same button in the row that now stands there', async () => {
        const s = await scene();
        const [a, b, c] = await queueOf(s, 3);
        const { el, h } = await mount(s.lead);
        expect(h.rows().map((r) => r.id)).to.deep.equal([a, b, c]);
        const reached: EventTarget[] = [];
        el.shadowRoot!.addEventListener('focusin', (e) => reached.push(e.target!));
        h.actionButton(a!, 'resolve')!.focus();
        await sendKeys({ press: 'Enter' });
        reached.length = 0;
        await advance(s.c, 200, el);
        expect(h.rows().map((r) => r.id)).to.deep.equal([b, c]);
        await waitUntil(() => focusIn(el) === `${b} resolve`, `focus on ${b}'s Resolve, not ${focusIn(el)}`);
        // Moved, so a screen reader says the new row's button and its line: the pressed button
        // relabelled under focus would be silent about which request Enter now resolves.
        expect(reached.length === 1 && reached[0] === h.actionButton(b!, 'resolve'), 'focus moved to it once the row went').to.equal(true);
        expect(document.activeElement).to.equal(el);
      });

      it('a row above resolved by someone else leaves focus on the focused row\'s button', async () => {
        const s = await scene();
        const [a, b, c] = await queueOf(s, 3);
        const { el, h } = await mount(s.lead);
        expect(h.rows().map((r) => r.id)).to.deep.equal([a, b, c]);
        h.actionButton(b!, 'resolve')!.focus();
        const leadB = await s.c.seat(LEAD_B);
        await leadB.resolveHelp(a!);
        await advance(s.c, 200, el);
        expect(h.rows().map((r) => r.id)).to.deep.equal([b, c]);
        expect(focusIn(el), 'still on the request it was on, not the one now in its place').to.equal(`${b} resolve`);
      });

      it('the last row\'s hand resolved moves focus to the row before it', async () => {
        const s = await scene();
        const [a, b, c] = await queueOf(s, 3);
        const { el, h } = await mount(s.lead);
        expect(h.rows().map((r) => r.id)).to.deep.equal([a, b, c]);
        h.actionButton(c!, 'acknowledge')!.focus();
        await s.lead.resolveHelp(c!);
        await advance(s.c, 200, el);
        expect(h.rows().map((r) => r.id)).to.deep.equal([a, b]);
        await waitUntil(() => focusIn(el) === `${b} acknowledge`, `focus on ${b}'s Acknowledge, not ${focusIn(el)}`);
      });

      it('the only row\'s hand lowered by its agent moves focus to the heading, focusable only while it holds focus', async () => {
        const s = await scene();
        const [a] = await queueOf(s, 1);
        const { el, h } = await mount(s.lead);
        expect(h.rows().map((r) => r.id)).to.deep.equal([a]);
        h.actionButton(a!, 'whisper')!.focus();
        await s.agent.resolveHelp(a!);
        await advance(s.c, 200, el);
        expect(h.rows()).to.deep.equal([]);
        await waitUntil(() => focusIn(el) === 'heading', `focus on the heading, not ${focusIn(el)}`);
        expect(document.activeElement).to.equal(el);
        const heading = el.shadowRoot!.querySelector<HTMLElement>('[part="heading"]')!;
        heading.blur();
        expect(heading.hasAttribute('tabindex')).to.equal(false);
      });

      it('Acknowledge, once done, gives focus to the button that took its place in its row', async () => {
        const s = await scene();
        const [a, b] = await queueOf(s, 2);
        const { el, h } = await mount(s.lead);
        h.actionButton(a!, 'acknowledge')!.focus();
        await sendKeys({ press: 'Space' });
        await advance(s.c, 200, el);
        expect(h.rows().map((r) => [r.id, r.actions])).to.deep.equal([[a, ['resolve', 'whisper']], [b, ['acknowledge', 'resolve', 'whisper']]]);
        await waitUntil(() => focusIn(el) === `${a} resolve`, `focus on ${a}'s Resolve, not ${focusIn(el)}`);
      });
    });
  });

  describe('when no supervisor can see the hand', () => {
    const UNSEEN = 'No supervisor can see your hand right now. It stays up until one can; if it cannot wait, reach your team lead another way.';

    /**
     * An agent's client on a platform without help requests of its own, so the backplane carries
     * them and can tell when nobody sees one; `blind()` has the platform report that every team of
     * the agent's lost its supervisors, `restore()` that they are back.
     */
    async function blindFloor() {
      const clock = createManualClock(Date.UTC(2026, 10, 28, 9));
      const sim = createSimulatorAdapter({ agents: 4, seed: 7, clock, latencyMs: 0, capabilities: { commands: COMMAND_TYPES.filter((t) => t !== 'raise-hand' && !t.endsWith('-help')) } });
      const floor = createFloorwalk({ adapter: sim, clock, session: { userId: 'sup-x', role: 'supervisor', teamIds: 'all' } });
      await floor.connect();
      const agentId = floor.getAgents()[0]!.id;
      const teams = floor.getAgent(agentId)!.teamIds.map((id) => floor.getTeam(id)!);
      const backplane = createMemoryBackplane({ broadcast: false });
      const agent = createFloorwalk({
        adapter: withBackplane(sim.seat({ person: agentId }), backplane, { clock }),
        clock,
        session: { userId: agentId, role: 'agent', agentId, teamIds: teams.map((t) => t.id) },
      });
      await agent.connect();
      const report = (supervisorIds: (t: (typeof teams)[number]) => readonly string[]) => {
        for (const t of teams) simulatorTestHooks(sim).injectRaw({ type: 'team', team: { ...t, supervisorIds: supervisorIds(t) } });
      };
      const taker = teams[0]!.supervisorIds[0]!;
      return {
        agent,
        agentId,
        taker,
        backplane,
        clock,
        seat: () => sim.seat(),
        /** The first supervisor of the agent's first team takes the hand, from their own page on the same backplane. */
        take: async (requestId: string) => {
          const sup = createFloorwalk({
            adapter: withBackplane(sim.seat(), backplane, { clock }),
            clock,
            session: { userId: taker, role: 'supervisor', teamIds: teams.map((t) => t.id) },
          });
          await sup.connect();
          await sup.acknowledgeHelp(requestId);
          await sup.disconnect();
        },
        /** The platform reports someone else supervising each of the agent's teams in their place. */
        replace: () => report(() => ['sup-elsewhere']),
        blind: () => report(() => []),
        restore: () => report((t) => t.supervisorIds),
        close: async () => {
          await agent.disconnect();
          await floor.disconnect();
        },
      };
    }

    it('tells the agent once, assertively, and once, politely, when a supervisor can see it again', async () => {
      const f = await blindFloor();
      try {
        const { el, h } = await mount(f.agent);
        const heard: string[] = [];
        el.addEventListener('fw-internal-announce', (e) => heard.push(`${e.politeness}: ${plain(e.message)}`));
        await h.raise('Customer wants a refund over my limit');
        await waitUntil(() => heard.length === 1, 'the raise confirmed');
        expect(plain(h.status())).to.contain('Waiting for a supervisor.');

        f.blind();
        await waitUntil(() => plain(h.status()).includes(UNSEEN), 'the hand shown as seen by nobody');
        await waitUntil(() => heard.length === 2, 'said');
        // Another report that changes nothing about the hand says nothing again.
        f.blind();
        await el.updateComplete;
        await expect(el).to.be.accessible();

        f.restore();
        await waitUntil(() => plain(h.status()).includes('Waiting for a supervisor.'), 'the hand seen again');
        await waitUntil(() => heard.length === 3, 'said');
        f.restore();
        await el.updateComplete;
        expect(heard).to.deep.equal(['polite: Your hand is raised.', `assertive: ${UNSEEN}`, 'polite: A supervisor can see your hand again.']);
        expect(f.agent.getHelpRequests({ agentId: f.agentId, open: true }).map((r) => r.unseen)).to.deep.equal([undefined]);
      } finally {
        await f.close();
      }
    });

    for (const [lang, released, waiting] of [
      ['en', 'No one is on it any more. Your hand is waiting for a supervisor again.', 'Waiting for a supervisor.'],
      ['es', 'Ya nadie se ocupa. Su mano vuelve a esperar a un supervisor.', 'Esperando a un supervisor.'],
    ] as const) {
      it(`tells the agent (${lang}), once, politely, when the supervisor who took the hand can no longer see them: nobody is coming`, async () => {
        registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { common: commonEs, 'help-request': helpRequestEs } });
        const f = await blindFloor();
        try {
          await f.agent.raiseHand('Customer wants a refund over my limit');
          const id = f.agent.getHelpRequests({ agentId: f.agentId, open: true })[0]!.id;
          // A page opened on the hand, as after a reload: no press has loaded the action code.
          const heard: string[] = [];
          const box = await fixture<HTMLDivElement>(html`<div @fw-internal-announce=${(e: Event) => heard.push(`${(e as unknown as { politeness: string }).politeness}: ${plain((e as unknown as { message: string }).message)}`)}>
            <fw-help-request lang=${lang} .client=${f.agent}></fw-help-request>
          </div>`);
          const el = box.querySelector('fw-help-request') as FwHelpRequest;
          const h = new FwHelpRequestHarness(el);
          await f.take(id);
          await waitUntil(() => plain(h.status()).includes(f.taker), 'shown as taken');
          await waitUntil(() => heard.length === 1, 'the taking said');

          f.replace();
          await waitUntil(() => f.agent.getHelpRequests({ agentId: f.agentId, open: true })[0]?.state === 'open', 'let go of');
          await waitUntil(() => plain(h.status()).includes(waiting), 'shown as waiting');
          expect(plain(h.status())).to.not.contain(f.taker);
          await waitUntil(() => heard.length === 2, 'said');
          // Another report that changes nothing about the hand says nothing again.
          f.replace();
          await el.updateComplete;
          await settle();
          expect(heard.slice(1)).to.deep.equal([`polite: ${released}`]);
          await expect(el).to.be.accessible();
        } finally {
          await f.close();
        }
      });
    }

    it('a supervisor who can see the agent hears a hand let go of by its taker as one to pick up, once', async () => {
      const f = await blindFloor();
      const lead = createFloorwalk({ adapter: withBackplane(f.seat(), f.backplane, { clock: f.clock }), clock: f.clock, session: { userId: 'sup-elsewhere', role: 'supervisor', teamIds: 'all' } });
      try {
        await lead.connect();
        await f.agent.raiseHand('Customer wants a refund over my limit');
        const id = f.agent.getHelpRequests({ agentId: f.agentId, open: true })[0]!.id;
        const heard: string[] = [];
        const box = await fixture<HTMLDivElement>(html`<div @fw-internal-announce=${(e: Event) => heard.push(plain((e as unknown as { message: string }).message))}>
          <fw-help-request .client=${lead}></fw-help-request>
        </div>`);
        const el = box.querySelector('fw-help-request') as FwHelpRequest;
        const h = new FwHelpRequestHarness(el);
        await waitUntil(() => h.rows().some((r) => r.id === id), 'the hand in the queue');
        await f.take(id);
        await waitUntil(() => lead.getHelpRequests({ open: true }).find((r) => r.id === id)?.state === 'acknowledged', 'taken');
        await el.updateComplete;
        const before = heard.length;
        // The platform now names this supervisor, not the taker, over the agent's teams.
        f.replace();
        await waitUntil(() => lead.getHelpRequests({ open: true }).find((r) => r.id === id)?.state === 'open', 'let go of');
        await waitUntil(() => heard.length > before, 'said');
        await el.updateComplete;
        await settle();
        expect(heard.slice(before)).to.have.length(1);
        expect(heard.slice(before)[0]).to.contain('Customer wants a refund over my limit');
      } finally {
        await lead.disconnect();
        await f.close();
      }
    });

    it('a page opened on a hand nobody can see says so at once, in Spanish too', async () => {
      registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { common: commonEs, 'help-request': helpRequestEs } });
      const f = await blindFloor();
      try {
        await f.agent.raiseHand('Reembolso');
        f.blind();
        await waitUntil(() => f.agent.getHelpRequests({ agentId: f.agentId, open: true })[0]?.unseen === true, 'the hand flagged');
        const heard: string[] = [];
        const box = await fixture<HTMLDivElement>(html`<div @fw-internal-announce=${(e: Event) => heard.push(plain((e as unknown as { message: string }).message))}>
          <fw-help-request lang="es" .client=${f.agent}></fw-help-request>
        </div>`);
        const el = box.querySelector('fw-help-request') as FwHelpRequest;
        const h = new FwHelpRequestHarness(el);
        const es = 'Ningún supervisor puede ver su mano ahora mismo. Seguirá levantada hasta que uno pueda; si no puede esperar, contacte con su responsable por otra vía.';
        await waitUntil(() => plain(h.status()).includes(es), 'shown in Spanish');
        await waitUntil(() => heard.length === 1, 'said');
        expect(heard).to.deep.equal([es]);
        await expect(el).to.be.accessible();
      } finally {
        await f.close();
      }
    });
  });

  describe('localisation', () => {
    it('speaks Spanish with lang="es"', async () => {
      registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { common: commonEs, 'help-request': helpRequestEs } });
      const s = await scene();
      const el = await fixture<FwHelpRequest>(html`<fw-help-request lang="es" .client=${s.agent}></fw-help-request>`);
      const h = new FwHelpRequestHarness(el);
      expect(h.raiseButton!.textContent!.trim()).to.equal('Levantar la mano');
      await h.raise('Reembolso');
      expect(h.message()).to.equal('Levantando la mano… esperando la confirmación de la plataforma.');
      await advance(s.c, 200, el);
      expect(h.status()).to.equal('Tiene la mano levantada. Esperando a un supervisor. Usted pidió: Reembolso');
      await expect(el).to.be.accessible();
    });

    it('joins a queued request\'s name and reason with the translation\'s separator', async () => {
      // French sets a space before the colon; the queue must not hard-code English punctuation.
      registerTranslation({ $code: 'fr', $name: 'Français', $dir: 'ltr', strings: { 'help-request': { nameReason: ' : ' } } });
      const s = await scene();
      await raised(s, 'Reembolso');
      const el = await fixture<FwHelpRequest>(html`<fw-help-request lang="fr" .client=${s.lead}></fw-help-request>`);
      const h = new FwHelpRequestHarness(el);
      await waitUntil(() => h.rows().length > 0, 'the request in the queue');
      expect(h.rows().map((r) => r.text)).to.include(`${s.name} : Reembolso`);
    });

    it('says the confirmation and the failure, which load with the action code on the first press, in Spanish too', async () => {
      registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { common: commonEs, 'help-request': helpRequestEs } });
      const s = await scene();
      const agentEl = await fixture<FwHelpRequest>(html`<fw-help-request lang="es" .client=${s.agent}></fw-help-request>`);
      await new FwHelpRequestHarness(agentEl).raise('Reembolso');
      await advance(s.c, 200, agentEl);
      await waitUntil(() => live(agentEl, 'polite') === 'Tiene la mano levantada.', 'the confirmation in Spanish');
      const id = s.lead.getHelpRequests({ agentId: s.agentId, open: true })[0]!.id;
      const leadB = await s.c.seat(LEAD_B);
      const elA = await fixture<FwHelpRequest>(html`<fw-help-request lang="es" .client=${s.lead}></fw-help-request>`);
      const elB = await fixture<FwHelpRequest>(html`<fw-help-request lang="es" .client=${leadB}></fw-help-request>`);
      const b = new FwHelpRequestHarness(elB);
      await new FwHelpRequestHarness(elA).act(id, 'acknowledge');
      await b.act(id, 'acknowledge');
      await advance(s.c, 200, elA, elB);
      expect(plain(b.rows().find((r) => r.id === id)!.message)).to.match(/^No se pudo completar: .+\. lead-a llegó antes\.$/);
    });

    it('sends one raise for two quick presses, the second made while the first is on its way', async () => {
      const s = await scene();
      const sent = countSent(s.c);
      const { el, h, log } = await mount(s.agent);
      h.reasonInput!.value = 'Refund';
      h.reasonInput!.dispatchEvent(new Event('input'));
      h.raiseButton!.click();
      h.raiseButton!.click();
      await el.updateComplete;
      await settle();
      expect([sent.count, log.filter((e) => e.type === 'fw-help-raise-request').length, h.isPending()]).to.deep.equal([1, 1, true]);
    });
  });

  describe('theming', () => {
    it('takes --fw-help-request-* knobs from an ancestor', async () => {
      const s = await scene();
      await raised(s);
      const wrapper = await fixture<HTMLDivElement>(
        html`<div style="--fw-help-request-accent-color: rgb(1, 2, 3); --fw-help-request-radius: 7px">
          <fw-help-request .client=${s.lead}></fw-help-request>
        </div>`,
      );
      const el = wrapper.querySelector('fw-help-request')!;
      await el.updateComplete;
      const row = el.shadowRoot!.querySelector('[part="request"]')!;
      expect(getComputedStyle(row).borderInlineStartColor).to.equal('rgb(1, 2, 3)');
      expect(getComputedStyle(el.shadowRoot!.querySelector('[part="base"]')!).borderStartStartRadius).to.equal('7px');
    });
  });
});
