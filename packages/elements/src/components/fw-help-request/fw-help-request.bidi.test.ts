// In the supervisor's queue, the agent's name and their reason are each isolated from the line's
// UI text and run in their own direction, and so they are in the sentence announcing a new
// request, where markup cannot isolate them (test/bidi.ts reads where characters land on screen).
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { HEBREW_FIRST, HEBREW_NAME, LATIN_NAME, leftOf, renameAgent } from '../../../test/bidi.js';
import { createCentre, liveText, newestCall, type Centre } from '../../../test/centre.js';
import { registerTranslation } from '../../internal/localize.js';
import { FwHelpRequest } from './fw-help-request.js';

FwHelpRequest.define('fw-help-request');

// A right-to-left translation of the sentence read here, as a host would register it.
registerTranslation({
  $code: 'he',
  $name: 'עברית',
  $dir: 'rtl',
  strings: { 'help-request': { newRequest: (agent: string, reason: string): string => `${agent} ביקש עזרה: ${reason}` } },
});

describe('fw-help-request bidi isolation', () => {
  let c: Centre | undefined;
  afterEach(async () => {
    await c?.close();
    c = undefined;
  });

  /** An agent (renamed to `name` when given) raises a hand for `reason`; the lead's element, on a page of `dir` and `lang`, and the request. */
  async function raise(reason: string, name?: string, dir = 'ltr', lang = 'en'): Promise<{ el: FwHelpRequest; requestId: string }> {
    c = await createCentre({ session: { userId: 'lead-a', role: 'supervisor', teamIds: 'all' } });
    const centre = c;
    const call = newestCall(centre.client, (i) => centre.client.getHelpRequests({ agentId: i.agentId, open: true }).length === 0)!;
    const agentId = call.agentId!;
    if (name !== undefined) await renameAgent(centre, agentId, name);
    const agent = await centre.seat({ userId: agentId, role: 'agent', agentId, teamIds: [] });
    const page = await fixture<HTMLDivElement>(html`<div dir=${dir} lang=${lang}><fw-help-request .client=${centre.client}></fw-help-request></div>`);
    const el = page.querySelector('fw-help-request') as FwHelpRequest;
    await agent.raiseHand(reason, call.id);
    await centre.advance(200);
    return { el, requestId: centre.client.getHelpRequests({ agentId, open: true })[0]!.id };
  }

  async function queueLine(reason: string, name?: string): Promise<Element> {
    const { el, requestId } = await raise(reason, name);
    const line = (): Element | null => el.shadowRoot!.querySelector(`[part~="request"][data-id="${requestId}"] .line`);
    await waitUntil(() => line()?.textContent?.includes(reason) === true, 'the request is in the queue');
    return line()!;
  }

  /** The region announcing the new request. */
  async function announcement(reason: string, name: string, dir: 'ltr' | 'rtl', lang: string): Promise<Element> {
    const { el } = await raise(reason, name, dir, lang);
    await waitUntil(() => liveText(el, 'polite').includes(reason), 'the request is announced');
    return el.shadowRoot!.querySelector('[aria-live="polite"]')!;
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

  it('announces a Hebrew name and reason in an English sentence on an LTR page, each with its mark at its left', async () => {
    const region = await announcement('החזר כספי?', HEBREW_NAME, 'ltr', 'en');
    expect(leftOf(region, '!', HEBREW_FIRST), '"!" left of the name it ends').to.equal(true);
    expect(leftOf(region, '?', 'ח'), '"?" left of the reason it ends').to.equal(true);
    expect(leftOf(region, ':', '?'), 'the reason stays after the separator').to.equal(true);
  });

  it('announces a Latin name and reason in a Hebrew sentence on an RTL page, each with its mark at its right', async () => {
    const region = await announcement('Refund over my limit?', LATIN_NAME, 'rtl', 'he');
    expect(leftOf(region, 'D', '!'), '"!" right of the name it ends').to.equal(true);
    expect(leftOf(region, 'R', '?'), '"?" right of the reason it ends').to.equal(true);
    expect(leftOf(region, '?', ':'), 'the reason stays after the separator, to its left').to.equal(true);
  });
});
