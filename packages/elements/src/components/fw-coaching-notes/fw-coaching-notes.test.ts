import { ErrorCode, FloorwalkError, createFloorwalk, type Floorwalk } from '@floorwalk/core';
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { advanceRendered as advance, type Centre, type CentreOptions, liveText as live } from '../../../test/centre.js';
import { heldLead, leadScene, type LeadScene } from '../../../test/lead-scene.js';
import { expectFormLook } from '../../../test/shared-looks.js';
import type { FwCoachingNoteFailedEvent } from '../../events/fw-coaching-note-failed.js';
import { commonEs } from '../../internal/common-strings.es.js';
import { registerTranslation } from '../../internal/localize.js';
import { coachingNotesEs } from './fw-coaching-notes.es.js';
import { FwCoachingNotesHarness } from './fw-coaching-notes.harness.js';
import { FwCoachingNotes } from './fw-coaching-notes.js';
import { plain } from '../../../test/isolates.js';

FwCoachingNotes.define('fw-coaching-notes');

let centre: Centre | undefined;
const extra: Floorwalk[] = [];

const scene = (options: CentreOptions = {}): Promise<LeadScene> => leadScene((c) => (centre = c), options);

interface Mounted {
  readonly el: FwCoachingNotes;
  readonly h: FwCoachingNotesHarness;
  readonly failures: FwCoachingNoteFailedEvent[];
}

async function mount(client: Floorwalk | undefined, agentId?: string): Promise<Mounted> {
  const el = await fixture<FwCoachingNotes>(html`<fw-coaching-notes .client=${client} .agentId=${agentId}></fw-coaching-notes>`);
  const failures: FwCoachingNoteFailedEvent[] = [];
  el.addEventListener('fw-coaching-note-failed', (e) => failures.push(e));
  return { el, h: new FwCoachingNotesHarness(el), failures };
}

const frame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => r()));

