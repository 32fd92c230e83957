// A list longer than the board renders plainly goes to the virtualizer, which loads on first need
// and lays out on frames: its first layout, before its host has a size, is empty. Here, in
// Chromium, on a page where nothing has loaded the virtualizer yet, the board must never show an
// empty viewport while the rows change hands, neither on that first load nor on a later switch.
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { ignoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import { createCentre, type Centre } from '../../../test/centre.js';
import { FwTeamBoard } from './fw-team-board.js';
import { FwTeamBoardHarness } from './fw-team-board.harness.js';

FwTeamBoard.define('fw-team-board');

interface Sampled {
  /** Rows on screen, each time the count changed. */
  readonly counts: number[];
  /** Whether the plain rows were seen standing in for the virtualizer's. */
  readonly handover: boolean;
  /** Anything wrong seen about the stand-in rows. */
  readonly faults: string[];
}

/**
 * Row boxes inside the board's viewport, read after every change to the board's DOM and at every
 * task for `ms`, and on past it while a handover is under way (with `handover`, until one has
 * happened): as any script, a test tool or the next paint would find them. A loaded machine may
 * take longer than `ms` to load the virtualizer; the wait is on the handover, up to 6 s.
 */
async function sample(el: FwTeamBoard, ms: number, awaitHandover = false): Promise<Sampled> {
  const root = el.shadowRoot!;
  const counts: number[] = [];
  const faults = new Set<string>();
  let handover = false;
  const look = (): void => {
    const view = root.querySelector('[part~="scroller"]')?.getBoundingClientRect();
    const onScreen = [...root.querySelectorAll<HTMLElement>('[role="row"][data-key]')].filter((row) => {
      const box = row.getBoundingClientRect();
      return view !== undefined && box.height > 0 && box.bottom > view.top && box.top < view.bottom;
    }).length;
    if (counts.at(-1) !== onScreen) counts.push(onScreen);
    const standIn = root.querySelector<HTMLElement>('.rows--handover');
    if (standIn !== null) {
      handover = true;
      if (!standIn.inert) faults.add('stand-in rows are not inert');
      if (standIn.getAttribute('aria-hidden') !== 'true') faults.add('stand-in rows are not hidden from assistive technology');
      const keys = new FwTeamBoardHarness(el).agentIds();
      if (new Set(keys).size !== keys.length) faults.add('the harness reads a row twice');
    }
  };
  const changes = new MutationObserver(look);
  changes.observe(root, { childList: true, subtree: true });
  const channel = new MessageChannel();
  const end = performance.now() + ms;
  const cap = performance.now() + 6000;
  const over = (): boolean => performance.now() >= end && (handover ? root.querySelector('.rows--handover') === null : !awaitHandover);
  while (!over() && performance.now() < cap) {
    await new Promise<void>((resolve) => {
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(null);
    });
    look();
  }
  changes.disconnect();
  channel.port1.close();
  return { counts, handover, faults: [...faults] };
}

describe('fw-team-board: the virtualizer takes a long list over', () => {
  let centre: Centre | undefined;
  let restoreOnError: (() => void) | undefined;
  before(async () => {
    restoreOnError = ignoreWindowResizeObserverLoopErrors();
    await setViewport({ width: 1200, height: 900 });
  });
  after(() => restoreOnError?.());
  afterEach(async () => {
    await centre?.close();
    centre = undefined;
  });

  it('keeps rows on screen at every moment, on first load and on a later switch', async () => {
    centre = await createCentre({ agents: 150 });
    const el = await fixture<FwTeamBoard>(html`<fw-team-board style="--fw-team-board-height: 600px"></fw-team-board>`);
    const h = new FwTeamBoardHarness(el);
    el.client = centre.client;
    const first = await sample(el, 600, true);
    // Plain rows first (the module is loading), then the virtualizer's: never none in between.
    expect(first.counts.slice(first.counts.findIndex((n) => n > 0)), `first load: rows on screen as they changed (${first.counts.join(' → ')})`).to.not.include(0);
    // The virtualizer's first layout comes out empty (its host has no size yet), so the plain rows
    // stand in for a moment; should an upgrade of it render at once, this says the stand-in is moot.
    expect(first.handover, 'first load: the plain rows stood in for the virtualizer').to.equal(true);
    expect(first.faults, 'first load').to.deep.equal([]);
    await h.settled();
    expect(el.shadowRoot!.querySelector('.rows--handover'), 'the stand-in rows are gone once the virtualizer has rendered').to.equal(null);
    expect(h.rowCount()).to.equal(150);
    expect(h.rows().length, 'virtualised: a screenful, not every row').to.be.within(5, 60);

    // A search narrows the list to plain rows, and clearing it hands it back.
    el.search = centre.client.getAgents()[3]!.name.split(' ')[0]!;
    await h.settled();
    expect(h.rowCount(), 'narrowed to a plain list').to.be.within(1, 100);
    expect(h.rows().length, 'every row of it rendered').to.equal(h.rowCount());
    el.search = '';
    const again = await sample(el, 300);
    expect(again.counts, `switch back: rows on screen as they changed (${again.counts.join(' → ')})`).to.not.include(0);
    expect(again.faults, 'switch back').to.deep.equal([]);
    await h.settled();
    expect(h.rows().length, 'virtualised again').to.be.within(5, 60);
  });

  for (const group of ['none', 'state'] as const) {
    it(`shows the rows a keyboard user jumps to, at the far end of a long list and back (group: ${group})`, async () => {
      centre = await createCentre({ agents: 200 });
      const el = await fixture<FwTeamBoard>(html`<fw-team-board group=${group} style="--fw-team-board-height: 600px"></fw-team-board>`);
      const h = new FwTeamBoardHarness(el);
      el.client = centre.client;
      await h.settled();
      await waitUntil(() => h.rows().length > 5 && el.shadowRoot!.querySelector('.rows--handover') === null, 'the virtualizer renders');
      const count = (el as unknown as { items: readonly unknown[] }).items.length;
      /** The list's first or last item (grouped, the first is a heading), when rendered. */
      const item = (index: number): HTMLElement | null => el.shadowRoot!.querySelector(`[data-index="${index}"]`);
      h.grid().focus();
      // The virtualizer's own scroll-to-element left a far row's list blank, and the board with it
      // (lit/lit#4767): Control+End showed no row, and no key brought one back. Grouped, the
      // headings the virtualizer measured after the scroll moved the last row out of view again.
      for (const [key, index] of [['End', count - 1], ['Home', 0]] as const) {
        await sendKeys({ down: 'Control' });
        await sendKeys({ press: key });
        await sendKeys({ up: 'Control' });
        await waitUntil(() => item(index) !== null, `Control+${key}: its row renders (${h.rows().length} rows rendered)`, { timeout: 3000 });
        await h.settled();
        const box = h.scroller().getBoundingClientRect();
        // Whole in view once the virtualizer's layout has settled (it measures over two frames).
        await waitUntil(
          () => {
            const row = item(index)?.getBoundingClientRect();
            return row !== undefined && row.top >= box.top - 1 && row.bottom <= box.bottom + 1;
          },
          `Control+${key}: its row is in view (${JSON.stringify(item(index)?.getBoundingClientRect())} in ${box.top}..${box.bottom})`,
          { timeout: 1000 },
        );
        // And stays there.
        await new Promise((resolve) => setTimeout(resolve, 300));
        const row = item(index)!.getBoundingClientRect();
        expect(row.top >= box.top - 1 && row.bottom <= box.bottom + 1, `Control+${key}: its row stays in view`).to.equal(true);
        expect(h.rows().length, `Control+${key}: a screenful of rows`).to.be.within(5, 60);
      }
    });
  }
});
