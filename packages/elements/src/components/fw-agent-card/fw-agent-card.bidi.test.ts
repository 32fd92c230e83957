// The agent's name is isolated from the card's UI text and runs in its own direction
// (test/bidi.ts reads where its characters land on screen).
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { mountAgentCard } from '../../../test/agent-card-rig.js';
import { HEBREW_FIRST, HEBREW_NAME, LATIN_NAME, leftOf, renameAgent } from '../../../test/bidi.js';
import { createCentre, type Centre } from '../../../test/centre.js';
import { FwAgentCard } from './fw-agent-card.js';

FwAgentCard.define('fw-agent-card');

describe('fw-agent-card bidi isolation', () => {
  let c: Centre | undefined;
  afterEach(async () => {
    await c?.close();
    c = undefined;
  });
  const name = (el: FwAgentCard): Element => el.shadowRoot!.querySelector('[part~="name"]')!;

  it('shows a Hebrew name in an LTR card with its "!" at the left', async () => {
    c = await createCentre();
    const agent = c.client.getAgents()[0]!;
    const el = await mountAgentCard(c.client, agent.id);
    await renameAgent(c, agent.id, HEBREW_NAME);
    await waitUntil(() => name(el).textContent === HEBREW_NAME, 'the new name shows');
    expect(leftOf(name(el), '!', HEBREW_FIRST)).to.equal(true);
  });

  it('shows a Latin name in an RTL card with its "!" at the right', async () => {
    c = await createCentre();
    const agent = c.client.getAgents()[0]!;
    const wrapper = await fixture<HTMLDivElement>(html`<div dir="rtl"><fw-agent-card .client=${c.client} agent-id=${agent.id}></fw-agent-card></div>`);
    const el = wrapper.querySelector('fw-agent-card') as FwAgentCard;
    await renameAgent(c, agent.id, LATIN_NAME);
    await waitUntil(() => name(el).textContent === LATIN_NAME, 'the new name shows');
    expect(leftOf(name(el), 'D', '!')).to.equal(true);
  });
});