describe('fw-coaching-notes', () => {
  afterEach(async () => {
    for (const client of extra.splice(0)) await client.disconnect();
    await centre?.close();
    centre = undefined;
  });

  it('a note the platform rate-limits says how long to wait, not that it was refused, and nothing is saved', async () => {
    const s = await scene();
    const lead = await heldLead(s.c, (c) => extra.push(c));
    const sup = await mount(lead.client, s.agentId);
    const before = lead.client.getCoachingNotes(s.agentId).length;
    // As the Genesys adapter rejects a 429: RateLimited, with its Retry-After as measured.
    lead.refuse(new FloorwalkError(ErrorCode.RateLimited, 'Genesys: 429', { details: { retryAfterMs: 8_400 } }));
    await sup.h.write({ body: 'Good hold etiquette' });
    await advance(s.c, 300, sup.el);
    expect(sup.failures.map((e) => e.error.code)).to.deep.equal([ErrorCode.RateLimited]);
    expect(sup.h.message()).to.contain('The platform is busy: try again in 9 s.');
    expect(lead.client.getCoachingNotes(s.agentId), 'nothing saved').to.have.length(before);
    registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { 'coaching-notes': coachingNotesEs, common: commonEs } });
    sup.el.lang = 'es';
    await sup.el.updateComplete;
    expect(sup.h.message()).to.contain('La plataforma está ocupada: vuelva a intentarlo en 9 s.');
  });

  describe('accessibility', () => {
    it('is accessible: the form empty and in error, notes listed, the agent’s view, no client', async () => {
      const s = await scene();
      const sup = await mount(s.lead, s.agentId);
      const agent = await mount(s.agent);
      await expect(sup.el).to.be.accessible();
      await expect(agent.el).to.be.accessible();
      await sup.h.write({ body: '  ' });
      expect(sup.h.message()).to.equal('Write the note first.');
      await expect(sup.el).to.be.accessible();
      await sup.h.write({ body: 'Good hold etiquette' });
      await advance(s.c, 300, sup.el, agent.el);
      await expect(sup.el).to.be.accessible();
      await expect(agent.el).to.be.accessible();
      const none = await mount(undefined);
      await expect(none.el).to.be.accessible();
    });
  });

  describe('writing and reading across two clients', () => {
    it('a note about the agent, tied to one of their interactions → the agent reads it, announced', async () => {
      const s = await scene();
      // Let the simulated centre route the agent some work, so there is an interaction to tie the note to.
      for (let i = 0; i < 120 && s.lead.getInteractions({ agentId: s.agentId, includeEnded: true }).length === 0; i++) await s.c.advance(30_000);
      const interaction = s.lead.getInteractions({ agentId: s.agentId, includeEnded: true })[0];
      expect(interaction, 'the agent handled something').to.not.equal(undefined);
      const sup = await mount(s.lead, s.agentId);
      const agent = await mount(s.agent);
      await sup.h.write({ body: 'Good hold etiquette.\nKeep the recap short.', interactionId: interaction!.id });
      expect(sup.el.matches(':state(pending)')).to.equal(true);
      await advance(s.c, 300, sup.el, agent.el);
      expect(sup.el.matches(':state(pending)')).to.equal(false);
      const [note] = s.agent.getCoachingNotes();
      expect([note?.body, note?.interactionId, note?.authorId]).to.deep.equal(['Good hold etiquette.\nKeep the recap short.', interaction!.id, 'lead-a']);
      const row = agent.h.rows()[0]!;
      expect(row).to.include({ id: note!.id, body: 'Good hold etiquette.\nKeep the recap short.', interactionId: interaction!.id, private: false });
      expect(plain(row.text)).to.contain('lead-a about you');
      // Notes are kept for weeks: the time says which day, not only the clock.
      const time = agent.el.shadowRoot!.querySelector(`[data-id="${note!.id}"] time`)!.textContent!;
      expect(time).to.contain(new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short' }).format(note!.createdAt));
      await frame();
      expect(live(agent.el, 'polite')).to.equal('New coaching note from lead-a.');
      expect((sup.el.shadowRoot!.querySelector('#body') as HTMLTextAreaElement).value, 'cleared for the next').to.equal('');
    });

    it('private notes: offered only where the policy allows them, shown to supervisors, never to the agent', async () => {
      const s = await scene();
      const plain = await mount(s.lead, s.agentId);
      expect(plain.h.offersPrivate(), 'off by default').to.equal(false);
      const lead2 = createFloorwalk({ adapter: s.c.adapter.seat(), clock: s.c.clock, session: { userId: 'lead-b', role: 'supervisor', teamIds: 'all' }, policy: { privateCoachingNotes: true } });
      extra.push(lead2);
      await lead2.connect();
      const sup = await mount(lead2, s.agentId);
      const agent = await mount(s.agent);
      expect(sup.h.offersPrivate()).to.equal(true);
      await sup.h.write({ body: 'Watch for burnout', private: true });
      // One note at a time: Save note waits for the platform's confirmation of the last.
      await advance(s.c, 300, sup.el, agent.el);
      await sup.h.write({ body: 'Great empathy today' });
      await advance(s.c, 300, sup.el, agent.el);
      expect(sup.h.rows().map((r) => [r.body, r.private])).to.deep.equal([
        ['Great empathy today', false],
        ['Watch for burnout', true],
      ]);
      expect(sup.h.rows()[1]!.text).to.contain('Private');
      expect(agent.h.rows().map((r) => r.body)).to.deep.equal(['Great empathy today']);
    });

    it('a note ticked Private is never saved visible to the agent when private notes are turned off meanwhile', async () => {
      const s = await scene();
      const lead2 = createFloorwalk({ adapter: s.c.adapter.seat(), clock: s.c.clock, session: { userId: 'lead-b', role: 'supervisor', teamIds: 'all' }, policy: { privateCoachingNotes: true } });
      const admin = createFloorwalk({ adapter: s.c.adapter.seat(), clock: s.c.clock, session: { userId: 'admin-1', role: 'admin', teamIds: 'all' } });
      extra.push(lead2, admin);
      await lead2.connect();
      await admin.connect();
      const sup = await mount(lead2, s.agentId);
      const root = sup.el.shadowRoot!;
      const body = root.querySelector<HTMLTextAreaElement>('#body')!;
      body.value = 'Watch for burnout';
      body.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      root.querySelector<HTMLInputElement>('#private')!.click();
      // The admin turns private notes off while the coach is writing.
      await admin.setPolicy({ privateCoachingNotes: false });
      await advance(s.c, 300, sup.el);
      expect(lead2.getPolicy().privateCoachingNotes).to.equal(false);
      root.querySelector<HTMLButtonElement>('[part="save"]')!.click();
      await advance(s.c, 300, sup.el);
      await advance(s.c, 300, sup.el);
      expect(lead2.getCoachingNotes().map((n) => [n.body, n.private ?? false]), 'the coach meant it private: not silently shared').to.deep.equal([]);
      expect(sup.h.message()).to.contain('Private notes are not allowed by your organisation’s policy.');
      // Saving again is a choice made knowingly: the note is then shared.
      root.querySelector<HTMLButtonElement>('[part="save"]')!.click();
      await advance(s.c, 300, sup.el);
      await advance(s.c, 300, sup.el);
      expect(lead2.getCoachingNotes().map((n) => [n.body, n.private ?? false])).to.deep.equal([['Watch for burnout', false]]);
    });

    it('markup in a note is shown as text on both sides', async () => {
      const s = await scene();
      const sup = await mount(s.lead, s.agentId);
      const agent = await mount(s.agent);
      const body = '<img src=x onerror="window.pwnedNote=1"><script>1</script><b>bold</b>';
      await sup.h.write({ body });
      await advance(s.c, 300, sup.el, agent.el);
      for (const el of [sup.el, agent.el]) {
        const shown = el.shadowRoot!.querySelector('[part="body"]')!;
        expect(shown.textContent).to.equal(body);
        expect(shown.querySelector('img, script, b')).to.equal(null);
      }
      expect((window as unknown as { pwnedNote?: number }).pwnedNote).to.equal(undefined);
    });
  });

  describe('refusals', () => {
    it('on a platform without the command: no form, the reason', async () => {
      const s = await scene({ capabilities: { commands: ['set-presence', 'send-message', 'mark-read', 'mark-delivered'] } });
      const sup = await mount(s.lead, s.agentId);
      expect(sup.h.hasForm()).to.equal(false);
      expect(sup.h.reason()).to.equal('Coaching notes are not available on this platform.');
    });

    it('an agent’s session has no form, only their notes; forced to the supervisor’s view it gets the role’s reason', async () => {
      const s = await scene();
      const agent = await mount(s.agent);
      expect(agent.h.hasForm()).to.equal(false);
      expect(agent.h.reason()).to.equal('');
      const forced = await fixture<FwCoachingNotes>(html`<fw-coaching-notes view="supervisor" .client=${s.agent}></fw-coaching-notes>`);
      expect(new FwCoachingNotesHarness(forced).reason()).to.equal('Your role cannot write coaching notes for this agent.');
    });

    it('without an agent or a text nothing is sent', async () => {
      const s = await scene();
      const sup = await mount(s.lead);
      await sup.h.write({ body: 'x' });
      expect(sup.h.message()).to.equal('Choose an agent first.');
      expect(sup.el.shadowRoot!.activeElement?.id).to.equal('agent');
      expect(s.lead.getPendingIntents()).to.have.length(0);
    });
  });

  describe('keyboard', () => {
    it('type the note, Tab to Save note, Enter', async () => {
      const s = await scene();
      const sup = await mount(s.lead, s.agentId);
      sup.el.shadowRoot!.querySelector<HTMLTextAreaElement>('#body')!.focus();
      await sendKeys({ type: 'Clear recap' });
      await sendKeys({ press: 'Tab' });
      expect(sup.el.shadowRoot!.activeElement?.getAttribute('part')).to.equal('save');
      await sendKeys({ press: 'Enter' });
      await advance(s.c, 300, sup.el);
      expect(s.lead.getCoachingNotes(s.agentId).map((n) => n.body)).to.deep.equal(['Clear recap']);
    });
  });

  describe('localisation and theming', () => {
    it('speaks Spanish', async () => {
      registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { 'coaching-notes': coachingNotesEs, common: commonEs } });
      const s = await scene();
      const el = await fixture<FwCoachingNotes>(html`<fw-coaching-notes lang="es" .client=${s.lead} agent-id=${s.agentId}></fw-coaching-notes>`);
      expect(el.shadowRoot!.querySelector('[part="save"]')!.textContent!.trim()).to.equal('Guardar nota');
    });

    it('takes its colours from tokens and knobs', async () => {
      const s = await scene();
      const el = await fixture<FwCoachingNotes>(html`<fw-coaching-notes .client=${s.lead} style="--fw-coaching-notes-background: rgb(7, 8, 9)"></fw-coaching-notes>`);
      expect(getComputedStyle(el.shadowRoot!.querySelector('[part="base"]')!).backgroundColor).to.equal('rgb(7, 8, 9)');
    });

    it('wraps a long unbroken author name in a note\'s byline, never scrolling sideways', async () => {
      const s = await scene();
      // A user id the host has no name for, shown as it is: an ARN, say.
      const long = 'arn:aws:connect:eu-west-2:123456789012:instance/0f1e2d3c/agent/' + 'x'.repeat(300);
      const sup = await mount(s.lead, s.agentId);
      await sup.h.write({ body: 'Good hold etiquette' });
      await advance(s.c, 300, sup.el);
      const el = await fixture<FwCoachingNotes>(
        html`<fw-coaching-notes .client=${s.agent} style="inline-size: 400px" .displayName=${(id: string) => (id === s.lead.session.userId ? long : undefined)}></fw-coaching-notes>`,
      );
      await el.updateComplete;
      const meta = el.shadowRoot!.querySelector<HTMLElement>('.note .meta')!;
      expect(meta.textContent).to.contain('x'.repeat(300));
      const base = el.shadowRoot!.querySelector<HTMLElement>('[part="base"]')!;
      expect(base.getBoundingClientRect().width).to.be.at.most(401);
      expect(meta.getBoundingClientRect().right).to.be.at.most(base.getBoundingClientRect().right);
      expect(meta.scrollWidth).to.be.at.most(meta.clientWidth + 1);
    });

    it('takes its padding from its knob, as the other panels do', async () => {
      const s = await scene();
      const el = await fixture<FwCoachingNotes>(html`<fw-coaching-notes .client=${s.lead} style="--fw-coaching-notes-padding: 3px"></fw-coaching-notes>`);
      expect(getComputedStyle(el.shadowRoot!.querySelector('[part="base"]')!).paddingTop).to.equal('3px');
    });

    it('keeps its form look with the shared form rules: its own radius and error knobs on the button and fields', async () => {
      const s = await scene();
      expectFormLook(await fixture<FwCoachingNotes>(html`<fw-coaching-notes .client=${s.lead} agent-id=${s.agentId}></fw-coaching-notes>`), 'save', '4px');
    });
  });
});
