// The checklist (a11y.md) against the accessibility tree Chromium computes, not the attributes
// the element writes.
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { setViewport } from '@web/test-runner-commands';
import type { Agent, Floorwalk } from '@floorwalk/core';
import { ignoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import { simulatorTestHooks } from '../../../../adapters/src/simulator/simulator.js';
import { axTree, findAll, findNode, graphics, liveRegions, outline, textOf, type AXNode, AX_WAIT } from '../../../test/a11y-tree.js';
import { createCentre, newestCall, settle, type Centre, type CentreOptions } from '../../../test/centre.js';
import { FwTeamBoard } from './fw-team-board.js';
import { FwTeamBoardHarness } from './fw-team-board.harness.js';
import { plain } from '../../../test/isolates.js';

FwTeamBoard.define('fw-team-board');

let restoreOnError: (() => void) | undefined;
before(async () => {
  restoreOnError = ignoreWindowResizeObserverLoopErrors();
  // Tall enough that every row of a small centre is rendered, so every row is in the tree.
  await setViewport({ width: 1200, height: 2000 });
});
after(() => restoreOnError?.());

const COLUMNS = ['Agent', 'Presence', 'Time in state', 'Interaction', 'Flags', 'Actions'];
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The row of an agent (rows are named by their cells, the agent's name first). */
const rowOf = (tree: AXNode, agent: Agent): AXNode => findNode(tree, 'row', new RegExp(`^${escape(agent.name)} `));

describe('fw-team-board: computed accessibility tree', () => {
  let centre: Centre | undefined;
  afterEach(async () => {
    await centre?.close();
    centre = undefined;
  });

  async function board(options: CentreOptions = {}): Promise<{ c: Centre; el: FwTeamBoard; h: FwTeamBoardHarness }> {
    const c = (centre = await createCentre(options));
    const el = await fixture<FwTeamBoard>(html`<fw-team-board style="--fw-team-board-height: 4000px" .client=${c.client}></fw-team-board>`);
    const h = new FwTeamBoardHarness(el);
    await h.settled();
    await waitUntil(() => h.rows().length > 0, 'rows render');
    return { c, el, h };
  }

  /** The agent most recently connected to a customer: their call outlasts a test's few seconds. */
  const liveAgent = (client: Floorwalk): Agent => {
    const i = newestCall(client)!;
    return client.getAgent(i.agentId!)!;
  };

  it('labels the filters group and each filter control', async () => {
    const { el } = await board({ agents: 4 });
    const filters = findNode(await axTree(el), 'group', 'Filters');
    expect(findNode(filters, 'searchbox', 'Search by name')).to.not.equal(undefined);
    expect(findAll(filters, 'combobox').map((n) => n.name)).to.deep.equal(['Team', 'Queue', 'Presence', 'Channel', 'Sort by', 'Group by']);
  });

  it('summarises in a paragraph and a named list of state counts, icons left out', async () => {
    const { c, el } = await board();
    const tree = await axTree(el);
    const total = c.client.getAgents().length;
    expect(findAll(tree, 'paragraph').map(textOf)).to.include(`${total} agents`);
    const items = findAll(findNode(tree, 'list', 'Agents by state'), 'listitem');
    expect(items.length, outline(tree)).to.be.greaterThan(1);
    let sum = 0;
    for (const item of items) {
      const match = /^(\D+) (\d+)$/.exec(textOf(item));
      expect(match, `"${textOf(item)}" is a state and a count`).to.not.equal(null);
      sum += Number(match![2]);
    }
    expect(sum).to.equal(total);
    expect(graphics(tree), 'every icon is aria-hidden').to.deep.equal([]);
  });

  it('is a grid named "Team board": a header row of column headers, then a row per agent with its cells', async () => {
    const { c, el, h } = await board({ agents: 4 });
    const agents = c.client.getAgents();
    el.selected = agents[1]!.id;
    await h.settled();
    const grid = findNode(await axTree(el), 'grid', 'Team board');
    const rows = findAll(grid, 'row');
    expect(rows).to.have.length(agents.length + 1);
    expect(findAll(rows[0]!, 'columnheader').map((n) => n.name)).to.deep.equal(COLUMNS);
    for (const agent of agents) {
      const row = rowOf(grid, agent);
      const cells = findAll(row, 'gridcell');
      expect(cells, outline(row)).to.have.length(COLUMNS.length);
      expect(cells[0]!.name).to.equal(agent.name);
      expect(cells[1]!.name).to.match(new RegExp(`^${agent.presence.state}`, 'i'));
      expect(row.selected, `${agent.name}'s row selected`).to.equal(agent.id === el.selected);
      const button = findNode(cells[5]!, 'button', `Actions for ${agent.name}`);
      expect([button.haspopup, button.expanded]).to.deep.equal(['menu', false]);
      if (c.client.getInteractions({ agentId: agent.id }).length === 0) expect(cells[3]!.name).to.equal('No interaction');
    }
  });

  it('says an interaction and a threshold in text, and groups under a one-cell heading row', async () => {
    const { c, el, h } = await board();
    const quiet = c.client.getAgents().find((a) => a.presence.state === 'offline' && c.client.getInteractions({ agentId: a.id }).length === 0)!;
    simulatorTestHooks(c.adapter).injectRaw({ type: 'presence', agentId: quiet.id, presence: { state: 'break', since: c.clock.now() - 20 * 60_000 } });
    await settle();
    await h.settled();
    const live = liveAgent(c.client);
    const channel = c.client.getInteractions({ agentId: live.id })[0]!.channel;
    let tree = await axTree(el);
    const cells = findAll(rowOf(tree, live), 'gridcell');
    expect(cells[3]!.name).to.match(new RegExp(`^${channel} Connected \\d+:\\d{2}$`, 'i'));
    expect(findAll(rowOf(tree, quiet), 'gridcell')[4]!.name).to.equal('Long break');
    expect(graphics(tree)).to.deep.equal([]);

    el.group = 'team';
    await h.settled();
    tree = await axTree(el);
    const headings = findAll(findNode(tree, 'grid', 'Team board'), 'row').filter((row) => findAll(row, 'gridcell').length === 1);
    expect(headings.length, outline(tree)).to.be.greaterThan(0);
    for (const heading of headings) expect(plain(heading.name!)).to.match(/^\S.* \d+ agents?$/);
  });

  it('opens a named menu of items and separators; Set presence opens a named submenu of radio items', async () => {
    const { c, el, h } = await board();
    const live = liveAgent(c.client);
    await h.openActions(live.id);
    let tree = await axTree(el);
    expect(findNode(rowOf(tree, live), 'button', `Actions for ${live.name}`).expanded).to.equal(true);
    const menu = findNode(tree, 'menu', `Actions for ${live.name}`);
    expect(findAll(menu, 'menuitem').map((n) => n.name)).to.include.members(['Listen', 'Whisper', 'Barge', 'Set presence', 'Message']);
    expect(findAll(menu, 'separator').length).to.be.greaterThan(0);
    expect(findAll(menu, 'menuitem').filter((n) => n.disabled === true), 'a supervisor may do all of it').to.deep.equal([]);
    const presence = findNode(menu, 'menuitem', 'Set presence');
    expect([presence.haspopup, presence.expanded]).to.deep.equal(['menu', false]);

    (h.menuItem('presence') as HTMLElement).click();
    await h.settled();
    tree = await axTree(el);
    expect(findNode(tree, 'menuitem', 'Set presence').expanded).to.equal(true);
    const submenu = findNode(tree, 'menu', `Set presence of ${live.name}`);
    const items = findAll(submenu, 'menuitemradio');
    expect(items.length).to.be.greaterThan(3);
    expect(items.filter((n) => n.checked === true).map((n) => n.name?.split(':')[0]?.toLowerCase())).to.deep.equal([live.presence.state]);
    expect(graphics(tree)).to.deep.equal([]);
  });

  it('while a monitoring command waits the Actions button is busy; then the flag and the checked mode say it, and it is announced politely', async () => {
    const { c, el, h } = await board();
    const live = liveAgent(c.client);
    await h.chooseAction(live.id, 'whisper');
    let tree = await axTree(el);
    const button = findNode(rowOf(tree, live), 'button', `Actions for ${live.name}`);
    expect(button.busy).to.equal(true);
    await c.advance(500);
    await h.settled();
    // Voiced with whatever else the board says in that frame (a threshold an agent crossed on the
    // board's wall-clock tick, say), and read from Chromium's tree, which takes over a second on a
    // loaded machine: waitUntil's default second ran out before its first answer came.
    const said = `Monitoring ${live.name} in whisper mode.`;
    await waitUntil(
      async () => {
        tree = await axTree(el);
        return liveRegions(tree, 'polite').some((region) => textOf(region).includes(said));
      },
      'announced politely',
      { timeout: AX_WAIT },
    );
    expect(findNode(rowOf(tree, live), 'button', `Actions for ${live.name}`).busy ?? false).to.equal(false);
    expect(plain(findAll(rowOf(tree, live), 'gridcell')[4]!.name!)).to.equal('You are monitoring: Whisper');
    expect(graphics(rowOf(tree, live)), "the flag's icon is hidden").to.deep.equal([]);
    await h.openActions(live.id);
    const menu = findNode(await axTree(el), 'menu', `Actions for ${live.name}`);
    const modes = findAll(menu, 'menuitemradio');
    expect(modes.map((n) => [plain(n.name ?? '').split(' ')[0], n.checked])).to.deep.equal([
      ['Listen', false],
      ['Whisper', true],
      ['Barge', false],
    ]);
  });

  it("for an agent session: disabled items carry their reason in the name; the agent's own row has no button", async () => {
    const { c, el, h } = await board({ session: { userId: 'agent-3', role: 'agent', teamIds: ['team-1'] } });
    const other = c.client.getAgent(h.agentIds().find((id) => id !== 'agent-3')!)!;
    await h.openActions(other.id);
    const tree = await axTree(el);
    const menu = findNode(tree, 'menu', `Actions for ${other.name}`);
    for (const mode of ['Listen', 'Whisper', 'Barge']) {
      expect(findNode(menu, 'menuitem', `${mode} ${mode} is not allowed for your role here.`).disabled, mode).to.equal(true);
    }
    const presence = findNode(menu, 'menuitem', 'Set presence Your role cannot change this agent’s presence.');
    expect(presence.disabled).to.equal(true);
    expect(findAll(rowOf(tree, c.client.getAgent('agent-3')!), 'button')).to.deep.equal([]);
  });
});
