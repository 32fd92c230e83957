import { ErrorCode, isFloorwalkError, type Floorwalk } from '@floorwalk/core';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { sendKeys } from '@web/test-runner-commands';
import { advanceRendered as advance, type Centre, type CentreOptions, liveText as live } from '../../../test/centre.js';
import { heldLead, leadScene, type LeadScene } from '../../../test/lead-scene.js';
import { expectFormLook } from '../../../test/shared-looks.js';
import type { FwCoachingSessionFailedEvent } from '../../events/fw-coaching-session-failed.js';
import { commonEs } from '../../internal/common-strings.es.js';
import { registerTranslation } from '../../internal/localize.js';
import { coachingSessionsEs } from './fw-coaching-sessions.es.js';
import { FwCoachingSessionsHarness } from './fw-coaching-sessions.harness.js';
import { FwCoachingSessions } from './fw-coaching-sessions.js';
import { plain } from '../../../test/isolates.js';
import { emulateZone, resetZone } from '../../../test/zone.js';
import { voicedOnce } from '../../../test/voiced.js';

FwCoachingSessions.define('fw-coaching-sessions');

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const START = Date.UTC(2026, 10, 28, 9, 0, 0);

let centre: Centre | undefined;

const scene = (capabilities?: CentreOptions['capabilities']): Promise<LeadScene> =>
  leadScene((c) => (centre = c), capabilities === undefined ? {} : { capabilities });

interface Mounted {
  readonly el: FwCoachingSessions;
  readonly h: FwCoachingSessionsHarness;
  readonly failures: FwCoachingSessionFailedEvent[];
}

async function mount(client: Floorwalk, attrs: { agentId?: string; view?: string } = {}): Promise<Mounted> {
  const el = await fixture<FwCoachingSessions>(html`<fw-coaching-sessions .client=${client} .agentId=${attrs.agentId} view=${attrs.view ?? 'auto'}></fw-coaching-sessions>`);
  const failures: FwCoachingSessionFailedEvent[] = [];
  el.addEventListener('fw-coaching-session-failed', (e) => failures.push(e));
  return { el, h: new FwCoachingSessionsHarness(el), failures };
}

const frame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => r()));

