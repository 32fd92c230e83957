import { COMMAND_TYPES, createFloorwalk, ErrorCode, FloorwalkError, isFloorwalkError, type Floorwalk, type Session } from '@floorwalk/core';
import { createMemoryBackplane, withBackplane } from '@floorwalk/core/backplane';
import { createManualClock } from '@floorwalk/core/testing';
import { createSimulatorAdapter } from '@floorwalk/adapters/simulator';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { sendKeys } from '@web/test-runner-commands';
import { advanceRendered as advance, type Centre, liveText as live } from '../../../test/centre.js';
import { heldLead } from '../../../test/lead-scene.js';
import { checkInScene, HOUR, mountCheckIn as mount, proposed, START, type CheckInScene } from '../../../test/check-in-rig.js';
import { commonEs } from '../../internal/common-strings.es.js';
import { registerTranslation } from '../../internal/localize.js';
import { checkInEs } from './fw-check-in.es.js';
import type { FwCheckInJoinEvent } from '../../events/fw-check-in-join.js';
import type { FwInternalAnnounceEvent } from '../../events/fw-internal-announce.js';
import type { FwCheckInLeaveEvent } from '../../events/fw-check-in-leave.js';
import { FwCheckInHarness } from './fw-check-in.harness.js';
import { FwCheckIn } from './fw-check-in.js';
import { plain } from '../../../test/isolates.js';
import { emulateZone, resetZone } from '../../../test/zone.js';
import { voicedOnce } from '../../../test/voiced.js';

FwCheckIn.define('fw-check-in');

let centre: Centre | undefined;

const scene = (): Promise<CheckInScene> => checkInScene((c) => (centre = c));

/** A scene with the supervisor's element (on the scene's agent) and the agent's own, mounted in that order. */
async function bothSides() {
  const s = await scene();
  const sup = await mount(s.lead, { agentId: s.agentId });
  return { s, sup, agent: await mount(s.agent) };
}

/** Both sides mounted, and a check-in proposed, accepted, started and joined: live. */
async function liveOnBothSides() {
  const { s, sup, agent } = await bothSides();
  const at = START + 25 * HOUR;
  const c = await proposed(s, sup, at);
  await s.agent.answerCheckIn(c.id, 'accepted');
  await advance(s.c, at - START - 300, sup.el, agent.el);
  await s.lead.startCheckIn(c.id);
  await advance(s.c, 300, sup.el, agent.el);
  await s.agent.confirmCheckIn(c.id);
  await advance(s.c, 300, sup.el, agent.el);
  return { s, sup, agent, c };
}

const frame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => r()));

