// fw-team-board's row menu on the Genesys adapter, its traffic answered by the Genesys mock over msw.
import { ErrorCode, type Floorwalk } from '@floorwalk/core';
import { expect, fixture, html } from '@open-wc/testing';
import { genesysSupervisor } from '../../../test/genesys-supervisor.js';
import { waitUntil } from '../../../test/wait.js';
import type { FwMonitoringFailedEvent } from '../../events/fw-monitoring-failed.js';
import { FwTeamBoard } from './fw-team-board.js';
import { FwTeamBoardHarness } from './fw-team-board.harness.js';

FwTeamBoard.define('fw-team-board');

const supervisor = genesysSupervisor();

/** The supervisor's board on Genesys, over a fresh mock. */
async function board(): Promise<{ mock: Awaited<ReturnType<typeof supervisor>>['mock']; c: Floorwalk; el: FwTeamBoard; h: FwTeamBoardHarness }> {
  const { mock, c } = await supervisor();
  const el = await fixture<FwTeamBoard>(html`<fw-team-board .client=${c}></fw-team-board>`);
  const h = new FwTeamBoardHarness(el);
  await h.settled();
  return { mock, c, el, h };
}

describe('fw-team-board row menu on Genesys Cloud (msw)', () => {
  it("a presence override Genesys answers 429 says how long to wait, not the vendor's message, and the presence stays", async () => {
    const { mock, c, h } = await board();
    const agentId = mock.directory.agentIds[0] as string;
    await waitUntil(() => h.row(agentId) !== null, 'the agent listed');
    const before = c.getAgent(agentId)!.presence.state;
    await h.openActions(agentId);
    (h.menuItem('presence') as HTMLElement).click();
    await h.settled();
    const target = h.menuItems('submenu').find((i) => !i.disabled && i.checked !== true && i.id.split(':')[1] !== before);
    expect(target, 'another presence to set').to.not.equal(undefined);
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    // Genesys' rate limit on the presence write only: the reads around it still answer.
    mock.throttle(1, 41, { method: 'PATCH', path: /\/presences\/purecloud$/ });
    await h.chooseAction(agentId, target!.id);
    await waitUntil(() => /Could not complete/.test(h.actionMessage()), 'failed', { timeout: 5000 });
    expect(h.actionMessage()).to.contain('The platform is busy: try again in 41 s.');
    expect(c.getAgent(agentId)!.presence.state, 'nothing changed').to.equal(before);
  });

  it('a monitoring request Genesys answers 429 says how long to wait, reports RateLimited, and no session starts', async () => {
    const { mock, c, el, h } = await board();
    const [conversationId] = mock.play([{ type: 'call', queueId: mock.directory.queueIds[0]!, userId: mock.directory.agentIds[0] }]);
    mock.play([{ type: 'answer', conversationId: conversationId! }]);
    const agentId = mock.directory.agentIds[0] as string;
    await waitUntil(() => c.getInteractions({ agentId }).some((i) => i.state === 'connected'), 'the agent on the call', { timeout: 5000 });
    const failed: FwMonitoringFailedEvent[] = [];
    el.addEventListener('fw-monitoring-failed', (e) => failed.push(e as FwMonitoringFailedEvent));
    mock.throttle(1, 12, { method: 'POST', path: /\/participants\/[^/]+\/monitor$/ });
    await h.chooseAction(agentId, 'listen');
    await waitUntil(() => failed.length > 0, 'failed', { timeout: 5000 });
    expect(failed.map((e) => e.error.code)).to.deep.equal([ErrorCode.RateLimited]);
    expect(h.actionMessage()).to.contain('The platform is busy: try again in 12 s.');
    expect(c.getMonitoringSessions({ agentId, active: true }), 'no session').to.have.length(0);
  });
});
