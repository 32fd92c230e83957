// The activity bucket on a board row: shown (never counts) only while the tenant's activity
// signal is on, following a live policy change by an admin.
import { createActivityDetector, type ActivitySource } from '@floorwalk/core';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { setViewport } from '@web/test-runner-commands';
import { ignoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import { createCentre, type Centre } from '../../../test/centre.js';
import { FwTeamBoard } from './fw-team-board.js';
import { FwTeamBoardHarness } from './fw-team-board.harness.js';
import { plain } from '../../../test/isolates.js';

FwTeamBoard.define('fw-team-board');

let restoreOnError: (() => void) | undefined;
before(async () => {
  restoreOnError = ignoreWindowResizeObserverLoopErrors();
  await setViewport({ width: 1200, height: 2000 });
});
after(() => restoreOnError?.());

const text = (el: Element | null | undefined): string => plain(el?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('fw-team-board activity buckets', () => {
  let centre: Centre | undefined;
  let detector: ActivitySource | undefined;
  let pad: HTMLElement | undefined;
  afterEach(async () => {
    await centre?.close();
    centre = undefined;
    detector?.stop();
    pad?.remove();
  });

  it('shows the bucket in the row while the signal is on, and nothing while it is off', async function () {
    // Two policy changes, two resyncs and an axe pass over a board: slow on a loaded machine.
    this.timeout(30_000);
    const c = await createCentre({ agents: 12, latencyMs: 50 });
    centre = c;
    const agentId = c.client.getAgents()[0]!.id;
    pad = document.createElement('div');
    document.body.append(pad);
    detector = createActivityDetector(pad);
    await c.seat({ userId: agentId, role: 'agent', agentId, teamIds: [] }, { activity: detector });
    const admin = await c.seat({ userId: 'admin-1', role: 'admin', teamIds: 'all' });
    const el = await fixture<FwTeamBoard>(html`<fw-team-board style="--fw-team-board-height: 4000px" .client=${c.client}></fw-team-board>`);
    const h = new FwTeamBoardHarness(el);
    await h.settled();
    await waitUntil(() => h.row(agentId) !== null, 'the row renders');
    const flag = (): HTMLElement | null => h.row(agentId)?.querySelector<HTMLElement>('[part~="activity"]') ?? null;
    expect(flag(), 'off by default').to.equal(null);

    await admin.setPolicy({ activitySignal: { enabled: true, granularityMs: 1000 } });
    await c.advance(100);
    pad.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    await c.advance(1000);
    await waitUntil(() => flag() !== null, 'the bucket shows');
    expect(text(flag())).to.equal('Activity: Active');
    expect(flag()?.dataset.bucket).to.equal('active');
    expect(flag()?.querySelector('svg')?.getAttribute('aria-hidden'), 'the mark is decorative; the label says it').to.equal('true');
    await expect(el).to.be.accessible();

    await admin.setPolicy({ activitySignal: { enabled: false } });
    await c.advance(100);
    await c.advance(0);
    await waitUntil(() => flag() === null, 'the bucket goes with the signal');
    expect(c.client.getAgent(agentId)?.activity).to.equal(undefined);
  });
});
