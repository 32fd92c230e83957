// The board's row menu loads with the first row menu opened. Here that module's request fails
// (msw's service worker answers it with a network error, as a dropped connection or a missing
// chunk would), in Chromium, on a page where nothing has loaded it yet: the board says so under
// the row in words a person can act on, announces it, opens no menu, and the next press, once the
// network is back, opens it.
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { setViewport } from '@web/test-runner-commands';
import { ignoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import type { FwInternalAnnounceEvent } from '../../events/fw-internal-announce.js';
import { createCentre, type Centre } from '../../../test/centre.js';
import { failModule } from '../../../test/failing-module.js';
import { FwTeamBoard } from './fw-team-board.js';
import { FwTeamBoardHarness } from './fw-team-board.harness.js';
import { plain } from '../../../test/isolates.js';

FwTeamBoard.define('fw-team-board');

const WHY = 'Part of the page could not be loaded. Check the connection, then reload the page.';

describe('fw-team-board: the row menu fails to load', () => {
  const mod = failModule(/\/fw-team-board\/row-menu\.(?:js|ts)(?:\?|$)/);
  let centre: Centre | undefined;
  let restoreOnError: (() => void) | undefined;
  const announced: string[] = [];
  const onAnnounce = (event: FwInternalAnnounceEvent): void => void announced.push(plain(event.message));

  before(async () => {
    restoreOnError = ignoreWindowResizeObserverLoopErrors();
    await setViewport({ width: 1200, height: 2000 });
    document.addEventListener('fw-internal-announce', onAnnounce);
  });
  after(() => {
    document.removeEventListener('fw-internal-announce', onAnnounce);
    restoreOnError?.();
  });
  afterEach(async () => {
    await centre?.close();
    centre = undefined;
  });

  it('says and announces the failure under the row, opens no menu, and the next press opens it', async () => {
    centre = await createCentre();
    const el = await fixture<FwTeamBoard>(html`<fw-team-board style="--fw-team-board-height: 4000px" .client=${centre.client}></fw-team-board>`);
    const h = new FwTeamBoardHarness(el);
    await h.settled();
    await waitUntil(() => h.rows().length > 0, 'rows render');
    // Someone on a call: their row's menu has monitoring in it whatever else the platform offers.
    const agentId = centre.client.getInteractions({ state: 'connected' }).find((i) => i.agentId !== undefined)!.agentId!;
    const button = h.actionButton(agentId);
    expect(button?.getAttribute('aria-haspopup')).to.equal('menu');

    button!.click();
    const root = el.shadowRoot as ShadowRoot;
    await waitUntil(() => root.querySelector('[part="action-message"][data-kind="error"]') !== null, 'the failure is shown');
    await h.settled();
    expect(mod.requested.length, 'the row menu module was asked for').to.be.greaterThan(0);
    const message = root.querySelector('[part="action-message"][data-kind="error"]');
    expect(message?.getAttribute('data-agent')).to.equal(agentId);
    expect(plain(message?.textContent ?? '').trim()).to.match(/^Could not complete: .*Part of the page could not be loaded\. Check the connection, then reload the page\.$/);
    expect(h.menu(), 'no menu').to.equal(null);
    expect(announced.some((m) => m.includes(WHY) && !m.includes('http')), 'announced in words, not a URL').to.equal(true);
    await expect(el).to.be.accessible();

    mod.failing = false;
    const menu = await h.openActions(agentId);
    expect(menu.querySelectorAll('[role^="menuitem"]').length, 'the menu has items').to.be.greaterThan(0);
  });
});
