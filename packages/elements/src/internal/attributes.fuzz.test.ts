// Every attribute of every element, set to values a host page may well give it (empty, words
// where numbers belong, huge, markup, half a JSON document): the element must keep rendering,
// throw nothing into the page and inject nothing. The elements and their attributes are read
// from define-all and from each class's reactive properties, so a new element or attribute is
// covered without touching this file.
import { expect, fixture, html } from '@open-wc/testing';
import { ReactiveElement } from 'lit';
import '../define-all.js';
import { createCentre, settle, type Centre } from '../../test/centre.js';

const VALUES = [
  '',
  ' ',
  'garbage',
  '-1',
  '0',
  'NaN',
  '1e309',
  'null',
  '{"a":',
  '[1,2',
  '<img src=x id=injected>',
  '\u{1F642}\u0000\u202E',
  'x'.repeat(5000),
];

/** The tags define-all registers, read from its source as the test server hands it out. */
async function definedTags(): Promise<string[]> {
  const source = await (await fetch(new URL('../define-all.ts', import.meta.url))).text();
  const tags = [...new Set([...source.matchAll(/define\/(fw-[a-z-]+)\.[jt]s/g)].map((m) => m[1] as string))];
  if (tags.length < 15) throw new Error(`define-all names only ${tags.length} elements: ${source.slice(0, 300)}`);
  return tags;
}

function attributesOf(tag: string): string[] {
  const ctor = customElements.get(tag) as typeof ReactiveElement | undefined;
  if (ctor === undefined) return [];
  const names: string[] = [];
  for (const [property, options] of ctor.elementProperties) {
    if (options.attribute === false) continue;
    names.push(typeof options.attribute === 'string' ? options.attribute : String(property).toLowerCase());
  }
  // Global attributes the elements read themselves.
  return [...names, 'lang', 'dir'];
}

