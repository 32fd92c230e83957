// The supervisor's name is isolated inside the sentences the notice announces (a live region,
// where markup cannot isolate it), so the sentence's punctuation stays where the sentence puts
// it. Checked by where characters land on screen (test/bidi.ts), on an LTR and an RTL page.
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { HEBREW_FIRST, HEBREW_NAME, LATIN_NAME, leftOf } from '../../../test/bidi.js';
import { advanceRendered, createCentre, liveText, newestCall, type Centre } from '../../../test/centre.js';
import { registerTranslation } from '../../internal/localize.js';
import { FwMonitoringNotice } from './fw-monitoring-notice.js';

FwMonitoringNotice.define('fw-monitoring-notice');

// A right-to-left translation of the one sentence read here, as a host would register it.
registerTranslation({
  $code: 'he',
  $name: 'עברית',
  $dir: 'rtl',
  strings: { 'monitoring-notice': { started: (who: string, mode: string): string => `${who} התחיל לנטר אותך במצב ${mode}` } },
});

describe('fw-monitoring-notice bidi isolation', () => {
  let c: Centre | undefined;
  afterEach(async () => {
    await c?.close();
    c = undefined;
  });

  /** The agent's notice, on a page of `dir` and `lang`, as a supervisor called `name` starts listening: the announcement's region. */
  async function announcement(name: string, dir: 'ltr' | 'rtl', lang: string): Promise<Element> {
    c = await createCentre();
    const interaction = newestCall(c.client)!;
    const agentId = interaction.agentId!;
    const agent = await c.seat({ userId: agentId, role: 'agent', agentId, teamIds: [] });
    const page = await fixture<HTMLDivElement>(
      html`<div dir=${dir} lang=${lang}><fw-monitoring-notice .client=${agent} .displayName=${() => name}></fw-monitoring-notice></div>`,
    );
    const el = page.querySelector('fw-monitoring-notice') as FwMonitoringNotice;
    await c.client.startMonitoring(agentId, interaction.id, 'listen');
    await advanceRendered(c, 200, el);
    await waitUntil(() => liveText(el, 'assertive').includes(name), 'the start is announced');
    return el.shadowRoot!.querySelector('[aria-live="assertive"]')!;
  }

  it('keeps a Hebrew name\'s "!" at its left in an English sentence on an LTR page', async () => {
    const region = await announcement(HEBREW_NAME, 'ltr', 'en');
    expect(leftOf(region, '!', HEBREW_FIRST), '"!" left of the name it ends').to.equal(true);
  });

  it('keeps a Latin name\'s "!" at its right in a Hebrew sentence on an RTL page', async () => {
    const region = await announcement(LATIN_NAME, 'rtl', 'he');
    expect(leftOf(region, 'D', '!'), '"!" right of the name it ends').to.equal(true);
  });
});
