// A customer's name is isolated in its cell and runs in its own direction, masked or not
// (test/bidi.ts reads where characters land on screen).
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { eventBase, HEBREW_FIRST, HEBREW_NAME, leftOf } from '../../../test/bidi.js';
import { createCentre, type Centre } from '../../../test/centre.js';
import { FwInteractionList } from './fw-interaction-list.js';

FwInteractionList.define('fw-interaction-list');

describe('fw-interaction-list bidi isolation', () => {
  let c: Centre | undefined;
  afterEach(async () => {
    await c?.client.disconnect();
    c = undefined;
  });

  it('shows a Hebrew customer name on an LTR page with its trailing punctuation at the left', async () => {
    c = await createCentre();
    const el = await fixture<FwInteractionList>(html`<fw-interaction-list .client=${c.client}></fw-interaction-list>`);
    const interaction = c.client.getInteractions()[0]!;
    await c.emit([{ ...eventBase(c), type: 'interaction', interaction: { ...interaction, customer: { name: HEBREW_NAME } } }]);
    // A supervisor reads the name masked to initials ("ד. כ."), which end in punctuation too.
    const shown = (): string | undefined => c!.client.getInteraction(interaction.id)?.customer?.name;
    await waitUntil(() => shown()?.startsWith(HEBREW_FIRST) === true, 'the customer reached the store');
    const cell = (): Element | null => el.shadowRoot!.querySelector(`tr[data-id="${interaction.id}"] td:last-child`);
    await waitUntil(() => cell()?.textContent?.includes(shown()!) === true, 'the name shows');
    const name = shown()!;
    expect(name.at(-1), 'the name ends in punctuation').to.match(/[.!]/);
    expect(leftOf(cell()!, name.at(-1)!, HEBREW_FIRST)).to.equal(true);
  });
});
