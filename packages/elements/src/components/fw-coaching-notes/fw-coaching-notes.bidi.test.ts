// A note's body takes its direction from its own text (test/bidi.ts reads where characters land).
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { HEBREW_FIRST, leftOf } from '../../../test/bidi.js';
import { advanceRendered as advance, type Centre } from '../../../test/centre.js';
import { leadScene } from '../../../test/lead-scene.js';
import { FwCoachingNotesHarness } from './fw-coaching-notes.harness.js';
import { FwCoachingNotes } from './fw-coaching-notes.js';

FwCoachingNotes.define('fw-coaching-notes');

describe('fw-coaching-notes bidi isolation', () => {
  let c: Centre | undefined;
  afterEach(async () => {
    await c?.close();
    c = undefined;
  });

  it('runs a Hebrew note right to left on an LTR page, its "!" at the left', async () => {
    const s = await leadScene((centre) => (c = centre));
    const el = await fixture<FwCoachingNotes>(html`<fw-coaching-notes .client=${s.lead} .agentId=${s.agentId}></fw-coaching-notes>`);
    await new FwCoachingNotesHarness(el).write({ body: 'דנה, כל הכבוד!' });
    await advance(s.c, 300, el);
    const body = (): Element | null => el.shadowRoot!.querySelector('[part~="note"] [part~="body"]');
    await waitUntil(() => body()?.textContent === 'דנה, כל הכבוד!', 'the note is listed');
    expect(leftOf(body()!, '!', HEBREW_FIRST)).to.equal(true);
  });
});
