// The checklist (a11y.md) against the accessibility tree Chromium computes, not the attributes
// the element writes.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { axTree, findAll, findNode, graphics, liveRegions, outline, textOf } from '../../../test/a11y-tree.js';
import { createCentre, type Centre } from '../../../test/centre.js';
import { FwInteractionListHarness } from './fw-interaction-list.harness.js';
import { FwInteractionList } from './fw-interaction-list.js';

FwInteractionList.define('fw-interaction-list');

const COLUMNS = ['Channel', 'Direction', 'State', 'Agent', 'Queue', 'Duration', 'Hold', 'Customer'];

let centre: Centre | undefined;

async function mount(c: Centre | undefined): Promise<{ el: FwInteractionList; h: FwInteractionListHarness }> {
  const el = await fixture<FwInteractionList>(html`<fw-interaction-list .client=${c?.client}></fw-interaction-list>`);
  return { el, h: new FwInteractionListHarness(el) };
}

describe('fw-interaction-list: computed accessibility tree', () => {
  afterEach(async () => {
    await centre?.close();
    centre = undefined;
  });

  it('is a read-only grid named by its caption, with eight named column headers and one row per interaction', async () => {
    const c = (centre = await createCentre());
    const { el, h } = await mount(c);
    const tree = await axTree(el);
    const grid = findNode(tree, 'grid', 'Live interactions');
    expect(grid.readonly, outline(grid)).to.equal(true);
    expect(findAll(grid, 'columnheader').map((header) => header.name)).to.deep.equal(COLUMNS);
    const rows = findAll(grid, 'row').filter((row) => findAll(row, 'gridcell').length > 0);
    expect(rows).to.have.length(h.rowIds().length);
    // A row is heard as its cells in order, as the checklist says.
    const first = h.rowIds()[0]!;
    const cells = ['channel', 'direction', 'state', 'agent', 'queue', 'duration', 'hold', 'customer'] as const;
    expect(findAll(rows[0]!, 'gridcell').map((cell) => textOf(cell))).to.deep.equal(cells.map((column) => h.cell(first, column)));
    expect(rows.map((row) => row.selected)).to.deep.equal(rows.map(() => false));
  });

  it('marks the selected row selected and the others not, and the focused row focused', async () => {
    const c = (centre = await createCentre());
    const before = await fixture<HTMLButtonElement>(html`<button>before</button>`);
    const { el, h } = await mount(c);
    const [, second] = h.rowIds();
    await h.select(second!);
    before.focus();
    await sendKeys({ press: 'Tab' });
    const tree = await axTree(el);
    const rows = findAll(findNode(tree, 'grid', 'Live interactions'), 'row').filter((row) => findAll(row, 'gridcell').length > 0);
    expect(rows.map((row) => row.selected)).to.deep.equal(h.rowIds().map((id) => id === second));
    // Tab enters on the selected row, and the tree says so.
    expect(rows.map((row) => row.focused ?? false)).to.deep.equal(h.rowIds().map((id) => id === second));
  });

  it('has no icon in the tree, the hold marker as the word, and "(masked)" after masked values', async () => {
    const c = (centre = await createCentre());
    for (let i = 0; i < 60 && c.client.getInteractions({ state: 'held' }).length === 0; i++) await c.advance(15_000);
    const held = c.client.getInteractions({ state: 'held' })[0];
    expect(held, 'the simulated centre put a call on hold').to.not.equal(undefined);
    const masked = c.client.getInteractions().find((i) => i.customer?.masked?.includes('name') && i.customer.name !== undefined)!;
    const { el, h } = await mount(c);
    const tree = await axTree(el);
    expect(graphics(tree), outline(tree)).to.deep.equal([]);
    const heldRow = findAll(tree, 'row').find((row) => row.name?.includes(h.cell(held!.id, 'agent')) && findAll(row, 'gridcell')[6]!.name !== '')!;
    expect(findAll(heldRow, 'gridcell')[6]!.name).to.equal('On hold');
    const customer = findAll(tree, 'gridcell').find((cell) => textOf(cell).startsWith(masked.customer!.name!))!;
    expect(findAll(customer, 'StaticText').map((t) => t.name).slice(0, 2)).to.deep.equal([masked.customer!.name!, '(masked)']);
  });

  it('has no live region: the ticking durations are not spoken', async () => {
    const c = (centre = await createCentre());
    const { el } = await mount(c);
    await c.advance(5_000);
    const tree = await axTree(el);
    expect(liveRegions(tree), outline(tree)).to.deep.equal([]);
  });

  it('empty or without a client: the grid keeps its name and headers, the message is text', async () => {
    const { el } = await mount(undefined);
    const tree = await axTree(el);
    const grid = findNode(tree, 'grid', 'Live interactions');
    expect(findAll(grid, 'columnheader')).to.have.length(COLUMNS.length);
    expect(findAll(grid, 'gridcell')).to.have.length(0);
    expect(textOf(tree)).to.contain('Not connected to Floorwalk.');
  });
});
