import { createFloorwalk, type Adapter, type AdapterSink, type Floorwalk, type FloorwalkEvent, type MonitoringMode, type Session } from '@floorwalk/core';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { type Centre, createCentre, newestCall, liveText as live, settle } from '../../../test/centre.js';
import { setTickPeriod } from '../../internal/controllers/tick-controller.js';
import { commonEs } from '../../internal/common-strings.es.js';
import { registerTranslation } from '../../internal/localize.js';
import { FwProvider } from '../fw-provider/fw-provider.js';
import { monitoringNoticeEs } from './fw-monitoring-notice.es.js';
import { FwMonitoringNotice } from './fw-monitoring-notice.js';
import { plain } from '../../../test/isolates.js';

FwMonitoringNotice.define('fw-monitoring-notice');
FwProvider.define('fw-provider');

let centre: Centre | undefined;
const UNTOLD = 'No one is monitoring you here now, but a supervisor may listen to, whisper in or join your conversations from the platform without this page telling you.';
/** Clients a test made beside the centre's, disconnected after it. */
const others: Floorwalk[] = [];

const text = (el: Element | null | undefined): string => plain(el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const parts = (el: FwMonitoringNotice, name: string): Element[] => [...el.shadowRoot!.querySelectorAll(`[part~="${name}"]`)];
const part = (el: FwMonitoringNotice, name: string): Element | null => el.shadowRoot!.querySelector(`[part~="${name}"]`);

/** A supervisor's centre, an agent on a connected interaction, and that agent's own client beside it. */
async function scene(latencyMs = 150): Promise<{ c: Centre; supervisor: Floorwalk; agent: Floorwalk; agentId: string; interactionId: string }> {
  const c = await createCentre({ latencyMs });
  centre = c;
  // The most recently connected, so it outlasts the test's few simulated minutes.
  const interaction = newestCall(c.client);
  expect(interaction, 'someone is on a connected interaction').to.not.equal(undefined);
  const agentId = interaction!.agentId!;
  const session: Session = { userId: agentId, role: 'agent', agentId, teamIds: [] };
  const agent = await c.seat(session);
  return { c, supervisor: c.client, agent, agentId, interactionId: interaction!.id };
}

/** An agent's own client, and a barge its platform shows without naming the supervisor (Amazon Connect's CCP without an ARN). */
async function unnamedBarge(): Promise<{ agent: Floorwalk; start(): Promise<void>; end(): Promise<void> }> {
  const agentId = 'agent-1';
  const c = await createCentre({ session: { userId: agentId, role: 'agent', agentId, teamIds: [] } });
  centre = c;
  const at = c.clock.now();
  const session = { id: 'mon:c-9:conn-7', mode: 'barge', supervisorId: 'unknown', supervisorKnown: false, agentId, interactionId: 'c-9', startedAt: at } as const;
  return {
    agent: c.client,
    start: () => c.emit([{ type: 'monitoring', id: 'unnamed-start', at, source: 'test', session }]),
    end: () => c.emit([{ type: 'monitoring', id: 'unnamed-end', at: at + 60_000, source: 'test', session: { ...session, endedAt: at + 60_000 } }]),
  };
}

/**
 * An agent's own client, and a supervisor viewing their screen as Genesys reports it at agent level:
 * a `screen` session on no interaction.
 */
async function screenView(): Promise<{ agent: Floorwalk; start(): Promise<void>; end(): Promise<void> }> {
  const agentId = 'agent-1';
  const c = await createCentre({ session: { userId: agentId, role: 'agent', agentId, teamIds: [] } });
  centre = c;
  const at = c.clock.now();
  const session = { id: 'c-view:leg-sup', mode: 'screen', supervisorId: 'sup-7', agentId, startedAt: at } as const;
  return {
    agent: c.client,
    start: () => c.emit([{ type: 'monitoring', id: 'view-start', at, source: 'test', session }]),
    end: () => c.emit([{ type: 'monitoring', id: 'view-end', at: at + 120_000, source: 'test', session: { ...session, endedAt: at + 120_000 } }]),
  };
}

/**
 * The agent's own client on a seat whose network the test plays, not yet connected: `hold()`
 * keeps the platform's snapshots back until `release()` (a page reloaded on a slow link, a
 * resync still on its way); `drop()` loses the link (events sent meanwhile are lost, as they are
 * on a real outage) and `restore()` brings it back, which makes the client resync.
 */
function ownSeat(c: Centre, session: Session): { client: Floorwalk; hold(): void; release(): void; drop(): void; restore(): void; emit(events: readonly FloorwalkEvent[]): void } {
  const seat = c.adapter.seat({ person: session.agentId ?? session.userId });
  let sink: AdapterSink | undefined;
  let down = false;
  let gate: Promise<void> | undefined;
  let open: (() => void) | undefined;
  const adapter: Adapter = {
    ...seat,
    connect: (s) => {
      sink = s;
      return seat.connect({ ...s, events: (batch) => (down ? undefined : s.events(batch)) });
    },
    snapshot: async () => {
      await gate;
      return seat.snapshot();
    },
  };
  const client = createFloorwalk({ adapter, clock: c.clock, session });
  others.push(client);
  return {
    client,
    hold: () => void (gate = new Promise((resolve) => (open = resolve))),
    release: () => open?.(),
    drop: () => {
      down = true;
      sink?.status('reconnecting');
    },
    restore: () => {
      down = false;
      sink?.status('live');
    },
    // As the platform would send it, unchecked: the client validates what adapters deliver.
    emit: (events) => sink?.events(events),
  };
}

/** Every announcement the element asks for from now on, in order, as `politeness: words`. */
function said(el: HTMLElement): string[] {
  const out: string[] = [];
  el.addEventListener('fw-internal-announce', (e) => out.push(`${e.politeness}: ${plain(e.message)}`));
  return out;
}

async function mount(client: Floorwalk | undefined, attrs: { historyLimit?: number; noHistory?: boolean } = {}): Promise<FwMonitoringNotice> {
  return fixture<FwMonitoringNotice>(
    html`<fw-monitoring-notice .client=${client} history-limit=${attrs.historyLimit ?? 10} ?no-history=${attrs.noHistory ?? false}></fw-monitoring-notice>`,
  );
}

/** Moves simulated time on, then lets the element render what arrived. */
async function advance(c: Centre, el: FwMonitoringNotice, ms: number): Promise<void> {
  await c.advance(ms);
  await el.updateComplete;
}

/** The session of the agent's own page. */
const agentOf = (agentId: string): Session => ({ userId: agentId, role: 'agent', agentId, teamIds: [] });

/** The agent's own page (a seat whose link a test can drop) with the element on it, while monitoring in `mode` runs. */
async function monitoredSeat(mode: MonitoringMode): Promise<Awaited<ReturnType<typeof scene>> & { seat: ReturnType<typeof ownSeat>; el: FwMonitoringNotice }> {
  const s = await scene();
  const seat = ownSeat(s.c, agentOf(s.agentId));
  await seat.client.connect();
  const el = await mount(seat.client);
  await s.supervisor.startMonitoring(s.agentId, s.interactionId, mode);
  await advance(s.c, el, 200);
  return { ...s, seat, el };
}

/** Brings the seat's link back and lets the resync land in the element. */
async function backLive(c: Centre, seat: ReturnType<typeof ownSeat>, el: FwMonitoringNotice): Promise<void> {
  seat.restore();
  await waitUntil(() => seat.client.status === 'live', 'back live');
  await advance(c, el, 0);
}

describe('fw-monitoring-notice', () => {
  afterEach(async () => {
    for (const client of others.splice(0)) await client.disconnect();
    await centre?.close();
    centre = undefined;
  });

  describe('accessibility', () => {
    it('is accessible unmonitored, in each mode, with history, without an agent and without a client', async () => {
      const { c, supervisor, agent, agentId, interactionId } = await scene();
      const el = await mount(agent);
      await expect(el).to.be.accessible();
      await supervisor.startMonitoring(agentId, interactionId, 'listen');
      await advance(c, el, 200);
      expect(el.matches(':state(listen)')).to.equal(true);
      await expect(el).to.be.accessible();
      const id = supervisor.getMonitoringSessions({ agentId, active: true })[0]!.id;
      for (const mode of ['whisper', 'barge'] as const) {
        await supervisor.changeMonitoringMode(id, mode);
        await advance(c, el, 200);
        expect(el.matches(`:state(${mode})`), mode).to.equal(true);
        await expect(el).to.be.accessible();
      }
      await supervisor.stopMonitoring(id);
      await advance(c, el, 200);
      expect(parts(el, 'entry')).to.have.length(1);
      await expect(el).to.be.accessible();

      const asSupervisor = await mount(supervisor);
      expect(asSupervisor.matches(':state(unavailable)')).to.equal(true);
      await expect(asSupervisor).to.be.accessible();
      const lone = await mount(undefined);
      expect(text(part(lone, 'empty'))).to.equal('Not connected to Floorwalk.');
      await expect(lone).to.be.accessible();
    });

    it('names its section by its heading, at the heading level asked for', async () => {
      const { agent } = await scene();
      const el = await fixture<FwMonitoringNotice>(html`<fw-monitoring-notice .client=${agent} heading-level="2"></fw-monitoring-notice>`);
      expect(part(el, 'base')!.getAttribute('aria-labelledby')).to.equal('heading');
      expect(part(el, 'heading')!.getAttribute('role')).to.equal('heading');
      expect(part(el, 'heading')!.getAttribute('aria-level')).to.equal('2');
      expect(part(el, 'history-heading')!.getAttribute('aria-level')).to.equal('3');
    });
  });

  describe('defaults', () => {
    it('says no one is monitoring, with an empty history', async () => {
      const { agent } = await scene();
      const el = await mount(agent);
      expect([el.historyLimit, el.headingLevel, el.noHistory, el.displayName]).to.deep.equal([10, 3, false, undefined]);
      expect(text(part(el, 'status'))).to.equal('No one is monitoring you now.');
      expect(parts(el, 'session')).to.have.length(0);
      expect(text(part(el, 'empty'))).to.equal('No one has monitored you since you signed in.');
      expect(el.matches(':state(monitored)')).to.equal(false);
      expect(el.matches(':state(unavailable)')).to.equal(false);
    });

    it('takes its client from an fw-provider', async () => {
      const { agent } = await scene();
      const wrapper = await fixture<FwProvider>(html`<fw-provider .client=${agent}><fw-monitoring-notice></fw-monitoring-notice></fw-provider>`);
      const el = wrapper.querySelector('fw-monitoring-notice')!;
      await el.updateComplete;
      expect(text(part(el, 'status'))).to.equal('No one is monitoring you now.');
    });

    it('where the platform tells the agent of no monitoring (Amazon Connect, Twilio), never says flatly that no one is monitoring', async () => {
      const agentId = 'agent-1';
      centre = await createCentre({ session: { userId: agentId, role: 'agent', agentId, teamIds: [] }, agentSeesMonitoring: false });
      const el = await mount(centre.client);
      expect(text(part(el, 'status'))).to.equal(UNTOLD);
      await expect(el).to.be.accessible();
    });

    it('says so too over a backplane, which tells the agent only of monitoring started through Floorwalk', async () => {
      const agentId = 'agent-1';
      centre = await createCentre({ session: { userId: agentId, role: 'agent', agentId, teamIds: [] }, outsideMonitoringUntold: true });
      expect(centre.client.capabilities.agentSeesMonitoring).to.equal(true);
      const el = await mount(centre.client);
      expect(text(part(el, 'status'))).to.equal(UNTOLD);
    });

    it('explains that a session without an agent record cannot be monitored', async () => {
      const { supervisor } = await scene();
      const el = await mount(supervisor);
      expect(text(part(el, 'empty'))).to.equal('This session has no agent record, so no one can monitor it.');
    });
  });

  describe('what the agent sees', () => {
    it('appears as soon as another client starts listening, assertively announced, and explains the mode', async () => {
      const { c, supervisor, agent, agentId, interactionId } = await scene(150);
      const el = await mount(agent);
      await supervisor.startMonitoring(agentId, interactionId, 'listen');
      await advance(c, el, 100);
      expect(parts(el, 'session'), 'not before the platform reports it').to.have.length(0);
      await advance(c, el, 60);
      const sessions = parts(el, 'session');
      expect(sessions).to.have.length(1);
      expect(text(part(el, 'who'))).to.equal('sup-1 is listening (Listen)');
      expect(text(part(el, 'explanation'))).to.equal('They can hear you and the customer. Neither of you can hear them.');
      expect(text(part(el, 'since'))).to.match(/^Since .+ \(0:00\)$/);
      expect(part(el, 'status')).to.equal(null);
      expect(el.matches(':state(monitored)') && el.matches(':state(listen)')).to.equal(true);
      await waitUntil(
        () => live(el, 'assertive') === 'sup-1 started monitoring you in Listen mode. They can hear you and the customer. Neither of you can hear them.',
        'the start is announced assertively',
      );
      // The history already lists the running session.
      expect(text(part(el, 'entry'))).to.match(/^sup-1 Listen .+ – now$/);
    });

    it('updates on a mode change and clears on the end, a change into whisper or barge announced assertively, back to listen and the end politely, and keeps the history', async () => {
      const { c, supervisor, agent, agentId, interactionId } = await scene();
      const el = await mount(agent);
      await supervisor.startMonitoring(agentId, interactionId, 'listen');
      await advance(c, el, 200);
      const id = supervisor.getMonitoringSessions({ agentId, active: true })[0]!.id;

      await supervisor.changeMonitoringMode(id, 'whisper');
      await advance(c, el, 200);
      expect(text(part(el, 'who'))).to.equal('sup-1 is whispering to you (Whisper)');
      expect(text(part(el, 'explanation'))).to.contain('The customer cannot hear them.');
      expect(el.matches(':state(listen)')).to.equal(false);
      expect(el.matches(':state(whisper)')).to.equal(true);
      await waitUntil(() => live(el, 'assertive').startsWith('sup-1 switched to Whisper mode.'), 'the change into whisper is announced assertively');
      await supervisor.changeMonitoringMode(id, 'barge');
      await advance(c, el, 200);
      await waitUntil(() => live(el, 'assertive').startsWith('sup-1 switched to Barge mode.'), 'the change into barge is announced assertively');
      await supervisor.changeMonitoringMode(id, 'listen');
      await advance(c, el, 200);
      await waitUntil(() => live(el, 'polite').startsWith('sup-1 switched to Listen mode.'), 'the change back to listen is announced politely');

      await c.advance(60_000);
      await supervisor.stopMonitoring(id);
      await advance(c, el, 200);
      expect(parts(el, 'session')).to.have.length(0);
      expect(text(part(el, 'status'))).to.equal('No one is monitoring you now.');
      expect(el.matches(':state(monitored)')).to.equal(false);
      await waitUntil(() => live(el, 'polite') === 'sup-1 stopped monitoring you.', 'the end is announced politely');
      const entry = part(el, 'entry')!;
      expect(entry.getAttribute('data-ended')).to.equal('true');
      expect(text(entry)).to.match(/^sup-1 Listen, then Whisper, then Barge, then Listen .+ – .+ \(1 minute.*\)$/);
    });

    it('lists past sessions newest first, up to history-limit, and hides them with no-history', async () => {
      const { c, supervisor, agent, agentId, interactionId } = await scene();
      const el = await mount(agent, { historyLimit: 1 });
      for (const mode of ['barge', 'listen'] as const) {
        await supervisor.startMonitoring(agentId, interactionId, mode);
        await advance(c, el, 200);
        const id = supervisor.getMonitoringSessions({ agentId, active: true })[0]!.id;
        await supervisor.stopMonitoring(id);
        await advance(c, el, 200);
      }
      expect(agent.getMonitoringSessions({ agentId })).to.have.length(2);
      const entries = parts(el, 'entry');
      expect(entries).to.have.length(1);
      expect(text(entries[0]).startsWith('sup-1 Listen'), 'the newest first').to.equal(true);
      el.historyLimit = 5;
      await el.updateComplete;
      expect(parts(el, 'entry').map((e) => text(e).split(' ')[1])).to.deep.equal(['Listen', 'Barge']);
      el.noHistory = true;
      await el.updateComplete;
      expect(part(el, 'history')).to.equal(null);
      expect(el.hasAttribute('no-history')).to.equal(true);
    });

    it('tells an agent who opens it mid-session, and names supervisors through displayName', async () => {
      const { c, supervisor, agent, agentId, interactionId } = await scene();
      await supervisor.startMonitoring(agentId, interactionId, 'whisper');
      await c.advance(200);
      expect(agent.getMonitoringSessions({ agentId, active: true }), 'the agent’s client knows').to.have.length(1);
      const el = await fixture<FwMonitoringNotice>(
        html`<fw-monitoring-notice .client=${agent} .displayName=${(id: string) => (id === 'sup-1' ? 'Dana Reyes' : undefined)}></fw-monitoring-notice>`,
      );
      expect(text(part(el, 'who'))).to.equal('Dana Reyes is whispering to you (Whisper)');
      await waitUntil(() => live(el, 'assertive').startsWith('Dana Reyes is monitoring you in Whisper mode.'), 'announced on arrival');
    });

    it('shows a session that ended with its interaction', async () => {
      const { c, supervisor, agent, agentId, interactionId } = await scene();
      const el = await mount(agent);
      await supervisor.startMonitoring(agentId, interactionId, 'listen');
      await advance(c, el, 200);
      expect(parts(el, 'session')).to.have.length(1);
      // Run the floor on until the interaction is over; the platform ends the session with it.
      for (let i = 0; i < 120 && agent.getInteraction(interactionId)?.state !== 'ended'; i++) await c.advance(10_000);
      await el.updateComplete;
      expect(agent.getInteraction(interactionId)?.state).to.equal('ended');
      expect(parts(el, 'session')).to.have.length(0);
      expect(part(el, 'entry')!.getAttribute('data-ended')).to.equal('true');
    });

    it('names a supervisor the platform did not name "A supervisor", never by the stand-in id nor through displayName', async () => {
      const barge = await unnamedBarge();
      const el = await mount(barge.agent);
      el.displayName = (id) => `Name of ${id}`;
      await barge.start();
      await el.updateComplete;
      expect(text(part(el, 'who'))).to.equal('A supervisor has joined your conversation (Barge)');
      expect(text(part(el, 'entry'))).to.match(/^A supervisor Barge .+ – now$/);
      await waitUntil(() => live(el, 'assertive').startsWith('A supervisor started monitoring you in Barge mode.'), 'the start names no one');
      await barge.end();
      await el.updateComplete;
      await waitUntil(() => live(el, 'polite') === 'A supervisor stopped monitoring you.', 'the end names no one');
      expect(el.shadowRoot!.textContent).to.not.contain('unknown');
    });
  });

  describe('screen monitoring', () => {
    it('tells the agent a supervisor is viewing their screen: shown, announced at once, listed in the history, and its end told', async () => {
      const view = await screenView();
      const el = await mount(view.agent);
      await view.start();
      await el.updateComplete;
      expect(text(part(el, 'who'))).to.equal('sup-7 is viewing your screen (Screen view)');
      expect(text(part(el, 'explanation'))).to.equal('They can see what is on your screen, but cannot control it.');
      expect(el.matches(':state(monitored)') && el.matches(':state(screen)')).to.equal(true);
      expect(el.matches(':state(listen)')).to.equal(false);
      await waitUntil(
        () => live(el, 'assertive') === 'sup-7 is viewing your screen. They can see what is on your screen, but cannot control it.',
        'the view is announced assertively, as what it is',
      );
      expect(text(part(el, 'entry'))).to.match(/^sup-7 Screen view .+ – now$/);
      await expect(el).to.be.accessible();

      await view.end();
      await el.updateComplete;
      expect(parts(el, 'session')).to.have.length(0);
      expect(el.matches(':state(screen)')).to.equal(false);
      await waitUntil(() => live(el, 'polite') === 'sup-7 stopped viewing your screen.', 'the end is announced politely');
      const entry = part(el, 'entry')!;
      expect(entry.getAttribute('data-ended')).to.equal('true');
      expect(text(entry)).to.match(/^sup-7 Screen view .+ – .+ \(2 minutes\)$/);
    });

    it('tells it in Spanish with lang="es"', async () => {
      registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { common: commonEs, 'monitoring-notice': monitoringNoticeEs } });
      const view = await screenView();
      const el = await fixture<FwMonitoringNotice>(html`<fw-monitoring-notice lang="es" .client=${view.agent}></fw-monitoring-notice>`);
      await view.start();
      await el.updateComplete;
      expect(text(part(el, 'who'))).to.equal('sup-7 está viendo su pantalla (Vista de pantalla)');
      expect(text(part(el, 'explanation'))).to.equal('Puede ver lo que hay en su pantalla, pero no controlarla.');
      await waitUntil(() => live(el, 'assertive') === 'sup-7 está viendo su pantalla. Puede ver lo que hay en su pantalla, pero no controlarla.');
      expect(text(part(el, 'entry'))).to.match(/^sup-7 Vista de pantalla .+ – ahora$/);
      await view.end();
      await waitUntil(() => live(el, 'polite') === 'sup-7 dejó de ver su pantalla.');
    });
  });

  describe('live updates', () => {
    before(() => setTickPeriod(40));
    after(() => setTickPeriod(1000));

    it('ticks the time since the session began', async () => {
      const { c, supervisor, agent, agentId, interactionId } = await scene();
      const el = await mount(agent);
      await supervisor.startMonitoring(agentId, interactionId, 'listen');
      await advance(c, el, 200);
      const before = text(part(el, 'since'));
      expect(before).to.match(/\(0:00\)$/);
      c.clock.advance(65_000);
      await waitUntil(() => text(part(el, 'since')) !== before, 'the elapsed time moves with the client’s clock');
      expect(agent.getMonitoringSessions({ agentId, active: true }), 'still monitored').to.have.length(1);
      expect(text(part(el, 'since'))).to.match(/\(1:05\)$/);
    });
  });

  describe('tenant policy', () => {
    it('says at once, assertively, that notices went off, in place of the sessions; back on, it shows a session still running', async () => {
      const { c, supervisor, agent, agentId, interactionId } = await scene();
      const admin = await c.seat({ userId: 'admin-1', role: 'admin', teamIds: 'all' });
      const el = await mount(agent);
      await admin.setPolicy({ monitoringNotice: false });
      await advance(c, el, 200);
      expect(el.matches(':state(notices-off)')).to.equal(true);
      expect(text(part(el, 'notices-off'))).to.equal(
        'Your organisation has turned off monitoring notices. A supervisor may listen to, whisper in or join your conversations, or view your screen, without this page telling you.',
      );
      expect(part(el, 'notices-off')?.getAttribute('role')).to.equal('note');
      expect(part(el, 'status'), 'never "no one is monitoring you" while the agent would not be told').to.equal(null);
      await waitUntil(
        () => live(el, 'assertive') === 'Monitoring notices are now off. You will no longer be told here when a supervisor monitors you.',
        'the change is announced assertively',
      );
      await expect(el).to.be.accessible();
      await supervisor.startMonitoring(agentId, interactionId, 'listen');
      await advance(c, el, 200);
      expect(parts(el, 'session')).to.have.length(0);
      expect(supervisor.getMonitoringSessions({ agentId, active: true })).to.have.length(1);

      await admin.setPolicy({ monitoringNotice: true });
      await advance(c, el, 200);
      await advance(c, el, 0);
      expect(el.matches(':state(notices-off)')).to.equal(false);
      expect(part(el, 'notices-off')).to.equal(null);
      expect(parts(el, 'session'), 'the running session shows once notices are back').to.have.length(1);
      expect(text(part(el, 'who'))).to.equal('sup-1 is listening (Listen)');
    });
  });

  describe('what is true now', () => {
    const whisperOn = 'sup-1 is monitoring you in Whisper mode. They can hear you and the customer, and talk to you. The customer cannot hear them.';
    const listenOn = 'sup-1 is monitoring you in Listen mode. They can hear you and the customer. Neither of you can hear them.';
    const backOn = 'polite: Monitoring notices are back on. You will be told here when a supervisor monitors you.';

    it('while notices are off, lists no session from before as ongoing; back on, tells how it ended', async () => {
      const { c, supervisor, agent, agentId, interactionId } = await scene();
      const admin = await c.seat({ userId: 'admin-1', role: 'admin', teamIds: 'all' });
      const el = await mount(agent);
      await supervisor.startMonitoring(agentId, interactionId, 'listen');
      await advance(c, el, 200);
      expect(part(el, 'entry')!.getAttribute('data-ended')).to.equal('false');
      await admin.setPolicy({ monitoringNotice: false });
      await advance(c, el, 200);
      await supervisor.stopMonitoring(supervisor.getMonitoringSessions({ agentId, active: true })[0]!.id);
      await advance(c, el, 200);
      expect(supervisor.getMonitoringSessions({ agentId, active: true }), 'it ended').to.have.length(0);
      expect(agent.getMonitoringSessions({ agentId, active: true }), 'unheard by the agent’s client, which still holds it').to.have.length(1);
      expect(parts(el, 'entry').map((e) => e.getAttribute('data-ended')), 'no entry reads "– now"').to.not.include('false');
      expect(el.matches(':state(monitored)')).to.equal(false);
      await expect(el).to.be.accessible();

      const told = said(el);
      await admin.setPolicy({ monitoringNotice: true });
      await advance(c, el, 200);
      await advance(c, el, 0);
      expect(text(part(el, 'status'))).to.equal('No one is monitoring you now.');
      expect(part(el, 'entry')!.getAttribute('data-ended')).to.equal('true');
      await waitUntil(() => told.length >= 2, 'the end is told');
      await settle();
      expect(told).to.deep.equal([backOn, 'polite: sup-1 stopped monitoring you.']);
    });

    it('back on, shows no session before core has said what runs, then tells each running one once', async () => {
      const { c, supervisor, agentId, interactionId } = await scene();
      const admin = await c.seat({ userId: 'admin-1', role: 'admin', teamIds: 'all' });
      const seat = ownSeat(c, agentOf(agentId));
      await seat.client.connect();
      const el = await mount(seat.client);
      await supervisor.startMonitoring(agentId, interactionId, 'listen');
      await advance(c, el, 200);
      await admin.setPolicy({ monitoringNotice: false });
      await advance(c, el, 200);
      // Unheard while notices are off; the session runs on through it.
      await supervisor.changeMonitoringMode(supervisor.getMonitoringSessions({ agentId, active: true })[0]!.id, 'whisper');
      await advance(c, el, 200);

      seat.hold();
      const told = said(el);
      await admin.setPolicy({ monitoringNotice: true });
      await advance(c, el, 200);
      expect(seat.client.getPolicy().monitoringNotice, 'notices are on; the resync is on its way').to.equal(true);
      expect(parts(el, 'session'), 'what the client held from before is not told as live').to.have.length(0);
      expect(text(part(el, 'status'))).to.equal('Checking whether anyone is monitoring you…');
      expect(el.matches(':state(monitored)')).to.equal(false);
      expect(parts(el, 'entry').map((e) => e.getAttribute('data-ended'))).to.not.include('false');
      await expect(el).to.be.accessible();

      seat.release();
      await advance(c, el, 0);
      await el.updateComplete;
      expect(text(part(el, 'who'))).to.equal('sup-1 is whispering to you (Whisper)');
      expect(el.matches(':state(whisper)')).to.equal(true);
      await waitUntil(() => told.length >= 2, 'the running session is told');
      await settle();
      expect(told, 'told once that it runs, in the mode it is in now').to.deep.equal([backOn, `assertive: ${whisperOn}`]);
    });

    it('attached before the first snapshot (a reload), says a session already running is ongoing, since when, not that it started', async () => {
      const { c, supervisor, agentId, interactionId } = await scene();
      await supervisor.startMonitoring(agentId, interactionId, 'whisper');
      await c.advance(200);
      await c.advance(65_000);
      const seat = ownSeat(c, agentOf(agentId));
      seat.hold();
      const el = await mount(seat.client);
      const told = said(el);
      const connected = seat.client.connect();
      await el.updateComplete;
      expect(text(part(el, 'status')), 'never "no one" before the platform has said').to.equal('Checking whether anyone is monitoring you…');
      seat.release();
      await connected;
      await el.updateComplete;
      expect(text(part(el, 'who'))).to.equal('sup-1 is whispering to you (Whisper)');
      expect(text(part(el, 'since')), 'since it began, before the reload').to.match(/^Since .+ \(1:05\)$/);
      const since = text(part(el, 'since')).slice('Since '.length, -' (1:05)'.length);
      expect(text(part(el, 'entry'))).to.equal(`sup-1 Whisper ${since} – now`);
      await waitUntil(() => told.length > 0, 'announced');
      await settle();
      expect(told).to.deep.equal([`assertive: ${whisperOn}`]);
    });

    it('across a reconnect, keeps a session the resync still lists without telling it again', async () => {
      const { c, supervisor, agentId, interactionId, seat, el } = await monitoredSeat('listen');
      const told = said(el);
      seat.drop();
      await advance(c, el, 1000);
      expect(seat.client.status).to.equal('reconnecting');
      await backLive(c, seat, el);
      expect(text(part(el, 'who'))).to.equal('sup-1 is listening (Listen)');
      await settle();
      expect(told).to.deep.equal([]);
    });

    it('across a reconnect, tells once that a session ended while away, and that one started then is running', async () => {
      const { c, supervisor, agentId, interactionId, seat, el } = await monitoredSeat('barge');
      const told = said(el);
      seat.drop();
      await supervisor.stopMonitoring(supervisor.getMonitoringSessions({ agentId, active: true })[0]!.id);
      await advance(c, el, 200);
      await supervisor.startMonitoring(agentId, interactionId, 'listen');
      await advance(c, el, 200);
      expect(seat.client.getMonitoringSessions({ agentId, active: true }).map((s) => s.mode), 'unheard while away').to.deep.equal(['barge']);
      await backLive(c, seat, el);
      expect(text(part(el, 'who'))).to.equal('sup-1 is listening (Listen)');
      expect(parts(el, 'entry').map((e) => e.getAttribute('data-ended'))).to.deep.equal(['false', 'true']);
      await waitUntil(() => told.length >= 2, 'both told');
      await settle();
      expect(told).to.deep.equal(['polite: sup-1 stopped monitoring you.', `assertive: ${listenOn}`]);
    });
    it('moved in the page, does not tell a running session again', async () => {
      const { c, supervisor, agent, agentId, interactionId } = await scene();
      const el = await mount(agent);
      await supervisor.startMonitoring(agentId, interactionId, 'listen');
      await advance(c, el, 200);
      const told = said(el);
      const elsewhere = await fixture<HTMLDivElement>(html`<div></div>`);
      elsewhere.append(el);
      await el.updateComplete;
      await settle();
      expect(text(part(el, 'who')), 'still shown').to.equal('sup-1 is listening (Listen)');
      expect(told).to.deep.equal([]);
    });

    it('moved in the page while the link is down, tells a mode that changed meanwhile once the resync lands', async () => {
      const { c, supervisor, agentId, interactionId, seat, el } = await monitoredSeat('listen');
      const told = said(el);
      seat.drop();
      const elsewhere = await fixture<HTMLDivElement>(html`<div></div>`);
      elsewhere.append(el);
      await el.updateComplete;
      await supervisor.changeMonitoringMode(supervisor.getMonitoringSessions({ agentId, active: true })[0]!.id, 'whisper');
      await advance(c, el, 200);
      await backLive(c, seat, el);
      expect(text(part(el, 'who'))).to.equal('sup-1 is whispering to you (Whisper)');
      await waitUntil(() => told.length > 0, 'the new mode is told');
      await settle();
      expect(told, 'once, in the mode it is in now').to.deep.equal([`assertive: ${whisperOn}`]);
    });
  });

  describe('more than one on a page', () => {
    it('voices each notice once for the page, while each shows it; another placed later tells nothing already told', async () => {
      const { c, supervisor, agent, agentId, interactionId } = await scene();
      const wrapper = await fixture<HTMLDivElement>(html`<div><fw-monitoring-notice .client=${agent} no-history></fw-monitoring-notice><fw-monitoring-notice .client=${agent}></fw-monitoring-notice></div>`);
      const [badge, panel] = [...wrapper.querySelectorAll('fw-monitoring-notice')] as FwMonitoringNotice[];
      await badge!.updateComplete;
      await panel!.updateComplete;
      // What both ask for, as it bubbles up to their parent.
      const heard: string[] = [];
      wrapper.addEventListener('fw-internal-announce', (e) => heard.push(`${e.politeness}: ${plain(e.message)}`));
      await supervisor.startMonitoring(agentId, interactionId, 'listen');
      await advance(c, panel!, 200);
      for (const el of [badge!, panel!]) expect(text(part(el, 'who'))).to.equal('sup-1 is listening (Listen)');
      const id = supervisor.getMonitoringSessions({ agentId, active: true })[0]!.id;
      await supervisor.changeMonitoringMode(id, 'whisper');
      await advance(c, panel!, 200);
      for (const el of [badge!, panel!]) expect(text(part(el, 'who'))).to.equal('sup-1 is whispering to you (Whisper)');

      const later = await fixture<FwMonitoringNotice>(html`<fw-monitoring-notice .client=${agent}></fw-monitoring-notice>`);
      later.addEventListener('fw-internal-announce', (e) => heard.push(`${e.politeness}: ${plain(e.message)}`));
      expect(text(part(later, 'who')), 'shown at once').to.equal('sup-1 is whispering to you (Whisper)');
      await settle();

      // The one that spoke leaves the page: another speaks from then on.
      badge!.remove();
      await supervisor.stopMonitoring(id);
      await advance(c, panel!, 200);
      for (const el of [panel!, later]) expect(text(part(el, 'status'))).to.equal('No one is monitoring you now.');
      await settle();
      expect(heard, 'each notice once').to.deep.equal([
        'assertive: sup-1 started monitoring you in Listen mode. They can hear you and the customer. Neither of you can hear them.',
        'assertive: sup-1 switched to Whisper mode. They can hear you and the customer, and talk to you. The customer cannot hear them.',
        'polite: sup-1 stopped monitoring you.',
      ]);
    });
  });

  describe('more than one on a page, one of them hidden', () => {
    it('the one shown speaks, not one a layout hides (a live region in display: none is never heard)', async () => {
      const { c, supervisor, agent, agentId, interactionId } = await scene();
      // A header badge a narrow layout hides, placed first, and the panel shown instead.
      const wrapper = await fixture<HTMLDivElement>(
        html`<div><div style="display: none"><fw-monitoring-notice .client=${agent} no-history></fw-monitoring-notice></div><fw-monitoring-notice .client=${agent}></fw-monitoring-notice></div>`,
      );
      const [badge, panel] = [...wrapper.querySelectorAll('fw-monitoring-notice')] as FwMonitoringNotice[];
      await badge!.updateComplete;
      await panel!.updateComplete;
      const fromBadge = said(badge!);
      const fromPanel = said(panel!);
      await supervisor.startMonitoring(agentId, interactionId, 'listen');
      await advance(c, panel!, 200);
      expect(text(part(panel!, 'who'))).to.equal('sup-1 is listening (Listen)');
      expect(fromPanel).to.deep.equal(['assertive: sup-1 started monitoring you in Listen mode. They can hear you and the customer. Neither of you can hear them.']);
      expect(fromBadge, 'the hidden one stays silent: once is enough').to.deep.equal([]);
      await waitUntil(() => live(panel!, 'assertive').startsWith('sup-1 started monitoring you'), 'voiced where it can be heard');

      // Shown again (a wider window), it is the first shown: it speaks from then on.
      (badge!.parentElement as HTMLElement).style.display = '';
      const id = supervisor.getMonitoringSessions({ agentId, active: true })[0]!.id;
      await supervisor.stopMonitoring(id);
      await advance(c, panel!, 200);
      expect(fromBadge).to.deep.equal(['polite: sup-1 stopped monitoring you.']);
      expect(fromPanel).to.have.length(1);
    });
  });

  describe('through an outage', () => {
    it('keeps showing what ran, saying it may be out of date until reconnected', async () => {
      registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { common: commonEs, 'monitoring-notice': monitoringNoticeEs } });
      const { c, supervisor, agentId, interactionId } = await scene();
      const seat = ownSeat(c, { userId: agentId, role: 'agent', agentId, teamIds: [] });
      await seat.client.connect();
      const el = await mount(seat.client);
      const es = await fixture<FwMonitoringNotice>(html`<fw-monitoring-notice lang="es" .client=${seat.client}></fw-monitoring-notice>`);
      await supervisor.startMonitoring(agentId, interactionId, 'listen');
      await advance(c, el, 200);
      expect(part(el, 'stale'), 'not while live').to.equal(null);

      seat.drop();
      await advance(c, el, 1000);
      await es.updateComplete;
      expect(seat.client.status).to.equal('reconnecting');
      expect(text(part(el, 'stale'))).to.equal('Not connected: this may be out of date until the connection is back.');
      expect(text(part(es, 'stale'))).to.equal('Sin conexión: esto puede no estar al día hasta que vuelva la conexión.');
      expect(text(part(el, 'who')), 'the last known session, still shown').to.equal('sup-1 is listening (Listen)');
      expect(el.matches(':state(monitored)')).to.equal(true);
      await expect(el).to.be.accessible();

      await backLive(c, seat, el);
      await es.updateComplete;
      expect(part(el, 'stale')).to.equal(null);
      expect(part(es, 'stale')).to.equal(null);
      expect(text(part(el, 'who'))).to.equal('sup-1 is listening (Listen)');
    });

    it('says the same over "no one", which it cannot confirm either', async () => {
      const { c, agentId } = await scene();
      const seat = ownSeat(c, { userId: agentId, role: 'agent', agentId, teamIds: [] });
      await seat.client.connect();
      const el = await mount(seat.client);
      seat.drop();
      await advance(c, el, 1000);
      expect(text(part(el, 'stale'))).to.equal('Not connected: this may be out of date until the connection is back.');
      expect(text(part(el, 'status'))).to.equal('No one is monitoring you now.');
    });
  });

  describe('localisation', () => {
    it('speaks Spanish with lang="es"', async () => {
      registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { common: commonEs, 'monitoring-notice': monitoringNoticeEs } });
      const { c, supervisor, agent, agentId, interactionId } = await scene();
      const el = await fixture<FwMonitoringNotice>(html`<fw-monitoring-notice lang="es" .client=${agent}></fw-monitoring-notice>`);
      expect(text(part(el, 'heading'))).to.equal('Supervisión');
      expect(text(part(el, 'status'))).to.equal('Nadie le está supervisando ahora.');
      await supervisor.startMonitoring(agentId, interactionId, 'barge');
      await advance(c, el, 200);
      expect(text(part(el, 'who'))).to.equal('sup-1 se ha unido a su conversación (Intervención)');
      expect(text(part(el, 'since'))).to.match(/^Desde las .+/);
      await waitUntil(() => live(el, 'assertive').startsWith('sup-1 empezó a supervisarle en modo Intervención.'));
      await expect(el).to.be.accessible();
    });

    it('says in Spanish what may not show where the platform tells the agent of no monitoring', async () => {
      registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { common: commonEs, 'monitoring-notice': monitoringNoticeEs } });
      const agentId = 'agent-1';
      centre = await createCentre({ session: { userId: agentId, role: 'agent', agentId, teamIds: [] }, agentSeesMonitoring: false });
      const el = await fixture<FwMonitoringNotice>(html`<fw-monitoring-notice lang="es" .client=${centre.client}></fw-monitoring-notice>`);
      expect(text(part(el, 'status'))).to.equal('Nadie le está supervisando aquí ahora, pero un supervisor puede escuchar, susurrar o unirse a sus conversaciones desde la plataforma sin que esta página se lo indique.');
    });

    it('names an unnamed supervisor in Spanish too', async () => {
      registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { common: commonEs, 'monitoring-notice': monitoringNoticeEs } });
      const barge = await unnamedBarge();
      const el = await fixture<FwMonitoringNotice>(html`<fw-monitoring-notice lang="es" .client=${barge.agent}></fw-monitoring-notice>`);
      await barge.start();
      await el.updateComplete;
      expect(text(part(el, 'who'))).to.equal('Un supervisor se ha unido a su conversación (Intervención)');
      await waitUntil(() => live(el, 'assertive').startsWith('Un supervisor empezó a supervisarle en modo Intervención.'));
    });
  });

  describe('monitoring Floorwalk could not read (fail open)', () => {
    const EN = 'Your platform reported monitoring that Floorwalk could not read: you may be monitored.';
    const ES = 'Su plataforma informó de una supervisión que Floorwalk no pudo leer: es posible que le estén supervisando.';

    /** The agent's own page, its snapshots held, and a monitoring event about them with a mode no one knows. */
    async function unreadableReport(lang?: string): Promise<{ c: Centre; seat: ReturnType<typeof ownSeat>; el: FwMonitoringNotice; heard: string[] }> {
      const s = await scene();
      const seat = ownSeat(s.c, agentOf(s.agentId));
      await seat.client.connect();
      const el = await fixture<FwMonitoringNotice>(html`<fw-monitoring-notice lang=${lang ?? 'en'} .client=${seat.client}></fw-monitoring-notice>`);
      const heard = said(el);
      // The resync the client asks for is held: the report is all the page has.
      seat.hold();
      const at = s.c.clock.now();
      seat.emit([{ type: 'monitoring', id: 'unreadable-1', at, source: 'test', session: { id: 'mon-x', agentId: s.agentId, supervisorId: 'sup-1', interactionId: s.interactionId, mode: 'telepathy', startedAt: at } } as unknown as FloorwalkEvent]);
      await el.updateComplete;
      return { c: s.c, seat, el, heard };
    }

    it('shows and announces at once that the agent may be monitored, until the platform says otherwise', async () => {
      const { c, seat, el, heard } = await unreadableReport();
      expect(text(part(el, 'unreadable'))).to.equal(EN);
      expect(part(el, 'unreadable')?.getAttribute('role')).to.equal('note');
      expect(part(el, 'status'), 'never "No one is monitoring you" beside it').to.equal(null);
      expect(el.matches(':state(unreadable)') && el.matches(':state(monitored)')).to.equal(true);
      expect(heard).to.deep.equal([`assertive: ${EN}`]);
      await waitUntil(() => live(el, 'assertive') === EN, 'voiced in the live region');
      await expect(el).to.be.accessible();
      // The platform's snapshot lands, with no such session: the note goes, and the agent is told why.
      seat.release();
      await advance(c, el, 500);
      await waitUntil(() => part(el, 'unreadable') === null, 'the report is resolved');
      expect(heard).to.deep.equal([`assertive: ${EN}`, 'polite: Your platform now shows that the monitoring Floorwalk could not read is not going on.']);
      expect(el.matches(':state(unreadable)') || el.matches(':state(monitored)')).to.equal(false);
      expect(part(el, 'status')).to.not.equal(null);
    });

    it('says it in Spanish with lang="es"', async () => {
      registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { common: commonEs, 'monitoring-notice': monitoringNoticeEs } });
      const { c, seat, el, heard } = await unreadableReport('es');
      expect(text(part(el, 'unreadable'))).to.equal(ES);
      expect(heard).to.deep.equal([`assertive: ${ES}`]);
      await waitUntil(() => live(el, 'assertive') === ES, 'voiced in Spanish');
      await expect(el).to.be.accessible();
      seat.release();
      await advance(c, el, 500);
      await waitUntil(() => heard.length === 2, 'the resolution is told');
      expect(heard[1]).to.equal('polite: Su plataforma indica ahora que la supervisión que Floorwalk no pudo leer no está en curso.');
    });

    it('tells an element placed after the report, once', async () => {
      const { seat, el } = await unreadableReport();
      el.remove();
      const later = await mount(seat.client);
      expect(text(part(later, 'unreadable'))).to.equal(EN);
      await waitUntil(() => live(later, 'assertive') === EN, 'voiced on placing');
    });
  });

  describe('theming', () => {
    it('takes --fw-monitoring-notice-* knobs from an ancestor', async () => {
      const { c, supervisor, agent, agentId, interactionId } = await scene();
      const wrapper = await fixture<HTMLDivElement>(
        html`<div style="--fw-monitoring-notice-active-color: rgb(1, 2, 3); --fw-monitoring-notice-radius: 7px">
          <fw-monitoring-notice .client=${agent}></fw-monitoring-notice>
        </div>`,
      );
      const el = wrapper.querySelector('fw-monitoring-notice')!;
      await supervisor.startMonitoring(agentId, interactionId, 'listen');
      await advance(c, el, 200);
      await settle();
      expect(getComputedStyle(part(el, 'session')!).borderInlineStartColor).to.equal('rgb(1, 2, 3)');
      expect(getComputedStyle(part(el, 'base')!).borderStartStartRadius).to.equal('7px');
    });
  });
});
