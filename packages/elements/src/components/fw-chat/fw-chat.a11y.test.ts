// The checklist (a11y.md) against the accessibility tree Chromium computes, not the attributes
// the element writes.
import { conversationId, teamConversationId, type Floorwalk, type Session } from '@floorwalk/core';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { axTree, findAll, findNode, graphics, liveRegions, outline, textOf, type AXNode, AX_WAIT } from '../../../test/a11y-tree.js';
import { advanceRendered as advance, createCentre, type Centre } from '../../../test/centre.js';
import { FwChatHarness } from './fw-chat.harness.js';
import { FwChat } from './fw-chat.js';
import { plain } from '../../../test/isolates.js';

FwChat.define('fw-chat');

// Supervisors who lead no simulated team: the simulator never writes as them.
const LEAD_A: Session = { userId: 'lead-a', role: 'supervisor', teamIds: 'all', name: 'Lead A' };
const LEAD_B: Session = { userId: 'lead-b', role: 'supervisor', teamIds: 'all', name: 'Lead B' };
const DM = conversationId('lead-a', 'lead-b');

let centre: Centre | undefined;

async function scene(): Promise<{ c: Centre; a: Floorwalk; b: Floorwalk }> {
  const c = (centre = await createCentre({ session: LEAD_A }));
  return { c, a: c.client, b: await c.seat(LEAD_B) };
}

async function mount(client: Floorwalk, attrs: { peer?: string; conversation?: string } = {}): Promise<{ el: FwChat; h: FwChatHarness }> {
  const el = await fixture<FwChat>(
    html`<fw-chat .client=${client} .peer=${attrs.peer} .conversation=${attrs.conversation} .displayName=${(id: string) => (id === 'lead-a' ? 'Lead A' : id === 'lead-b' ? 'Lead B' : undefined)}></fw-chat>`,
  );
  await el.updateComplete;
  // The intersection observer reports the element on screen at the next frame.
  await waitUntil(() => (el as unknown as { onScreen: boolean }).onScreen, 'the chat is on screen');
  return { el, h: new FwChatHarness(el) };
}

describe('fw-chat: computed accessibility tree', () => {
  afterEach(async () => {
    await centre?.close();
    centre = undefined;
  });

  it('a region named by its heading; a listbox "Conversations" of options, the selected one selected, unread counts in words', async () => {
    const s = await scene();
    await s.b.sendMessage(DM, 'ping');
    await s.b.sendMessage(DM, 'pong');
    await advance(s.c, 2000);
    const { el } = await mount(s.a, { conversation: teamConversationId('team-1') });
    const tree = await axTree(el);
    const region = findNode(tree, 'region', 'Chat');
    expect(findNode(region, 'heading', 'Chat').level).to.equal(3);
    const options = findAll(findNode(region, 'listbox', 'Conversations'), 'option');
    expect(options.filter((o) => o.selected === true).map((o) => plain(o.name!))).to.deep.equal(['Team Aurora']);
    const dm = findNode(region, 'option', /^Lead B /);
    expect(dm.selected).to.equal(false);
    // The badge's digit is hidden; its words are the name's only count.
    expect(dm.name).to.equal('Lead B 2 unread messages pong');
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
  });

  it('a log named for the conversation with day separators and delivery in words; a composer field labelled and described', async () => {
    const s = await scene();
    await s.b.sendMessage(DM, 'ping');
    await advance(s.c, 2000);
    const { el, h } = await mount(s.a, { peer: 'lead-b' });
    await h.type('hello there');
    await h.pressEnter();
    await advance(s.c, 4000, el);
    const tree = await axTree(el);
    const log = findNode(tree, 'log', 'Messages in Lead B');
    expect(findNode(log, 'separator').name).to.equal('Today');
    const articles = findAll(log, 'article');
    expect(articles.map((a) => textOf(a))).to.deep.equal(['Lead B now ping', 'You now hello there Delivered']);
    const field = findNode(tree, 'textbox', 'Message Lead B');
    expect(plain(field.description!)).to.equal('0 of 4,000 characters Enter sends; Shift+Enter starts a new line.');
    expect(field.invalid ?? 'false').to.equal('false');
    expect(findNode(tree, 'button', 'Send')).to.not.equal(undefined);
    expect(graphics(tree), 'the delivery icon is hidden').to.deep.equal([]);
  });

  it('an empty send makes the field invalid and describes it by the error first', async () => {
    const s = await scene();
    const { el, h } = await mount(s.a, { peer: 'lead-b' });
    await h.type('   ');
    await h.pressEnter();
    const field = findNode(await axTree(el), 'textbox', 'Message Lead B');
    expect(field.invalid).to.equal('true');
    expect(plain(field.description!)).to.equal('Write something first. 3 of 4,000 characters Enter sends; Shift+Enter starts a new line.');
  });

  it('voices a message in the open conversation once, politely, as "<name>: <text>"', async () => {
    const s = await scene();
    const { el } = await mount(s.a, { peer: 'lead-b' });
    await s.b.sendMessage(DM, 'Are you free?');
    await advance(s.c, 2000, el);
    let tree: AXNode | undefined;
    await waitUntil(async () => {
      tree = await axTree(el);
      return liveRegions(tree, 'polite').some((region) => textOf(region) === 'Lead B: Are you free?');
    }, 'announced politely', { timeout: AX_WAIT });
    expect(textOf(findNode(tree!, 'log', 'Messages in Lead B'))).to.contain('Are you free?');
    // The log shows it; were the log live too, a screen reader would read the message twice.
    const voicing = liveRegions(tree!).filter((region) => textOf(region).includes('Are you free?'));
    expect(voicing.map((region) => `${region.role} ${region.live}`), outline(tree!)).to.deep.equal(['generic polite']);
  });

  it('voices a message in another conversation by who and where, and a failed send assertively', async () => {
    const s = await scene();
    const { el, h } = await mount(s.a, { conversation: teamConversationId('team-1') });
    await s.b.sendMessage(DM, 'psst');
    await advance(s.c, 2000, el);
    await waitUntil(async () => liveRegions(await axTree(el), 'polite').some((region) => textOf(region) === 'New message from Lead B in Lead B.'), 'announced politely', { timeout: AX_WAIT });
    // A platform that refuses: the simulator refuses a team channel it does not know.
    el.conversation = 'team:nope';
    await el.updateComplete;
    await h.type('hello?');
    await h.pressEnter();
    await advance(s.c, 500, el);
    await waitUntil(async () => liveRegions(await axTree(el), 'assertive').some((region) => /Not sent/.test(textOf(region))), 'announced assertively', { timeout: AX_WAIT });
  });
});
