// A message body takes its direction from its own text: a Hebrew message on an English page
// runs right to left, its "!" at the left (test/bidi.ts reads where characters land).
import { conversationId, type Session } from '@floorwalk/core';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { HEBREW_FIRST, leftOf } from '../../../test/bidi.js';
import { advanceRendered as advance, createCentre, type Centre } from '../../../test/centre.js';
import { FwChat } from './fw-chat.js';
import { FwChatHarness } from './fw-chat.harness.js';

FwChat.define('fw-chat');

const LEAD_A: Session = { userId: 'lead-a', role: 'supervisor', teamIds: 'all', name: 'Lead A' };
const LEAD_B: Session = { userId: 'lead-b', role: 'supervisor', teamIds: 'all', name: 'Lead B' };
const DM = conversationId('lead-a', 'lead-b');

describe('fw-chat bidi isolation', () => {
  let c: Centre | undefined;
  afterEach(async () => {
    await c?.close();
    c = undefined;
  });

  async function conversation(dir: 'ltr' | 'rtl', body: string): Promise<Element> {
    c = await createCentre({ session: LEAD_A });
    const b = await c.seat(LEAD_B);
    await b.sendMessage(DM, body);
    const wrapper = await fixture<HTMLDivElement>(html`<div dir=${dir}><fw-chat .client=${c.client} .peer=${'lead-b'}></fw-chat></div>`);
    const el = wrapper.querySelector('fw-chat') as FwChat;
    await advance(c, 400, el);
    const h = new FwChatHarness(el);
    await h.open(DM);
    await waitUntil(() => h.messages().some((m) => m.body === body), 'the message shows');
    return el.shadowRoot!.querySelector('[part~="body"]')!;
  }

  it('runs a Hebrew message right to left on an LTR page, its "!" at the left', async () => {
    const body = await conversation('ltr', 'דנה כאן!');
    expect(leftOf(body, '!', HEBREW_FIRST)).to.equal(true);
  });

  it('runs an English message left to right on an RTL page, its "!" at the right', async () => {
    const body = await conversation('rtl', 'Dana here!');
    expect(leftOf(body, 'D', '!')).to.equal(true);
  });
});
