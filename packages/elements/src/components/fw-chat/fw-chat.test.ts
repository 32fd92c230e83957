import { conversationId, createFloorwalk, createMemoryStorage, ErrorCode, FloorwalkError, teamConversationId, type Adapter, type Floorwalk, type FloorwalkEvent, type Session } from '@floorwalk/core';
import { createMemoryBackplane, withBackplane } from '@floorwalk/core/backplane';
import { createManualClock } from '@floorwalk/core/testing';
import { createSimulatorAdapter } from '@floorwalk/adapters/simulator';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import { advanceRendered as advance, type Centre, createCentre, liveText as live } from '../../../test/centre.js';
import type { FwChatFailedEvent } from '../../events/fw-chat-failed.js';
import type { FwConversationSelectEvent } from '../../events/fw-conversation-select.js';
import { commonEs } from '../../internal/common-strings.es.js';
import { registerTranslation } from '../../internal/localize.js';
import { chatEs } from './fw-chat.es.js';
import { chatCatalog } from './fw-chat.strings.js';
import { plain } from '../../../test/isolates.js';
import { axTree, findNode, liveRegions, outline, textOf } from '../../../test/a11y-tree.js';
import { FwChatHarness } from './fw-chat.harness.js';
import { FwChat } from './fw-chat.js';
import { taken } from './composer.js';

FwChat.define('fw-chat');

// Two supervisors over every team who lead no simulated team: the simulator never answers for
// them, so every message and receipt in these tests comes from the clients under test.
const LEAD_A: Session = { userId: 'lead-a', role: 'supervisor', teamIds: 'all', name: 'Lead A' };
const LEAD_B: Session = { userId: 'lead-b', role: 'supervisor', teamIds: 'all', name: 'Lead B' };
const DM = conversationId('lead-a', 'lead-b');

declare global {
  // Counts script executions from message bodies; it must stay at zero.
  var fwChatPwned: number;
}

let centre: Centre | undefined;

interface Scene {
  readonly c: Centre;
  readonly a: Floorwalk;
  readonly b: Floorwalk;
}

async function scene(latencyMs = 150): Promise<Scene> {
  const c = await createCentre({ latencyMs, session: LEAD_A });
  centre = c;
  const b = await c.seat(LEAD_B);
  return { c, a: c.client, b };
}

async function mount(client: Floorwalk, attrs: { peer?: string; conversation?: string; timeout?: number } = {}): Promise<{ el: FwChat; h: FwChatHarness }> {
  const el = await fixture<FwChat>(
    html`<fw-chat .client=${client} .peer=${attrs.peer} .conversation=${attrs.conversation} confirm-timeout=${attrs.timeout ?? 10000} .displayName=${(id: string) => (id === 'lead-a' ? 'Lead A' : id === 'lead-b' ? 'Lead B' : undefined)}></fw-chat>`,
  );
  await el.updateComplete;
  // The intersection observer reports the element on screen at the next frame.
  await waitUntil(() => (el as unknown as { onScreen: boolean }).onScreen, 'the chat is on screen');
  return { el, h: new FwChatHarness(el) };
}

/** A page's link to the platform: it takes commands once `open` resolves (`let`), refuses them if it rejects. */
interface Gate {
  open: Promise<void>;
  let(): void;
  refuse(error: Error): void;
}
const gate = (): Gate => {
  const g = {} as Gate;
  g.open = new Promise((resolve, reject) => {
    g.let = resolve;
    g.refuse = reject;
  });
  return g;
};
/** Lead B's page on `link`, with its outbox in `storage` (none when null). */
const page = (s: Scene, storage: ReturnType<typeof createMemoryStorage> | null, link: Gate): Floorwalk => {
  const seat = s.c.adapter.seat({ person: 'lead-b' });
  const adapter = { ...seat, execute: async (c: Parameters<typeof seat.execute>[0]) => link.open.then(() => seat.execute(c)) };
  return createFloorwalk({ adapter, session: LEAD_B, clock: s.c.clock, outbox: storage !== null && { storage } });
};
/** A chat for the DM with Lead A on `client`, its fw-chat-failed reports heard from before it is connected. */
async function chat(client: Floorwalk): Promise<{ el: FwChat; h: FwChatHarness; failures: FwChatFailedEvent[] }> {
  const failures: FwChatFailedEvent[] = [];
  const el = await fixture<FwChat>(html`<fw-chat .client=${client} peer="lead-a" @fw-chat-failed=${(e: FwChatFailedEvent) => failures.push(e)}></fw-chat>`);
  await el.updateComplete;
  return { el, h: new FwChatHarness(el), failures };
}
const refused = (): FloorwalkError => new FloorwalkError(ErrorCode.VendorError, 'The platform refused it.', { retryable: false });
/** Lets a chat that was just mounted take up what it reads (its composer loads on a later turn). */
const turns = async (el: FwChat): Promise<void> => {
  await new Promise((resolve) => setTimeout(resolve, 50));
  await el.updateComplete;
};
/** Discard in `el` ends the message for good: gone there, from the client's list, from a chat opened next, never sent. */
async function discardedForGood(s: Scene, page: Floorwalk, el: FwChat, h: FwChatHarness): Promise<void> {
  await h.discard();
  expect(h.messages()).to.have.length(0);
  expect(page.getFailedIntents()).to.have.length(0);
  el.remove();
  const later = await chat(page);
  await turns(later.el);
  expect(later.h.messages(), 'a chat opened after the Discard shows nothing').to.have.length(0);
  expect(later.failures).to.have.length(0);
  expect(s.a.getMessages(DM)).to.have.length(0);
}
/** It stays, failed, as a message sent from this page does: reported, voiced, with Retry and Discard. */
async function shownFailed(el: FwChat, h: FwChatHarness, failures: FwChatFailedEvent[], code: number, body = 'Queued before the reload'): Promise<void> {
  await waitUntil(() => h.messages()[0]?.delivery === 'failed', 'shown as failed, not gone');
  expect(h.messages().map((m) => [m.body, m.delivery])).to.deep.equal([[body, 'failed']]);
  expect(failures.map((f) => [f.conversationId, f.error.code])).to.deep.equal([[DM, code]]);
  expect(el.matches(':state(failed)')).to.equal(true);
  expect(h.notes()).to.match(/Not sent\./);
  // Voiced at the next frame.
  await waitUntil(() => /Not sent/.test(live(el, 'assertive')), 'voiced assertively');
  // As Chromium's accessibility tree has it: voiced assertively, with Retry and Discard named.
  const tree = await axTree(el);
  expect(liveRegions(tree, 'assertive').some((region) => /Not sent/.test(textOf(region))), outline(tree)).to.equal(true);
  findNode(tree, 'button', 'Retry');
  findNode(tree, 'button', 'Discard');
}

