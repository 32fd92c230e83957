// The fallback live region an element voices through when the page has no fw-announcer, read
// from the accessibility tree Chromium computes.
import { aTimeout, expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { announced, axTree, voiced } from '../../../test/a11y-tree.js';
import { pendingTimers } from '../../../test/timers.js';
import { frameStyles } from '../../styles/shared.styles.js';
import { FwElement } from '../fw-element.js';
import { AnnounceController } from './announce-controller.js';

class FwTestVoice extends FwElement {
  static override styles = frameStyles;
  readonly voice = new AnnounceController(this);
  protected override render(): unknown {
    return html`<p>Shown on screen</p>`;
  }
}
FwTestVoice.define('fw-test-voice');

const nextFrame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));
const region = (el: FwTestVoice): HTMLElement | null => el.shadowRoot!.querySelector('[aria-live]');

describe('AnnounceController without an fw-announcer on the page', () => {
  it('voices a message, then takes it out of the tree once it has had time to be voiced', async function () {
    this.timeout(20_000);
    const el = await fixture<FwTestVoice>(html`<fw-test-voice></fw-test-voice>`);
    el.voice.announce('Could not save the note.', 'assertive');
    await announced(el, 'Could not save the note.', 'assertive');
    // Hidden by the shared styles alone (the region carries no style of its own).
    const { width, height } = region(el)!.getBoundingClientRect();
    expect([width, height], 'visually hidden').to.deep.equal([1, 1]);
    await aTimeout(1000);
    expect(voiced(await axTree(el)), 'still there a second later').to.deep.equal([['assertive', 'Could not save the note.']]);
    // Left in the region, the words would be met again by anyone browsing the page.
    await waitUntil(async () => voiced(await axTree(el)).length === 0, 'the message leaves the tree', { timeout: 8000 });
    expect(region(el), 'the region itself stays, ready for the next message').to.not.equal(null);

    el.voice.announce('Could not save the note.', 'assertive');
    await announced(el, 'Could not save the note.', 'assertive');
  });

  it('empties the region and fills it again on the next frame when the same message is sent while it is still there', async () => {
    const el = await fixture<FwTestVoice>(html`<fw-test-voice></fw-test-voice>`);
    el.voice.announce('Status changed to Break.');
    await announced(el, 'Status changed to Break.', 'polite');
    el.voice.announce('Status changed to Break.');
    expect(region(el)!.textContent, 'emptied at once: a screen reader hears a change').to.equal('');
    await nextFrame();
    expect(voiced(await axTree(el))).to.deep.equal([['polite', 'Status changed to Break.']]);
  });

  it('voices every message sent within one frame, together and in order', async () => {
    const el = await fixture<FwTestVoice>(html`<fw-test-voice></fw-test-voice>`);
    el.voice.announce('Sales has 5 waiting.');
    el.voice.announce('Support has 9 waiting.');
    await announced(el, 'Sales has 5 waiting. Support has 9 waiting.', 'polite');
    await nextFrame();
    el.voice.announce('Billing has 2 waiting.');
    await announced(el, 'Billing has 2 waiting.', 'polite');
  });

  it('leaves no timer behind when the element leaves the page', async () => {
    await pendingTimers(async (pending) => {
      const el = await fixture<FwTestVoice>(html`<fw-test-voice></fw-test-voice>`);
      el.voice.announce('Could not save the note.', 'assertive');
      await nextFrame();
      await nextFrame();
      expect(pending(), 'the timer that will empty the region').to.equal(1);
      el.remove();
      expect(pending(), 'cancelled with the element').to.equal(0);

      // Sent and removed before the frame that would have voiced it: nothing is started.
      const again = await fixture<FwTestVoice>(html`<fw-test-voice></fw-test-voice>`);
      again.voice.announce('Could not save the note.', 'assertive');
      again.remove();
      await nextFrame();
      await nextFrame();
      expect(pending()).to.equal(0);
    });
  });
});