describe('every element under hostile attribute values', () => {
  let centre: Centre | undefined;
  const thrown: unknown[] = [];
  const onError = (event: ErrorEvent): void => {
    // The virtualizer's ResizeObserver notice is the browser's, not a throw of ours.
    if (!String(event.message).includes('ResizeObserver')) thrown.push(event.error ?? event.message);
  };
  const onRejection = (event: PromiseRejectionEvent): void => void thrown.push(event.reason);
  // Hostile values are what the development build's warnings are for: kept here and checked to
  // be those warnings, rather than printed into the test log.
  const warned: string[] = [];
  const warn = console.warn;
  before(() => {
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
    console.warn = (...args: unknown[]) => void warned.push(args.map(String).join(' '));
  });
  after(() => {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
    console.warn = warn;
  });
  afterEach(async () => {
    await centre?.close();
    centre = undefined;
  });

  it('reads every element of define-all', async () => {
    const tags = await definedTags();
    expect(tags.length, 'define-all lists the elements').to.be.greaterThan(15);
    for (const tag of tags) expect(customElements.get(tag), tag).to.not.equal(undefined);
    expect(attributesOf('fw-team-board')).to.include.members(['reorder-interval', 'sort', 'group']);
  });

  it('keeps rendering, throws nothing and injects nothing, whatever the attributes say', async function () {
    this.timeout(120_000);
    centre = await createCentre({ agents: 24 });
    const client = centre.client;
    const agentId = client.getAgents()[0]?.id ?? '';
    const failures: string[] = [];
    for (const tag of await definedTags()) {
      if (tag === 'fw-provider') continue;
      const provider = await fixture<HTMLElement>(html`<fw-provider .client=${client}></fw-provider>`);
      const el = document.createElement(tag) as ReactiveElement;
      // Where an element needs an agent to show anything, it starts with a real one.
      el.setAttribute('agent-id', agentId);
      provider.append(el);
      await el.updateComplete;
      await settle();
      for (const name of attributesOf(tag)) {
        for (const value of VALUES) {
          thrown.length = 0;
          el.setAttribute(name, value);
          try {
            await el.updateComplete;
          } catch (err) {
            thrown.push(err);
          }
          if (thrown.length > 0) failures.push(`${tag} ${name}=${JSON.stringify(value.slice(0, 20))}: ${String(thrown[0])}`);
          if (el.shadowRoot?.getElementById('injected') != null || el.shadowRoot?.querySelector('img[src="x"]') != null) {
            failures.push(`${tag} ${name}: markup from the attribute was rendered`);
          }
        }
        el.removeAttribute(name);
        if (name === 'agent-id') el.setAttribute('agent-id', agentId);
        await el.updateComplete;
      }
      await settle();
      if (thrown.length > 0) failures.push(`${tag}: ${String(thrown[0])} after a frame`);
      expect(el.shadowRoot, `${tag} has rendered`).to.not.equal(null);
      provider.remove();
    }
    expect(failures).to.deep.equal([]);
    expect(warned.filter((w) => !w.startsWith('Floorwalk (development build): ')), 'only the development build’s own warnings').to.deep.equal([]);
    expect(warned.some((w) => w.includes('<fw-team-board> sort=')), 'a sort outside the list is warned of').to.equal(true);
  });

  it('keeps rendering and throws nothing whatever its properties are set to from script', async function () {
    this.timeout(120_000);
    centre = await createCentre({ agents: 24 });
    const client = centre.client;
    // `{ subscribe() {} }`: half a client (or half a service), the likeliest wrong object.
    const values: unknown[] = [null, undefined, 0, -1, Number.NaN, Infinity, '', 'garbage', true, {}, [], [null], { then: 1 }, { subscribe: () => () => {} }, () => 1, Promise.resolve(client)];
    const failures: string[] = [];
    for (const tag of await definedTags()) {
      if (tag === 'fw-provider') continue;
      const provider = await fixture<HTMLElement>(html`<fw-provider .client=${client}></fw-provider>`);
      const el = document.createElement(tag) as ReactiveElement & Record<string, unknown>;
      provider.append(el);
      await el.updateComplete;
      const ctor = customElements.get(tag) as unknown as typeof ReactiveElement;
      for (const [property, options] of ctor.elementProperties) {
        // Internal state is not the host's to set.
        if (typeof property !== 'string' || options.state === true) continue;
        const before = el[property];
        for (const value of values) {
          thrown.length = 0;
          try {
            el[property] = value;
            await el.updateComplete;
          } catch (err) {
            thrown.push(err);
          }
          if (thrown.length > 0) failures.push(`${tag}.${property} = ${String(value)}: ${String(thrown[0])}`);
        }
        el[property] = before;
        await el.updateComplete;
      }
      await settle();
      provider.remove();
    }
    expect(failures).to.deep.equal([]);
  });

  it('reads an evaluations that is not a service as none: the elements say so rather than wait for ever', async () => {
    centre = await createCentre({ agents: 4 });
    for (const tag of ['fw-evaluation', 'fw-review']) {
      const el = await fixture<ReactiveElement & { evaluations: unknown; client: unknown }>(html`<div></div>`).then((div) => {
        const e = document.createElement(tag) as ReactiveElement & { evaluations: unknown; client: unknown };
        e.client = centre!.client;
        div.append(e);
        return e;
      });
      await el.updateComplete;
      const none = el.shadowRoot!.querySelector('[part="message"]')?.textContent?.trim();
      expect(none, `${tag} says it has no service`).to.be.a('string').and.not.equal('');
      for (const value of [null, {}, 42, { subscribe: 'no' }]) {
        el.evaluations = value;
        await el.updateComplete;
        expect(el.shadowRoot!.querySelector('[part="message"]')?.textContent?.trim(), `${tag}.evaluations = ${JSON.stringify(value)}`).to.equal(none);
      }
    }
  });

  it('shows every element empty, and throws nothing, under a provider whose client is not one', async () => {
    centre = await createCentre({ agents: 4 });
    const failures: string[] = [];
    for (const value of [{}, 42, 'client', Promise.resolve(centre.client), { subscribe: () => () => {} }]) {
      const provider = await fixture<HTMLElement & { client: unknown }>(html`<fw-provider></fw-provider>`);
      for (const tag of await definedTags()) if (tag !== 'fw-provider') provider.append(document.createElement(tag));
      thrown.length = 0;
      provider.client = value;
      for (const el of provider.children) {
        try {
          await (el as ReactiveElement).updateComplete;
        } catch (err) {
          thrown.push(err);
        }
      }
      await settle();
      for (const err of thrown) failures.push(`provider.client = ${String(value)}: ${String(err)}`);
      provider.remove();
    }
    expect(failures).to.deep.equal([]);
  });
});
