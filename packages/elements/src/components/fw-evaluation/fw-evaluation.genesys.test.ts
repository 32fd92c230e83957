// fw-evaluation over Genesys Cloud quality management, its REST answered by the Genesys mock
// over msw in the page: what the element says when its list cannot be loaded.
import type { Session } from '@floorwalk/core';
import { createMemoryBackplane } from '@floorwalk/core/backplane';
import { createGenesysAdapter, createGenesysEvaluations, type GenesysAdapter } from '@floorwalk/adapters/genesys';
import { expect, fixture, html } from '@open-wc/testing';
import { genesysPage } from '../../../test/genesys-supervisor.js';
import { plain } from '../../../test/isolates.js';
import { waitUntil } from '../../../test/wait.js';
import { registerTranslation } from '../../internal/localize.js';
import { evaluationEs } from './fw-evaluation.es.js';
import { FwEvaluation } from './fw-evaluation.js';

FwEvaluation.define('fw-evaluation');

const page = genesysPage();
const FORMS = /\/quality\/publishedforms\/evaluations/;

const text = (el: Element | null | undefined): string => plain(el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const failure = (el: FwEvaluation): Element | null => el.shadowRoot!.querySelector('[part="message"][data-kind="error"]');

/** A supervisor's page on the mock, with fw-evaluation over its evaluations, mounted before its first load ends. */
async function open(prepare: (mock: Awaited<ReturnType<typeof page.open>>['mock']) => void, lang = 'en'): Promise<{ el: FwEvaluation; asked: () => number }> {
  let adapter: GenesysAdapter | undefined;
  let session: Session | undefined;
  const { mock, c } = await page.open((m) => {
    adapter = createGenesysAdapter({ ...m.adapterOptions(), qualityEvaluations: true });
    session = { userId: m.directory.supervisorId, role: 'supervisor', teamIds: 'all' };
    return { adapter, session };
  });
  prepare(mock);
  const evaluations = createGenesysEvaluations({ genesys: adapter!, session: session!, teamsOf: (id) => c.getAgent(id)?.teamIds ?? [], backplane: createMemoryBackplane({ broadcast: false }) });
  const el = await fixture<FwEvaluation>(html`<fw-evaluation .client=${c} .evaluations=${evaluations} lang=${lang}></fw-evaluation>`);
  return { el, asked: () => mock.requests.filter((r) => r.method === 'GET' && FORMS.test(r.path)).length };
}

describe('fw-evaluation when Genesys cannot give the list (msw)', () => {
  it('a list Genesys rate-limits says the service is busy and when it loads again by itself, politely, then shows the list', async () => {
    // Reads wait out three 429s; the fourth, with Retry-After 1 s, reaches the element.
    const { el, asked } = await open((mock) => mock.throttle(4, 1, { method: 'GET', path: FORMS }));
    await waitUntil(() => failure(el) !== null, 'the failed load shown', { timeout: 8000 });
    expect(text(failure(el))).to.equal('Could not load. The evaluations service is busy. Trying again by itself in 1 s.');
    expect(failure(el)!.getAttribute('role'), 'nothing asked of the user: polite').to.equal('status');
    expect(text(failure(el))).to.not.contain('Not done');
    await waitUntil(() => failure(el) === null && el.shadowRoot!.querySelector('[part="form"]') !== null, 'loaded again by itself', { timeout: 8000 });
    expect(asked(), 'the four answered 429, then asked again by itself').to.be.greaterThan(4);
  }).timeout(20_000);

  it('a list Genesys refuses (403) says why and what the user can do, as an alert, and is not asked again; in Spanish too', async () => {
    registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { evaluation: evaluationEs } });
    const { el, asked } = await open((mock) => mock.failNext(FORMS, 403), 'es');
    await waitUntil(() => failure(el) !== null, 'the refusal shown', { timeout: 8000 });
    expect(text(failure(el))).to.equal('No se pudo cargar. Su rol no lo permite. Vuelva a cargar la página o, si sigue pasando, avise a su administrador.');
    expect(failure(el)!.getAttribute('role')).to.equal('alert');
    el.lang = 'en';
    await el.updateComplete;
    expect(text(failure(el))).to.equal('Could not load. Your role does not allow this. Reload the page, or ask your administrator if it goes on.');
    await new Promise((r) => setTimeout(r, 1500));
    expect(asked(), 'a refusal is not asked again by itself').to.equal(1);
  }).timeout(20_000);
});
