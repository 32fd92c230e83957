// The checklist (a11y.md) against the accessibility tree Chromium computes, not the attributes
// the element writes.
import type { ActivitySource, Floorwalk } from '@floorwalk/core';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { activityScene, type ActivityScene } from '../../../test/activity-scene.js';
import { axTree, findAll, findNode, graphics, liveRegions, outline, textOf, type AXNode, AX_WAIT } from '../../../test/a11y-tree.js';
import type { Centre } from '../../../test/centre.js';
import { FwActivityNotice } from './fw-activity-notice.js';
import { plain } from '../../../test/isolates.js';

FwActivityNotice.define('fw-activity-notice');

const ON =
  'Your activity is now shared with your supervisors: Active, Idle or Away from desk, at most once every 1 minute. Nothing else about your input is shared.';
const OFF = 'Your activity is no longer shared.';

let centre: Centre | undefined;
const detectors: ActivitySource[] = [];

const scene = (): Promise<ActivityScene> => activityScene((c, detector) => ((centre = c), detectors.push(detector)));

async function mount(agent: Floorwalk, level?: number): Promise<FwActivityNotice> {
  return level === undefined
    ? fixture<FwActivityNotice>(html`<fw-activity-notice .client=${agent}></fw-activity-notice>`)
    : fixture<FwActivityNotice>(html`<fw-activity-notice .client=${agent} heading-level=${level}></fw-activity-notice>`);
}

/** Waits until the live regions that hold text are exactly `said` ([politeness, text] each), and returns the tree. */
async function voiced(el: FwActivityNotice, said: readonly (readonly [string, string])[]): Promise<AXNode> {
  let tree: AXNode | undefined;
  const now = (t: AXNode): string[][] => liveRegions(t).filter((r) => textOf(r) !== '').map((r) => [r.live!, textOf(r)]);
  await waitUntil(async () => JSON.stringify(now((tree = await axTree(el)))) === JSON.stringify(said), `live regions holding ${JSON.stringify(said)}`, { timeout: AX_WAIT });
  return tree!;
}

describe('fw-activity-notice: computed accessibility tree', () => {
  afterEach(async () => {
    await centre?.close();
    centre = undefined;
    for (const d of detectors.splice(0)) d.stop();
  });

  it('signal off: nothing in the tree', async () => {
    const { agent } = await scene();
    const el = await mount(agent);
    const tree = await axTree(el);
    expect(tree.children ?? [], outline(tree)).to.deep.equal([]);
  });

  it('signal on: said once, assertively, in the words of the checklist; a region named by its level-3 heading; the mark out of the tree', async () => {
    const { c, admin, agent } = await scene();
    const el = await mount(agent);
    await admin.setPolicy({ activitySignal: { enabled: true, granularityMs: 60_000 } });
    await c.advance(60);
    const tree = await voiced(el, [['assertive', ON]]);
    const region = findNode(tree, 'region', 'Activity sharing');
    expect(findNode(region, 'heading', 'Activity sharing').level).to.equal(3);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
    expect(plain(findNode(liveRegions(tree)[0]!, 'StaticText').name!)).to.equal(ON);
    expect(liveRegions(tree)[0]!.atomic).to.equal(true);
  });

  it('the record: a region "What was shared" at the next level, a list of what was shared; each bucket not announced', async () => {
    const { c, admin, agent, pad } = await scene();
    const el = await mount(agent, 2);
    await admin.setPolicy({ activitySignal: { enabled: true, granularityMs: 1000 } });
    await c.advance(60);
    pad.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));
    for (let i = 0; i < 4; i++) await c.advance(1000);
    await el.updateComplete;
    expect(agent.getSharedActivity().length).to.be.greaterThan(1);
    const tree = await voiced(el, [['assertive', ON.replace('1 minute', '1 second')]]);
    const region = findNode(tree, 'region', 'Activity sharing');
    expect(findNode(region, 'heading', 'Activity sharing').level).to.equal(2);
    const record = findNode(region, 'region', 'What was shared');
    expect(findNode(record, 'heading', 'What was shared').level).to.equal(3);
    const items = findAll(findNode(record, 'list'), 'listitem');
    expect(items).to.have.length(agent.getSharedActivity().length);
    expect(textOf(items[0]!)).to.match(/Idle$|Away from desk$/);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
  });

  it('signal off again: said politely, the assertive words gone, nothing else left in the tree', async () => {
    const { c, admin, agent } = await scene();
    const el = await mount(agent);
    await admin.setPolicy({ activitySignal: { enabled: true, granularityMs: 60_000 } });
    await c.advance(60);
    await voiced(el, [['assertive', ON]]);
    await admin.setPolicy({ activitySignal: { enabled: false } });
    await c.advance(60);
    const tree = await voiced(el, [['polite', OFF]]);
    expect(findAll(tree, 'region').filter((r) => r.name === 'Activity sharing')).to.have.length(0);
    expect(textOf(tree)).to.equal(OFF);
  });
});
