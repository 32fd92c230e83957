// In the supervisor's queue, the agent's name and their reason are each isolated from the line's
// UI text and run in their own direction (test/bidi.ts reads where characters land on screen).
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { HEBREW_FIRST, HEBREW_NAME, leftOf, renameAgent } from '../../../test/bidi.js';
import { createCentre, newestCall, type Centre } from '../../../test/centre.js';
import { FwHelpRequest } from './fw-help-request.js';

FwHelpRequest.define('fw-help-request');

describe('fw-help-request bidi isolation', () => {
  let c: Centre | undefined;
  afterEach(async () => {
    await c?.close();
    c = undefined;
  });

  /** An agent (renamed to `name` when given) raises a hand for `reason`; the lead's queue line. */
  async function queueLine(reason: string, name?: string): Promise<Element> {
    c = await createCentre({ session: { userId: 'lead-a', role: 'supervisor', teamIds: 'all' } });
    const centre = c;
    const call = newestCall(centre.client, (i) => centre.client.getHelpRequests({ agentId: i.agentId, open: true }).length === 0)!;
    const agentId = call.agentId!;
    if (name !== undefined) await renameAgent(centre, agentId, name);
    const agent = await centre.seat({ userId: agentId, role: 'agent', agentId, teamIds: [] });
    const el = await fixture<FwHelpRequest>(html`<fw-help-request .client=${centre.client}></fw-help-request>`);
    await agent.raiseHand(reason, call.id);
    await centre.advance(200);
    const request = centre.client.getHelpRequests({ agentId, open: true })[0]!;
    const line = (): Element | null => el.shadowRoot!.querySelector(`[part~="request"][data-id="${request.id}"] .line`);
    await waitUntil(() => line()?.textContent?.includes(reason) === true, 'the request is in the queue');
    return line()!;
  }

  it('shows a Hebrew name on an LTR page with its "!" at the left', async () => {
    const line = await queueLine('Refund over my limit', HEBREW_NAME);
    expect(leftOf(line.querySelector('strong')!, '!', HEBREW_FIRST)).to.equal(true);
  });

  it('shows a Hebrew reason on an LTR page with its "?" at the left, after the name', async () => {
    const line = await queueLine('החזר כספי?');
    expect(leftOf(line, '?', 'ח'), '"?" left of the reason it ends').to.equal(true);
    expect(leftOf(line, ':', '?'), 'the reason stays after the separator').to.equal(true);
  });
});
