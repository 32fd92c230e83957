// The README's accessibility checklist against the accessibility tree Chromium computes, not
// the attributes the element writes.
import type { Metrics } from '@floorwalk/core/metrics';
import { expect, fixture, html } from '@open-wc/testing';
import { axTree, findAll, findNode, graphics, liveRegions, outline, type AXNode } from '../../../test/a11y-tree.js';
import type { Centre } from '../../../test/centre.js';
import { busiestAgent, workedCentre } from '../../../test/worked-centre.js';
import { commonEs } from '../../internal/common-strings.es.js';
import { registerTranslation } from '../../internal/localize.js';
import { agentPerformanceEs } from './fw-agent-performance.es.js';
import { FwAgentPerformance } from './fw-agent-performance.js';
import { plain } from '../../../test/isolates.js';

FwAgentPerformance.define('fw-agent-performance');

let centre: Centre | undefined;
let metrics: Metrics | undefined;

async function mount(): Promise<{ el: FwAgentPerformance; name: string; team: string }> {
  const { c, m } = await workedCentre((made, recording) => ((centre = made), (metrics = recording)), 40);
  const agentId = busiestAgent(c, m);
  const el = await fixture<FwAgentPerformance>(html`<fw-agent-performance .client=${c.client} .metrics=${m} agent-id=${agentId}></fw-agent-performance>`);
  const agent = c.client.getAgent(agentId)!;
  return { el, name: agent.name, team: c.client.getTeam(agent.teamIds[0]!)!.name };
}

/** Roles a person can operate; the checklist allows only the disclosures. */
const CONTROLS = new Set(['button', 'link', 'checkbox', 'radio', 'textbox', 'combobox', 'menuitem', 'tab', 'switch', 'slider', 'spinbutton', 'DisclosureTriangle']);

/** What a screen reader reads of a node, in order: its text, and each image by its name. */
function heard(root: AXNode): string {
  const said: string[] = [];
  const walk = (node: AXNode): void => {
    if (node.role === 'image') said.push(node.name ?? '');
    else if (node.role === 'StaticText') said.push(node.name ?? '');
    else for (const child of node.children ?? []) walk(child);
  };
  walk(root);
  return said.join(' ').replace(/\s+/g, ' ').trim();
}

function controls(root: AXNode): AXNode[] {
  const found: AXNode[] = [];
  const walk = (node: AXNode): void => {
    if (CONTROLS.has(node.role)) found.push(node);
    for (const child of node.children ?? []) walk(child);
  };
  walk(root);
  return found;
}

describe('fw-agent-performance: computed accessibility tree', () => {
  afterEach(async () => {
    metrics?.destroy();
    metrics = undefined;
    await centre?.close();
    centre = undefined;
  });

  it('is a region named by its title whose only controls are the two "Show as a table" disclosures, each named for its chart', async () => {
    const { el, name, team } = await mount();
    const tree = await axTree(el);
    const region = findNode(tree, 'region', `${name}: performance`);
    expect(controls(region).map((c) => [c.role, plain(c.name!), c.expanded])).to.deep.equal([
      ['DisclosureTriangle', `Show as a table: Compared with the median agent of ${team}`, false],
      ['DisclosureTriangle', 'Show as a table: Today’s states', false],
    ]);
    expect(findAll(tree, 'table'), 'closed tables are out of the tree').to.have.length(0);
    expect(liveRegions(tree)).to.deep.equal([]);
  });

  it('reads each figure once: its label and the figures beside the bar, the bar itself out of the tree', async () => {
    const { el } = await mount();
    const tree = await axTree(el);
    const rows = [...el.shadowRoot!.querySelectorAll<HTMLElement>('li[data-metric]')];
    expect(rows).to.have.length(7);
    const written = rows.map((li) => `${li.querySelector('.row__label')!.textContent!.trim()} ${li.querySelector('.row__value')!.textContent!.trim()}`);
    const items = findAll(findAll(tree, 'list')[0]!, 'listitem');
    expect(items.map(heard), outline(tree)).to.deep.equal(written);
  });

  it('names the strip chart once, by its title, and no other graphic is in the tree', async () => {
    const { el } = await mount();
    const tree = await axTree(el);
    const titles = [...el.shadowRoot!.querySelectorAll('svg[role="img"] > title')].map((t) => t.textContent!.trim());
    expect(titles).to.deep.equal(['Today’s states']);
    const images = findAll(tree, 'image');
    expect(images.map((i) => i.name), outline(tree)).to.deep.equal(titles);
    // A description repeating the name is heard twice.
    expect(images.map((i) => i.description ?? '')).to.deep.equal(titles.map(() => ''));
    const parts = graphics(tree).filter((g) => g.role !== 'image');
    expect(parts.length).to.be.greaterThan(0);
    expect(parts.every((g) => g.role === 'graphics-symbol' && (g.name ?? '') !== ''), 'legend icons are not in the tree').to.equal(true);
  });

  it('opens each disclosure onto a table named by its caption', async () => {
    const { el } = await mount();
    for (const summary of el.shadowRoot!.querySelectorAll<HTMLElement>('details summary')) summary.click();
    await el.updateComplete;
    const tree = await axTree(el);
    expect(findAll(tree, 'DisclosureTriangle').map((d) => d.expanded)).to.deep.equal([true, true]);
    const tables = findAll(tree, 'table');
    expect(tables).to.have.length(2);
    expect(tables[1]!.name).to.equal('Today’s states');
    // The comparison table is captioned like the line above the bars.
    expect(tables[0]!.name).to.match(/^Compared with the median agent of \S/);
    for (const table of tables) expect(findAll(table, 'row').length).to.be.greaterThan(1);
  });

  it('names the disclosures for their charts in Spanish too', async () => {
    registerTranslation({ $code: 'es', $name: 'Español', $dir: 'ltr', strings: { common: commonEs, 'agent-performance': agentPerformanceEs } });
    const { el, team } = await mount();
    el.lang = 'es';
    expect(findAll(await axTree(el), 'DisclosureTriangle').map((d) => plain(d.name!))).to.deep.equal([
      `Ver como tabla: Comparado con el agente mediano de ${team}`,
      'Ver como tabla: Estados de hoy',
    ]);
  });
});
