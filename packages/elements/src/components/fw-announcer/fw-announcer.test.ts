import { aTimeout, expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { announced, axTree, liveRegions, voiced } from '../../../test/a11y-tree.js';
import { createCentre, settle } from '../../../test/centre.js';
import { pendingTimers } from '../../../test/timers.js';
import { AnnounceController } from '../../internal/controllers/announce-controller.js';
import { FwElement } from '../../internal/fw-element.js';
import { FwAnnouncer } from './fw-announcer.js';

FwAnnouncer.define('fw-announcer');

class FwTestSpeaker extends FwElement {
  static override properties = { mode: { type: String } };
  declare mode: string;
  readonly voice = new AnnounceController(this);
  protected override render(): unknown {
    // Two different top-level templates: switching between them replaces Lit's content.
    return this.mode === 'other' ? html`<p>other</p>` : html`<span>speaker</span>`;
  }
}
FwTestSpeaker.define('fw-test-speaker');

const region = (el: FwAnnouncer, part: 'polite' | 'assertive'): HTMLElement =>
  el.shadowRoot!.querySelector(`[part="${part}"]`) as HTMLElement;
const nextFrame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));

describe('fw-announcer', () => {
  it('is accessible, and its regions are live', async () => {
    const el = await fixture<FwAnnouncer>(html`<fw-announcer></fw-announcer>`);
    await expect(el).to.be.accessible();
    expect(region(el, 'polite').getAttribute('aria-live')).to.equal('polite');
    expect(region(el, 'assertive').getAttribute('aria-live')).to.equal('assertive');
  });

  it("voices other elements' announcements and marks them handled", async () => {
    const el = await fixture<FwAnnouncer>(html`<fw-announcer></fw-announcer>`);
    const speaker = await fixture<FwTestSpeaker>(html`<fw-test-speaker></fw-test-speaker>`);
    speaker.voice.announce('Agent 4 has been on hold for 3 minutes');
    await settle();
    await el.updateComplete;
    expect(region(el, 'polite').textContent).to.equal('Agent 4 has been on hold for 3 minutes');
    expect(speaker.shadowRoot!.querySelector('[aria-live]'), 'no fallback region when an announcer exists').to.equal(null);
    el.remove();
  });

  it('voices every message sent within one frame, in order, polite and assertive each in its own region', async () => {
    const el = await fixture<FwAnnouncer>(html`<fw-announcer></fw-announcer>`);
    const speaker = await fixture<FwTestSpeaker>(html`<fw-test-speaker></fw-test-speaker>`);
    try {
      speaker.voice.announce('Sales has 5 waiting.');
      speaker.voice.announce('Could not change to Break.', 'assertive');
      el.announce('Support has 9 waiting.');
      el.announce('Connection lost. Trying to reconnect.', 'assertive');
      const tree = await announced(el, 'Sales has 5 waiting. Support has 9 waiting.', 'polite');
      expect(voiced(tree)).to.deep.equal([
        ['polite', 'Sales has 5 waiting. Support has 9 waiting.'],
        ['assertive', 'Could not change to Break. Connection lost. Trying to reconnect.'],
      ]);

      // The next frame starts afresh, and the same words again are voiced again.
      el.announce('Sales has 5 waiting.');
      await el.updateComplete;
      expect(region(el, 'polite').textContent, 'emptied first').to.equal('');
      await announced(el, 'Sales has 5 waiting.', 'polite');
      expect(voiced(await axTree(el))).to.deep.equal([
        ['polite', 'Sales has 5 waiting.'],
        ['assertive', 'Could not change to Break. Connection lost. Trying to reconnect.'],
      ]);
    } finally {
      el.remove();
    }
  });

  it('takes a level it does not know as polite, and a message that is not text as text, writing nothing else', async () => {
    const el = await fixture<FwAnnouncer>(html`<fw-announcer></fw-announcer>`);
    try {
      const before = el.innerHTML;
      // The level named the property written: 'innerHTML' put the message into the page as markup.
      el.announce('<img src=x id=injected>', 'innerHTML' as never);
      el.announce(42 as never, 'loud' as never);
      await announced(el, '<img src=x id=injected> 42', 'polite');
      expect(document.getElementById('injected')).to.equal(null);
      expect(el.innerHTML).to.equal(before);
      expect((el as unknown as Record<string, unknown>)['loud']).to.equal(undefined);
    } finally {
      el.remove();
    }
  });

  it('voices a message, then takes it out of the tree once it has had time to be voiced, each region on its own clock', async function () {
    this.timeout(30_000);
    const el = await fixture<FwAnnouncer>(html`<fw-announcer></fw-announcer>`);
    try {
      el.announce('Sales has 5 waiting.');
      el.announce('Could not change to Break.', 'assertive');
      await announced(el, 'Could not change to Break.', 'assertive');
      await aTimeout(1000);
      expect(voiced(await axTree(el)), 'still there a second later').to.deep.equal([
        ['polite', 'Sales has 5 waiting.'],
        ['assertive', 'Could not change to Break.'],
      ]);

      // A later message gets its own time: the polite region's first timer must not cut it short.
      await aTimeout(2000);
      el.announce('Support has 9 waiting.');
      await announced(el, 'Support has 9 waiting.', 'polite');
      await waitUntil(async () => voiced(await axTree(el)).every(([live]) => live !== 'assertive'), 'the assertive message leaves the tree', { timeout: 8000 });
      expect(voiced(await axTree(el)), 'the later polite message stays').to.deep.equal([['polite', 'Support has 9 waiting.']]);
      // Left in the regions, the words would be met again by anyone browsing the page.
      await waitUntil(async () => voiced(await axTree(el)).length === 0, 'the polite message leaves the tree', { timeout: 8000 });
      expect(liveRegions(await axTree(el)).map((r) => r.live), 'the regions stay, ready for the next message').to.deep.equal(['polite', 'assertive']);

      el.announce('Could not change to Break.', 'assertive');
      await announced(el, 'Could not change to Break.', 'assertive');
    } finally {
      el.remove();
    }
  });

  it('leaves no timer behind, and no words, when it leaves the page', async () => {
    await pendingTimers(async (pending) => {
      const el = await fixture<FwAnnouncer>(html`<fw-announcer></fw-announcer>`);
      const parent = el.parentElement!;
      el.announce('Sales has 5 waiting.');
      el.announce('Could not change to Break.', 'assertive');
      await nextFrame();
      await nextFrame();
      expect(pending(), 'the timers that will empty the regions').to.equal(2);
      el.remove();
      expect(pending(), 'cancelled with the element').to.equal(0);
      // Back on the page, with no timer left to empty them, the regions must not hold the old words.
      // (Read from the DOM: reading the tree here would start the test runner's own timers.)
      parent.append(el);
      await el.updateComplete;
      expect([region(el, 'polite').textContent, region(el, 'assertive').textContent]).to.deep.equal(['', '']);

      // Sent and removed before the frame that would have voiced it: nothing is started.
      el.announce('Support has 9 waiting.');
      el.remove();
      await nextFrame();
      await nextFrame();
      expect(pending()).to.equal(0);
    });
  });

  it('falls back to a region inside the element when the page has no announcer', async () => {
    const speaker = await fixture<FwTestSpeaker>(html`<fw-test-speaker></fw-test-speaker>`);
    speaker.voice.announce('Queue Sales has 5 waiting', 'assertive');
    await settle();
    const fallback = speaker.shadowRoot!.querySelector('[aria-live]') as HTMLElement;
    expect(fallback.getAttribute('aria-live')).to.equal('assertive');
    expect(fallback.textContent).to.equal('Queue Sales has 5 waiting');

    speaker.mode = 'other';
    await speaker.updateComplete;
    // Compared as a boolean: chai formatting two elements for a failure message can hang the page.
    expect(speaker.shadowRoot!.querySelector('[aria-live]') === fallback, 'the region survives a change of template').to.equal(true);
    expect(fallback.textContent).to.equal('Queue Sales has 5 waiting');
  });

  it('stays silent through a short blip, then announces a lost connection that lasts, and its return', async () => {
    const centre = await createCentre({ agents: 6 });
    // The blip lasts two renders; the delay is far longer, so that a loaded machine's slow
    // render cannot stretch the blip past it (at 80 ms it did, on a clean-clone CI run).
    const delay = 1000;
    const el = await fixture<FwAnnouncer>(html`<fw-announcer .client=${centre.client} lost-delay=${delay}></fw-announcer>`);
    const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    try {
      const lost = performance.now();
      centre.link('reconnecting');
      await settle();
      centre.link('live');
      await settle();
      await el.updateComplete;
      expect(performance.now() - lost, 'the blip is shorter than the delay').to.be.below(delay);
      await wait(delay + 200);
      expect(region(el, 'assertive').textContent, 'a blip shorter than the delay').to.equal('');
      expect(region(el, 'polite').textContent).to.equal('');

      centre.link('offline');
      await settle();
      await waitUntil(() => region(el, 'assertive').textContent !== '', 'the lost connection announced');
      expect(region(el, 'assertive').textContent).to.equal('Connection lost. Trying to reconnect.');

      centre.link('live');
      await settle();
      await waitUntil(() => region(el, 'polite').textContent !== '', 'its return announced');
      expect(region(el, 'polite').textContent).to.equal('Connection restored.');
    } finally {
      await centre.client.disconnect();
    }
  });
});
