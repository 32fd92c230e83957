import { expect, fixture, html } from '@open-wc/testing';
import { FwElement } from './fw-element.js';
import { LocalizeController, defineCatalog, dirOf, isolate, registerTranslation, registeredLocales } from './localize.js';
import { formatDuration, formatNumber, formatPercent, formatTimer } from './format.js';

const catalog = defineCatalog(
  'test-localize',
  {
    hello: 'Hello',
    agents: (n: number): string => (n === 1 ? '1 agent' : `${n} agents`),
    greet: (name: string): string => `Hello, ${name}!`,
    count: (n: number, formatted: string): string => `${formatted} (${n})`,
    // Chooses by its first argument, which therefore must reach it as it is.
    started: (mode: 'listen' | 'barge', who: string): string => ({ listen: `${who} listens.`, barge: `${who} joined.` })[mode],
  },
  ['started'],
);

class FwTestLocalized extends FwElement {
  readonly t = new LocalizeController(this, catalog);
  protected override render(): unknown {
    return html`<span>${this.t.strings.hello}</span>`;
  }
}
FwTestLocalized.define('fw-test-localized');

registerTranslation({
  $code: 'es',
  $name: 'Español',
  $dir: 'ltr',
  strings: {
    'test-localize': { hello: 'Hola', agents: (n: number): string => (n === 1 ? '1 agente' : `${n} agentes`), greet: (name: string): string => `¡Hola, ${name}!` },
  },
});
registerTranslation({ $code: 'ar', $name: 'العربية', $dir: 'rtl', strings: { 'test-localize': { hello: 'مرحبا' } } });

