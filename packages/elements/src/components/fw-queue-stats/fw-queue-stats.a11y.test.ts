// The README's accessibility claims against the accessibility tree Chromium computes, not the
// attributes the element writes.
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { axTree, findAll, findNode, graphics, liveRegions, outline, textOf, type AXNode, AX_WAIT } from '../../../test/a11y-tree.js';
import { busyCentre } from '../../../test/busy-queues.js';
import { createCentre, type Centre } from '../../../test/centre.js';
import { FwAnnouncer } from '../fw-announcer/fw-announcer.js';
import { FwQueueStats } from './fw-queue-stats.js';

FwQueueStats.define('fw-queue-stats');
FwAnnouncer.define('fw-announcer');

const NOTE = 'Service level: of today’s interactions that have finished waiting, the share answered rather than abandoned.';

let centre: Centre | undefined;

const bodyRows = (tree: AXNode): AXNode[] => findAll(tree, 'row').filter((row) => findAll(row, 'rowheader').length === 1);

/**
 * The figures the table marks past their threshold, each as the start of the announcement that
 * must voice it: "Billing: longest wait", "Sales: service level".
 */
function marked(tree: AXNode): string[] {
  return bodyRows(tree).flatMap((row) => {
    const queue = findNode(row, 'rowheader').name!;
    const [, wait, , level] = findAll(row, 'cell').map((cell) => cell.name ?? '');
    return [
      ...(wait!.startsWith('over threshold ') ? [`${queue}: longest wait`] : []),
      ...(level!.startsWith('below target ') ? [`${queue}: service level`] : []),
    ];
  });
}

/** The figures an announcement names, in the same form as {@link marked}. */
const voiced = (text: string): string[] => [...text.matchAll(/(?:^|\. )([^:]+): (longest wait|service level) /g)].map((m) => `${m[1]}: ${m[2]}`);

describe('fw-queue-stats: computed accessibility tree', () => {
  afterEach(async () => {
    await centre?.close();
    centre = undefined;
  });

  it('is a table named by its caption, with column headers, a row header per queue, and the service level header described by the note', async () => {
    const c = (centre = await createCentre());
    const el = await fixture<FwQueueStats>(html`<fw-queue-stats .client=${c.client}></fw-queue-stats>`);
    const tree = await axTree(el);
    const table = findNode(tree, 'table', 'Queue statistics');
    expect(findAll(table, 'columnheader').map((h) => h.name)).to.deep.equal(['Queue', 'Waiting', 'Longest wait', 'Agents available', 'Service level']);
    expect(findNode(table, 'columnheader', 'Service level').description).to.equal(NOTE);
    expect(findAll(table, 'rowheader').map((h) => h.name)).to.deep.equal(c.client.getQueues().map((q) => q.name));
    expect(liveRegions(tree), 'nothing to announce without thresholds').to.deep.equal([]);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
  });

  it('reads "none waiting" and "no data yet" where the table shows a dash, and never the dash', async () => {
    const c = (centre = await createCentre());
    const el = await fixture<FwQueueStats>(html`<fw-queue-stats .client=${c.client}></fw-queue-stats>`);
    const tree = await axTree(el);
    const expected = c.client.getQueues().map((q) => [
      q.stats.oldestWaitingSince === null ? 'none waiting' : /^\d+:\d{2}$/,
      q.stats.answered + q.stats.abandoned === 0 ? 'no data yet' : /^\d+%$/,
    ]);
    expect(expected.flat().filter((e) => typeof e === 'string').length, 'the fresh centre has dashes to read').to.be.greaterThan(0);
    bodyRows(tree).forEach((row, i) => {
      const [, wait, , level] = findAll(row, 'cell').map((cell) => cell.name ?? '');
      for (const [name, want] of [[wait!, expected[i]![0]!], [level!, expected[i]![1]!]] as const) {
        if (typeof want === 'string') expect(name).to.equal(want);
        else expect(name).to.match(want);
      }
    });
    expect(textOf(tree)).to.not.contain('—');
  });

  it('marks figures past a threshold by words, no icon in the tree, and voices every crossing in one polite live region', async () => {
    const { c } = await busyCentre((made) => (centre = made));
    await c.advance(5 * 60_000);
    const el = await fixture<FwQueueStats>(html`<fw-queue-stats .client=${c.client} wait-threshold="0" service-level-target="101"></fw-queue-stats>`);
    let tree: AXNode | undefined;
    await waitUntil(async () => liveRegions((tree = await axTree(el))).some((region) => textOf(region) !== ''), 'a crossing announced', { timeout: AX_WAIT });
    const crossings = marked(tree!);
    expect(crossings.length, `more than one figure crossed at once:\n${outline(tree!)}`).to.be.greaterThan(1);
    expect(graphics(tree!), outline(tree!)).to.deep.equal([]);
    const regions = liveRegions(tree!);
    expect(regions.map((region) => [region.live, region.atomic])).to.deep.equal([['polite', true]]);
    // Each crossing is said once: one announcement naming them all, not the last one alone.
    expect(voiced(textOf(regions[0]!))).to.deep.equal(crossings);
  });

  it('with fw-announcer on the page, the crossings are in its polite region and nowhere else', async () => {
    const { c } = await busyCentre((made) => (centre = made));
    await c.advance(5 * 60_000);
    const wrapper = await fixture<HTMLDivElement>(
      html`<div><fw-announcer .client=${c.client}></fw-announcer><fw-queue-stats .client=${c.client} wait-threshold="0" service-level-target="101"></fw-queue-stats></div>`,
    );
    const el = wrapper.querySelector('fw-queue-stats')!;
    let tree: AXNode | undefined;
    await waitUntil(async () => liveRegions((tree = await axTree(el))).some((region) => textOf(region) !== ''), 'a crossing announced', { timeout: AX_WAIT });
    const said = liveRegions(tree!).filter((region) => textOf(region) !== '');
    expect(said.map((region) => region.live), outline(tree!)).to.deep.equal(['polite']);
    expect(marked(tree!).length, 'more than one figure crossed at once').to.be.greaterThan(1);
    expect(voiced(textOf(said[0]!))).to.deep.equal(marked(tree!));
    expect(el.shadowRoot!.querySelector('[aria-live]'), 'the element made no region of its own').to.equal(null);
  });
});
