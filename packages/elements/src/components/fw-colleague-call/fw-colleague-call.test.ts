import { ErrorCode, isFloorwalkError, type Floorwalk } from '@floorwalk/core';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { sendKeys } from '@web/test-runner-commands';
import { advanceRendered as advance, type Centre, type CentreOptions, liveText as live } from '../../../test/centre.js';
import { leadScene, type LeadScene } from '../../../test/lead-scene.js';
import { expectFormLook } from '../../../test/shared-looks.js';
import type { FwColleagueCallFailedEvent } from '../../events/fw-colleague-call-failed.js';
import { commonEs } from '../../internal/common-strings.es.js';
import { registerTranslation } from '../../internal/localize.js';
import { colleagueCallEs } from './fw-colleague-call.es.js';
import { FwColleagueCallHarness } from './fw-colleague-call.harness.js';
import { FwColleagueCall } from './fw-colleague-call.js';
import { plain } from '../../../test/isolates.js';

FwColleagueCall.define('fw-colleague-call');

const SECOND = 1000;

let centre: Centre | undefined;

const scene = (options: CentreOptions = {}): Promise<LeadScene> => leadScene((c) => (centre = c), options);

interface Mounted {
  readonly el: FwColleagueCall;
  readonly h: FwColleagueCallHarness;
  readonly failures: FwColleagueCallFailedEvent[];
}

async function mount(client: Floorwalk | undefined, peer?: string): Promise<Mounted> {
  const el = await fixture<FwColleagueCall>(html`<fw-colleague-call .client=${client} .peer=${peer}></fw-colleague-call>`);
  const failures: FwColleagueCallFailedEvent[] = [];
  el.addEventListener('fw-colleague-call-failed', (e) => failures.push(e));
  return { el, h: new FwColleagueCallHarness(el), failures };
}

const frame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => r()));

