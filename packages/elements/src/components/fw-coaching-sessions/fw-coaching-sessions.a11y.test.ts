// The checklist (a11y.md) against the accessibility tree Chromium computes, not the attributes
// the element writes.
import type { Floorwalk } from '@floorwalk/core';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { announced, axTree, findAll, findNode, graphics, liveRegions, outline, textOf, voiced, type AXNode } from '../../../test/a11y-tree.js';
import { advanceRendered as advance, type Centre } from '../../../test/centre.js';
import { leadScene, silentLead, type LeadScene } from '../../../test/lead-scene.js';
import { FwCoachingSessionsHarness } from './fw-coaching-sessions.harness.js';
import { FwCoachingSessions } from './fw-coaching-sessions.js';

FwCoachingSessions.define('fw-coaching-sessions');

const HOUR = 3_600_000;
const START = Date.UTC(2026, 10, 28, 9, 0, 0);

let centre: Centre | undefined;
const extra: Floorwalk[] = [];

const scene = (): Promise<LeadScene> => leadScene((c) => (centre = c));

async function mount(client: Floorwalk, agentId?: string, confirmTimeout = 10_000): Promise<{ el: FwCoachingSessions; h: FwCoachingSessionsHarness }> {
  const el = await fixture<FwCoachingSessions>(
    html`<fw-coaching-sessions .client=${client} .agentId=${agentId} confirm-timeout=${confirmTimeout}></fw-coaching-sessions>`,
  );
  return { el, h: new FwCoachingSessionsHarness(el) };
}

describe('fw-coaching-sessions: computed accessibility tree', () => {
  afterEach(async () => {
    for (const client of extra.splice(0)) await client.disconnect();
    await centre?.close();
    centre = undefined;
  });

  it('supervisor: region and form named by their headings, labelled fields, the attendees a named group, no icon', async () => {
    const s = await scene();
    const { el } = await mount(s.lead, s.agentId);
    const tree = await axTree(el);
    const region = findNode(tree, 'region', 'Coaching sessions');
    expect(findNode(region, 'heading', 'Coaching sessions').level).to.equal(3);
    const name = `Schedule a session: ${s.lead.getAgent(s.agentId)!.name}`;
    const form = findNode(region, 'form', name);
    expect(findNode(form, 'heading', name).level).to.equal(4);
    findNode(form, 'combobox', 'Length');
    findNode(form, 'textbox', 'Topic');
    findNode(form, 'DateTime', `When (${Intl.DateTimeFormat().resolvedOptions().timeZone})`);
    const group = findNode(form, 'group', 'Also invite (optional)');
    expect(findAll(group, 'checkbox').length, outline(group)).to.be.greaterThan(0);
    expect(findAll(group, 'checkbox').every((box) => box.checked === false && (box.name ?? '') !== '')).to.equal(true);
    expect(findNode(form, 'button', 'Schedule').disabled ?? false).to.equal(false);
    expect(findAll(region, 'heading').map((h) => [h.name, h.level]).slice(-2)).to.deep.equal([
      ['Upcoming', 4],
      ['Past', 4],
    ]);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
  });

  it('a time on the field’s five-minute steps is never exposed as invalid, whatever minute it is now', async () => {
    const s = await scene();
    // 09:07: the field's earliest time is not on a step.
    await advance(s.c, 7 * 60_000);
    const { el } = await mount(s.lead, s.agentId);
    const when = el.shadowRoot!.querySelector<HTMLInputElement>('#when')!;
    const at = new Date(START + 90 * 60_000);
    const p = (n: number): string => String(n).padStart(2, '0');
    when.value = `${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())}T${p(at.getHours())}:${p(at.getMinutes())}`;
    when.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await el.updateComplete;
    expect(when.validity.stepMismatch, `min ${when.min}, value ${when.value}`).to.equal(false);
    const field = findNode(await axTree(el), 'DateTime', `When (${Intl.DateTimeFormat().resolvedOptions().timeZone})`);
    expect(field.invalid ?? 'false', 'a screen reader would say "invalid entry" for a good time').to.not.equal('true');
  });

  it('a refused form: the field invalid, described by the error, and focused', async () => {
    const s = await scene();
    const { el, h } = await mount(s.lead, s.agentId);
    await h.schedule({ at: START + HOUR, topic: '  ' });
    let tree = await axTree(el);
    const topic = findNode(tree, 'textbox', 'Topic');
    expect([topic.invalid, topic.description, topic.focused]).to.deep.equal(['true', 'Write a topic.', true]);
    await h.schedule({ at: START - HOUR, topic: 'Late' });
    tree = await axTree(el);
    const invalid = (node: AXNode): AXNode[] => [node, ...(node.children ?? []).flatMap(invalid)].filter((n) => n.invalid === 'true');
    expect(invalid(tree).map((n) => [n.role, n.name, n.description]), outline(tree)).to.deep.equal([['DateTime', `When (${Intl.DateTimeFormat().resolvedOptions().timeZone})`, 'Choose a time in the future.']]);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
  });

  it('while a request waits: Schedule disabled and named with "Pending"; its failure voiced once, assertively', async () => {
    const s = await scene();
    const { el, h } = await mount(await silentLead(s.c, (client) => extra.push(client)), s.agentId, 1500);
    await h.schedule({ at: START + HOUR, topic: 'Refund calls' });
    const button = findNode(await axTree(el), 'button', /^Schedule/);
    expect([button.name, button.disabled]).to.deep.equal(['Schedule (Pending)', true]);
    const failure = 'Not scheduled. The platform did not confirm in time.';
    const tree = await announced(el, failure);
    expect(textOf(findNode(tree, 'form')), 'the failure stays as text in the form').to.contain(failure);
    expect(voiced(tree), outline(tree)).to.deep.equal([['assertive', failure]]);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
  });

  it('both sides: lists named by their headings, the state in text; the agent hears a new session politely, once', async () => {
    const s = await scene();
    const sup = await mount(s.lead, s.agentId);
    const agent = await mount(s.agent);
    await sup.h.schedule({ at: START + HOUR, topic: 'Refund calls' });
    await advance(s.c, 300, sup.el, agent.el);
    const tree = await announced(agent.el, /^lead-a scheduled a coaching session, Refund calls, at /);
    expect(voiced(tree)).to.have.length(1);
    expect(voiced(tree)[0]![0]).to.equal('polite');
    const region = findNode(tree, 'region', 'Coaching sessions');
    expect(findAll(region, 'form'), 'no form on the agent’s side').to.have.length(0);
    const upcoming = findNode(region, 'list', 'Upcoming');
    const [item] = findAll(upcoming, 'listitem');
    // The agent may decline it: a Cancel button described by the session's topic.
    expect(textOf(item!)).to.match(/^Refund calls .* Scheduled Cancel$/);
    const cancel = findNode(item!, 'button', 'Cancel');
    expect(cancel.description).to.equal('Refund calls');
    const mine = await announced(sup.el, 'Coaching session scheduled.');
    expect(voiced(mine)).to.deep.equal([['polite', 'Coaching session scheduled.']]);
    await advance(s.c, 2 * HOUR, sup.el, agent.el);
    const later = await axTree(agent.el);
    expect(textOf(findNode(findNode(later, 'list', 'Past'), 'listitem'))).to.match(/^Refund calls .* Done$/);
  });
});
