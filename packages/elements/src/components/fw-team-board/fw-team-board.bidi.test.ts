// Names and reason labels are isolated from the row's UI text: each runs in its own direction,
// whatever the board's. Checked by where characters land on screen (test/bidi.ts), and, in an
// accessible name (an attribute, where markup cannot isolate), by the name Chromium computes.
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../../test/wait.js';
import { setViewport } from '@web/test-runner-commands';
import { ignoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import { axTree, findAll } from '../../../test/a11y-tree.js';
import { createCentre, type Centre } from '../../../test/centre.js';
import { eventBase, HEBREW_FIRST, HEBREW_NAME, LATIN_NAME, leftOf, renameAgent } from '../../../test/bidi.js';
import { FwTeamBoard } from './fw-team-board.js';
import { FwTeamBoardHarness } from './fw-team-board.harness.js';

FwTeamBoard.define('fw-team-board');

let restoreOnError: (() => void) | undefined;
before(async () => {
  restoreOnError = ignoreWindowResizeObserverLoopErrors();
  await setViewport({ width: 1200, height: 2000 });
});
after(() => restoreOnError?.());

describe('fw-team-board bidi isolation', () => {
  let c: Centre | undefined;
  afterEach(async () => {
    await c?.client.disconnect();
    c = undefined;
  });

  async function board(dir: 'ltr' | 'rtl'): Promise<FwTeamBoard> {
    c = await createCentre();
    const wrapper = await fixture<HTMLDivElement>(html`<div dir=${dir}><fw-team-board style="--fw-team-board-height: 4000px" .client=${c.client}></fw-team-board></div>`);
    const el = wrapper.querySelector('fw-team-board') as FwTeamBoard;
    const h = new FwTeamBoardHarness(el);
    await h.settled();
    await waitUntil(() => h.rows().length > 0, 'rows render');
    return el;
  }

  const cell = (el: FwTeamBoard, agentId: string, part: string): Element | null =>
    el.shadowRoot!.querySelector(`[data-key="${agentId}"] [part~="${part}"]`);

  it('shows a Hebrew name on an LTR board with its "!" at the left, where Hebrew puts it', async () => {
    const el = await board('ltr');
    const agent = c!.client.getAgents()[0]!;
    await renameAgent(c!, agent.id, HEBREW_NAME);
    await waitUntil(() => cell(el, agent.id, 'name')?.textContent === HEBREW_NAME, 'the new name shows');
    expect(leftOf(cell(el, agent.id, 'name')!, '!', HEBREW_FIRST)).to.equal(true);
  });

  it('shows a Latin name on an RTL board with its "!" at the right', async () => {
    const el = await board('rtl');
    const agent = c!.client.getAgents()[0]!;
    await renameAgent(c!, agent.id, LATIN_NAME);
    await waitUntil(() => cell(el, agent.id, 'name')?.textContent === LATIN_NAME, 'the new name shows');
    expect(leftOf(cell(el, agent.id, 'name')!, 'D', '!')).to.equal(true);
  });

  it('isolates a Hebrew reason label from the presence label and separator before it', async () => {
    const el = await board('ltr');
    const agent = c!.client.getAgents()[0]!;
    const label = 'ארוחה!';
    await c!.emit([{ ...eventBase(c!), type: 'presence', agentId: agent.id, presence: { state: 'break', reason: { id: 'lunch', label }, since: c!.clock.now() } }]);
    await waitUntil(() => cell(el, agent.id, 'presence')?.textContent?.includes(label) === true, 'the reason shows');
    const presence = cell(el, agent.id, 'presence')!;
    expect(leftOf(presence, '!', 'א'), '"!" left of the label it ends').to.equal(true);
    expect(leftOf(presence, '·', '!'), 'the label stays after the separator').to.equal(true);
  });

  for (const [dir, name] of [['ltr', HEBREW_NAME], ['rtl', LATIN_NAME]] as const) {
    it(`names a row's actions button with the agent's name isolated (${dir} board)`, async () => {
      const el = await board(dir);
      const agent = c!.client.getAgents()[0]!;
      await renameAgent(c!, agent.id, name);
      await waitUntil(() => cell(el, agent.id, 'name')?.textContent === name, 'the new name shows');
      const buttons = findAll(await axTree(el), 'button', /^Actions for /).map((b) => b.name);
      expect(buttons, 'the name between U+2068 and U+2069, as screen readers get it').to.include(`Actions for \u2068${name}\u2069`);
    });
  }
});