describe('fw-colleague-call', () => {
  afterEach(async () => {
    await centre?.close();
    centre = undefined;
  });

  describe('accessibility', () => {
    it('is accessible: the form, ringing, connected, ended, the reason where calls are missing, no client', async () => {
      const s = await scene();
      const sup = await mount(s.lead);
      const agent = await mount(s.agent);
      await expect(sup.el).to.be.accessible();
      await sup.h.start();
      expect(sup.h.message()).to.equal('Choose a colleague first.');
      await expect(sup.el).to.be.accessible();
      await sup.h.start({ person: s.agentId });
      expect(sup.h.rows()[0]!.state).to.equal('ringing');
      await expect(sup.el).to.be.accessible();
      await advance(s.c, 300, sup.el, agent.el);
      await expect(sup.el).to.be.accessible();
      await expect(agent.el).to.be.accessible();
      await agent.h.hangUp(agent.h.rows()[0]!.id);
      await advance(s.c, 300, sup.el, agent.el);
      await expect(agent.el).to.be.accessible();
      const none = await mount(undefined);
      await expect(none.el).to.be.accessible();
    });
  });

  describe('a call end to end across two clients', () => {
    it('a 1:1 call: ringing → both sides see it connected (announced to the callee) → the callee hangs up → ended on both', async () => {
      const s = await scene();
      const sup = await mount(s.lead);
      const agent = await mount(s.agent);
      const name = s.lead.getAgent(s.agentId)!.name;
      expect(agent.h.rows()).to.deep.equal([]);
      await sup.h.start({ person: s.agentId });
      const ringing = sup.h.rows()[0]!;
      expect({ ...ringing, title: plain(ringing.title) }).to.include({ state: 'ringing', id: '', title: `Call with ${name}`, status: 'Ringing…', canHangUp: false });
      expect(sup.el.matches(':state(ringing)')).to.equal(true);

      await advance(s.c, 300, sup.el, agent.el);
      const [call] = s.lead.getColleagueCalls({ active: true });
      expect(call?.participantIds).to.deep.equal(['lead-a', s.agentId]);
      expect(sup.el.matches(':state(ringing)')).to.equal(false);
      expect(sup.el.matches(':state(connected)')).to.equal(true);
      expect(sup.h.rows()).to.have.length(1);
      expect(sup.h.rows()[0]).to.include({ id: call!.id, state: 'connected', canHangUp: true });
      expect(sup.h.rows()[0]!.status).to.match(/^Connected 0:00$/);
      const other = agent.h.rows()[0]!;
      expect({ ...other, title: plain(other.title) }).to.include({ id: call!.id, state: 'connected', title: 'Call with lead-a', canHangUp: true });
      expect(plain(other.text)).to.contain('Started by lead-a');
      await frame();
      expect(live(agent.el, 'polite')).to.equal('lead-a started a call with you.');

      // Time on the call runs on the shared ticker from the platform's start time.
      await advance(s.c, 65 * SECOND, sup.el, agent.el);
      await waitUntil(() => /^Connected 1:0\d$/.test(agent.h.rows()[0]?.status ?? ''), 'the running time shows', { timeout: 3000 });

      await agent.h.hangUp(call!.id);
      expect(agent.h.rows()[0]!.canHangUp, 'pending').to.equal(false);
      await advance(s.c, 300, sup.el, agent.el);
      expect(s.lead.getColleagueCalls({ active: true })).to.have.length(0);
      for (const side of [sup, agent]) {
        expect(side.h.rows()[0]).to.include({ id: call!.id, state: 'ended', canHangUp: false });
        expect(plain(side.h.rows()[0]!.status)).to.match(/^Ended Lasted 1 minute/);
        expect(side.el.matches(':state(connected)')).to.equal(false);
      }
      await frame();
      expect(live(sup.el, 'polite')).to.equal('Call ended.');
      expect(sup.failures.concat(agent.failures)).to.deep.equal([]);
    });

    it('a team call: the agent calls their team; its members see it as a team call', async () => {
      const s = await scene();
      const agent = await mount(s.agent);
      const team = s.lead.getAgent(s.agentId)!.teamIds[0]!;
      await agent.h.start({ team });
      await advance(s.c, 300, agent.el);
      const [call] = s.agent.getColleagueCalls({ active: true });
      expect(call?.kind).to.equal('team');
      const members = s.lead.getAgents().filter((a) => a.teamIds.includes(team)).length + s.lead.getTeam(team)!.supervisorIds.length;
      expect(call?.participantIds).to.have.length(members);
      expect(agent.h.rows()[0]!.title).to.equal(`Team call, ${members} people`);
    });

    it('`peer` preselects the colleague', async () => {
      const s = await scene();
      const sup = await mount(s.lead, s.agentId);
      expect(sup.el.shadowRoot!.querySelector<HTMLSelectElement>('#person')!.value).to.equal(s.agentId);
      await sup.h.start();
      await advance(s.c, 300, sup.el);
      expect(s.lead.getColleagueCalls({ active: true })[0]?.participantIds).to.deep.equal(['lead-a', s.agentId]);
    });
  });

  describe('refusals', () => {
    it('on a platform without internal calls: no form, the reason shown, and the core refuses naming the platform', async () => {
      const s = await scene({ capabilities: { commands: ['set-presence', 'send-message', 'mark-read', 'mark-delivered'] } });
      const agent = await mount(s.agent);
      expect(agent.h.hasForm()).to.equal(false);
      expect(agent.h.reason()).to.equal('Calls between colleagues are not available on this platform: it offers no internal calls.');
      expect(agent.el.matches(':state(unsupported)')).to.equal(true);
      await expect(agent.el).to.be.accessible();
      let refused: unknown;
      await s.agent.startColleagueCall([s.lead.getTeam(s.lead.getAgent(s.agentId)!.teamIds[0]!)!.supervisorIds[0]!]).catch((e: unknown) => (refused = e));
      expect(isFloorwalkError(refused) && refused.code).to.equal(ErrorCode.Unsupported);
      expect(isFloorwalkError(refused) && refused.message).to.match(/not available on simulator/);
    });

    it('a role that may not call (admin): the reason, no form', async () => {
      const s = await scene();
      const admin = await s.c.seat({ userId: 'admin-1', role: 'admin', teamIds: 'all' });
      const el = await mount(admin);
      expect(el.h.hasForm()).to.equal(false);
      expect(el.h.reason()).to.equal('Your role cannot start calls with colleagues here.');
    });

    it('both sides hang up at once: the call ends once, on both, and nothing is left pending or failed', async () => {
      const s = await scene();
      const sup = await mount(s.lead);
      const agent = await mount(s.agent);
      await s.lead.startColleagueCall([s.agentId]);
      await advance(s.c, 300, sup.el, agent.el);
      const id = s.lead.getColleagueCalls({ active: true })[0]!.id;
      await agent.h.hangUp(id);
      await sup.h.hangUp(id);
      expect(sup.el.matches(':state(pending)') && agent.el.matches(':state(pending)')).to.equal(true);
      await advance(s.c, 300, sup.el, agent.el);
      for (const side of [sup, agent]) {
        expect(side.h.rows().map((r) => [r.id, r.state])).to.deep.equal([[id, 'ended']]);
        expect(side.el.matches(':state(pending)')).to.equal(false);
      }
      expect(sup.failures.concat(agent.failures)).to.deep.equal([]);
    });

    it('a colleague outside the session’s teams is refused by the core, and the element says why', async () => {
      const s = await scene();
      const agent = await mount(s.agent);
      const own = new Set(s.lead.getAgent(s.agentId)!.teamIds);
      const stranger = s.lead.getAgents().find((a) => !a.teamIds.some((t) => own.has(t)))!.id;
      expect(agent.h.people(), 'not offered').to.not.include(stranger);
      // A host forcing the pick (an out-of-date list, say): the element sends nothing it does not offer.
      await agent.h.start({ person: stranger });
      expect(agent.h.message()).to.equal('Choose a colleague first.');
      expect(s.agent.getPendingIntents()).to.have.length(0);
      let refused: unknown;
      await s.agent.startColleagueCall([stranger]).catch((e: unknown) => (refused = e));
      expect(isFloorwalkError(refused) && refused.code).to.equal(ErrorCode.Forbidden);
    });
    it('a start or hang-up the platform confirms after the wait ran out: the call shows connected, then ended, and no failure stays', async () => {
      const s = await scene();
      const el = await fixture<FwColleagueCall>(html`<fw-colleague-call .client=${s.lead} confirm-timeout="200"></fw-colleague-call>`);
      const h = new FwColleagueCallHarness(el);
      await h.start({ person: s.agentId });
      // The platform is slow (no simulated time passes): the element gives up waiting.
      await waitUntil(() => el.matches(':state(failed)'), 'the wait ran out');
      expect(h.message()).to.match(/Not done/);
      await advance(s.c, 300, el);
      const [call] = s.lead.getColleagueCalls({ active: true });
      expect(h.rows().map((r) => [r.id, r.state])).to.deep.equal([[call!.id, 'connected']]);
      expect(h.message(), 'no failure beside the connected call').to.equal('');
      expect(el.matches(':state(failed)')).to.equal(false);
      // The same for hanging up.
      await h.hangUp(call!.id);
      await waitUntil(() => el.matches(':state(failed)'), 'the wait for the end ran out');
      await advance(s.c, 300, el);
      expect(h.rows().map((r) => [r.id, r.state])).to.deep.equal([[call!.id, 'ended']]);
      expect(h.message(), 'no failure beside the ended call').to.equal('');
      expect(el.matches(':state(failed)')).to.equal(false);
    });
  });

  describe('keyboard', () => {
    it('a call is started and ended with the keyboard alone', async () => {
      const s = await scene();
      const sup = await mount(s.lead);
      const root = sup.el.shadowRoot!;
      root.querySelector<HTMLInputElement>('input[name="kind"][value="person"]')!.focus();
      await sendKeys({ press: 'Tab' });
      expect(root.activeElement?.id).to.equal('person');
      await sendKeys({ press: 'ArrowDown' });
      await sup.el.updateComplete;
      const picked = root.querySelector<HTMLSelectElement>('#person')!.value;
      expect(picked).to.not.equal('');
      await sendKeys({ press: 'Tab' });
      expect(root.activeElement?.getAttribute('part')).to.equal('start');
      await sendKeys({ press: 'Enter' });
      await advance(s.c, 300, sup.el);
      const call = s.lead.getColleagueCalls({ active: true })[0];
      expect(call?.participantIds).to.include(picked);
      root.querySelector<HTMLButtonElement>('[part="hang-up"]')!.focus();
      await sendKeys({ press: 'Enter' });
      await advance(s.c, 300, sup.el);
      expect(s.lead.getColleagueCalls({ active: true })).to.have.length(0);
    });
  });

  describe('localisation and theming', () => {
    it('speaks Spanish', async () => {
      registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { 'colleague-call': colleagueCallEs, common: commonEs } });
      const s = await scene();
      const el = await fixture<FwColleagueCall>(html`<fw-colleague-call lang="es" .client=${s.lead}></fw-colleague-call>`);
      expect(el.shadowRoot!.querySelector('[part="start"]')!.textContent!.trim()).to.equal('Llamar');
      expect(el.shadowRoot!.querySelector('[part="heading"]')!.textContent!.trim()).to.equal('Llamadas con compañeros');
    });

    it('wraps a long unbroken name (a user id shown as it is) in a call, never scrolling sideways', async () => {
      const s = await scene();
      const long = 'arn:aws:connect:eu-west-2:123456789012:instance/0f1e2d3c/agent/' + 'x'.repeat(300);
      const el = await fixture<FwColleagueCall>(html`<fw-colleague-call .client=${s.agent} style="inline-size: 400px" .displayName=${(id: string) => (id === 'lead-a' ? long : undefined)}></fw-colleague-call>`);
      await s.lead.startColleagueCall([s.agentId]);
      await advance(s.c, 300, el);
      const r = el.shadowRoot!;
      expect(r.querySelector('[part="call"]'), 'the call is shown').to.not.equal(null);
      for (const part of ['base', 'list', 'call']) {
        const node = r.querySelector<HTMLElement>(`[part~="${part}"]`)!;
        expect(node.scrollWidth, `${part} does not scroll sideways`).to.be.at.most(node.clientWidth + 1);
      }
    });

    it('takes its colours from tokens and knobs', async () => {
      const s = await scene();
      const el = await fixture<FwColleagueCall>(html`<fw-colleague-call .client=${s.lead} style="--fw-colleague-call-background: rgb(7, 8, 9)"></fw-colleague-call>`);
      expect(getComputedStyle(el.shadowRoot!.querySelector('[part="base"]')!).backgroundColor).to.equal('rgb(7, 8, 9)');
    });

    it('keeps its form look with the shared form rules: its own radius and error knobs on the button and fields', async () => {
      const s = await scene();
      expectFormLook(await fixture<FwColleagueCall>(html`<fw-colleague-call .client=${s.lead}></fw-colleague-call>`), 'start', '0px');
    });
  });
});