describe('LocalizeController', () => {
  beforeEach(() => {
    document.documentElement.lang = 'en';
  });
  afterEach(() => {
    document.documentElement.lang = 'en';
  });

  it("follows the element's lang, then the closest ancestor's across shadow roots, then the document's", async () => {
    const el = await fixture<FwTestLocalized>(html`<fw-test-localized></fw-test-localized>`);
    expect(el.t.lang).to.equal('en');
    expect(el.shadowRoot!.textContent).to.equal('Hello');

    document.documentElement.lang = 'es';
    await new Promise((resolve) => setTimeout(resolve, 0));
    await el.updateComplete;
    expect(el.shadowRoot!.textContent, 'the document changing lang re-renders').to.equal('Hola');

    el.lang = 'en';
    await el.updateComplete;
    expect(el.shadowRoot!.textContent, "the element's own lang wins").to.equal('Hello');

    const host = await fixture<HTMLDivElement>(html`<div lang="es"></div>`);
    const shadow = host.attachShadow({ mode: 'open' });
    const inner = document.createElement('fw-test-localized') as FwTestLocalized;
    shadow.append(inner);
    await inner.updateComplete;
    expect(inner.t.lang, 'an ancestor outside the shadow root').to.equal('es');
  });

  it("re-renders when an ancestor's lang changes, not only the document's (a desktop localises one panel)", async () => {
    const panel = await fixture<HTMLDivElement>(html`<div><section><fw-test-localized></fw-test-localized></section></div>`);
    const el = panel.querySelector('fw-test-localized') as FwTestLocalized;
    expect(el.shadowRoot!.textContent).to.equal('Hello');
    // Nothing else happens to the element: only the panel's lang changes.
    panel.lang = 'es';
    await new Promise((resolve) => setTimeout(resolve, 0));
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.equal('Hola');
  });

  it('reads a lang with an underscore as its tag, and one Intl refuses as the browser\'s language, so formatters never throw', async () => {
    document.documentElement.lang = 'es_MX';
    const fromPage = await fixture<FwTestLocalized>(html`<fw-test-localized></fw-test-localized>`);
    expect(fromPage.t.lang).to.equal('es-MX');
    expect(fromPage.shadowRoot!.textContent).to.equal('Hola');
    for (const bad of ['en US', 'x-private', '12']) {
      const el = await fixture<FwTestLocalized>(html`<fw-test-localized lang=${bad}></fw-test-localized>`);
      expect(el.t.lang, bad).to.equal(navigator.language);
      expect(formatNumber(el.t.lang, 1234), `${bad}: formats`).to.be.a('string');
    }
    // What the guard is for: Intl throws on these.
    expect(() => formatNumber('en US', 1)).to.throw(RangeError);
  });

  it('refuses a translation without a code or strings with an error that says so, and keeps the ones it has', () => {
    for (const bad of [null, {}, { $code: 42, strings: {} }, { $code: 'fr', strings: null }]) {
      expect(() => registerTranslation(bad as never), JSON.stringify(bad)).to.throw(TypeError, /needs a \$code/);
    }
    expect(registeredLocales().map((l) => l.code)).to.include('es');
  });

  it('falls back from a regional locale to its language, then to English for missing strings', async () => {
    const el = await fixture<FwTestLocalized>(html`<fw-test-localized lang="es-MX"></fw-test-localized>`);
    expect(el.t.strings.hello).to.equal('Hola');
    expect(el.t.strings.agents(3)).to.equal('3 agentes');
    const ar = await fixture<FwTestLocalized>(html`<fw-test-localized lang="ar"></fw-test-localized>`);
    expect(ar.t.strings.hello).to.equal('مرحبا');
    expect(ar.t.strings.agents(2), 'English where the translation has no string').to.equal('2 agents');
    expect(dirOf(ar, ar.t.lang), "the locale's direction when no dir is set").to.equal('rtl');
    expect(registeredLocales().map((l) => l.code)).to.include.members(['en', 'es', 'ar']);
  });

  it('merges a second registration for a locale, so a host can override single strings', async () => {
    registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { 'test-localize': { hello: '¡Buenas!' } } });
    const el = await fixture<FwTestLocalized>(html`<fw-test-localized lang="es"></fw-test-localized>`);
    expect(el.t.strings.hello).to.equal('¡Buenas!');
    expect(el.t.strings.agents(1), 'the rest of the earlier registration stays').to.equal('1 agente');
  });

  it('formats timers, durations, numbers and percentages through Intl in the resolved locale', async () => {
    const en = await fixture<FwTestLocalized>(html`<fw-test-localized lang="en"></fw-test-localized>`);
    expect(formatTimer(en.t.lang, 245_000)).to.equal('4:05');
    expect(formatTimer(en.t.lang, 3_723_000)).to.equal('1:02:03');
    expect(formatTimer(en.t.lang, -5)).to.equal('0:00');
    expect(formatDuration(en.t.lang, 245_000)).to.equal('4 minutes, 5 seconds');
    expect(formatNumber(en.t.lang, 12345)).to.equal('12,345');
    expect(formatPercent(en.t.lang, 0.8)).to.equal('80%');
    const de = await fixture<FwTestLocalized>(html`<fw-test-localized lang="de"></fw-test-localized>`);
    expect(formatNumber(de.t.lang, 12345)).to.equal('12.345');
    expect(formatPercent(de.t.lang, 0.8)).to.match(/^80\s?%$/);
    const ar = await fixture<FwTestLocalized>(html`<fw-test-localized lang="ar-EG"></fw-test-localized>`);
    expect(formatNumber(ar.t.lang, 5), 'Arabic-Indic digits where the locale uses them').to.equal('٥');
  });

  describe('isolating what a sentence interpolates', () => {
    const FSI = '\u2068';
    const PDI = '\u2069';

    it('wraps every string argument in U+2068 ... U+2069 and passes numbers as they are', async () => {
      const el = await fixture<FwTestLocalized>(html`<fw-test-localized lang="en"></fw-test-localized>`);
      expect(el.t.strings.greet('דנה כהן')).to.equal(`Hello, ${FSI}דנה כהן${PDI}!`);
      expect(el.t.strings.count(1234, '1,234')).to.equal(`${FSI}1,234${PDI} (1234)`);
      expect(el.t.strings.agents(1), 'a number still chooses the plural').to.equal('1 agent');
      expect(el.t.strings.hello, 'plain strings are untouched').to.equal('Hello');
      expect(isolate('Dana')).to.equal(`${FSI}Dana${PDI}`);
    });

    it('isolates the arguments of a registered translation as well, including one a host registers later', async () => {
      const es = await fixture<FwTestLocalized>(html`<fw-test-localized lang="es-MX"></fw-test-localized>`);
      expect(es.t.strings.greet('Dana')).to.equal(`¡Hola, ${FSI}Dana${PDI}!`);
      registerTranslation({ $code: 'he', $name: 'עברית', $dir: 'rtl', strings: { 'test-localize': { greet: (name: string): string => `שלום, ${name}!` } } });
      const he = await fixture<FwTestLocalized>(html`<fw-test-localized lang="he"></fw-test-localized>`);
      expect(he.t.strings.greet('Dana')).to.equal(`שלום, ${FSI}Dana${PDI}!`);
    });

    it('passes the first argument of a function the catalog names as raw as it is, and isolates the rest', async () => {
      const el = await fixture<FwTestLocalized>(html`<fw-test-localized lang="en"></fw-test-localized>`);
      expect(el.t.strings.started('barge', 'Dana')).to.equal(`${FSI}Dana${PDI} joined.`);
    });

    it('resolves and wraps once per locale: the same strings until the locale or the translations change', async () => {
      const el = await fixture<FwTestLocalized>(html`<fw-test-localized lang="en"></fw-test-localized>`);
      const first = el.t.strings;
      expect(el.t.strings, 'cached').to.equal(first);
      expect(el.t.strings.greet, 'the wrapped function too').to.equal(first.greet);
      el.lang = 'es';
      await el.updateComplete;
      expect(el.t.strings).to.not.equal(first);
      expect(el.t.strings.greet('Dana'), 'not wrapped twice').to.equal(`¡Hola, ${FSI}Dana${PDI}!`);
      const spanish = el.t.strings;
      registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { 'test-localize': { greet: (name: string): string => `¡Buenas, ${name}!` } } });
      expect(el.t.strings, 'a registration refreshes the cache').to.not.equal(spanish);
      expect(el.t.strings.greet('Dana')).to.equal(`¡Buenas, ${FSI}Dana${PDI}!`);
    });
  });
});
