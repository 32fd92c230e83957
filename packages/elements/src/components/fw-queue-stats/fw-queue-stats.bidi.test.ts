// A queue's name is isolated in its row header and runs in its own direction
// (test/bidi.ts reads where characters land on screen).
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { eventBase, leftOf } from '../../../test/bidi.js';
import { createCentre, type Centre } from '../../../test/centre.js';
import { FwQueueStats } from './fw-queue-stats.js';

FwQueueStats.define('fw-queue-stats');

describe('fw-queue-stats bidi isolation', () => {
  let c: Centre | undefined;
  afterEach(async () => {
    await c?.client.disconnect();
    c = undefined;
  });

  it('shows a Hebrew queue name on an LTR page with its "!" at the left', async () => {
    c = await createCentre();
    const el = await fixture<FwQueueStats>(html`<fw-queue-stats .client=${c.client}></fw-queue-stats>`);
    const queue = c.client.getQueues()[0]!;
    await c.emit([{ ...eventBase(c), type: 'queue', queue: { ...queue, name: 'תמיכה!' } }]);
    const header = (): Element | null => el.shadowRoot!.querySelector(`tr[data-queue="${queue.id}"] [part~="queue"]`);
    await waitUntil(() => header()?.textContent === 'תמיכה!', 'the new name shows');
    expect(leftOf(header()!, '!', 'ת')).to.equal(true);
  });
});