describe('fw-check-in', () => {
  afterEach(async () => {
    await centre?.close();
    centre = undefined;
  });

  describe('accessibility', () => {
    it('is accessible for the supervisor (form, error, list) and the agent (proposal, join prompt)', async function () {
      // A day of simulated time runs through the simulator: slow on a busy machine.
      this.timeout(60_000);
      const { s, sup, agent } = await bothSides();
      await expect(sup.el).to.be.accessible();
      await expect(agent.el).to.be.accessible();
      await sup.h.propose({ at: START + 2 * HOUR });
      expect(plain(sup.h.message())).to.contain('Too soon');
      await expect(sup.el).to.be.accessible();
      const c = await proposed(s, sup, START + 25 * HOUR, 'Quality review');
      await advance(s.c, 10, agent.el);
      await expect(sup.el).to.be.accessible();
      await expect(agent.el).to.be.accessible();
      await agent.h.act(c.id, 'accept');
      await advance(s.c, 300, sup.el, agent.el);
      await advance(s.c, 25 * HOUR - 5 * 60_000, sup.el, agent.el);
      await sup.h.act(c.id, 'start');
      await advance(s.c, 300, sup.el, agent.el);
      expect(agent.h.prompt()).to.contain('Join now?');
      await expect(agent.el).to.be.accessible();
      const none = await fixture<FwCheckIn>(html`<fw-check-in></fw-check-in>`);
      await expect(none).to.be.accessible();
    });
  });

  describe('the full flow across a supervisor’s and an agent’s client', () => {
    it('propose → accept → start inside the window → the agent confirms → both sides get fw-check-in-join', async function () {
      // A day of simulated time runs through the simulator: slow on a busy machine.
      this.timeout(60_000);
      const { s, sup, agent } = await bothSides();
      const at = START + 25 * HOUR;
      const c = await proposed(s, sup, at, 'Quality review');
      await advance(s.c, 10, agent.el);
      await frame();
      expect(live(agent.el, 'polite'), 'the proposal is announced to the agent').to.match(/^lead-a proposes a check-in at /);
      expect(sup.h.rows()[0]).to.include({ id: c.id, state: 'Waiting for the agent’s answer' });
      expect(agent.h.rows()[0]!.actions).to.deep.equal(['accept', 'decline', 'counter']);

      await agent.h.act(c.id, 'accept');
      await advance(s.c, 300, sup.el, agent.el);
      expect(s.lead.getCheckIns()[0]!.answer).to.equal('accepted');
      const early = sup.h.rows()[0]!;
      expect(early.state).to.equal('Accepted');
      expect(early.actions).to.deep.equal(['cancel']);
      expect(early.blocked['start']).to.match(/^It can start from /);

      // Inside the window (five minutes before), Start is offered.
      await advance(s.c, at - 5 * 60_000 - (START + 600), sup.el, agent.el);
      // Time alone changes nothing in the store: the shared once-a-second ticker re-renders and announces.
      await waitUntil(() => /^Check-in with lead-a at /.test(live(agent.el, 'polite')), 'the coming check-in is announced to the agent', { timeout: 3000 });
      await waitUntil(() => /^Check-in with .+ at /.test(live(sup.el, 'polite')), 'and to the supervisor', { timeout: 3000 });
      expect(sup.h.rows()[0]!.actions).to.deep.equal(['start', 'cancel']);
      await sup.h.act(c.id, 'start');
      await advance(s.c, 300, sup.el, agent.el);
      expect(sup.h.rows()[0]!.state).to.equal('Started: waiting for the agent to confirm');
      expect(plain(agent.h.prompt())).to.equal('lead-a is starting your check-in. Join now?');
      expect(agent.el.matches(':state(prompting)')).to.equal(true);
      expect(sup.joins.concat(agent.joins), 'nothing begins before the agent confirms').to.deep.equal([]);

      await agent.h.act(c.id, 'join');
      await advance(s.c, 300, sup.el, agent.el);
      await Promise.resolve();
      expect(s.lead.getCheckIns()[0]!.phase).to.equal('live');
      expect(sup.joins).to.deep.equal([c.id]);
      expect(agent.joins).to.deep.equal([c.id]);
      expect(sup.h.rows()[0]!.state).to.equal('Live');
    });

    it('fw-check-in-leave: once per join, when the check-in leaves live; a reloaded element’s too; a removed element catches up when back', async function () {
      this.timeout(60_000);
      const { s, sup, agent, c } = await liveOnBothSides();
      await Promise.resolve();
      expect(sup.joins.concat(agent.joins)).to.deep.equal([c.id, c.id]);
      expect(sup.leaves.concat(agent.leaves), 'nothing to close while it is live').to.deep.equal([]);
      // A reload: a new element on the agent's page fires join again, so it owes a leave too.
      // Heard from its first render on (mount() listens only after it).
      const again = { joins: [] as string[], leaves: [] as string[], el: undefined as unknown as FwCheckIn };
      const page = await fixture<HTMLDivElement>(html`<div
        @fw-check-in-join=${(e: FwCheckInJoinEvent) => again.joins.push(e.checkInId)}
        @fw-check-in-leave=${(e: FwCheckInLeaveEvent) => again.leaves.push(e.checkInId)}
      ><fw-check-in .client=${s.agent}></fw-check-in></div>`);
      again.el = page.querySelector('fw-check-in')!;
      await again.el.updateComplete;
      await Promise.resolve();
      expect(again.joins).to.deep.equal([c.id]);
      // The host takes the supervisor's element out of the page: the check-in goes on, nothing fires.
      const box = sup.el.parentNode!;
      sup.el.remove();
      await Promise.resolve();
      expect(sup.leaves).to.deep.equal([]);

      await s.lead.endCheckIn(c.id);
      await advance(s.c, 300, agent.el, again.el);
      await Promise.resolve();
      expect(s.agent.getCheckIns()[0]!.phase).to.equal('ended');
      expect(agent.leaves).to.deep.equal([c.id]);
      expect(again.leaves).to.deep.equal([c.id]);
      expect(sup.leaves, 'not while detached: no document listener would hear it').to.deep.equal([]);
      box.appendChild(sup.el);
      await sup.el.updateComplete;
      await Promise.resolve();
      expect(sup.leaves, 'back on the page, it catches up').to.deep.equal([c.id]);
      await advance(s.c, 2000, sup.el, agent.el, again.el);
      await Promise.resolve();
      expect([sup.leaves, agent.leaves, again.leaves], 'once each').to.deep.equal([[c.id], [c.id], [c.id]]);
    });

    it('“Not now” ends a started check-in without it going live', async function () {
      // A day of simulated time runs through the simulator: slow on a busy machine.
      this.timeout(60_000);
      const { s, sup, agent } = await bothSides();
      const at = START + 25 * HOUR;
      const c = await proposed(s, sup, at);
      await s.agent.answerCheckIn(c.id, 'accepted');
      await advance(s.c, at - START - 300, sup.el, agent.el);
      await s.lead.startCheckIn(c.id);
      await advance(s.c, 300, sup.el, agent.el);
      await agent.h.act(c.id, 'not-now');
      await advance(s.c, 300, sup.el, agent.el);
      expect(s.lead.getCheckIns()[0]).to.include({ phase: 'ended' });
      expect(s.lead.getCheckIns()[0]!.confirmedAt).to.equal(undefined);
      expect(sup.h.rows()[0]!.state).to.equal('Ended: the agent did not join');
      expect(sup.joins.concat(agent.joins)).to.deep.equal([]);
      expect(sup.leaves.concat(agent.leaves), 'no leave without a join').to.deep.equal([]);
    });

    it('the agent declines: the supervisor sees it, and nothing can start', async () => {
      const { s, sup, agent } = await bothSides();
      const c = await proposed(s, sup, START + 30 * HOUR);
      await advance(s.c, 10, agent.el);
      await agent.h.act(c.id, 'decline');
      await advance(s.c, 300, sup.el, agent.el);
      await frame();
      expect(sup.h.rows()[0]).to.include({ state: 'Declined', phase: 'cancelled' });
      expect(sup.h.rows()[0]!.actions).to.deep.equal([]);
      expect(live(sup.el, 'polite')).to.contain('Declined');
    });

    it('the agent proposes another time; the supervisor accepts it and the check-in moves', async () => {
      const { s, sup, agent } = await bothSides();
      const c = await proposed(s, sup, START + 25 * HOUR);
      await advance(s.c, 10, agent.el);
      const later = START + 28 * HOUR;
      await agent.h.counter(c.id, later);
      await advance(s.c, 300, sup.el, agent.el);
      expect(agent.h.rows()[0]!.state).to.match(/^You proposed .*; waiting for the answer\.$/);
      expect(sup.h.rows()[0]!.state).to.match(/^The agent proposes .* instead$/);
      expect(sup.h.rows()[0]!.actions).to.deep.equal(['accept-counter', 'refuse-counter']);
      await sup.h.act(c.id, 'accept-counter');
      await advance(s.c, 300, sup.el, agent.el);
      const moved = s.lead.getCheckIns()[0]!;
      expect(moved).to.include({ scheduledFor: later, answer: 'accepted' });
      expect(sup.h.rows()[0]!.state).to.equal('Accepted');
      expect(agent.h.rows()[0]!.state).to.equal('You accepted');
    });
    it('an agent who leaves the supervisor’s teams can be let go, not booked: Start and Accept go, Cancel and Refuse stay; the core refuses both', async () => {
      const { s, sup, agent } = await bothSides();
      const accepted = await proposed(s, sup, START + 25 * HOUR);
      const countered = await proposed(s, sup, START + 26 * HOUR);
      await advance(s.c, 10, agent.el);
      await s.agent.answerCheckIn(accepted.id, 'accepted');
      await agent.h.counter(countered.id, START + 28 * HOUR);
      await advance(s.c, 300, sup.el, agent.el);
      const actions = (id: string) => sup.h.rows().find((r) => r.id === id)?.actions;
      expect(actions(countered.id)).to.deep.equal(['accept-counter', 'refuse-counter']);
      expect(sup.h.rows().find((r) => r.id === accepted.id)?.blocked['start'], 'Start shown, waiting for its window').to.be.a('string');
      // The lead supervises every team: an agent leaves them only by removal.
      await s.c.emit([{ type: 'agent-removed', id: 'removed', at: s.c.clock.now(), source: 'test', agentId: s.agentId }]);
      await advance(s.c, 0, sup.el);
      expect(s.lead.getAgent(s.agentId), 'out of the lead’s scope').to.equal(undefined);
      expect(actions(countered.id)).to.deep.equal(['refuse-counter']);
      expect(actions(accepted.id)).to.deep.equal(['cancel']);
      expect(sup.h.rows().find((r) => r.id === accepted.id)?.blocked['start'], 'Start not even shown disabled').to.equal(undefined);
      const refusal = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => (isFloorwalkError(e) ? e.code : e));
      expect(await refusal(s.lead.respondToCheckInCounter(countered.id, true))).to.equal(ErrorCode.UnknownAgent);
      expect(await refusal(s.lead.startCheckIn(accepted.id))).to.equal(ErrorCode.UnknownAgent);
    });
  });

  describe('check-ins nobody closes', () => {
    it('a start the agent leaves unanswered ends after two minutes: the prompt goes, both sides read why, the agent is told, nothing went live', async function () {
      this.timeout(60_000);
      const { s, sup, agent } = await bothSides();
      const at = START + 25 * HOUR;
      const c = await proposed(s, sup, at);
      await s.agent.answerCheckIn(c.id, 'accepted');
      await advance(s.c, at - START - 300, sup.el, agent.el);
      await s.lead.startCheckIn(c.id);
      await advance(s.c, 300, sup.el, agent.el);
      expect(agent.el.matches(':state(prompting)')).to.equal(true);
      await advance(s.c, 2 * 60_000, sup.el, agent.el);
      expect(s.agent.getCheckIns()[0]).to.include({ phase: 'ended', lapsed: 'not-confirmed' });
      expect(agent.h.prompt(), 'no prompt for a start that lapsed').to.equal('');
      expect(agent.el.matches(':state(prompting)')).to.equal(false);
      for (const side of [sup, agent]) expect(side.h.rows()[0]!.state).to.equal('Ended: the agent did not join');
      await frame();
      expect(live(agent.el, 'polite')).to.equal('lead-a: Ended: the agent did not join.');
      expect(sup.joins.concat(agent.joins)).to.deep.equal([]);
      await expect(agent.el).to.be.accessible();
      await expect(sup.el).to.be.accessible();
    });

    it('a live check-in nobody ends ends after an hour, and both sides say it reached its time limit', async function () {
      this.timeout(60_000);
      const { s, sup, agent, c } = await liveOnBothSides();
      expect(sup.h.rows()[0]!.state).to.equal('Live');
      await advance(s.c, HOUR, sup.el, agent.el);
      expect(s.lead.getCheckIns()[0]).to.include({ phase: 'ended', lapsed: 'time-limit' });
      for (const side of [sup, agent]) expect(side.h.rows()[0]!.state).to.equal('Ended: its time limit was reached');
      await frame();
      expect(live(agent.el, 'polite')).to.equal('lead-a: Ended: its time limit was reached.');
      expect(sup.joins).to.deep.equal([c.id]);
      expect(agent.joins, 'joined once, when it went live').to.deep.equal([c.id]);
      await Promise.resolve();
      expect([sup.leaves, agent.leaves], 'the host closes its video when the platform ends it').to.deep.equal([[c.id], [c.id]]);
      await expect(agent.el).to.be.accessible();
    });

    it('a check-in about to start is announced once: a page reloaded inside its window shows it and does not say it again', async function () {
      // A day of simulated time runs through the simulator: slow on a busy machine.
      this.timeout(60_000);
      const said: string[] = [];
      const hear = (e: Event): void => void said.push(plain((e as FwInternalAnnounceEvent).message));
      document.addEventListener('fw-internal-announce', hear);
      try {
        const { s, sup, agent } = await bothSides();
        const at = START + 25 * HOUR;
        const c = await proposed(s, sup, at);
        await s.agent.answerCheckIn(c.id, 'accepted');
        await advance(s.c, at - 5 * 60_000 - START, sup.el, agent.el);
        await waitUntil(() => said.some((m) => m.includes('Check-in with lead-a at')), 'the reminder, once the window opens', { timeout: 3000 });
        // The reload: the old page goes, a new one renders the same check-in on its first frame.
        agent.el.remove();
        const again = await mount(s.agent);
        await again.el.updateComplete;
        await frame();
        expect(again.h.rows().map((r) => r.id)).to.deep.equal([c.id]);
        expect(said.filter((m) => m.includes('Check-in with lead-a at'))).to.have.length(1);
      } finally {
        document.removeEventListener('fw-internal-announce', hear);
      }
    });

    it('a page reloaded during a live check-in fires fw-check-in-join again, once; a page opened after its time limit does not, and shows it ended', async function () {
      this.timeout(60_000);
      // A platform without check-ins of its own: the backplane carries them, and says when each lapses.
      const clock = createManualClock(START);
      const sim = createSimulatorAdapter({ agents: 4, seed: 7, clock, latencyMs: 0, capabilities: { commands: COMMAND_TYPES.filter((t) => !t.includes('check-in')) } });
      const backplane = createMemoryBackplane({ broadcast: false });
      const floor = createFloorwalk({ adapter: sim, clock, session: { userId: 'sup-x', role: 'supervisor', teamIds: 'all' } });
      await floor.connect();
      const agentId = floor.getAgents()[0]!.id;
      const pages: Floorwalk[] = [floor];
      const open = async (session: Session): Promise<Floorwalk> => {
        const client = createFloorwalk({ adapter: withBackplane(sim.seat({ person: session.userId }), backplane, { clock }), clock, session, policy: { checkInNoticeMs: 0 } });
        pages.push(client);
        await client.connect();
        return client;
      };
      const step = async (ms = 0): Promise<void> => {
        clock.advance(ms);
        await new Promise((r) => setTimeout(r, 20));
      };
      const asAgent: Session = { userId: agentId, role: 'agent', agentId, teamIds: [...floor.getAgent(agentId)!.teamIds] };
      try {
        const lead = await open({ userId: 'lead-a', role: 'supervisor', teamIds: 'all' });
        let agent = await open(asAgent);
        await lead.proposeCheckIn(agentId, clock.now() + 60_000);
        await step();
        const id = agent.getCheckIns()[0]!.id;
        await agent.answerCheckIn(id, 'accepted');
        await step();
        await lead.startCheckIn(id);
        await step();
        await agent.confirmCheckIn(id);
        await step();
        expect(agent.getCheckIns()[0]).to.include({ phase: 'live', lapsesAt: clock.now() + HOUR });
        const mountOn = async (client: Floorwalk) => {
          // Heard from the first render on, which is when a page that loads into a live check-in fires it.
          const joins: string[] = [];
          const box = await fixture<HTMLDivElement>(html`<div @fw-check-in-join=${(e: FwCheckInJoinEvent) => joins.push(e.checkInId)}><fw-check-in .client=${client}></fw-check-in></div>`);
          const el = box.querySelector('fw-check-in') as FwCheckIn;
          await el.updateComplete;
          await Promise.resolve();
          return { el, joins };
        };
        // The page reloads: a new client and a new element; the video the host had is gone with the old page.
        const reloaded = await (async () => {
          await agent.disconnect();
          agent = await open(asAgent);
          await step();
          return mountOn(agent);
        })();
        await waitUntil(() => reloaded.joins.length > 0, 'the reloaded page fires fw-check-in-join', { timeout: 3000 });
        await step(1000);
        await reloaded.el.updateComplete;
        expect(reloaded.joins, 'once per page').to.deep.equal([id]);
        reloaded.el.remove();

        // Both leave; the agent opens the page again two hours later, before anyone closed it.
        for (const client of pages.splice(1)) await client.disconnect();
        await step(2 * HOUR);
        const late = await open(asAgent);
        await new Promise((r) => setTimeout(r, 20));
        const stale = await mountOn(late);
        expect(late.getCheckIns()[0]!.phase, 'the record as the page found it').to.equal('live');
        expect(stale.joins, 'no video for a check-in past its time limit').to.deep.equal([]);
        await step();
        await stale.el.updateComplete;
        expect(late.getCheckIns()[0]).to.include({ phase: 'ended', lapsed: 'time-limit' });
        expect(new FwCheckInHarness(stale.el).rows()[0]!.state).to.equal('Ended: its time limit was reached');
        expect(stale.joins).to.deep.equal([]);
      } finally {
        for (const client of pages) await client.disconnect();
      }
    });
  });

  describe('refusals', () => {
    it('an accepted check-in whose window went by without a start says it was missed, on both sides', async function () {
      this.timeout(60_000);
      const { s, sup, agent } = await bothSides();
      const at = START + 25 * HOUR;
      const c = await proposed(s, sup, at);
      await s.agent.answerCheckIn(c.id, 'accepted');
      await advance(s.c, at + 20 * 60_000 - START, sup.el, agent.el);
      const missed = 'Missed: its window passed without a start';
      await waitUntil(() => sup.h.rows()[0]?.state === missed && agent.h.rows()[0]?.state === missed, 'both sides say it was missed', { timeout: 3000 });
      for (const el of [sup.el, agent.el]) expect(el.shadowRoot!.querySelector('[part="check-in"]')!.textContent, 'no "Starts 20 minutes ago"').to.not.contain('Starts');
    });

    it('a proposal whose time has gone by: Accept says why while its window closes, then it lapses on both sides with nothing left to answer, and the agent is told', async function () {
      this.timeout(60_000);
      const s = await scene();
      const sup = await mount(s.lead, { agentId: s.agentId });
      // The agent's element is told of a narrower window than the platform's ten minutes.
      const agent = await mount(s.agent, { windowMs: 5 * 60_000 });
      const at = START + 25 * HOUR;
      const c = await proposed(s, sup, at);
      await advance(s.c, 10, agent.el);
      expect(agent.h.rows()[0]!.actions).to.deep.equal(['accept', 'decline', 'counter']);
      // The agent comes back after the time and the element's window, inside the platform's.
      await advance(s.c, at + 7 * 60_000 - START, sup.el, agent.el);
      await waitUntil(() => agent.h.rows()[0]!.actions.length === 2, 'Accept is withdrawn', { timeout: 3000 });
      const row = agent.h.rows()[0]!;
      expect(row.actions).to.deep.equal(['decline', 'counter']);
      expect(row.blocked['accept']).to.equal('Its time has passed; decline it or propose another time.');
      // The platform's window ends: unanswered, it lapses, and the agent hears it.
      await advance(s.c, 4 * 60_000, sup.el, agent.el);
      const missed = 'Missed: its window passed without a start';
      expect(s.agent.getCheckIns()[0]).to.include({ phase: 'cancelled', answer: 'pending', lapsed: 'window-passed' });
      await waitUntil(() => sup.h.rows()[0]?.state === missed && agent.h.rows()[0]?.state === missed, 'both sides say it was missed', { timeout: 3000 });
      expect(agent.h.rows()[0]!.actions, 'nothing left to answer').to.deep.equal([]);
      await expect(agent.el).to.be.accessible();
      await frame();
      expect(live(agent.el, 'polite')).to.equal(`lead-a: ${missed}.`);
      let refused: unknown;
      await s.agent.answerCheckIn(c.id, 'accepted').catch((e: unknown) => (refused = e));
      expect(isFloorwalkError(refused) && refused.code).to.equal(ErrorCode.Conflict);
    });

    it('an agent’s time that has gone by cannot be accepted: the button says why, and the core refuses it', async function () {
      this.timeout(60_000);
      const { s, sup, agent } = await bothSides();
      const c = await proposed(s, sup, START + 25 * HOUR);
      await advance(s.c, 10, agent.el);
      await agent.h.counter(c.id, START + 2 * HOUR);
      await advance(s.c, 300, sup.el, agent.el);
      expect(sup.h.rows()[0]!.actions).to.deep.equal(['accept-counter', 'refuse-counter']);
      // The supervisor comes back after the agent's time and its window.
      await advance(s.c, 3 * HOUR, sup.el, agent.el);
      // Time alone changes nothing in the store: the shared once-a-second ticker re-renders.
      await waitUntil(() => sup.h.rows()[0]!.actions.length === 1, 'Accept new time is withdrawn', { timeout: 3000 });
      const row = sup.h.rows()[0]!;
      expect(row.actions).to.deep.equal(['refuse-counter']);
      expect(row.blocked['accept-counter']).to.equal('Its window has passed; propose a new one.');
      let refused: unknown;
      await s.lead.respondToCheckInCounter(c.id, true).catch((e: unknown) => (refused = e));
      expect(isFloorwalkError(refused) && refused.code).to.equal(ErrorCode.OutsideWindow);
    });

    it('refuses a start without the agent’s acceptance: disabled with the reason, and the core refuses it too', async () => {
      const s = await scene();
      const sup = await mount(s.lead, { agentId: s.agentId });
      const c = await proposed(s, sup, START + 25 * HOUR);
      const row = sup.h.rows()[0]!;
      expect(row.actions).to.deep.equal(['cancel']);
      expect(row.blocked['start']).to.equal('It can start once the agent accepts.');
      const sent = s.lead.getPendingIntents().length;
      await sup.h.act(c.id, 'start');
      await frame();
      expect(live(sup.el, 'polite')).to.equal('It can start once the agent accepts.');
      expect(s.lead.getPendingIntents().length, 'the disabled button sent nothing').to.equal(sent);
      let refused: unknown;
      await s.lead.startCheckIn(c.id).catch((e: unknown) => (refused = e));
      expect(isFloorwalkError(refused) && refused.code).to.equal(ErrorCode.Conflict);
    });

    it('refuses a start before the window: where the host’s window is wider than the policy’s, the core refuses and the element shows why', async () => {
      const s = await scene();
      // The element believes two days of window; the tenant's policy (10 minutes) governs.
      const sup = await mount(s.lead, { agentId: s.agentId, windowMs: 48 * HOUR });
      const c = await proposed(s, sup, START + 25 * HOUR);
      await s.agent.answerCheckIn(c.id, 'accepted');
      await advance(s.c, 300, sup.el);
      expect(sup.h.rows()[0]!.actions).to.include('start');
      await sup.h.act(c.id, 'start');
      await advance(s.c, 10, sup.el);
      expect(sup.failures.map((f) => f.error.code)).to.deep.equal([ErrorCode.OutsideWindow]);
      expect(plain(sup.h.rows()[0]!.message)).to.equal('Not done. It is outside the check-in’s window.');
      expect(sup.el.matches(':state(failed)')).to.equal(true);
      expect(s.lead.getCheckIns()[0]!.phase ?? 'scheduled').to.equal('scheduled');
    });

    it('a Start not yet possible on another day says which day, and in which zone, its window opens', async () => {
      const s = await scene();
      const sup = await mount(s.lead, { agentId: s.agentId });
      const at = START + 25 * HOUR;
      const c = await proposed(s, sup, at);
      await s.agent.answerCheckIn(c.id, 'accepted');
      await advance(s.c, 300, sup.el);
      const opens = at - s.lead.getPolicy().checkInWindowMs;
      const full = new Intl.DateTimeFormat('en', { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(opens);
      // Tomorrow's 09:50 is not today's: a bare clock time reads as one already gone by.
      expect(plain(sup.h.rows()[0]!.blocked['start']!)).to.equal(`It can start from ${full}.`);
    });

    it('enforces the minimum notice in the form, before anything is sent', async () => {
      const s = await scene();
      const sup = await mount(s.lead, { agentId: s.agentId });
      await sup.h.propose({ at: START + 3 * HOUR });
      await advance(s.c, 300, sup.el);
      expect(plain(sup.h.message())).to.contain('Too soon: a check-in needs at least 24 hours notice.');
      expect(sup.el.shadowRoot!.querySelector('#when')!.getAttribute('aria-invalid')).to.equal('true');
      expect(s.lead.getCheckIns()).to.have.length(0);
      expect(plain(sup.el.shadowRoot!.querySelector('[part="hint"]')!.textContent!)).to.match(/^At least 24 hours notice: from /);
    });

    it('an agent’s session forced into the supervisor’s view: the core refuses the proposal and the element says why', async () => {
      const s = await scene();
      const other = s.lead.getAgents()[1]!.id;
      const forced = await mount(s.agent, { agentId: other, view: 'supervisor' });
      await forced.h.propose({ at: START + 26 * HOUR });
      await advance(s.c, 10, forced.el);
      expect(forced.failures.map((f) => [f.action, f.error.code])).to.deep.equal([['propose', ErrorCode.Forbidden]]);
      expect(plain(forced.h.message())).to.contain('Not done. Your role does not allow this.');
      expect(s.lead.getCheckIns()).to.have.length(0);
    });
    it('a cancel the platform rate-limits says how long to wait, not that it was refused, and the check-in stays', async () => {
      const s = await scene();
      const extra: Floorwalk[] = [];
      try {
        const lead = await heldLead(s.c, (c) => extra.push(c));
        const sup = await mount(lead.client, { agentId: s.agentId });
        await sup.h.propose({ at: START + 26 * HOUR });
        await advance(s.c, 300, sup.el);
        const c = lead.client.getCheckIns({ agentId: s.agentId })[0]!;
        expect(sup.h.rows()[0]!.actions).to.include('cancel');
        // As the Genesys adapter rejects a 429: RateLimited, with its Retry-After as measured.
        lead.refuse(new FloorwalkError(ErrorCode.RateLimited, 'Genesys: 429', { details: { retryAfterMs: 8_400 } }));
        await sup.h.act(c.id, 'cancel');
        await advance(s.c, 300, sup.el);
        expect(sup.failures.map((f) => [f.action, f.error.code])).to.deep.equal([['cancel', ErrorCode.RateLimited]]);
        expect(plain(sup.h.message())).to.contain('Not done. The platform is busy: try again in 9 s.');
        expect(live(sup.el, 'assertive')).to.contain('The platform is busy: try again in 9 s.');
        expect(lead.client.getCheckIns({ agentId: s.agentId })[0]!.phase ?? 'scheduled', 'nothing cancelled').to.equal('scheduled');
        registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { 'check-in': checkInEs, common: commonEs } });
        sup.el.lang = 'es';
        await sup.el.updateComplete;
        expect(plain(sup.h.message())).to.contain('La plataforma está ocupada: vuelva a intentarlo en 9 s.');
      } finally {
        for (const client of extra) await client.disconnect();
      }
    });
  });

  describe('keyboard', () => {
    it('the agent answers with the keyboard alone: Tab to Propose another time, Enter, type a time, Enter', async () => {
      const { s, sup, agent } = await bothSides();
      const c = await proposed(s, sup, START + 25 * HOUR);
      await advance(s.c, 10, agent.el);
      agent.el.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="accept"]')!.focus();
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Tab' });
      expect(agent.el.shadowRoot!.activeElement?.getAttribute('data-action')).to.equal('counter');
      await sendKeys({ press: 'Enter' });
      await agent.el.updateComplete;
      await agent.el.updateComplete;
      const field = agent.el.shadowRoot!.activeElement as HTMLInputElement;
      expect(field.id, 'focus moved to the new time').to.equal('counter-when');
      const later = new Date(START + 27 * HOUR);
      // Chromium's datetime-local takes its segments typed in order; the value is set as a person's typing would end.
      field.value = `${later.getFullYear()}-${String(later.getMonth() + 1).padStart(2, '0')}-${String(later.getDate()).padStart(2, '0')}T${String(later.getHours()).padStart(2, '0')}:00`;
      field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      await sendKeys({ press: 'Enter' });
      await advance(s.c, 300, agent.el, sup.el);
      expect(s.lead.getCheckIns().find((x) => x.id === c.id)?.counterFor).to.equal(START + 27 * HOUR);
    });
  });

  describe('each side loaded when first shown', () => {
    it('the supervisor’s form and list, then the agent’s answers, in Spanish too, and the other side when the view changes', async () => {
      registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { 'check-in': checkInEs, common: commonEs } });
      const s = await scene();
      const sup = await mount(s.lead, { agentId: s.agentId });
      // The first update that shows a side is complete only once that side is there.
      expect(sup.el.shadowRoot!.querySelector('[part="form"]'), 'the supervisor’s form').to.not.equal(null);
      expect(sup.el.shadowRoot!.querySelector('[part="prompt"], [data-action="counter"]')).to.equal(null);
      const c = await proposed(s, sup, START + 26 * HOUR, 'Coaching');
      const agent = await fixture<FwCheckIn>(html`<fw-check-in lang="es" .client=${s.agent}></fw-check-in>`);
      await advance(s.c, 10, agent);
      expect(agent.shadowRoot!.querySelector('[part="form"]'), 'no form on the agent’s side').to.equal(null);
      const row = agent.shadowRoot!.querySelector(`[part="check-in"][data-id="${c.id}"]`);
      expect(row, 'the agent sees the proposal').to.not.equal(null);
      expect(row!.querySelector('[data-action="accept"]')!.textContent!.trim()).to.equal('Aceptar');
      (row!.querySelector('[data-action="counter"]') as HTMLButtonElement).click();
      await agent.updateComplete;
      expect(agent.shadowRoot!.querySelector('[part="counter-form"]'), 'the counter-proposal form opens').to.not.equal(null);
      // The agent's element shown as a supervisor's loads that side on the next update.
      agent.view = 'supervisor';
      await agent.updateComplete;
      expect(agent.shadowRoot!.querySelector('[part="propose"]')!.textContent!.trim()).to.equal('Proponer');
    });
  });

  describe('the counter-proposal field', () => {
    it('a time on its quarter-hour steps is never a step mismatch (exposed as invalid), whatever minute it is now', async function () {
      this.timeout(60_000);
      const { s, sup, agent } = await bothSides();
      const c = await proposed(s, sup, START + 25 * HOUR);
      // 09:07: the field's earliest time is not on a step.
      await advance(s.c, 7 * 60_000, agent.el);
      await agent.h.act(c.id, 'counter');
      const when = agent.el.shadowRoot!.querySelector<HTMLInputElement>('#counter-when')!;
      const at = new Date(START + 3 * HOUR);
      const p = (n: number): string => String(n).padStart(2, '0');
      when.value = `${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())}T${p(at.getHours())}:${p(at.getMinutes())}`;
      expect(when.validity.stepMismatch, `min ${when.min}, value ${when.value}`).to.equal(false);
    });
  });

  describe('long text', () => {
    it('a long unbroken topic wraps inside a narrow panel, on both sides and in the join prompt', async function () {
      this.timeout(60_000);
      const { s, sup, agent } = await bothSides();
      for (const el of [sup.el, agent.el]) el.style.cssText = 'display: block; width: 320px';
      const at = START + 25 * HOUR;
      await s.lead.proposeCheckIn(s.agentId, at, 'QualityReview'.repeat(20));
      await advance(s.c, 300, sup.el, agent.el);
      // Every line of the box ends inside the element.
      const fits = (el: HTMLElement, selector: string): void => {
        const right = el.getBoundingClientRect().right;
        const box = el.shadowRoot!.querySelector<HTMLElement>(selector)!;
        const widest = Math.max(...[box, ...box.querySelectorAll('*')].map((n) => n.getBoundingClientRect().right));
        expect(widest, `${selector} overflows sideways`).to.be.at.most(right + 0.5);
      };
      fits(sup.el, '[part="check-in"]');
      fits(agent.el, '[part="check-in"]');
      const c = s.lead.getCheckIns()[0]!;
      await s.agent.answerCheckIn(c.id, 'accepted');
      await advance(s.c, at - START - 600, sup.el, agent.el);
      await s.lead.startCheckIn(c.id);
      await advance(s.c, 300, sup.el, agent.el);
      fits(agent.el, '[part="prompt"]');
    });
  });

  describe('a time the clocks skip or repeat, read in Europe/London', () => {
    // The scenes start on 28 Nov 2026: London's clocks go forward at 01:00 GMT on 28 Mar 2027
    // (01:00–01:59 never happens) and back at 02:00 BST on 31 Oct 2027 (01:00–01:59 happens twice).
    beforeEach(() => emulateZone('Europe/London'));
    afterEach(() => resetZone());
    // The offset as the page's locale names it ("BST" in en-GB, "GMT+1" in en-US).
    const clock = (at: number): string => new Intl.DateTimeFormat('en', { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(at);
    // Functions: the zone is the page's only once each test has started.
    const skipped = (): string => `1:30 AM does not exist in Europe/London that day because the clocks go forward; it would be ${clock(Date.UTC(2027, 2, 28, 1, 30))}.`;
    const twice = (): string => `1:30 AM happens twice in Europe/London that day because the clocks go back: this proposes the first, ${clock(Date.UTC(2027, 9, 31, 0, 30))}, unless you choose the second, ${clock(Date.UTC(2027, 9, 31, 1, 30))}.`;
    const both = (): { label: string; checked: boolean }[] => [
      { label: clock(Date.UTC(2027, 9, 31, 0, 30)), checked: true },
      { label: clock(Date.UTC(2027, 9, 31, 1, 30)), checked: false },
    ];

    it('the supervisor’s form refuses a time the clocks skip, on the field, saying why; nothing is sent', async () => {
      const s = await scene();
      const sup = await mount(s.lead, { agentId: s.agentId });
      await sup.h.propose({ at: '2027-03-28T01:30' });
      await sup.el.updateComplete;
      const when = sup.el.shadowRoot!.querySelector<HTMLInputElement>('#when')!;
      expect(plain(sup.h.message())).to.contain(skipped());
      expect(when.getAttribute('aria-invalid')).to.equal('true');
      expect(when.getAttribute('aria-describedby')).to.equal('form-error notice-hint');
      await waitUntil(() => sup.el.shadowRoot!.activeElement === when, 'focus goes to the time field');
      await advance(s.c, 300, sup.el);
      expect(s.lead.getCheckIns({ agentId: s.agentId }), 'nothing was sent').to.deep.equal([]);
    });

    it('the supervisor’s form proposes an ordinary time that day at the instant typed, with no note', async () => {
      const s = await scene();
      const sup = await mount(s.lead, { agentId: s.agentId });
      await sup.h.propose({ at: '2027-03-28T03:30' });
      await advance(s.c, 300, sup.el);
      expect(sup.h.timeNote()).to.equal('');
      expect(s.lead.getCheckIns({ agentId: s.agentId }).map((c) => c.scheduledFor)).to.deep.equal([Date.UTC(2027, 2, 28, 2, 30)]);
    });

    it('the supervisor’s form notes a time the clocks repeat beside the field before sending, and proposes the first', async () => {
      const s = await scene();
      const sup = await mount(s.lead, { agentId: s.agentId });
      const when = sup.el.shadowRoot!.querySelector<HTMLInputElement>('#when')!;
      when.value = '2027-10-31T01:30';
      when.dispatchEvent(new Event('input'));
      await sup.el.updateComplete;
      expect(plain(sup.h.timeNote())).to.equal(twice());
      expect(sup.h.occurrences(), 'both offered, the first checked').to.deep.equal(both());
      expect(when.getAttribute('aria-describedby')).to.equal('time-note notice-hint');
      await expect(sup.el).to.be.accessible();
      await sup.h.propose({ at: '2027-10-31T01:30' });
      await advance(s.c, 300, sup.el);
      expect(s.lead.getCheckIns({ agentId: s.agentId }).map((c) => c.scheduledFor)).to.deep.equal([Date.UTC(2027, 9, 31, 0, 30)]);
    });

    it('the supervisor’s form voices the note as it appears, not again while it stays, and proposes the second occurrence when chosen', async () => {
      const s = await scene();
      const sup = await mount(s.lead, { agentId: s.agentId });
      const when = sup.el.shadowRoot!.querySelector<HTMLInputElement>('#when')!;
      when.value = '2027-10-31T01:30';
      when.dispatchEvent(new Event('input'));
      await sup.el.updateComplete;
      await voicedOnce(sup.el, 'polite', twice());
      const region = sup.el.shadowRoot!.querySelector('[part="time-note"]')!.parentElement!;
      const changes = new MutationObserver(() => undefined);
      changes.observe(region, { subtree: true, childList: true, characterData: true });
      const topic = sup.el.shadowRoot!.querySelector<HTMLInputElement>('#topic')!;
      topic.value = 'Quality review';
      topic.dispatchEvent(new Event('input'));
      when.dispatchEvent(new Event('input'));
      sup.el.requestUpdate();
      await sup.el.updateComplete;
      expect(changes.takeRecords(), 'nothing new to say').to.deep.equal([]);
      changes.disconnect();
      const group = sup.el.shadowRoot!.querySelector('[part="time-choice"]')!;
      expect(group.localName).to.equal('fieldset');
      expect(plain(group.querySelector('legend')!.textContent!)).to.equal('Which 1:30 AM?');
      group.querySelector<HTMLInputElement>('input[value="first"]')!.focus();
      await sendKeys({ press: 'ArrowDown' });
      await sup.el.updateComplete;
      expect(sup.h.occurrences().map((o) => o.checked), 'chosen by keyboard').to.deep.equal([false, true]);
      await expect(sup.el).to.be.accessible();
      sup.el.shadowRoot!.querySelector<HTMLButtonElement>('[part="propose"]')!.click();
      await sup.el.updateComplete;
      await advance(s.c, 300, sup.el);
      expect(s.lead.getCheckIns({ agentId: s.agentId }).map((c) => c.scheduledFor), 'the second, 01:30 UTC').to.deep.equal([Date.UTC(2027, 9, 31, 1, 30)]);
      expect(sup.h.occurrences(), 'gone with the time once proposed').to.deep.equal([]);
    });

    it('the agent’s counter-proposal: a skipped time is refused and not sent; a repeated one is noted and the first sent', async () => {
      const { s, sup, agent } = await bothSides();
      const c = await proposed(s, sup, START + 25 * HOUR);
      await advance(s.c, 10, agent.el);
      await agent.h.counter(c.id, '2027-03-28T01:30');
      const when = agent.el.shadowRoot!.querySelector<HTMLInputElement>('#counter-when')!;
      expect(plain(agent.el.shadowRoot!.querySelector('#counter-error')?.textContent ?? '')).to.contain(skipped());
      expect(when.getAttribute('aria-invalid')).to.equal('true');
      expect(when.getAttribute('aria-describedby')).to.equal('counter-error');
      await waitUntil(() => agent.el.shadowRoot!.activeElement === when, 'focus goes to the time field');
      await advance(s.c, 300, sup.el, agent.el);
      expect(s.agent.getCheckIns()[0]!.counterFor, 'nothing was sent').to.equal(undefined);

      when.value = '2027-10-31T01:30';
      when.dispatchEvent(new Event('input'));
      await agent.el.updateComplete;
      expect(plain(agent.h.timeNote())).to.equal(twice());
      expect(agent.h.occurrences()).to.deep.equal(both());
      expect(when.getAttribute('aria-describedby')).to.equal('counter-note');
      agent.el.shadowRoot!.querySelector<HTMLFormElement>('[part="counter-form"]')!.requestSubmit();
      await agent.el.updateComplete;
      await advance(s.c, 300, sup.el, agent.el);
      expect(s.agent.getCheckIns()[0]!.counterFor, 'the first, 00:30 UTC').to.equal(Date.UTC(2027, 9, 31, 0, 30));
    });

    it('the agent’s counter-proposal voices the note as soon as a repeated time is typed, and sends the second occurrence when chosen', async () => {
      const { s, sup, agent } = await bothSides();
      const c = await proposed(s, sup, START + 25 * HOUR);
      await advance(s.c, 10, agent.el);
      await agent.h.act(c.id, 'counter');
      const when = agent.el.shadowRoot!.querySelector<HTMLInputElement>('#counter-when')!;
      when.value = '2027-10-31T01:30';
      when.dispatchEvent(new Event('input'));
      await agent.el.updateComplete;
      expect(plain(agent.h.timeNote()), 'shown as the time is typed, not at the next tick').to.equal(twice());
      await voicedOnce(agent.el, 'polite', twice());
      expect(agent.h.occurrences()).to.deep.equal(both());
      await agent.h.chooseOccurrence('second');
      expect(agent.h.occurrences().map((o) => o.checked)).to.deep.equal([false, true]);
      await expect(agent.el).to.be.accessible();
      agent.el.shadowRoot!.querySelector<HTMLFormElement>('[part="counter-form"]')!.requestSubmit();
      await agent.el.updateComplete;
      await advance(s.c, 300, sup.el, agent.el);
      expect(s.agent.getCheckIns()[0]!.counterFor, 'the second, 01:30 UTC').to.equal(Date.UTC(2027, 9, 31, 1, 30));
    });

    it('says both in Spanish', async () => {
      registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { 'check-in': checkInEs, common: commonEs } });
      const s = await scene();
      const el = await fixture<FwCheckIn>(html`<fw-check-in lang="es" .client=${s.lead} agent-id=${s.agentId}></fw-check-in>`);
      const h = new FwCheckInHarness(el);
      const when = el.shadowRoot!.querySelector<HTMLInputElement>('#when')!;
      when.value = '2027-10-31T01:30';
      when.dispatchEvent(new Event('input'));
      await el.updateComplete;
      const note = /^La hora 1:30 se repite en Europe\/London ese día porque se atrasan los relojes: se propone la primera, 1:30 .+, salvo que elija la segunda, 1:30 .+\.$/;
      expect(plain(h.timeNote())).to.match(note);
      await voicedOnce(el, 'polite', note);
      expect(plain(el.shadowRoot!.querySelector('[part="time-choice"] legend')!.textContent!)).to.equal('¿Cuál de las 1:30?');
      const es = (at: number): string => new Intl.DateTimeFormat('es', { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(at);
      expect(h.occurrences()).to.deep.equal([
        { label: es(Date.UTC(2027, 9, 31, 0, 30)), checked: true },
        { label: es(Date.UTC(2027, 9, 31, 1, 30)), checked: false },
      ]);
      await h.propose({ at: '2027-03-28T01:30' });
      await el.updateComplete;
      expect(plain(h.message())).to.match(/La hora 1:30 no existe en Europe\/London ese día porque se adelantan los relojes; sería 2:30 .+\. Elija otra hora\./);
    });
  });

  describe('localisation and theming', () => {
    it('shows times in the viewer’s own zone and says which, on either side of a DST change; the time fields name their zone', async function () {
      this.timeout(60_000);
      const { s, sup, agent } = await bothSides();
      // One tomorrow and one after Europe's and North America's spring change (28 and 14 March 2027).
      const times = [START + 25 * HOUR, Date.UTC(2027, 2, 29, 14, 30)];
      const c = await proposed(s, sup, times[0]!);
      await proposed(s, sup, times[1]!);
      await advance(s.c, 10, agent.el);
      const zone = (at: number): string => new Intl.DateTimeFormat('en', { timeZoneName: 'short' }).formatToParts(at).find((p) => p.type === 'timeZoneName')!.value;
      const clock = (at: number): string => new Intl.DateTimeFormat('en', { hour: 'numeric', minute: '2-digit' }).format(at);
      for (const el of [sup.el, agent.el]) {
        const shown = [...el.shadowRoot!.querySelectorAll('[part="time"]')].map((t) => t.textContent!);
        expect(shown).to.have.length(2);
        shown.forEach((text, i) => expect(text, 'the wall time here, and the zone of that date').to.contain(clock(times[i]!)).and.contain(zone(times[i]!)));
      }
      const here = `(${Intl.DateTimeFormat().resolvedOptions().timeZone})`;
      expect(sup.el.shadowRoot!.querySelector('#when')!.closest('label')!.textContent).to.contain(here);
      expect(sup.el.shadowRoot!.querySelector('[part="hint"]')!.textContent).to.contain(zone(START + 24 * HOUR));
      await agent.h.act(c.id, 'counter');
      expect(agent.el.shadowRoot!.querySelector('#counter-when')!.closest('label')!.textContent).to.contain(here);
    });

    it('speaks Spanish', async () => {
      registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { 'check-in': checkInEs, common: commonEs } });
      const s = await scene();
      const el = await fixture<FwCheckIn>(html`<fw-check-in lang="es" .client=${s.lead} agent-id=${s.agentId}></fw-check-in>`);
      expect(el.shadowRoot!.querySelector('[part="propose"]')!.textContent!.trim()).to.equal('Proponer');
      expect(plain(el.shadowRoot!.querySelector('[part="hint"]')!.textContent!)).to.match(/^Con al menos 24 horas de antelación/);
    });

    it('takes its colours from tokens and knobs', async () => {
      const s = await scene();
      const el = await fixture<FwCheckIn>(html`<fw-check-in .client=${s.lead} style="--fw-check-in-background: rgb(7, 8, 9)"></fw-check-in>`);
      expect(getComputedStyle(el.shadowRoot!.querySelector('[part="base"]')!).backgroundColor).to.equal('rgb(7, 8, 9)');
    });
  });

  describe('tenant policy', () => {
    it('asks the notice and window the policy has in force, following a live change, unless the host overrides them', async () => {
      const s = await scene();
      const admin = await s.c.seat({ userId: 'admin-1', role: 'admin', teamIds: 'all' });
      const el = await fixture<FwCheckIn>(html`<fw-check-in .client=${s.lead} .agentId=${s.agentId}></fw-check-in>`);
      const hint = (): string => plain(el.shadowRoot!.querySelector('[part~="hint"]')?.textContent ?? '').trim();
      expect(el.noticeMs).to.equal(undefined);
      expect(hint()).to.match(/^At least 24 hours notice/);
      await admin.setPolicy({ checkInNoticeMs: 2 * HOUR });
      await advance(s.c, 300, el);
      expect(s.lead.getPolicy().checkInNoticeMs).to.equal(2 * HOUR);
      expect(hint()).to.match(/^At least 2 hours notice/);
      // A proposal inside the new notice goes through the element and the core alike.
      const h = new FwCheckInHarness(el);
      const at = Math.ceil((s.c.clock.now() + 3 * HOUR) / 900_000) * 900_000;
      await h.propose({ at });
      await advance(s.c, 300, el);
      expect(s.lead.getCheckIns({ agentId: s.agentId }).some((c) => c.scheduledFor === at)).to.equal(true);
      // The attribute still overrides, for hosts that set it.
      el.setAttribute('notice-ms', String(30 * 60_000));
      await el.updateComplete;
      expect(hint()).to.match(/^At least 30 minutes notice/);
      el.removeAttribute('notice-ms');
      await el.updateComplete;
      expect(hint()).to.match(/^At least 2 hours notice/);
    });
  });
});
