// The README's accessibility checklist against the accessibility tree Chromium computes, not
// the attributes the element writes.
import type { Metrics } from '@floorwalk/core/metrics';
import { expect, fixture, html } from '@open-wc/testing';
import { axTree, findAll, findNode, graphics, liveRegions, outline, textOf, type AXNode } from '../../../test/a11y-tree.js';
import type { Centre } from '../../../test/centre.js';
import { workedCentre } from '../../../test/worked-centre.js';
import { commonEs } from '../../internal/common-strings.es.js';
import { registerTranslation } from '../../internal/localize.js';
import { teamStatsEs } from './fw-team-stats.es.js';
import { FwTeamStats } from './fw-team-stats.js';
import { plain } from '../../../test/isolates.js';

FwTeamStats.define('fw-team-stats');

let centre: Centre | undefined;
let metrics: Metrics | undefined;

async function mount(): Promise<{ el: FwTeamStats; team: string }> {
  const { c, m } = await workedCentre((made, recording) => ((centre = made), (metrics = recording)), 40, { intervalMs: 15 * 60_000 });
  const team = c.client.getTeams()[0]!;
  const el = await fixture<FwTeamStats>(html`<fw-team-stats .client=${c.client} .metrics=${m} team=${team.id}></fw-team-stats>`);
  return { el, team: team.name };
}

/** The titles the element gives its trend lines (the only charts that are images), in order. */
const chartTitles = (el: FwTeamStats): string[] =>
  [...el.shadowRoot!.querySelectorAll('svg[role="img"] > title')].map((t) => plain(t.textContent!).replace(/\s+/g, ' ').trim());

const disclosures = (tree: AXNode): AXNode[] => findAll(tree, 'DisclosureTriangle');

/** What a screen reader reads of a node, in order: each text, and each image by its name. */
function heard(root: AXNode): string[] {
  const said: string[] = [];
  const walk = (node: AXNode): void => {
    if (node.role === 'image' || node.role === 'StaticText') said.push(node.name ?? '');
    else for (const child of node.children ?? []) walk(child);
  };
  walk(root);
  return said;
}

describe('fw-team-stats: computed accessibility tree', () => {
  afterEach(async () => {
    metrics?.destroy();
    metrics = undefined;
    await centre?.close();
    centre = undefined;
  });

  it('is a region named by its title, with the period switch as a labelled group of two pressed/not pressed buttons', async () => {
    const { el, team } = await mount();
    let tree = await axTree(el);
    const region = findNode(tree, 'region', `${team}: team performance`);
    const period = findNode(region, 'group', 'Period');
    expect(findAll(period, 'button').map((b) => [b.name, b.pressed])).to.deep.equal([
      ['Today', true],
      ['This interval', false],
    ]);
    el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="period"] button')[1]!.click();
    await el.updateComplete;
    tree = await axTree(el);
    expect(findAll(findNode(tree, 'group', 'Period'), 'button').map((b) => [b.name, b.pressed])).to.deep.equal([
      ['Today', false],
      ['This interval', true],
    ]);
    expect(liveRegions(tree), 'the panel does not speak as figures change').to.deep.equal([]);
  });

  it('names each trend line by its title and each figure by its caption, each heard once, and no other graphic is in the tree', async () => {
    const { el } = await mount();
    const tree = await axTree(el);
    const titles = chartTitles(el);
    expect(titles).to.deep.equal(['Handled per interval today', 'Average handle time per interval today', 'Occupancy per interval today']);
    const images = findAll(tree, 'image');
    expect(images.map((i) => plain(i.name!)), outline(tree)).to.deep.equal(titles);
    // A description repeating the name is heard twice.
    expect(images.map((i) => i.description ?? '')).to.deep.equal(titles.map(() => ''));
    // HTML-AAM no longer names a figure by its figcaption, and Chromium follows it: named by aria-labelledby.
    const captions = [...el.shadowRoot!.querySelectorAll('figcaption')].map((c) => c.textContent!.trim());
    expect(captions).to.deep.equal(['Distribution of handle times', 'Time in each presence']);
    const figures = findAll(tree, 'figure');
    expect(figures.map((f) => [f.name, f.description ?? '']), outline(tree)).to.deep.equal(captions.map((c) => [c, '']));
    // Inside, the caption is read once, as its text: no image inside repeats it as its name.
    for (const figure of figures) expect(heard(figure).filter((said) => said === figure.name), outline(figure)).to.have.length(1);
    // Bars and presence spans are named parts of their figure; the legend's presence icons are not in the tree.
    const parts = graphics(tree).filter((g) => g.role !== 'image');
    expect(parts.every((g) => g.role === 'graphics-symbol' && (g.name ?? '') !== ''), outline(tree)).to.equal(true);
    const presence = findNode(tree, 'figure', 'Time in each presence');
    const legend = findAll(presence, 'graphics-symbol').map((g) => g.name!.split(':')[0]);
    expect(legend).to.have.length.greaterThan(1);
    expect(findAll(findNode(presence, 'list'), 'listitem').map((li) => textOf(li).split(' ')[0])).to.deep.equal(legend);
  });

  it('gives each chart a table behind a "Show as a table" disclosure named for its chart, collapsed, then expanded with the table in the tree', async () => {
    const { el } = await mount();
    let tree = await axTree(el);
    const closed = disclosures(tree);
    // Named for the chart: a screen reader's list of buttons gives them out of their figures.
    expect(closed.map((d) => plain(d.name!))).to.deep.equal([
      'Show as a table: Handled, Average handle time, Occupancy per interval today',
      'Show as a table: Distribution of handle times',
      'Show as a table: Time in each presence',
    ]);
    expect(closed.map((d) => d.expanded)).to.deep.equal([false, false, false]);
    expect(findAll(tree, 'table'), 'closed tables are out of the tree').to.have.length(0);
    for (const summary of el.shadowRoot!.querySelectorAll<HTMLElement>('details summary')) summary.click();
    await el.updateComplete;
    tree = await axTree(el);
    expect(disclosures(tree).map((d) => d.expanded)).to.deep.equal([true, true, true]);
    const tables = findAll(tree, 'table');
    expect(tables.map((t) => plain(t.name!))).to.deep.equal([
      'Handled, Average handle time, Occupancy per interval today',
      'Distribution of handle times',
      'Time in each presence',
    ]);
    for (const table of tables) expect(findAll(table, 'row').length, outline(table)).to.be.greaterThan(1);
  });

  it('names the disclosures for their charts in Spanish too', async () => {
    registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { common: commonEs, 'team-stats': teamStatsEs } });
    const { el } = await mount();
    el.lang = 'es';
    const names = disclosures(await axTree(el)).map((d) => plain(d.name!));
    expect(names).to.deep.equal([
      'Ver como tabla: Atendidas, Tiempo medio de gestión, Ocupación por intervalo hoy',
      'Ver como tabla: Distribución de los tiempos de gestión',
      'Ver como tabla: Tiempo en cada estado',
    ]);
  });
});