describe('fw-chat', () => {
  afterEach(async () => {
    await centre?.close();
    centre = undefined;
  });

  describe('accessibility', () => {
    it('is accessible with no conversation, with messages, with a draft error, and without a client', async () => {
      const s = await scene();
      const { el, h } = await mount(s.a, { peer: 'lead-b' });
      await expect(el).to.be.accessible();
      await s.b.sendMessage(DM, 'Morning! Can you cover the 2pm huddle?');
      await advance(s.c, 2000, el);
      expect(h.messages()).to.have.length(1);
      await expect(el).to.be.accessible();
      await h.type('   ');
      await h.pressEnter();
      expect(h.notes()).to.contain('Write something first.');
      expect(h.input!.getAttribute('aria-invalid')).to.equal('true');
      await expect(el).to.be.accessible();
      const none = await fixture<FwChat>(html`<fw-chat></fw-chat>`);
      expect(none.shadowRoot!.textContent).to.contain('Not connected to Floorwalk.');
      await expect(none).to.be.accessible();
    });

    it('puts the log in a log region and gives the unread badge words', async () => {
      const s = await scene();
      await s.b.sendMessage(DM, 'ping');
      await s.b.sendMessage(DM, 'pong');
      await advance(s.c, 2000);
      const { el, h } = await mount(s.a, { conversation: teamConversationId('team-1') });
      const row = h.conversations().find((r) => r.id === DM);
      expect(row?.unread).to.equal(2);
      const badge = el.shadowRoot!.querySelector(`[data-id="${DM}"] [part="unread"]`)!;
      expect(badge.textContent).to.contain('2 unread messages');
      expect(el.shadowRoot!.querySelector('[part="log"]')!.getAttribute('role')).to.equal('log');
      expect(el.shadowRoot!.querySelector('[part="list"]')!.getAttribute('role')).to.equal('listbox');
    });
  });

  describe('two clients chatting', () => {
    it('moves an own message from sending to sent, delivered and read as the other side reads it', async () => {
      const s = await scene(300);
      const a = await mount(s.a, { peer: 'lead-b' });
      await a.h.type('Can you take the next escalation?');
      await a.h.pressEnter();
      expect(a.h.input!.value, 'Enter sent and cleared the draft').to.equal('');
      expect(a.h.messages().map((m) => m.delivery)).to.deep.equal(['sending']);
      expect(a.el.matches(':state(pending)')).to.equal(true);
      await advance(s.c, 350, a.el);
      const sent = a.h.messages();
      expect(sent).to.have.length(1);
      expect(sent[0]!.delivery).to.be.oneOf(['sent', 'delivered']);
      // The recipient's client receives it (and sends the receipt) while its chat is closed.
      await advance(s.c, 4000, a.el);
      expect(a.h.messages()[0]!.delivery).to.equal('delivered');
      expect(a.h.messages()[0]!.deliveryText).to.equal('Delivered');
      expect(s.b.getUnreadCount(DM)).to.equal(1);

      // B opens the conversation: it is visible and on screen, so B's element marks it read.
      const b = await mount(s.b);
      expect(b.h.conversations()[0]).to.include({ id: DM, unread: 1, name: 'Lead A', preview: 'Can you take the next escalation?' });
      await advance(s.c, 400, a.el, b.el);
      expect(s.b.getUnreadCount(DM), 'B’s element marked the conversation read').to.equal(0);
      expect(a.h.messages()[0]!.delivery).to.equal('read');
      expect(a.h.messages()[0]!.deliveryText).to.equal('Read');
      expect(b.h.conversations()[0]!.unread).to.equal(0);
    });

    it("keeps one's own message shown from Enter on: sending, then sent from the send's answer until the platform's copy takes its place", async () => {
      const s = await scene(300);
      const a = await mount(s.a, { peer: 'lead-b' });
      const log = a.el.shadowRoot!.querySelector('[part="log"]')!;
      // Every state the log passes through, from Enter on.
      const seen: number[] = [];
      const observer = new MutationObserver(() => seen.push(a.h.messages().length));
      observer.observe(log, { childList: true, subtree: true });
      await a.h.type('Back in five');
      await a.h.pressEnter();
      await waitUntil(() => s.a.getPendingIntents().length === 0, 'the platform took the message');
      await a.el.updateComplete;
      // Answered; the platform's copy comes a latency (300 ms) after it.
      expect(a.h.messages().map((m) => [m.body, m.delivery])).to.deep.equal([['Back in five', 'sent']]);
      await advance(s.c, 200, a.el);
      expect(a.h.messages().map((m) => [m.body, m.delivery])).to.deep.equal([['Back in five', 'sent']]);
      const before = a.h.messages()[0]!.id;
      await advance(s.c, 200, a.el);
      const [copy] = a.h.messages();
      expect(a.h.messages(), 'the copy in its place, once').to.have.length(1);
      expect(copy!.id, "the platform's copy").to.not.equal(before);
      expect(copy!.body).to.equal('Back in five');
      observer.disconnect();
      expect(seen.length, 'the log changed').to.be.greaterThan(0);
      expect(seen.filter((n) => n !== 1), 'the message was in the log at every change').to.deep.equal([]);
    });

    it('keeps unread counts per conversation, and history per conversation', async () => {
      const s = await scene();
      await s.b.sendMessage(DM, 'one');
      await s.b.sendMessage(teamConversationId('team-2'), 'team two says hi');
      await advance(s.c, 2000);
      const { el, h } = await mount(s.a, { conversation: teamConversationId('team-1') });
      const rows = h.conversations();
      expect(rows.find((r) => r.id === DM)?.unread).to.equal(1);
      expect(rows.find((r) => r.id === 'team:team-2')?.unread).to.equal(1);
      expect(h.messages()).to.have.length(0);
      await h.open('team:team-2');
      expect(h.messages().map((m) => m.body)).to.deep.equal(['team two says hi']);
      await advance(s.c, 400, el);
      expect(h.conversations().find((r) => r.id === 'team:team-2')?.unread).to.equal(0);
      expect(h.conversations().find((r) => r.id === DM)?.unread, 'the other conversation stays unread').to.equal(1);
      await h.open(DM);
      expect(h.messages().map((m) => m.body)).to.deep.equal(['one']);
    });

    it('posts to a team channel; the other supervisor sees it with a Read-by count coming back', async () => {
      const s = await scene();
      const channel = teamConversationId('team-1');
      const a = await mount(s.a, { conversation: channel });
      const b = await mount(s.b, { conversation: channel });
      await a.h.type('Team 1: huddle in five minutes.');
      await a.h.send();
      await advance(s.c, 2000, a.el, b.el);
      expect(b.h.messages().map((m) => [m.author, m.body, m.own])).to.deep.equal([['Lead A', 'Team 1: huddle in five minutes.', false]]);
      await advance(s.c, 400, a.el, b.el);
      expect(s.a.getMessages(channel)[0]?.readBy ?? [], 'B read the team message').to.include('lead-b');
      expect(a.h.messages()[0]!.deliveryText).to.match(/^Read by \d+$/);
      expect(a.h.messages()[0]!.delivery).to.equal('delivered');
    });

    it('renders markup and script in a message as text, executing nothing', async () => {
      const s = await scene();
      globalThis.fwChatPwned = 0;
      const evil = '<img src=x onerror="globalThis.fwChatPwned++"><script>globalThis.fwChatPwned++</script><b>bold</b>';
      const b = await mount(s.b, { peer: 'lead-a' });
      await s.a.sendMessage(DM, evil);
      await advance(s.c, 2000, b.el);
      await new Promise((r) => setTimeout(r, 50));
      const shown = b.h.messages()[0]!;
      expect(shown.body).to.equal(evil);
      const body = b.el.shadowRoot!.querySelector('[part="body"]')!;
      expect(body.querySelector('img, script, b'), 'no element was created from the text').to.equal(null);
      expect(b.h.conversations()[0]!.preview).to.equal(evil);
      expect(globalThis.fwChatPwned).to.equal(0);
    });
  });

  describe('composer', () => {
    it('Shift+Enter adds a line; Enter sends; an empty body is refused; the count shows the limit', async () => {
      const s = await scene();
      const { el, h } = await mount(s.a, { peer: 'lead-b' });
      h.input!.focus();
      await sendKeys({ type: 'line one' });
      await sendKeys({ down: 'Shift' });
      await sendKeys({ press: 'Enter' });
      await sendKeys({ up: 'Shift' });
      await sendKeys({ type: 'line two' });
      await el.updateComplete;
      expect(h.input!.value).to.equal('line one\nline two');
      expect(h.count()).to.equal('17 of 4,000 characters');
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(h.input!.value).to.equal('');
      await advance(s.c, 2000, el);
      expect(s.a.getMessages(DM).map((m) => m.body)).to.deep.equal(['line one\nline two']);
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(h.notes()).to.contain('Write something first.');
      expect(s.a.getMessages(DM)).to.have.length(1);
    });

    it('keeps each draft with the conversation it was typed for, when the host turns the chat to another', async () => {
      const s = await scene();
      const { el, h } = await mount(s.a, { peer: 'lead-b' });
      const TEAM = teamConversationId('team-1');
      await h.type('Just between us: Sam needs a hand');
      await h.pressEnter();
      // Sent; the next draft is half typed when the host turns the chat to a team channel.
      await h.type('Can you sit with her after');
      el.peer = undefined;
      el.conversation = TEAM;
      await el.updateComplete;
      expect(h.input!.placeholder).to.contain('Team');
      expect(h.input!.value, 'the 1:1 draft is not under the team channel').to.equal('');
      await h.pressEnter();
      expect(h.notes(), 'nothing to send here').to.contain('Write something first.');
      await h.type('Huddle at 2');
      el.peer = 'lead-b';
      await el.updateComplete;
      expect(h.input!.value, 'the 1:1 draft is back').to.equal('Can you sit with her after');
      expect(h.notes(), "the team channel's error is not this one's").to.not.contain('Write something first.');
      el.peer = undefined;
      await el.updateComplete;
      expect(h.input!.value).to.equal('Huddle at 2');
      await h.pressEnter();
      await advance(s.c, 2000, el);
      expect(s.a.getMessages(TEAM).map((m) => m.body), 'the team got its own message only').to.deep.equal(['Huddle at 2']);
      expect(s.a.getMessages(DM).map((m) => m.body)).to.deep.equal(['Just between us: Sam needs a hand']);
    });

    it('a click on Send puts focus back in the message field, so the person can keep typing; so does Send on an empty draft', async () => {
      const s = await scene();
      const { el, h } = await mount(s.a, { peer: 'lead-b' });
      const button = el.shadowRoot!.querySelector<HTMLButtonElement>('[part="send"]')!;
      // A real pointer click, which moves focus to the button in Chromium.
      const click = async (): Promise<void> => {
        const box = button.getBoundingClientRect();
        await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
        await el.updateComplete;
      };
      await h.type('On my way');
      await click();
      await waitUntil(() => el.shadowRoot!.activeElement === h.input, 'focus back in the field after sending');
      expect(h.input!.value).to.equal('');
      await advance(s.c, 2000, el);
      expect(s.a.getMessages(DM).map((m) => m.body), 'sent').to.deep.equal(['On my way']);
      button.focus();
      await click();
      expect(h.notes()).to.contain('Write something first.');
      await waitUntil(() => el.shadowRoot!.activeElement === h.input, 'focus in the field the error is about');
    });

    it('stays usable while the platform reports the link offline, as while reconnecting: the history, the draft and its focus stay, and a message sent then goes once', async () => {
      const s = await scene();
      const { el, h } = await mount(s.a, { peer: 'lead-b' });
      await s.b.sendMessage(DM, 'Still on the call?');
      await advance(s.c, 2000, el);
      await h.type('Yes, on a train');
      h.input!.focus();
      s.c.link('offline');
      await waitUntil(() => s.a.status === 'offline', 'the client is offline');
      await el.updateComplete;
      expect(h.messages().map((m) => m.body), 'the history stays').to.deep.equal(['Still on the call?']);
      expect(h.input?.value, 'the draft stays').to.equal('Yes, on a train');
      expect(el.shadowRoot!.activeElement, 'focus stays in the field').to.equal(h.input);
      await h.pressEnter();
      expect(h.messages().map((m) => [m.body, m.delivery])).to.deep.equal([
        ['Still on the call?', ''],
        ['Yes, on a train', 'sending'],
      ]);
      s.c.link('live');
      await advance(s.c, 2000, el);
      await advance(s.c, 1000, el);
      expect(s.b.getMessages(DM).map((m) => m.body), 'it went once').to.deep.equal(['Still on the call?', 'Yes, on a train']);
      expect(h.messages().map((m) => [m.body, m.delivery === 'sending' || m.delivery === 'failed'])).to.deep.equal([
        ['Still on the call?', false],
        ['Yes, on a train', false],
      ]);
    });

    it('an IME commit is not a send, also where the browser has ended the composition first (Safari: keyCode 229)', async () => {
      const s = await scene();
      const { el, h } = await mount(s.a, { peer: 'lead-b' });
      await h.type('にほんご');
      const enter = (init: KeyboardEventInit & { keyCode?: number }) =>
        h.input!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true, ...init }));
      enter({ isComposing: true });
      enter({ keyCode: 229 });
      await el.updateComplete;
      expect(h.input!.value, 'the draft stays').to.equal('にほんご');
      expect(h.messages()).to.have.length(0);
      await h.pressEnter();
      expect(h.messages().map((m) => m.body)).to.deep.equal(['にほんご']);
    });

    it('refuses a message over max-length, and says so', async () => {
      const s = await scene();
      const el = await fixture<FwChat>(html`<fw-chat .client=${s.a} peer="lead-b" max-length="10"></fw-chat>`);
      const h = new FwChatHarness(el);
      await h.type('eleven chars');
      expect(h.count()).to.equal('12 of 10 characters');
      await h.pressEnter();
      expect(h.notes()).to.contain('at most 10 characters');
      await advance(s.c, 1000, el);
      expect(s.a.getMessages(DM)).to.have.length(0);
    });

    it('shows a refused message as failed with the reason, and Retry sends it once accepted', async () => {
      const s = await scene();
      const { el, h } = await mount(s.a, { peer: 'lead-b' });
      const failures: FwChatFailedEvent[] = [];
      el.addEventListener('fw-chat-failed', (e) => failures.push(e));
      // A platform that refuses: the simulator refuses a team channel it does not know.
      const unknown = 'team:nope';
      el.peer = undefined;
      el.conversation = unknown;
      await el.updateComplete;
      await h.type('hello?');
      await h.pressEnter();
      await advance(s.c, 500, el);
      await waitUntil(() => failures.length === 1, 'the failure was reported');
      expect(h.messages()[0]!.delivery).to.equal('failed');
      expect(h.notes()).to.match(/Not sent\./);
      expect(el.matches(':state(failed)')).to.equal(true);
      expect(live(el, 'assertive')).to.match(/Not sent/);
      // Retry asks again (and is refused again); Discard removes it.
      await h.retry();
      await advance(s.c, 500, el);
      await waitUntil(() => failures.length === 2, 'the retry was sent and refused again');
      el.shadowRoot!.querySelector<HTMLButtonElement>('[part="discard"]')!.click();
      await el.updateComplete;
      expect(h.messages()).to.have.length(0);
    });
    /** 'Still there?' sent while the link is down: the client holds it, the element's 200 ms wait runs out and it offers Retry. */
    async function outlivedTheWait(): Promise<{ s: Scene; el: FwChat; h: FwChatHarness }> {
      const s = await scene();
      const { el, h } = await mount(s.a, { peer: 'lead-b', timeout: 200 });
      s.c.link('reconnecting');
      await el.updateComplete;
      await h.type('Still there?');
      await h.pressEnter();
      await waitUntil(() => h.messages()[0]?.delivery === 'failed', 'the wait ran out');
      return { s, el, h };
    }

    it('a message that outlived the wait while the link was down is shown once when it goes, and Retry meanwhile sends it once', async () => {
      const { s, el, h } = await outlivedTheWait();
      await h.retry();
      await waitUntil(() => h.messages()[0]?.delivery === 'failed', 'the wait ran out again');
      s.c.link('live');
      await advance(s.c, 1000, el);
      await advance(s.c, 1000, el);
      expect(s.a.getMessages(DM).map((m) => m.body), 'the platform took it once').to.deep.equal(['Still there?']);
      expect(h.messages().map((m) => m.body), 'shown once, not also as failed').to.deep.equal(['Still there?']);
      expect(el.matches(':state(failed)')).to.equal(false);
    });

    it('a message that outlived the wait keeps its row when its chat is put back on the page, and goes once', async () => {
      const { s, el, h } = await outlivedTheWait();
      // The drawer is closed and opened again while the client still holds the message.
      const drawer = el.parentElement!;
      el.remove();
      drawer.append(el);
      await turns(el);
      expect(h.messages().map((m) => [m.body, m.delivery]), 'still offered, once').to.deep.equal([['Still there?', 'failed']]);
      s.c.link('live');
      await advance(s.c, 1000, el);
      await advance(s.c, 1000, el);
      expect(s.a.getMessages(DM).map((m) => m.body), 'the platform took it once').to.deep.equal(['Still there?']);
      expect(h.messages().map((m) => [m.body, m.delivery === 'failed'])).to.deep.equal([['Still there?', false]]);
    });
  });

  describe('a send whose answer is lost', () => {
    it('shows the message once as soon as the platform copy comes back, not beside a Sending copy until the send settles', async () => {
      const s = await scene();
      const seat = s.c.adapter.seat({ person: 'lead-b' });
      // The platform takes the message; its answer never reaches this page.
      const adapter = { ...seat, execute: (c: Parameters<typeof seat.execute>[0]) => seat.execute(c).then(() => new Promise<void>(() => {})) };
      const page = createFloorwalk({ adapter, session: LEAD_B, clock: s.c.clock });
      await page.connect();
      const { el, h } = await chat(page);
      await turns(el);
      await h.type('On my way');
      await h.pressEnter();
      expect(h.messages().map((m) => [m.body, m.delivery])).to.deep.equal([['On my way', 'sending']]);
      await advance(s.c, 2000, el);
      await advance(s.c, 1000, el);
      expect(h.messages().map((m) => m.body), 'once').to.deep.equal(['On my way']);
      expect(h.messages()[0]!.delivery).to.not.equal('sending');
      expect(page.getPendingIntents()).to.have.length(0);
      await page.disconnect();
    });
  });

  describe('after a reload', () => {
    /** A page left "Queued before the reload" in its outbox; the next page restored it. */
    async function restored(s: Scene): Promise<{ page2: Floorwalk; kept: ReturnType<typeof createMemoryStorage>; link: Gate }> {
      const before = createMemoryStorage();
      const page1 = page(s, before, gate());
      await page1.connect();
      page1.sendMessage(DM, 'Queued before the reload').catch(() => undefined);
      await waitUntil(() => before.data.size === 1, 'the message waits in the outbox');
      // What the browser keeps when the tab is reloaded (the page says no goodbye).
      const kept = createMemoryStorage();
      for (const [key, value] of before.data) await kept.set(key, { ...(value as object), owner: undefined });
      await page1.disconnect();
      const link = gate();
      const page2 = page(s, kept, link);
      await page2.connect();
      await waitUntil(() => page2.getPendingIntents().length === 1, 'the next page restored it');
      return { page2, kept, link };
    }
    /** As restored(), with a chat that shows it as sending. */
    async function reloaded(s: Scene): Promise<{ page2: Floorwalk; kept: ReturnType<typeof createMemoryStorage>; link: Gate; el: FwChat; h: FwChatHarness; failures: FwChatFailedEvent[] }> {
      const r = await restored(s);
      const c = await chat(r.page2);
      expect(c.h.messages().map((m) => [m.body, m.delivery])).to.deep.equal([['Queued before the reload', 'sending']]);
      return { ...r, ...c };
    }
    /** A restored message that failed before any chat was on the page (a drawer not yet opened). */
    async function failedUnseen(s: Scene, error: FloorwalkError): Promise<{ page2: Floorwalk; kept: ReturnType<typeof createMemoryStorage>; link: Gate }> {
      const r = await restored(s);
      r.link.refuse(error);
      await waitUntil(() => r.page2.getPendingIntents().length === 0, 'it did not go');
      await advance(s.c, 1000);
      return r;
    }

    it('shows a message the last page left in the outbox as sending, then once when it goes', async () => {
      const s = await scene();
      const { page2, link, el, h } = await reloaded(s);
      link.let();
      await advance(s.c, 2000, el);
      await advance(s.c, 1000, el);
      expect(s.a.getMessages(DM).map((m) => m.body), 'the platform took it once').to.deep.equal(['Queued before the reload']);
      expect(h.messages().map((m) => m.body), 'shown once').to.deep.equal(['Queued before the reload']);
      expect(h.messages()[0]!.delivery).to.not.equal('sending');
      await page2.disconnect();
    });

    it('a restored message the outbox gives up on stays as failed, and Retry sends its text as a new message', async () => {
      const s = await scene();
      const { page2, kept, link, el, h, failures } = await reloaded(s);
      link.refuse(new FloorwalkError(ErrorCode.VendorError, 'The platform refused it.', { retryable: false }));
      await shownFailed(el, h, failures, ErrorCode.VendorError);
      expect(kept.data.size, 'the outbox forgot it').to.equal(0);
      link.open = Promise.resolve();
      await h.retry();
      await advance(s.c, 2000, el);
      await advance(s.c, 1000, el);
      expect(s.a.getMessages(DM).map((m) => m.body), 'the platform took it once').to.deep.equal(['Queued before the reload']);
      expect(h.messages().map((m) => m.body), 'shown once').to.deep.equal(['Queued before the reload']);
      expect(h.messages()[0]!.delivery).to.not.equal('failed');
      expect(el.matches(':state(failed)')).to.equal(false);
      await page2.disconnect();
    });

    it('a restored message the platform refuses because its author left the conversation says so, not that their role cannot', async () => {
      const s = await scene();
      const { page2, link, el, h, failures } = await reloaded(s);
      // As the simulator and the backplane refuse it: Forbidden, naming no permission.
      link.refuse(new FloorwalkError(ErrorCode.Forbidden, 'lead-b is not in conversation team:team-1.'));
      await shownFailed(el, h, failures, ErrorCode.Forbidden);
      expect(h.notes()).to.contain('Not sent. You can no longer post in this conversation.');
      await page2.disconnect();
    });

    it('a restored message refused as a conflict stays as failed, and Discard leaves nothing of it, stored or shown', async () => {
      const s = await scene();
      const { page2, kept, link, el, h, failures } = await reloaded(s);
      link.refuse(new FloorwalkError(ErrorCode.Conflict, 'The conversation moved on.'));
      await shownFailed(el, h, failures, ErrorCode.Conflict);
      await h.discard();
      expect(h.messages()).to.have.length(0);
      expect(el.matches(':state(failed)')).to.equal(false);
      expect(kept.data.size, 'nothing stored').to.equal(0);
      await page2.disconnect();
      // The page after that has nothing to show either.
      const page3 = page(s, kept, { ...gate(), open: Promise.resolve() });
      await page3.connect();
      await advance(s.c, 1000, el);
      expect(page3.getPendingIntents()).to.have.length(0);
      const next = await fixture<FwChat>(html`<fw-chat .client=${page3} peer="lead-a"></fw-chat>`);
      await next.updateComplete;
      expect(new FwChatHarness(next).messages()).to.have.length(0);
      expect(s.a.getMessages(DM)).to.have.length(0);
      await page3.disconnect();
    });

    it('a restored message that fails is offered once on a page with two chats: one Retry, one report', async () => {
      const s = await scene();
      const { page2, link, el, h, failures } = await reloaded(s);
      const other = await fixture<FwChat>(html`<fw-chat .client=${page2} peer="lead-a"></fw-chat>`);
      await other.updateComplete;
      other.addEventListener('fw-chat-failed', (e) => failures.push(e));
      expect(new FwChatHarness(other).messages().map((m) => m.delivery)).to.deep.equal(['sending']);
      link.refuse(new FloorwalkError(ErrorCode.VendorError, 'The platform refused it.', { retryable: false }));
      await shownFailed(el, h, failures, ErrorCode.VendorError);
      await other.updateComplete;
      expect(new FwChatHarness(other).messages(), 'not a second failed copy').to.have.length(0);
      await page2.disconnect();
    });

    it('a chat mounted after a restored message failed (a drawer opened later) shows it as failed, and Retry sends it once', async () => {
      const s = await scene();
      const { page2, link } = await failedUnseen(s, refused());
      const { el, h, failures } = await chat(page2);
      await shownFailed(el, h, failures, ErrorCode.VendorError);
      link.open = Promise.resolve();
      await h.retry();
      expect(page2.getFailedIntents(), 'Retry made it a new message: the client no longer keeps the old one').to.have.length(0);
      await advance(s.c, 2000, el);
      await advance(s.c, 1000, el);
      expect(s.a.getMessages(DM).map((m) => m.body), 'the platform took it once').to.deep.equal(['Queued before the reload']);
      expect(h.messages().map((m) => m.body), 'shown once').to.deep.equal(['Queued before the reload']);
      expect(h.messages()[0]!.delivery).to.not.equal('failed');
      // A chat opened after that shows the message as sent, not a failed copy beside it.
      const next = await chat(page2);
      await turns(next.el);
      expect(next.h.messages().map((m) => [m.body, m.delivery === 'failed'])).to.deep.equal([['Queued before the reload', false]]);
      expect(next.failures).to.have.length(0);
      await page2.disconnect();
    });

    it('a restored message that failed before the chat came is gone for good once discarded there', async () => {
      const s = await scene();
      const { page2, kept } = await failedUnseen(s, new FloorwalkError(ErrorCode.Conflict, 'The conversation moved on.'));
      const { el, h, failures } = await chat(page2);
      await shownFailed(el, h, failures, ErrorCode.Conflict);
      await discardedForGood(s, page2, el, h);
      expect(kept.data.size, 'nothing stored').to.equal(0);
      await page2.disconnect();
    });

    it('a restored message that failed before the chats came is kept by one chat at a time: one Retry', async () => {
      const s = await scene();
      const { page2 } = await failedUnseen(s, refused());
      const first = await chat(page2);
      await shownFailed(first.el, first.h, first.failures, ErrorCode.VendorError);
      const second = await chat(page2);
      await turns(second.el);
      expect(second.h.messages(), 'not a second failed copy').to.have.length(0);
      expect(second.failures).to.have.length(0);
      second.el.remove();
      // The drawer is closed (its chat leaves the page) and opened again: the new chat shows it.
      const drawer = first.el.parentElement!;
      first.el.remove();
      const again = await chat(page2);
      await shownFailed(again.el, again.h, again.failures, ErrorCode.VendorError);
      // The first chat put back on the page meanwhile lets go of its copy: still one Retry.
      drawer.append(first.el);
      await turns(first.el);
      expect(first.h.messages(), 'the first chat let go of it').to.have.length(0);
      expect(again.h.messages().map((m) => m.delivery)).to.deep.equal(['failed']);
      expect(first.failures, 'reported once, when first shown').to.have.length(1);
      await page2.disconnect();
    });

    it('a chat put back on the page after another chat retried the restored message shows no stale failed copy of it', async () => {
      const s = await scene();
      const { page2, link } = await failedUnseen(s, refused());
      const first = await chat(page2);
      await shownFailed(first.el, first.h, first.failures, ErrorCode.VendorError);
      // The drawer is closed; a chat opened elsewhere takes the message up and Retry sends it.
      const drawer = first.el.parentElement!;
      first.el.remove();
      const again = await chat(page2);
      await shownFailed(again.el, again.h, again.failures, ErrorCode.VendorError);
      link.open = Promise.resolve();
      await again.h.retry();
      await advance(s.c, 2000, again.el);
      await advance(s.c, 1000, again.el);
      expect(s.a.getMessages(DM).map((m) => m.body), 'the platform took it once').to.deep.equal(['Queued before the reload']);
      // The drawer opened again: the message as sent, not a failed copy whose Retry would send it twice.
      drawer.append(first.el);
      await turns(first.el);
      expect(first.h.messages().map((m) => [m.body, m.delivery === 'failed'])).to.deep.equal([['Queued before the reload', false]]);
      expect(first.el.matches(':state(failed)')).to.equal(false);
      await page2.disconnect();
    });

    it('a restored message still out when the page disconnects stays queued, and goes once when the page is back', async () => {
      const s = await scene();
      const { page2, link, el, h, failures } = await reloaded(s);
      await page2.disconnect();
      // The send still out is settled by disconnect() and kept, as on a lost link; its late answer counts for nothing.
      link.refuse(new FloorwalkError(ErrorCode.NotConnected, 'The link went away.'));
      await advance(s.c, 1000, el);
      expect(page2.getPendingIntents().length, 'still queued').to.equal(1);
      expect(failures, 'not reported as failed').to.deep.equal([]);
      link.open = Promise.resolve();
      await page2.connect();
      await advance(s.c, 2000, el);
      await advance(s.c, 1000, el);
      expect(s.a.getMessages(DM).map((m) => m.body), 'the platform took it once').to.deep.equal(['Queued before the reload']);
      expect(h.messages().map((m) => m.body), 'shown once').to.deep.equal(['Queued before the reload']);
      expect(h.messages()[0]?.delivery).to.not.equal('failed');
      expect(failures, 'nothing reported as failed').to.deep.equal([]);
      await page2.disconnect();
    });
  });

  describe('a chat removed from the page (a drawer closed)', () => {
    const BODY = 'Sent from the drawer';
    /** Lead B's page with its link held, and a chat on it that sent BODY, shown as sending. */
    async function sent(s: Scene, outbox: boolean): Promise<{ page2: Floorwalk; link: Gate; el: FwChat; h: FwChatHarness; failures: FwChatFailedEvent[] }> {
      const link = gate();
      const page2 = page(s, outbox ? createMemoryStorage() : null, link);
      await page2.connect();
      const c = await chat(page2);
      await c.h.type(BODY);
      await c.h.pressEnter();
      expect(c.h.messages().map((m) => [m.body, m.delivery])).to.deep.equal([[BODY, 'sending']]);
      return { page2, link, ...c };
    }

    it('a message it showed as not sent is shown by the chat opened next, and Retry there sends it once', async () => {
      const s = await scene();
      const { page2, link, el, h, failures } = await sent(s, true);
      link.refuse(refused());
      await shownFailed(el, h, failures, ErrorCode.VendorError, BODY);
      const drawer = el.parentElement!;
      el.remove();
      const next = await chat(page2);
      await shownFailed(next.el, next.h, next.failures, ErrorCode.VendorError, BODY);
      // The first chat put back on the page meanwhile lets go of its copy: one Retry.
      drawer.append(el);
      await turns(el);
      expect(h.messages(), 'the first chat let go of it').to.have.length(0);
      link.open = Promise.resolve();
      await next.h.retry();
      expect(page2.getFailedIntents(), 'sent anew: the client no longer keeps the old one').to.have.length(0);
      await advance(s.c, 2000, next.el);
      await advance(s.c, 1000, next.el);
      expect(s.a.getMessages(DM).map((m) => m.body), 'the platform took it once').to.deep.equal([BODY]);
      expect(next.h.messages().map((m) => [m.body, m.delivery === 'failed'])).to.deep.equal([[BODY, false]]);
      // A chat opened after that shows it sent, with no failed copy.
      const later = await chat(page2);
      await turns(later.el);
      expect(later.h.messages().map((m) => [m.body, m.delivery === 'failed'])).to.deep.equal([[BODY, false]]);
      expect(later.failures).to.have.length(0);
      await page2.disconnect();
    });

    it('a message that fails after its chat was removed is shown by the next chat, also without the outbox; Discard there ends it', async () => {
      const s = await scene();
      const { page2, link, el } = await sent(s, false);
      el.remove();
      link.refuse(refused());
      await waitUntil(() => page2.getFailedIntents().length === 1, 'it did not go');
      const next = await chat(page2);
      await shownFailed(next.el, next.h, next.failures, ErrorCode.VendorError, BODY);
      await discardedForGood(s, page2, next.el, next.h);
      await page2.disconnect();
    });

    it('a message held for a step-up (its intent made after the send) that fails is shown once, by the chat that sent it', async () => {
      const s = await scene();
      const link = gate();
      const seat = s.c.adapter.seat({ person: 'lead-b' });
      const page2 = createFloorwalk({
        adapter: { ...seat, execute: async (c: Parameters<typeof seat.execute>[0]) => link.open.then(() => seat.execute(c)) },
        session: LEAD_B,
        clock: s.c.clock,
        policy: { stepUp: { commands: ['send-message'] } },
        verifyUser: async () => true,
      });
      await page2.connect();
      const { el, h, failures } = await chat(page2);
      await h.type(BODY);
      await h.pressEnter();
      await waitUntil(() => page2.getPendingIntents().length === 1, 'verified, then sent');
      el.requestUpdate();
      await el.updateComplete;
      expect(h.messages().map((m) => [m.body, m.delivery]), 'one row while it is out').to.deep.equal([[BODY, 'sending']]);
      link.refuse(refused());
      await shownFailed(el, h, failures, ErrorCode.VendorError, BODY);
      await turns(el);
      expect(h.messages().map((m) => m.delivery), 'one row').to.deep.equal(['failed']);
      expect(failures, 'reported once').to.have.length(1);
      await page2.disconnect();
    });

    /** The chats holding `client`'s messages (the composer's one-chat-at-a-time map), by intent key. */
    const holders = (client: Floorwalk): [string, FwChat][] => [...taken].filter(([, v]) => v.client() === client).map(([key, v]) => [key, v.el]);

    it('a message still sending when its chat was removed is shown as sending by the chat opened next, then as sent, once', async () => {
      const s = await scene();
      const { page2, link, el, h } = await sent(s, true);
      const drawer = el.parentElement!;
      el.remove();
      const next = await chat(page2);
      await turns(next.el);
      expect(next.h.messages().map((m) => [m.body, m.delivery]), 'what was typed, still sending').to.deep.equal([[BODY, 'sending']]);
      // The first chat put back on the page shows it once, as its own, and the other lets go of it.
      drawer.append(el);
      await turns(el);
      expect(h.messages().map((m) => [m.body, m.delivery])).to.deep.equal([[BODY, 'sending']]);
      next.el.requestUpdate();
      await next.el.updateComplete;
      expect(next.h.messages(), 'shown by one chat').to.have.length(0);
      el.remove();
      next.el.requestUpdate();
      await next.el.updateComplete;
      expect(next.h.messages().map((m) => [m.body, m.delivery])).to.deep.equal([[BODY, 'sending']]);
      link.let();
      await advance(s.c, 2000, next.el);
      await advance(s.c, 1000, next.el);
      expect(s.a.getMessages(DM).map((m) => m.body), 'the platform took it once').to.deep.equal([BODY]);
      expect(next.h.messages().map((m) => [m.body, m.delivery === 'sending' || m.delivery === 'failed'])).to.deep.equal([[BODY, false]]);
      expect(next.failures).to.have.length(0);
      await page2.disconnect();
    });

    it('holds no removed chat: one that leaves the page lets go of its messages, and the next chat takes them up', async () => {
      const s = await scene();
      const { page2, link, el, h, failures } = await sent(s, true);
      expect(holders(page2).map(([, v]) => v), 'the sending chat holds it').to.deep.equal([el]);
      const drawer = el.parentElement!;
      el.remove();
      expect(holders(page2), 'nothing keeps the removed chat').to.deep.equal([]);
      link.refuse(refused());
      await waitUntil(() => page2.getFailedIntents().length === 1, 'it did not go');
      await turns(el);
      expect(holders(page2), 'not taken back by the removed chat when it settles').to.deep.equal([]);
      expect(failures, 'nor reported, unseen, by it').to.have.length(0);
      const next = await chat(page2);
      await shownFailed(next.el, next.h, next.failures, ErrorCode.VendorError, BODY);
      expect(holders(page2).map(([, v]) => v)).to.deep.equal([next.el]);
      next.el.remove();
      expect(holders(page2)).to.deep.equal([]);
      // The first chat put back on the page takes it up, and tells the person.
      drawer.append(el);
      await shownFailed(el, h, failures, ErrorCode.VendorError, BODY);
      expect(holders(page2).map(([, v]) => v)).to.deep.equal([el]);
      await page2.disconnect();
    });

    it('a removed chat whose message settles later does not listen to the client again', async () => {
      const s = await scene();
      const link = gate();
      const page2 = page(s, createMemoryStorage(), link);
      // The chat's listeners for settled intents, counted as they come and go.
      let listening = 0;
      const on = page2.on.bind(page2) as (event: string, callback: unknown) => () => void;
      page2.on = ((event: string, callback: unknown) => {
        if (event !== 'intent') return on(event, callback);
        listening++;
        const off = on(event, callback);
        return () => {
          listening--;
          off();
        };
      }) as typeof page2.on;
      await page2.connect();
      const { el, h } = await chat(page2);
      await h.type(BODY);
      await h.pressEnter();
      expect(listening).to.equal(1);
      el.remove();
      expect(listening).to.equal(0);
      link.let();
      await advance(s.c, 2000, el);
      await advance(s.c, 1000, el);
      expect(s.a.getMessages(DM).map((m) => m.body), 'it went').to.deep.equal([BODY]);
      expect(listening, 'the removed chat is not held by the client').to.equal(0);
      await page2.disconnect();
    });

    it('a message the platform rate-limits says how long to wait, not that it was refused, and the other side has nothing', async () => {
      const s = await scene();
      const link = gate();
      // As the Genesys adapter rejects a 429: RateLimited, with its Retry-After as measured (no outbox here).
      link.refuse(new FloorwalkError(ErrorCode.RateLimited, 'Genesys: 429', { details: { retryAfterMs: 4_500 } }));
      link.open.catch(() => undefined);
      const page2 = page(s, null, link);
      await page2.connect();
      const { el, h, failures } = await chat(page2);
      await turns(el);
      await h.type('Can you take the Smith call?');
      await h.send();
      await shownFailed(el, h, failures, ErrorCode.RateLimited, 'Can you take the Smith call?');
      expect(h.notes()).to.contain('Not sent. The platform is busy: try again in 5 s.');
      expect(s.a.getMessages(DM), 'nothing reached lead-a').to.have.length(0);
      await page2.disconnect();
    });

    it('forgets a message the client no longer keeps (past its newest 50 failures)', async () => {
      const s = await scene();
      const link = gate();
      link.refuse(refused());
      link.open.catch(() => undefined);
      const page2 = page(s, null, link);
      await page2.connect();
      const { el, h } = await chat(page2);
      // Sent by other code on the page, refused one after another.
      for (let i = 1; i <= 51; i++) void page2.sendMessage(DM, `Message ${i}`).catch(() => undefined);
      await waitUntil(() => page2.getPendingIntents().length === 0, 'none went');
      await turns(el);
      const kept = page2.getFailedIntents().map((f) => f.key);
      expect(kept).to.have.length(50);
      expect(h.messages()).to.have.length(50);
      expect(holders(page2).map(([key]) => key).sort(), 'one entry per message the client keeps').to.deep.equal([...kept].sort());
      await page2.disconnect();
    });

    it('a message still sending from a chat turned to another conversation is shown as sending by a chat on its own, once, and goes once', async () => {
      const s = await scene();
      const { page2, link, el, h } = await sent(s, true);
      const other = await chat(page2);
      await turns(other.el);
      const rows = (x: FwChatHarness): string[][] => x.messages().map((m) => [m.body, m.delivery]);
      expect(rows(other.h), 'the sending chat shows it, not this one').to.deep.equal([]);
      // The host turns the sending chat to the team channel (a board's row action, say).
      el.peer = undefined;
      el.conversation = 'team:team-1';
      await turns(el);
      expect(rows(h), 'not in the team channel').to.deep.equal([]);
      // The chat showing the DM shows it at its next render (the shared ticker's): nobody types it again.
      await waitUntil(() => rows(other.h).length === 1, 'the chat on its conversation shows it', { timeout: 3000 });
      expect(rows(other.h)).to.deep.equal([[BODY, 'sending']]);
      // Turned back, the sending chat shows it again and the other lets go of it: one row on the page.
      el.peer = 'lead-a';
      await turns(el);
      expect(rows(h)).to.deep.equal([[BODY, 'sending']]);
      other.el.requestUpdate();
      await other.el.updateComplete;
      expect(rows(other.h), 'shown by one chat').to.deep.equal([]);
      link.let();
      await advance(s.c, 2000, el);
      await advance(s.c, 1000, el);
      expect(s.a.getMessages(DM).map((m) => m.body), 'the platform took it once').to.deep.equal([BODY]);
      other.el.requestUpdate();
      await other.el.updateComplete;
      for (const x of [h, other.h]) expect(x.messages().map((m) => [m.body, m.delivery === 'sending' || m.delivery === 'failed'])).to.deep.equal([[BODY, false]]);
      await page2.disconnect();
    });

    it('a message that fails after its chat was removed is taken up by a chat still on the page, reported once', async () => {
      const s = await scene();
      const { page2, link, el, h, failures } = await sent(s, true);
      const other = await chat(page2);
      await turns(other.el);
      expect(other.h.messages(), 'the sending chat shows it, not this one').to.have.length(0);
      const drawer = el.parentElement!;
      el.remove();
      link.refuse(refused());
      await shownFailed(other.el, other.h, other.failures, ErrorCode.VendorError, BODY);
      expect(failures, 'not reported by the chat that left the page').to.have.length(0);
      drawer.append(el);
      await turns(el);
      expect(h.messages(), 'nor kept by it when it comes back').to.have.length(0);
      expect(other.h.messages().map((m) => m.delivery)).to.deep.equal(['failed']);
      await page2.disconnect();
    });

    /**
     * BODY, sent from a DM chat that was then removed, refused while only a chat on the team's
     * conversation is on the page: no chat shows the DM, so the team pane keeps it (its list
     * leads to it) and says so once.
     */
    async function takenUpByTeamPane(): Promise<{ page2: Floorwalk; team: FwChat }> {
      const { page2, link, el } = await sent(await scene(), true);
      const failures: FwChatFailedEvent[] = [];
      const team = await fixture<FwChat>(html`<fw-chat .client=${page2} conversation="team:team-1" @fw-chat-failed=${(e: FwChatFailedEvent) => failures.push(e)}></fw-chat>`);
      await turns(team);
      el.remove();
      link.refuse(refused());
      await waitUntil(() => failures.length === 1, 'the team pane took it up');
      return { page2, team };
    }

    it("a failed message taken up by a chat showing another conversation goes to a chat opened on its own, once", async () => {
      const { page2, team } = await takenUpByTeamPane();
      const dm = await chat(page2);
      await shownFailed(dm.el, dm.h, dm.failures, ErrorCode.VendorError, BODY);
      // The team pane let go: turned to the DM by its host, it shows no second copy (a second Retry).
      const th = new FwChatHarness(team);
      team.conversation = DM;
      await team.updateComplete;
      expect(team.openConversation).to.equal(DM);
      expect(th.messages().filter((m) => m.delivery === 'failed'), 'no copy left in the team pane').to.have.length(0);
      expect(dm.h.messages().map((m) => m.delivery)).to.deep.equal(['failed']);
      await page2.disconnect();
    });

    it('a failed message taken up by a chat showing another conversation goes to a chat turned to its own, once', async () => {
      const { page2, team } = await takenUpByTeamPane();
      // A drawer already on the page on another conversation, turned to the DM by its host (a
      // Message action on the agent's row): no intent settles meanwhile to make it look again.
      const drawer = await fixture<FwChat>(html`<fw-chat .client=${page2} conversation="team:team-1"></fw-chat>`);
      await turns(drawer);
      const dh = new FwChatHarness(drawer);
      drawer.peer = 'lead-a';
      await turns(drawer);
      expect(drawer.openConversation).to.equal(DM);
      await waitUntil(() => dh.messages()[0]?.delivery === 'failed', `the drawer shows it as not sent (${JSON.stringify(dh.messages())})`, { timeout: 2000 });
      expect(dh.messages().map((m) => [m.body, m.delivery])).to.deep.equal([[BODY, 'failed']]);
      // One Retry on the page: the team pane, turned to the DM, shows no second copy.
      team.conversation = DM;
      await turns(team);
      expect(new FwChatHarness(team).messages().filter((m) => m.delivery === 'failed'), 'no copy left in the team pane').to.have.length(0);
      await page2.disconnect();
    });
  });

  describe('roles', () => {
    it('an agent cannot write to someone outside their teams: the core refuses, the element says why', async () => {
      const c = await createCentre({ session: LEAD_A });
      centre = c;
      const agentId = c.client.getAgents().find((a) => a.teamIds.includes('team-1'))!.id;
      const agent = await c.seat({ userId: agentId, role: 'agent', agentId, teamIds: ['team-1'] });
      let refused: unknown;
      await agent.sendMessage(conversationId(agentId, 'lead-a'), 'hi').catch((e: unknown) => (refused = e));
      expect((refused as { code?: number }).code).to.equal(ErrorCode.Forbidden);
      const { h } = await mount(agent, { peer: 'lead-a' });
      expect(h.input).to.equal(null);
      expect(h.notes()).to.contain('You cannot send messages in this conversation.');
      // The agent's own team channel is listed and writable.
      expect(h.conversations().some((r) => r.id === 'team:team-1')).to.equal(true);
      await h.open('team:team-1');
      expect(h.input).to.not.equal(null);
    });
  });

  describe('the composer, loaded when first shown', () => {
    it('comes with its rules to a conversation the session may write in, and not before', async () => {
      const c = await createCentre({ session: LEAD_A });
      centre = c;
      const agentId = c.client.getAgents().find((a) => a.teamIds.includes('team-1'))!.id;
      const agent = await c.seat({ userId: agentId, role: 'agent', agentId, teamIds: ['team-1'] });
      const { el, h } = await mount(agent, { peer: 'lead-a' });
      const hasRule = (selector: string): boolean => el.shadowRoot!.adoptedStyleSheets.some((sheet) => [...sheet.cssRules].some((rule) => rule.cssText.includes(selector)));
      expect(h.input, 'no composer where the session may not write').to.equal(null);
      expect(hasRule('.under'), 'nor its rules').to.equal(false);
      await h.open('team:team-1');
      // The update that first shows the composer is complete once it is there, with its rules.
      const under = el.shadowRoot!.querySelector<HTMLElement>('.under');
      expect(under).to.not.equal(null);
      expect(getComputedStyle(under!).display).to.equal('flex');
      expect(hasRule('.under')).to.equal(true);
      await h.type('hello team');
      await h.pressEnter();
      await advance(c, 2000, el);
      expect(agent.getMessages('team:team-1').map((m) => m.body)).to.include('hello team');
    });
  });

  describe('keyboard and events', () => {
    it('moves through the conversation list with the arrow keys, Home and End, firing fw-conversation-select', async () => {
      const s = await scene();
      await s.b.sendMessage(DM, 'first');
      await s.b.sendMessage('team:team-1', 'second');
      await advance(s.c, 2000);
      const { el, h } = await mount(s.a);
      const picked: string[] = [];
      el.addEventListener('fw-conversation-select', (e: FwConversationSelectEvent) => picked.push(e.conversationId));
      const ids = h.conversations().map((r) => r.id);
      expect(ids.length).to.be.greaterThan(1);
      el.shadowRoot!.querySelector<HTMLElement>('[aria-selected="true"]')!.focus();
      await sendKeys({ press: 'ArrowDown' });
      await el.updateComplete;
      expect(h.conversations().find((r) => r.selected)?.id).to.equal(ids[1]);
      expect(el.shadowRoot!.activeElement?.getAttribute('data-id')).to.equal(ids[1]);
      await sendKeys({ press: 'End' });
      await sendKeys({ press: 'Home' });
      await el.updateComplete;
      expect(h.conversations().find((r) => r.selected)?.id).to.equal(ids[0]);
      // End selects the last (a new one only when there are more than two), Home the first again.
      expect(picked[0]).to.equal(ids[1]);
      expect(picked.at(-1)).to.equal(ids[0]);
      // Only one option is in the tab order.
      expect(el.shadowRoot!.querySelectorAll('[role="option"][tabindex="0"]')).to.have.length(1);
    });

    it('announces an incoming message politely', async () => {
      const s = await scene();
      const { el } = await mount(s.a, { peer: 'lead-b' });
      await s.b.sendMessage(DM, 'Are you free?');
      await advance(s.c, 2000, el);
      await new Promise((r) => requestAnimationFrame(r));
      expect(live(el, 'polite')).to.equal('Lead B: Are you free?');
    });
    it('voices what arrives new, not the history a page gets after it went live (a backplane replays it after the snapshot)', async () => {
      const clock = createManualClock(Date.UTC(2026, 10, 28, 9));
      const sim = createSimulatorAdapter({ agents: 4, seed: 7, clock, latencyMs: 0 });
      const backplane = createMemoryBackplane({ broadcast: false });
      const seat = (session: Session): Floorwalk => createFloorwalk({ adapter: withBackplane(sim.seat({ person: session.userId }), backplane, { clock }), clock, session });
      const floor = createFloorwalk({ adapter: sim, clock, session: { userId: 'sup-x', role: 'supervisor', teamIds: 'all' } });
      await floor.connect();
      const b = seat(LEAD_B);
      await b.connect();
      for (const text of ['one', 'two', 'three']) {
        await b.sendMessage(DM, text);
        clock.advance(1000);
      }
      // A page loads: the element is there before its client is live, and the chat so far comes after.
      const a = seat(LEAD_A);
      const el = await fixture<FwChat>(html`<fw-chat .client=${a} peer="lead-b"></fw-chat>`);
      const voiced: string[] = [];
      const voice = (el as unknown as { voice: { announce(text: string, p: string): void } }).voice;
      const announce = voice.announce.bind(voice);
      voice.announce = (text, p) => {
        voiced.push(text);
        announce(text, p);
      };
      await a.connect();
      const step = async () => {
        clock.advance(100);
        await new Promise((r) => setTimeout(r, 20));
        await el.updateComplete;
      };
      for (let i = 0; i < 5; i++) await step();
      expect(a.getMessages(DM).map((m) => m.body), 'the history arrived').to.deep.equal(['one', 'two', 'three']);
      expect(voiced, 'history is not news').to.deep.equal([]);
      await b.sendMessage(DM, 'four');
      for (let i = 0; i < 5; i++) await step();
      expect(voiced.map(plain)).to.deep.equal(['lead-b: four']);
      for (const c of [a, b, floor]) await c.disconnect();
    });
    it('keeps the reader’s place when older messages come in above it', async () => {
      const s = await scene(0);
      for (let i = 0; i < 40; i++) {
        await s.b.sendMessage(DM, `message ${i}`);
        await advance(s.c, 10);
      }
      const { el } = await mount(s.a, { peer: 'lead-b' });
      const log = el.shadowRoot!.querySelector<HTMLElement>('[part="log"]')!;
      const firstShown = (): string =>
        [...log.querySelectorAll<HTMLElement>('[part="message"]')].find((m) => m.getBoundingClientRect().top >= log.getBoundingClientRect().top)!.querySelector('[part="body"]')!.textContent!;
      const frame = () => new Promise((r) => requestAnimationFrame(r));
      let older = 0;
      // Just below the day's separator (which stays first), and further down.
      for (const top of [10, 200]) {
        log.scrollTop = top;
        log.dispatchEvent(new Event('scroll'));
        await frame();
        const before = firstShown();
        const at = s.a.getMessages(DM)[0]!.sentAt;
        await s.c.emit(
          Array.from({ length: 5 }, () => {
            const n = older++;
            return { type: 'chat-message', id: `late-${n}`, at: at - 1, source: 'simulator', message: { id: `old-${n}`, conversationId: DM, authorId: 'lead-b', body: `older ${n}`, sentAt: at - 1, delivery: 'read' } } as const;
          }),
        );
        await el.updateComplete;
        await frame();
        expect(firstShown(), `scrolled to ${top}`).to.equal(before);
      }
    });

  });

  describe('read marking', () => {
    it('marks the open conversation read again when a message it lacked comes in the same millisecond as the newest it had', async () => {
      const clock = createManualClock(Date.UTC(2026, 10, 28, 9));
      const sim = createSimulatorAdapter({ agents: 4, seed: 7, clock, latencyMs: 0 });
      const backplane = createMemoryBackplane({ broadcast: false });
      const floor = createFloorwalk({ adapter: sim, clock, session: { userId: 'sup-x', role: 'supervisor', teamIds: 'all' } });
      await floor.connect();
      // Lead A's link brings message "two" late: it reached the backplane before it reached her page.
      let late: FloorwalkEvent[] | undefined = [];
      let release = (): void => {};
      // A platform that carries no chat (Genesys, Connect, Twilio): the backplane does.
      const seat = sim.seat({ person: 'lead-a' });
      const chatless: Adapter = {
        id: seat.id,
        capabilities: { ...seat.capabilities, commands: seat.capabilities.commands.filter((c) => !['send-message', 'mark-read', 'mark-delivered'].includes(c)) },
        connect: (sink) => seat.connect(sink),
        snapshot: () => seat.snapshot(),
        execute: (command) => seat.execute(command),
        disconnect: () => seat.disconnect(),
      };
      const inner = withBackplane(chatless, backplane, { clock });
      const adapter: Adapter = {
        ...inner,
        connect: (sink) => {
          release = () => {
            const batch = late ?? [];
            late = undefined;
            sink.events(batch);
          };
          return inner.connect({
            ...sink,
            events: (batch) => {
              const held = batch.filter((e) => late !== undefined && e.type === 'chat-message' && e.message.id === 'msg-two');
              late?.push(...held);
              sink.events(batch.filter((e) => !held.includes(e)));
            },
          });
        },
      };
      const a = createFloorwalk({ adapter, clock, session: LEAD_A });
      await a.connect();
      const { el, h } = await mount(a, { peer: 'lead-b' });
      const step = async (): Promise<void> => {
        clock.advance(100);
        await new Promise((resolve) => setTimeout(resolve, 20));
        await el.updateComplete;
      };
      // Two messages stamped in one millisecond; "two" sorts after "one".
      const at = clock.now();
      for (const [id, body] of [['msg-one', 'one'], ['msg-two', 'two']] as const) {
        await backplane.append({ log: 'chat', id, value: { kind: 'message', message: { id, conversationId: DM, authorId: 'lead-b', body, sentAt: at, delivery: 'sent' } }, author: 'lead-b', at });
      }
      for (let i = 0; i < 5; i++) await step();
      expect(h.messages().map((m) => m.body)).to.deep.equal(['one']);
      // The chat marked "one" read, and only "one": the backplane places the two in its log's order,
      // and the marker names the message the reader had.
      expect(a.getUnreadCount(DM)).to.equal(0);
      expect(a.getMessages(DM).map((m) => m.delivery)).to.deep.equal(['read']);
      release();
      for (let i = 0; i < 5; i++) await step();
      expect(h.messages().map((m) => m.body)).to.deep.equal(['one', 'two']);
      expect(a.getUnreadCount(DM), 'both read, now that the chat shows both').to.equal(0);
      expect(h.conversations().find((c) => c.id === DM)?.unread).to.equal(0);
      for (const c of [a, floor]) await c.disconnect();
    });
  });

  describe('localisation and theming', () => {
    it('speaks Spanish and formats numbers in the locale', async () => {
      registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { chat: chatEs, common: commonEs } });
      const s = await scene();
      const el = await fixture<FwChat>(html`<fw-chat lang="es" .client=${s.a} peer="lead-b"></fw-chat>`);
      const h = new FwChatHarness(el);
      await h.type('hola');
      expect(h.count()).to.equal('4 de 4000 caracteres');
      expect(el.shadowRoot!.querySelector('[part="send"]')!.textContent).to.equal('Enviar');
      await h.pressEnter();
      await advance(s.c, 2000, el);
      expect(h.messages()[0]!.deliveryText).to.be.oneOf(['Enviado', 'Entregado']);
    });

    it("names a team channel once: a vendor's team called 'Team 1' is not 'Team Team 1'", () => {
      // Vendors' teams are often named with the word already (Genesys 'Team A', Connect 'Team 1').
      expect(['Harbour', 'Team 1', 'team blue', 'Teamsters'].map(chatCatalog.en.team)).to.deep.equal(['Team Harbour', 'Team 1', 'team blue', 'Team Teamsters']);
      expect(['Puerto', 'Equipo 1', 'Team 1'].map(chatEs.team)).to.deep.equal(['Equipo Puerto', 'Equipo 1', 'Team 1']);
    });

    it("names a team channel once whatever the name's spelling: 'Team1' as 'Team 1', never 'Team ' for a team with no name", async () => {
      // "Team" followed by no letter says team already; followed by letters it is another word.
      expect(['Team1', 'TEAM X', 'Team_2', 'Teamsters', 'Teamwork'].map(chatCatalog.en.team)).to.deep.equal(['Team1', 'TEAM X', 'Team_2', 'Team Teamsters', 'Team Teamwork']);
      expect(['Equipo1', 'Team1', 'Equipos Norte'].map(chatEs.team)).to.deep.equal(['Equipo1', 'Team1', 'Equipo Equipos Norte']);
      // A platform's team named with nothing (or blanks) is shown by its id, not as a bare "Team ".
      const s = await scene();
      await s.b.sendMessage(teamConversationId('team-2'), 'hi');
      await advance(s.c, 2000);
      const { h } = await mount(s.a, { conversation: teamConversationId('team-1') });
      const team = s.a.getTeam('team-2')!;
      const title = async (name: string): Promise<string | undefined> => {
        await s.c.emit([{ id: `rename-${name.length}`, at: s.c.clock.now(), source: 'test', type: 'team', team: { ...team, name } } satisfies FloorwalkEvent]);
        return h.conversations().find((r) => r.id === 'team:team-2')?.name;
      };
      // The id here says team already ("team-2"), so it is not "Team team-2".
      expect(await title('')).to.equal('team-2');
      expect(await title('  ')).to.equal('team-2');
      // Through the element, where the name reaches the string isolated (U+2068 first).
      expect(await title('Team 1')).to.equal('Team 1');
      expect(await title('Harbour')).to.equal('Team Harbour');
    });

    it('folds to one column in a narrow pane', async () => {
      const s = await scene();
      const el = await fixture<FwChat>(html`<fw-chat .client=${s.a} peer="lead-b" style="inline-size: 320px"></fw-chat>`);
      const columns = (width: string): number => {
        el.style.inlineSize = width;
        return getComputedStyle(el.shadowRoot!.querySelector('.layout')!).gridTemplateColumns.split(' ').length;
      };
      expect(columns('320px')).to.equal(1);
      expect(columns('900px')).to.equal(2);
    });

    it('wraps a long unbroken word anywhere in a message, its author or the conversation list, never scrolling sideways', async () => {
      const s = await scene();
      // A user id that is an ARN, say, shown when the host has no name for it.
      const long = 'arn:aws:connect:eu-west-2:123456789012:instance/0f1e2d3c/agent/' + 'x'.repeat(300);
      await s.b.sendMessage(DM, long);
      await advance(s.c, 2000);
      const el = await fixture<FwChat>(html`<fw-chat .client=${s.a} peer="lead-b" style="inline-size: 700px" .displayName=${(id: string) => (id === 'lead-b' ? long : undefined)}></fw-chat>`);
      await el.updateComplete;
      const r = el.shadowRoot!;
      for (const part of ['base', 'list', 'log', 'message', 'author', 'body']) {
        const node = r.querySelector<HTMLElement>(`[part~="${part}"]`)!;
        expect(node.scrollWidth, `${part} does not scroll sideways`).to.be.at.most(node.clientWidth + 1);
      }
    });

    it('takes its colours from tokens and knobs', async () => {
      const s = await scene();
      await s.b.sendMessage(DM, 'x');
      await advance(s.c, 2000);
      const el = await fixture<FwChat>(html`<fw-chat .client=${s.a} style="--fw-chat-accent-color: rgb(1, 2, 3); --fw-sem-color-surface: rgb(4, 5, 6)"></fw-chat>`);
      const badge = el.shadowRoot!.querySelector('[part="unread"]')!;
      expect(getComputedStyle(badge).backgroundColor).to.equal('rgb(1, 2, 3)');
      expect(getComputedStyle(el.shadowRoot!.querySelector('[part="base"]')!).backgroundColor).to.equal('rgb(4, 5, 6)');
    });
  });
});
