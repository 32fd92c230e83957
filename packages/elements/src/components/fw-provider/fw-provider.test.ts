import { expect, fixture, html } from '@open-wc/testing';
import type { Floorwalk } from '@floorwalk/core';
import { LitElement } from 'lit';
import { createCentre, settle, type Centre } from '../../../test/centre.js';
import { ClientController } from '../../internal/controllers/client-controller.js';
import { FwElement } from '../../internal/fw-element.js';
import { FwProvider } from './fw-provider.js';

FwProvider.define('fw-provider');

/** A minimal consumer: counts the store batches it re-rendered for. */
class FwTestConsumer extends FwElement {
  static override properties = { client: { attribute: false } };
  declare client: Floorwalk | undefined;
  readonly clients = new ClientController(this);
  renders = 0;
  protected override render(): unknown {
    this.renders += 1;
    return `${this.clients.client?.getAgents().length ?? 'none'}`;
  }
}
FwTestConsumer.define('fw-test-consumer');

describe('fw-provider', () => {
  let centres: Centre[] = [];
  afterEach(async () => {
    for (const centre of centres) await centre.client.disconnect();
    centres = [];
  });
  const centre = async (agents: number): Promise<Centre> => {
    const c = await createCentre({ agents });
    centres.push(c);
    return c;
  };

  it('is accessible and renders only its slot', async () => {
    const el = await fixture<FwProvider>(html`<fw-provider><p>inside</p></fw-provider>`);
    await expect(el).to.be.accessible();
    expect(getComputedStyle(el).display).to.equal('contents');
  });

  it('hands its client to a nested element, through other shadow roots', async () => {
    const { client } = await centre(12);
    class FwTestWrapper extends LitElement {
      protected override render(): unknown {
        return html`<fw-test-consumer></fw-test-consumer>`;
      }
    }
    customElements.define('fw-test-wrapper', FwTestWrapper);
    const el = await fixture<FwProvider>(html`<fw-provider .client=${client}><fw-test-wrapper></fw-test-wrapper></fw-provider>`);
    const consumer = el.querySelector('fw-test-wrapper')!.shadowRoot!.querySelector('fw-test-consumer') as FwTestConsumer;
    await consumer.updateComplete;
    expect(consumer.shadowRoot!.textContent).to.equal('12');
  });

  it('re-renders consumers on store batches and follows a client swap', async () => {
    const a = await centre(10);
    const b = await centre(14);
    const el = await fixture<FwProvider>(html`<fw-provider .client=${a.client}><fw-test-consumer></fw-test-consumer></fw-provider>`);
    const consumer = el.querySelector('fw-test-consumer') as FwTestConsumer;
    await consumer.updateComplete;
    const before = consumer.renders;
    await a.advance(60_000);
    expect(consumer.renders, 'a minute of traffic re-rendered the consumer').to.be.greaterThan(before);

    el.client = b.client;
    await settle();
    expect(consumer.shadowRoot!.textContent).to.equal('14');
    const afterSwap = consumer.renders;
    await a.advance(60_000);
    expect(consumer.renders, 'the old client no longer drives it').to.equal(afterSwap);
  });

  it("lets an element's own client win over the provided one", async () => {
    const a = await centre(10);
    const b = await centre(16);
    const el = await fixture<FwProvider>(
      html`<fw-provider .client=${a.client}><fw-test-consumer .client=${b.client}></fw-test-consumer></fw-provider>`,
    );
    const consumer = el.querySelector('fw-test-consumer') as FwTestConsumer;
    await consumer.updateComplete;
    expect(consumer.shadowRoot!.textContent).to.equal('16');
  });

  it('stops listening when the consumer leaves the page', async () => {
    const a = await centre(10);
    const el = await fixture<FwProvider>(html`<fw-provider .client=${a.client}><fw-test-consumer></fw-test-consumer></fw-provider>`);
    const consumer = el.querySelector('fw-test-consumer') as FwTestConsumer;
    await consumer.updateComplete;
    consumer.remove();
    const renders = consumer.renders;
    await a.advance(120_000);
    expect(consumer.renders).to.equal(renders);
  });
});