describe('fw-coaching-sessions', () => {
  afterEach(async () => {
    await centre?.close();
    centre = undefined;
  });

  describe('accessibility', () => {
    it('is accessible: the form empty and in error, upcoming and past lists, the agent’s view, no client', async () => {
      const s = await scene();
      const sup = await mount(s.lead, { agentId: s.agentId });
      const agent = await mount(s.agent);
      await expect(sup.el).to.be.accessible();
      await expect(agent.el).to.be.accessible();
      await sup.h.schedule({ at: START - HOUR, topic: 'Late' });
      expect(sup.h.message()).to.contain('Choose a time in the future.');
      await expect(sup.el).to.be.accessible();
      await sup.h.schedule({ at: START + HOUR, topic: 'Refund calls', durationMin: 15 });
      await advance(s.c, 300, sup.el, agent.el);
      await expect(sup.el).to.be.accessible();
      await expect(agent.el).to.be.accessible();
      await advance(s.c, 2 * HOUR, sup.el, agent.el);
      expect(agent.h.rows()[0]!.list).to.equal('past');
      await expect(agent.el).to.be.accessible();
      const none = await fixture<FwCoachingSessions>(html`<fw-coaching-sessions></fw-coaching-sessions>`);
      await expect(none).to.be.accessible();
    });
  });

  describe('scheduling across a supervisor’s and an agent’s client', () => {
    it('schedule with time, length, topic and an attendee → the agent sees it, announced; once over it moves to Past', async () => {
      const s = await scene();
      const sup = await mount(s.lead);
      const agent = await mount(s.agent);
      // The attendee offered: the agent's team supervisor, who is a real person the platform knows.
      const teamSup = s.lead.getTeam(s.lead.getAgent(s.agentId)!.teamIds[0]!)!.supervisorIds[0]!;
      await sup.el.updateComplete;
      const at = START + 2 * HOUR;
      await sup.h.schedule({ agentId: s.agentId, at, topic: 'Refund calls', durationMin: 45, attendees: [teamSup] });
      expect(sup.el.matches(':state(pending)'), 'pending until the platform confirms').to.equal(true);
      await advance(s.c, 300, sup.el, agent.el);
      expect(sup.el.matches(':state(pending)')).to.equal(false);

      const seen = s.agent.getCoachingSessions();
      expect(seen.map((c) => [c.topic, c.at, c.durationMs, c.organiserId, c.attendeeIds])).to.deep.equal([['Refund calls', at, 45 * MINUTE, 'lead-a', [s.agentId, teamSup]]]);
      const row = agent.h.rows()[0]!;
      expect(row).to.include({ list: 'upcoming', topic: 'Refund calls', state: 'Scheduled' });
      expect(plain(row.text)).to.contain('Organised by lead-a').and.contain(`Attending: ${teamSup}`).and.contain('Starts in 2 hours');
      await frame();
      expect(live(agent.el, 'polite')).to.match(/^lead-a scheduled a coaching session, Refund calls, at /);
      expect(sup.h.rows()[0]).to.include({ id: seen[0]!.id, list: 'upcoming' });
      // The form is cleared for the next one.
      expect((sup.el.shadowRoot!.querySelector('#topic') as HTMLInputElement).value).to.equal('');

      await advance(s.c, 2 * HOUR + 10 * MINUTE, sup.el, agent.el);
      // Time alone changes nothing in the store: the shared once-a-second ticker re-renders.
      await waitUntil(() => agent.h.rows()[0]?.state === 'In progress', 'the session shows as in progress', { timeout: 3000 });
      expect(agent.h.rows()[0]!.list).to.equal('upcoming');
      await advance(s.c, 40 * MINUTE, sup.el, agent.el);
      expect(s.agent.getCoachingSessions()[0]!.state).to.equal('done');
      expect(agent.h.rows()[0]).to.include({ list: 'past', state: 'Done' });
      expect(agent.el.shadowRoot!.textContent).to.contain('No sessions coming up.');
    });

    it('markup in a topic is shown as text on both sides', async () => {
      const s = await scene();
      const sup = await mount(s.lead, { agentId: s.agentId });
      const agent = await mount(s.agent);
      const topic = '<img src=x onerror="window.pwned=1"><b>bold</b>';
      await sup.h.schedule({ at: START + HOUR, topic });
      await advance(s.c, 300, sup.el, agent.el);
      for (const el of [sup.el, agent.el]) {
        const shown = el.shadowRoot!.querySelector('[part="topic"]')!;
        expect(shown.textContent).to.equal(topic);
        expect(shown.querySelector('img, b')).to.equal(null);
      }
      expect((window as unknown as { pwned?: number }).pwned).to.equal(undefined);
    });
  });

  describe('rescheduling and cancelling', () => {
    /** A session lead-a scheduled with the agent, an hour from the start, seen on both sides. */
    async function scheduled(s: LeadScene, sup: Mounted, agent: Mounted, topic = 'Refund calls'): Promise<string> {
      await sup.h.schedule({ agentId: s.agentId, at: START + HOUR, topic, durationMin: 30 });
      await advance(s.c, 300, sup.el, agent.el);
      return s.lead.getCoachingSessions().find((c) => c.topic === topic)!.id;
    }

    it('the organiser moves a session in the form’s own fields; the agent sees the new time, told politely; the form schedules again after', async () => {
      const s = await scene();
      const sup = await mount(s.lead, { agentId: s.agentId });
      const agent = await mount(s.agent);
      const id = await scheduled(s, sup, agent);
      expect(sup.h.actions(id)).to.deep.equal(['Reschedule', 'Cancel']);
      expect(agent.h.actions(id), 'the agent may decline, not move it').to.deep.equal(['Cancel']);
      const root = sup.el.shadowRoot!;
      root.querySelector<HTMLButtonElement>('[part="reschedule"]')!.click();
      await sup.el.updateComplete;
      // The same form, now for this session: its time and length filled in, focus on the time.
      expect(plain(root.querySelector('#schedule-heading')!.textContent!)).to.match(/^Reschedule Refund calls \(.+\)$/);
      expect(root.activeElement?.id).to.equal('when');
      expect(root.querySelector('#topic'), 'the topic is not asked again').to.equal(null);
      expect(root.querySelector<HTMLSelectElement>('#duration')!.value).to.equal('30');
      expect(root.querySelector('[part="schedule"]')!.textContent).to.equal('Reschedule');
      await sup.h.reschedule(id, { at: START + 3 * HOUR, durationMin: 45 });
      await advance(s.c, 300, sup.el, agent.el);
      expect(s.agent.getCoachingSessions().map((c) => [c.at, c.durationMs, c.state])).to.deep.equal([[START + 3 * HOUR, 45 * MINUTE, 'scheduled']]);
      expect(plain(agent.h.rows()[0]!.text)).to.contain('Starts in 3 hours');
      await frame();
      // Both pages say what changed, once it has: the organiser's too.
      expect(live(agent.el, 'polite')).to.match(/^Coaching session Refund calls moved to .+\.$/);
      expect(live(sup.el, 'polite')).to.equal(live(agent.el, 'polite'));
      expect(root.querySelector('#topic'), 'back to scheduling').to.not.equal(null);
      expect(root.querySelector('[part="schedule"]')!.textContent).to.equal('Schedule');
      // A time in the past is refused in the form, as for a new session.
      await sup.h.reschedule(id, { at: START - HOUR });
      expect(sup.h.message()).to.equal('Choose a time in the future.');
      expect(s.lead.getPendingIntents()).to.have.length(0);
      // "Keep the time" leaves the mode, and gives focus back to the session's own button.
      root.querySelector<HTMLButtonElement>('[part="keep"]')!.click();
      await sup.el.updateComplete;
      expect(root.querySelector('#topic')).to.not.equal(null);
      expect(root.activeElement?.getAttribute('part')).to.equal('reschedule');
    });

    it('the organiser is no longer offered Reschedule once the agent leaves their teams, only Cancel; the core refuses the move', async () => {
      const s = await scene();
      const sup = await mount(s.lead, { agentId: s.agentId });
      const agent = await mount(s.agent);
      const id = await scheduled(s, sup, agent);
      expect(sup.h.actions(id)).to.deep.equal(['Reschedule', 'Cancel']);
      // The lead supervises every team: an agent leaves them only by removal.
      await s.c.emit([{ type: 'agent-removed', id: 'removed', at: s.c.clock.now(), source: 'test', agentId: s.agentId }]);
      await advance(s.c, 0, sup.el);
      expect(s.lead.getAgent(s.agentId), 'out of the lead’s scope').to.equal(undefined);
      expect(sup.h.actions(id), 'cancelling stays, so the session does not linger').to.deep.equal(['Cancel']);
      let refused: unknown;
      await s.lead.rescheduleCoachingSession(id, START + 3 * HOUR).catch((e: unknown) => (refused = e));
      expect(isFloorwalkError(refused) && refused.code).to.equal(ErrorCode.UnknownAgent);
    });

    it('a session restated seconds off by a clock correction (Genesys’ offset estimate) is not announced as moved; a real move still is', async () => {
      const s = await scene();
      const sup = await mount(s.lead, { agentId: s.agentId });
      const id = await scheduled(s, sup, await mount(s.agent));
      await frame();
      const held = s.lead.getCoachingSessions().find((c) => c.id === id)!;
      const before = live(sup.el, 'polite');
      // The adapter puts the same appointment on the page's clock as newly estimated: 20 s later.
      await s.c.emit([{ type: 'coaching-session', id: 'restated', at: s.c.clock.now(), source: 'test', session: { ...held, at: held.at + 20_000 } }]);
      await sup.el.updateComplete;
      await frame();
      expect(s.lead.getCoachingSessions().find((c) => c.id === id)!.at, 'held as restated').to.equal(held.at + 20_000);
      expect(live(sup.el, 'polite'), 'nothing said').to.equal(before);
      await s.c.emit([{ type: 'coaching-session', id: 'moved', at: s.c.clock.now(), source: 'test', session: { ...held, at: held.at + HOUR } }]);
      await sup.el.updateComplete;
      await frame();
      expect(live(sup.el, 'polite')).to.match(/^Coaching session Refund calls moved to .+\.$/);
    });

    it('Cancel asks first, in a dialog named by its question with focus on “Keep it”; Escape and “Keep it” keep the session', async () => {
      const s = await scene();
      const sup = await mount(s.lead, { agentId: s.agentId });
      const agent = await mount(s.agent);
      const id = await scheduled(s, sup, agent);
      const root = sup.el.shadowRoot!;
      const cancel = root.querySelector<HTMLButtonElement>('[part="cancel"]')!;
      cancel.focus();
      cancel.click();
      await sup.el.updateComplete;
      const dialog = root.querySelector<HTMLDialogElement>('[part="confirm"]')!;
      expect(dialog.open).to.equal(true);
      expect(root.activeElement?.textContent).to.equal('Keep it');
      expect(plain(root.getElementById(dialog.getAttribute('aria-labelledby')!)!.textContent!)).to.match(/^Cancel Refund calls \(.+\)\? Everyone on it is told\.$/);
      await sendKeys({ press: 'Escape' });
      await sup.el.updateComplete;
      expect(dialog.open).to.equal(false);
      expect(root.activeElement, 'focus back on Cancel').to.equal(cancel);
      await sup.h.cancel(id, true);
      await advance(s.c, 300, sup.el, agent.el);
      expect(s.lead.getPendingIntents()).to.have.length(0);
      expect(s.agent.getCoachingSessions()[0]!.state).to.equal('scheduled');
    });

    it('cancelled by the organiser: shown as cancelled in Past on both sides, the agent told politely, focus to the heading', async () => {
      const s = await scene();
      const sup = await mount(s.lead, { agentId: s.agentId });
      const agent = await mount(s.agent);
      const id = await scheduled(s, sup, agent);
      sup.el.shadowRoot!.querySelector<HTMLButtonElement>('[part="cancel"]')!.focus();
      await sup.h.cancel(id);
      await advance(s.c, 300, sup.el, agent.el);
      for (const side of [sup, agent]) expect(side.h.rows()[0]).to.include({ id, list: 'past', state: 'Cancelled' });
      expect(agent.h.actions(id)).to.deep.equal([]);
      await frame();
      expect(live(agent.el, 'polite')).to.match(/^Coaching session Refund calls \(.+\) cancelled\.$/);
      expect(live(sup.el, 'polite')).to.equal(live(agent.el, 'polite'));
      expect(sup.el.shadowRoot!.activeElement?.id, 'the button went with the session: focus on the heading').to.equal('heading');
      await expect(sup.el).to.be.accessible();
      await expect(agent.el).to.be.accessible();
    });

    it('the agent declines: the supervisor sees it cancelled, told politely', async () => {
      const s = await scene();
      const sup = await mount(s.lead, { agentId: s.agentId });
      const agent = await mount(s.agent);
      const id = await scheduled(s, sup, agent);
      await agent.h.cancel(id);
      await advance(s.c, 300, sup.el, agent.el);
      expect(s.lead.getCoachingSessions()[0]!.state).to.equal('cancelled');
      expect(sup.h.rows()[0]).to.include({ list: 'past', state: 'Cancelled' });
      await frame();
      expect(live(sup.el, 'polite')).to.match(/^Coaching session Refund calls \(.+\) cancelled\.$/);
      expect(live(agent.el, 'polite')).to.equal(live(sup.el, 'polite'));
    });

    it('a change the platform never confirms: “Not changed”, voiced assertively, the event fired, the session as it was', async () => {
      const s = await scene();
      const extra: Floorwalk[] = [];
      const silent = await heldLead(s.c, (client) => extra.push(client));
      const sup = await mount(s.lead, { agentId: s.agentId });
      const agent = await mount(s.agent);
      const slow = await fixture<FwCoachingSessions>(html`<fw-coaching-sessions .client=${silent.client} .agentId=${s.agentId} confirm-timeout="1500"></fw-coaching-sessions>`);
      const failures: FwCoachingSessionFailedEvent[] = [];
      slow.addEventListener('fw-coaching-session-failed', (e) => failures.push(e));
      const id = await scheduled(s, sup, agent);
      await advance(s.c, 0, slow);
      silent.hold();
      await new FwCoachingSessionsHarness(slow).cancel(id);
      expect(slow.matches(':state(pending)')).to.equal(true);
      await waitUntil(() => failures.length === 1, 'the timeout', { timeout: 4000 });
      expect(failures[0]!.agentId).to.equal(s.agentId);
      expect(new FwCoachingSessionsHarness(slow).message()).to.equal('Not changed. The platform did not confirm in time.');
      await frame();
      expect(live(slow, 'assertive')).to.equal('Not changed. The platform did not confirm in time.');
      for (const c of extra) await c.disconnect();
    });

    it('a supervisor outside the agent’s teams, and QA that did not organise it, are offered neither; the core refuses them', async () => {
      const s = await scene();
      const team = s.lead.getAgent(s.agentId)!.teamIds[0]!;
      const qa = await s.c.seat({ userId: 'qa-1', role: 'qa', teamIds: [team] });
      const sup = await mount(s.lead, { agentId: s.agentId });
      const agent = await mount(s.agent);
      const qaView = await mount(qa);
      const id = await scheduled(s, sup, agent);
      await advance(s.c, 0, qaView.el);
      expect(qaView.h.rows().map((r) => r.id)).to.deep.equal([id]);
      expect(qaView.h.actions(id)).to.deep.equal([]);
      let refused: unknown;
      await qa.cancelCoachingSession(id).catch((e: unknown) => (refused = e));
      expect(isFloorwalkError(refused) && refused.code).to.equal(ErrorCode.Forbidden);
    });
  });

  describe('refusals', () => {
    it('a session in the past is refused in the form before anything is sent, and by the core', async () => {
      const s = await scene();
      const sup = await mount(s.lead, { agentId: s.agentId });
      await sup.h.schedule({ at: START - 30 * MINUTE, topic: 'Yesterday’s calls' });
      await advance(s.c, 300, sup.el);
      expect(sup.h.message()).to.equal('Choose a time in the future.');
      expect(sup.el.shadowRoot!.querySelector('#when')!.getAttribute('aria-invalid')).to.equal('true');
      expect(sup.el.shadowRoot!.activeElement?.id, 'focus moved to the time').to.equal('when');
      expect(s.lead.getPendingIntents()).to.have.length(0);
      expect(s.lead.getCoachingSessions()).to.have.length(0);
      let refused: unknown;
      await s.lead.scheduleCoachingSession(s.agentId, 'Past', START - MINUTE, 30 * MINUTE).catch((e: unknown) => (refused = e));
      expect(isFloorwalkError(refused) && refused.code).to.equal(ErrorCode.InvalidArgument);
    });

    it('an empty topic and a missing agent are refused in the form', async () => {
      const s = await scene();
      const sup = await mount(s.lead);
      await sup.h.schedule({ at: START + HOUR, topic: 'x' });
      expect(sup.h.message()).to.equal('Choose an agent first.');
      await sup.h.schedule({ agentId: s.agentId, at: START + HOUR, topic: '   ' });
      expect(sup.h.message()).to.equal('Write a topic.');
      expect(s.lead.getPendingIntents()).to.have.length(0);
    });

    it('on a platform without the command: no form, the reason instead, and the core refuses', async () => {
      const s = await scene({ commands: ['set-presence', 'send-message', 'mark-read', 'mark-delivered'] });
      const sup = await mount(s.lead, { agentId: s.agentId });
      expect(sup.h.hasForm()).to.equal(false);
      expect(sup.h.reason()).to.equal('Scheduling coaching sessions is not available on this platform.');
      expect(sup.el.matches(':state(unsupported)')).to.equal(true);
      await expect(sup.el).to.be.accessible();
      let refused: unknown;
      await s.lead.scheduleCoachingSession(s.agentId, 'x', START + HOUR, 30 * MINUTE).catch((e: unknown) => (refused = e));
      expect(isFloorwalkError(refused) && refused.code).to.equal(ErrorCode.Unsupported);
    });

    it('an agent’s session forced into the supervisor’s view: the role’s reason, and their own list', async () => {
      const s = await scene();
      const forced = await mount(s.agent, { view: 'supervisor' });
      expect(forced.h.hasForm()).to.equal(false);
      expect(forced.h.reason()).to.equal('Your role cannot schedule coaching sessions for this agent.');
      const agentView = await mount(s.agent);
      expect(agentView.h.hasForm()).to.equal(false);
      expect(agentView.h.reason()).to.equal('');
    });
  });

  describe('keyboard', () => {
    it('the form is filled and sent with the keyboard: Tab from the length, Space ticks an attendee, Enter schedules', async () => {
      const s = await scene();
      const sup = await mount(s.lead, { agentId: s.agentId });
      const root = sup.el.shadowRoot!;
      const when = root.querySelector<HTMLInputElement>('#when')!;
      when.focus();
      const at = new Date(START + 3 * HOUR);
      // Chromium's datetime-local takes its segments typed in order; the value is set as a person's typing would end.
      when.value = `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}T${String(at.getHours()).padStart(2, '0')}:00`;
      when.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      // Tab inside a datetime-local walks its segments, so the walk starts at the next field.
      root.querySelector<HTMLSelectElement>('#duration')!.focus();
      await sendKeys({ press: 'Tab' });
      expect(root.activeElement?.id).to.equal('topic');
      await sendKeys({ type: 'Hold etiquette' });
      await sendKeys({ press: 'Tab' });
      expect(root.activeElement?.getAttribute('type')).to.equal('checkbox');
      const first = (root.activeElement as HTMLInputElement).dataset['id']!;
      await sendKeys({ press: 'Space' });
      root.querySelector<HTMLInputElement>('#topic')!.focus();
      await sendKeys({ press: 'Enter' });
      await advance(s.c, 300, sup.el);
      const made = s.lead.getCoachingSessions()[0];
      expect(made?.topic).to.equal('Hold etiquette');
      expect(made?.at).to.equal(START + 3 * HOUR);
      expect(made?.attendeeIds).to.deep.equal([s.agentId, first]);
    });
  });

  describe('a time the clocks skip or repeat, read in Europe/London', () => {
    // The scenes start on 28 Nov 2026: London's clocks go forward at 01:00 GMT on 28 Mar 2027
    // (01:00–01:59 never happens) and back at 02:00 BST on 31 Oct 2027 (01:00–01:59 happens twice).
    beforeEach(() => emulateZone('Europe/London'));
    afterEach(() => resetZone());
    // The offset as the page's locale names it ("BST" in en-GB, "GMT+1" in en-US).
    const clock = (at: number): string => new Intl.DateTimeFormat('en', { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(at);

    it('refuses a time the clocks skip, on the field, saying why and what it would be; nothing is sent', async () => {
      const s = await scene();
      const sup = await mount(s.lead, { agentId: s.agentId });
      await sup.h.schedule({ at: '2027-03-28T01:30', topic: 'Refund calls' });
      const when = sup.el.shadowRoot!.querySelector<HTMLInputElement>('#when')!;
      expect(plain(sup.h.message())).to.contain(`1:30 AM does not exist in Europe/London that day because the clocks go forward; it would be ${clock(Date.UTC(2027, 2, 28, 1, 30))}.`);
      expect(when.getAttribute('aria-invalid')).to.equal('true');
      expect(when.getAttribute('aria-describedby')).to.equal('form-error');
      await waitUntil(() => sup.el.shadowRoot!.activeElement === when, 'focus goes to the time field');
      await advance(s.c, 300, sup.el);
      expect(s.lead.getCoachingSessions(), 'nothing was sent').to.deep.equal([]);
      expect(sup.el.matches(':state(pending)')).to.equal(false);
      // Typing another time clears the refusal.
      when.value = '2027-03-28T02:30';
      when.dispatchEvent(new Event('input'));
      await sup.el.updateComplete;
      expect(sup.h.message()).to.equal('');
      expect(when.hasAttribute('aria-invalid')).to.equal(false);
    });

    it('books an ordinary time on the day the clocks go forward at the instant typed, with no note', async () => {
      const s = await scene();
      const sup = await mount(s.lead, { agentId: s.agentId });
      await sup.h.schedule({ at: '2027-03-28T03:30', topic: 'Refund calls' });
      expect(sup.h.timeNote()).to.equal('');
      await advance(s.c, 300, sup.el);
      expect(s.lead.getCoachingSessions().map((c) => c.at)).to.deep.equal([Date.UTC(2027, 2, 28, 2, 30)]);
      expect(sup.h.message()).to.equal('');
    });

    it('a time the clocks repeat: a note beside the field names both before sending, and the first is booked', async () => {
      const s = await scene();
      const sup = await mount(s.lead, { agentId: s.agentId });
      const when = sup.el.shadowRoot!.querySelector<HTMLInputElement>('#when')!;
      when.value = '2027-10-31T01:30';
      when.dispatchEvent(new Event('input'));
      await sup.el.updateComplete;
      expect(sup.h.timeNote()).to.equal(
        `1:30 AM happens twice in Europe/London that day because the clocks go back: this books the first, ${clock(Date.UTC(2027, 9, 31, 0, 30))}, unless you choose the second, ${clock(Date.UTC(2027, 9, 31, 1, 30))}.`,
      );
      expect(sup.h.occurrences(), 'both offered, the first checked').to.deep.equal([
        { label: clock(Date.UTC(2027, 9, 31, 0, 30)), checked: true },
        { label: clock(Date.UTC(2027, 9, 31, 1, 30)), checked: false },
      ]);
      expect(when.getAttribute('aria-describedby')).to.equal('time-note');
      expect(when.hasAttribute('aria-invalid')).to.equal(false);
      await expect(sup.el).to.be.accessible();
      await sup.h.schedule({ at: '2027-10-31T01:30', topic: 'Refund calls' });
      await advance(s.c, 300, sup.el);
      expect(s.lead.getCoachingSessions().map((c) => c.at), 'the first, 00:30 UTC').to.deep.equal([Date.UTC(2027, 9, 31, 0, 30)]);
    });

    it('the note on a repeated time is voiced politely as it appears and as it changes, not again while it stays the same', async () => {
      const s = await scene();
      const sup = await mount(s.lead, { agentId: s.agentId });
      const when = sup.el.shadowRoot!.querySelector<HTMLInputElement>('#when')!;
      const type = async (value: string): Promise<void> => {
        when.value = value;
        when.dispatchEvent(new Event('input'));
        await sup.el.updateComplete;
      };
      const note = (time: string, first: number): string =>
        `${time} happens twice in Europe/London that day because the clocks go back: this books the first, ${clock(first)}, unless you choose the second, ${clock(first + HOUR)}.`;
      // Empty, the region is in the tree but out of the form's grid (no gap where nothing is said).
      const live = sup.el.shadowRoot!.querySelector<HTMLElement>('.time-live')!;
      expect(live.getAttribute('role')).to.equal('status');
      expect(getComputedStyle(live).position).to.equal('absolute');
      await type('2027-10-31T01:30');
      expect(getComputedStyle(live).position, 'in the flow once it holds the note').to.equal('static');
      await voicedOnce(sup.el, 'polite', note('1:30 AM', Date.UTC(2027, 9, 31, 0, 30)));
      const region = sup.el.shadowRoot!.querySelector('[part="time-note"]')!.parentElement!;
      const changes = new MutationObserver(() => undefined);
      changes.observe(region, { subtree: true, childList: true, characterData: true });
      // The same time again, the topic typed, another length, a render for the clock: nothing new to say.
      await type('2027-10-31T01:30');
      const topic = sup.el.shadowRoot!.querySelector<HTMLInputElement>('#topic')!;
      topic.value = 'Refund calls';
      topic.dispatchEvent(new Event('input'));
      const length = sup.el.shadowRoot!.querySelector<HTMLSelectElement>('#duration')!;
      length.value = '45';
      length.dispatchEvent(new Event('change'));
      sup.el.requestUpdate();
      await sup.el.updateComplete;
      expect(changes.takeRecords(), 'the live region is left as it was').to.deep.equal([]);
      changes.disconnect();
      await type('2027-10-31T01:45');
      await voicedOnce(sup.el, 'polite', note('1:45 AM', Date.UTC(2027, 9, 31, 0, 45)));
    });

    it('a repeated time offers its two occurrences as radio buttons in a named group; the second, chosen, is booked', async () => {
      const s = await scene();
      const sup = await mount(s.lead, { agentId: s.agentId });
      const when = sup.el.shadowRoot!.querySelector<HTMLInputElement>('#when')!;
      const type = async (value: string): Promise<void> => {
        when.value = value;
        when.dispatchEvent(new Event('input'));
        await sup.el.updateComplete;
      };
      await type('2027-10-31T01:30');
      const group = sup.el.shadowRoot!.querySelector('[part="time-choice"]')!;
      expect(group.localName).to.equal('fieldset');
      expect(plain(group.querySelector('legend')!.textContent!)).to.equal('Which 1:30 AM?');
      await expect(sup.el).to.be.accessible();
      // By keyboard: the arrow keys move the choice within the group.
      group.querySelector<HTMLInputElement>('input[value="first"]')!.focus();
      await sendKeys({ press: 'ArrowDown' });
      await sup.el.updateComplete;
      expect(sup.h.occurrences().map((o) => o.checked)).to.deep.equal([false, true]);
      // Another repeated time is a new question: back to the first.
      await type('2027-10-31T01:45');
      expect(sup.h.occurrences().map((o) => o.checked)).to.deep.equal([true, false]);
      // Not a repeated time: no choice.
      await type('2027-10-31T03:30');
      expect(sup.h.occurrences()).to.deep.equal([]);
      expect(sup.el.shadowRoot!.querySelector('[part="time-choice"]')).to.equal(null);
      await sup.h.schedule({ at: '2027-10-31T01:30', topic: 'Refund calls', occurrence: 'second' });
      await advance(s.c, 300, sup.el);
      expect(s.lead.getCoachingSessions().map((c) => c.at), 'the second, 01:30 UTC').to.deep.equal([Date.UTC(2027, 9, 31, 1, 30)]);
      expect(sup.h.occurrences(), 'the form is cleared once booked').to.deep.equal([]);
    });

    it('Reschedule offers the same choice and moves a session to the second occurrence when chosen', async () => {
      const s = await scene();
      const sup = await mount(s.lead, { agentId: s.agentId });
      await sup.h.schedule({ at: START + 2 * HOUR, topic: 'Refund calls' });
      await advance(s.c, 300, sup.el);
      const id = s.lead.getCoachingSessions()[0]!.id;
      sup.el.shadowRoot!.querySelector<HTMLButtonElement>(`[part="reschedule"][aria-describedby="t-${CSS.escape(id)}"]`)!.click();
      await sup.el.updateComplete;
      const when = sup.el.shadowRoot!.querySelector<HTMLInputElement>('#when')!;
      when.value = '2027-10-31T01:30';
      when.dispatchEvent(new Event('input'));
      await sup.el.updateComplete;
      expect(sup.h.occurrences().map((o) => o.checked)).to.deep.equal([true, false]);
      await sup.h.chooseOccurrence('second');
      sup.el.shadowRoot!.querySelector<HTMLButtonElement>('[part="schedule"]')!.click();
      await sup.el.updateComplete;
      await advance(s.c, 300, sup.el);
      expect(s.lead.getCoachingSessions().map((c) => c.at), 'moved to the second, 01:30 UTC').to.deep.equal([Date.UTC(2027, 9, 31, 1, 30)]);
    });

    it("the harness's reschedule() takes a repeated time and the occurrence to move to, either way", async () => {
      const s = await scene();
      const sup = await mount(s.lead, { agentId: s.agentId });
      await sup.h.schedule({ at: START + 2 * HOUR, topic: 'Refund calls' });
      await advance(s.c, 300, sup.el);
      const id = s.lead.getCoachingSessions()[0]!.id;
      await sup.h.reschedule(id, { at: '2027-10-31T01:30', occurrence: 'second' });
      await advance(s.c, 300, sup.el);
      expect(s.lead.getCoachingSessions().map((c) => c.at), 'moved to the second, 01:30 UTC').to.deep.equal([Date.UTC(2027, 9, 31, 1, 30)]);
      await sup.h.reschedule(id, { at: '2027-10-31T01:30', occurrence: 'first' });
      await advance(s.c, 300, sup.el);
      expect(s.lead.getCoachingSessions().map((c) => c.at), 'back to the first, 00:30 UTC').to.deep.equal([Date.UTC(2027, 9, 31, 0, 30)]);
    });

    it('Reschedule of a session at the second occurrence opens with the second chosen, so a change of length alone keeps its time', async () => {
      const s = await scene();
      const sup = await mount(s.lead, { agentId: s.agentId });
      await sup.h.schedule({ at: '2027-10-31T01:30', topic: 'Refund calls', occurrence: 'second' });
      await advance(s.c, 300, sup.el);
      const id = s.lead.getCoachingSessions()[0]!.id;
      sup.el.shadowRoot!.querySelector<HTMLButtonElement>(`[part="reschedule"][aria-describedby="t-${CSS.escape(id)}"]`)!.click();
      await sup.el.updateComplete;
      expect(sup.h.occurrences().map((o) => o.checked), 'the occurrence the session is at').to.deep.equal([false, true]);
      const length = sup.el.shadowRoot!.querySelector<HTMLSelectElement>('#duration')!;
      length.value = '45';
      length.dispatchEvent(new Event('change'));
      await sup.el.updateComplete;
      sup.el.shadowRoot!.querySelector<HTMLButtonElement>('[part="schedule"]')!.click();
      await sup.el.updateComplete;
      await advance(s.c, 300, sup.el);
      expect(s.lead.getCoachingSessions().map((c) => [c.at, c.durationMs]), 'still at 01:30 UTC, now 45 minutes').to.deep.equal([[Date.UTC(2027, 9, 31, 1, 30), 45 * 60_000]]);
    });

    it('says both in Spanish', async () => {
      registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { 'coaching-sessions': coachingSessionsEs, common: commonEs } });
      const s = await scene();
      const el = await fixture<FwCoachingSessions>(html`<fw-coaching-sessions lang="es" .client=${s.lead} agent-id=${s.agentId}></fw-coaching-sessions>`);
      const h = new FwCoachingSessionsHarness(el);
      const when = el.shadowRoot!.querySelector<HTMLInputElement>('#when')!;
      when.value = '2027-10-31T01:30';
      when.dispatchEvent(new Event('input'));
      await el.updateComplete;
      const note = /^La hora 1:30 se repite en Europe\/London ese día porque se atrasan los relojes: se reserva la primera, 1:30 .+, salvo que elija la segunda, 1:30 .+\.$/;
      expect(h.timeNote()).to.match(note);
      await voicedOnce(el, 'polite', note);
      expect(plain(el.shadowRoot!.querySelector('[part="time-choice"] legend')!.textContent!)).to.equal('¿Cuál de las 1:30?');
      const es = (at: number): string => new Intl.DateTimeFormat('es', { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(at);
      expect(h.occurrences()).to.deep.equal([
        { label: es(Date.UTC(2027, 9, 31, 0, 30)), checked: true },
        { label: es(Date.UTC(2027, 9, 31, 1, 30)), checked: false },
      ]);
      await h.schedule({ at: '2027-03-28T01:30', topic: 'Llamadas' });
      expect(plain(h.message())).to.match(/^La hora 1:30 no existe en Europe\/London ese día porque se adelantan los relojes; sería 2:30 .+\. Elija otra hora\.$/);
    });
  });

  describe('localisation and theming', () => {
    it('shows every time in the viewer’s own zone and says which, on either side of a DST change; the form names the zone it reads', async () => {
      const s = await scene();
      const sup = await mount(s.lead, { agentId: s.agentId });
      const agent = await mount(s.agent);
      // One this week and one after Europe's and North America's spring change (28 and 14 March 2027).
      const times = [START + 2 * HOUR, Date.UTC(2027, 2, 29, 14, 30)];
      for (const at of times) {
        await sup.h.schedule({ at, topic: `At ${at}` });
        await advance(s.c, 300, sup.el, agent.el);
      }
      expect(s.agent.getCoachingSessions().map((c) => c.at), 'the instant the supervisor meant, in their zone').to.deep.equal(times);
      const zone = (at: number): string => new Intl.DateTimeFormat('en', { timeZoneName: 'short' }).formatToParts(at).find((p) => p.type === 'timeZoneName')!.value;
      const clock = (at: number): string => new Intl.DateTimeFormat('en', { hour: 'numeric', minute: '2-digit' }).format(at);
      for (const el of [sup.el, agent.el]) {
        const shown = [...el.shadowRoot!.querySelectorAll('[part="time"]')].map((t) => t.textContent!);
        expect(shown).to.have.length(2);
        shown.forEach((text, i) => expect(text, 'the wall time here, and the zone of that date').to.contain(clock(times[i]!)).and.contain(zone(times[i]!)));
      }
      const label = sup.el.shadowRoot!.querySelector('#when')!.closest('label')!.textContent!;
      expect(label).to.contain(`(${Intl.DateTimeFormat().resolvedOptions().timeZone})`);
    });

    it('speaks Spanish', async () => {
      registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { 'coaching-sessions': coachingSessionsEs, common: commonEs } });
      const s = await scene();
      const el = await fixture<FwCoachingSessions>(html`<fw-coaching-sessions lang="es" .client=${s.lead} agent-id=${s.agentId}></fw-coaching-sessions>`);
      expect(el.shadowRoot!.querySelector('[part="schedule"]')!.textContent!.trim()).to.equal('Programar');
      expect(el.shadowRoot!.querySelector('[part="heading"]')!.textContent!.trim()).to.equal('Sesiones de coaching');
    });

    it('takes its colours from tokens and knobs', async () => {
      const s = await scene();
      const el = await fixture<FwCoachingSessions>(html`<fw-coaching-sessions .client=${s.lead} style="--fw-coaching-sessions-background: rgb(7, 8, 9)"></fw-coaching-sessions>`);
      expect(getComputedStyle(el.shadowRoot!.querySelector('[part="base"]')!).backgroundColor).to.equal('rgb(7, 8, 9)');
    });

    it('keeps its form look with the shared form rules: its own radius and error knobs on the button and fields', async () => {
      const s = await scene();
      expectFormLook(await fixture<FwCoachingSessions>(html`<fw-coaching-sessions .client=${s.lead} agent-id=${s.agentId}></fw-coaching-sessions>`), 'schedule', '0px');
    });
  });
});
