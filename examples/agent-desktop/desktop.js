// @ts-check
// An agent desktop that embeds Floorwalk beside its own (fake) softphone. Both follow the same
// agent seat on the simulator: when the platform routes a call to the agent, the softphone
// rings and connects while Floorwalk lists it as the agent's interaction; the agent changes
// status and raises a hand through Floorwalk's elements.
//
// Query parameters: ?agent=agent-2&speed=20
import { createFloorwalk } from '@floorwalk/core';
import { createSimulatorAdapter } from '@floorwalk/adapters/simulator';
import '@floorwalk/elements/define/fw-provider.js';
import '@floorwalk/elements/define/fw-monitoring-notice.js';
import '@floorwalk/elements/define/fw-status-toggle.js';
import '@floorwalk/elements/define/fw-help-request.js';
import '@floorwalk/elements/define/fw-interaction-list.js';

/** @param {string} id */
const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** What the softphone says for each state of the agent's voice interaction. */
const LINE_STATES = {
  offered: 'Ringing',
  connected: 'On call',
  held: 'On hold',
  'wrap-up': 'After-call work',
};

/** The running desktop, for the console and the end-to-end test; null when it failed to start. */
export const desktop = await start();

async function start() {
  const params = new URLSearchParams(location.search);
  const agentId = params.get('agent') ?? 'agent-2';
  const speed = Number(params.get('speed') ?? 20);
  const status = byId('status');
  try {
    // A voice-only centre busy enough that calls wait in queue, so one reaches this agent soon
    // after they become available (with a handful of agents, the longest-idle ones take them).
    const centre = createSimulatorAdapter({ seed: 11, agents: 30, speed, channels: ['voice'] });
    // The centre itself needs a connected client for simulated time to run; the desktop's own
    // client sits on a seat of it, as the agent's session.
    const platform = createFloorwalk({
      adapter: centre,
      clock: centre.clock,
      session: { userId: 'platform', role: 'supervisor', teamIds: 'all' },
    });
    const agent = createFloorwalk({
      adapter: centre.seat({ person: agentId }),
      clock: centre.clock,
      session: { userId: agentId, role: 'agent', agentId, teamIds: [] },
    });
    await platform.connect();
    await agent.connect();
    /** @type {any} */ (byId('provider')).client = agent;
    byId('mine').setAttribute('agent-id', agentId);
    byId('who').textContent = `· ${agent.getAgent(agentId)?.name ?? agentId}`;
    const phone = mountSoftphone(agent, agentId, centre.clock);
    status.textContent = `Signed in as ${agent.getAgent(agentId)?.name ?? agentId}.`;
    return { centre, platform, agent, agentId, phone };
  } catch (err) {
    console.error(err);
    status.textContent = `The desktop could not start: ${err instanceof Error ? err.message : String(err)}`;
    status.setAttribute('role', 'alert');
    return null;
  }
}

/**
 * The fake softphone: a line display bound to the agent's live voice interaction, a call timer
 * in simulated time, and a dial pad that sends tones while a call is up.
 *
 * @param {import('@floorwalk/core').Floorwalk} client
 * @param {string} agentId
 * @param {import('@floorwalk/core').Clock} clock
 */
function mountSoftphone(client, agentId, clock) {
  const line = byId('line');
  const state = byId('line-state');
  const caller = byId('line-caller');
  const timer = byId('line-timer');
  const tones = byId('tones');
  const pad = /** @type {HTMLButtonElement[]} */ ([...document.querySelectorAll('.phone__pad button')]);
  /** @type {string | undefined} */
  let callId;

  const current = () =>
    client
      .getInteractions({ agentId, channel: 'voice' })
      .filter((i) => i.state in LINE_STATES)
      .sort((a, b) => b.createdAt - a.createdAt)[0];

  const render = () => {
    const call = current();
    if (call?.id !== callId) tones.textContent = '';
    callId = call?.id;
    line.dataset['state'] = call?.state ?? 'idle';
    line.dataset['interaction'] = call?.id ?? '';
    state.textContent = call === undefined ? 'No call' : LINE_STATES[/** @type {keyof typeof LINE_STATES} */ (call.state)];
    caller.textContent = call === undefined ? '' : call.customer?.phone ?? call.customer?.name ?? 'Caller ID withheld';
    const since = call?.connectedAt ?? call?.offeredAt;
    timer.textContent = since === undefined ? '' : formatDuration(clock.now() - since);
    for (const button of pad) button.disabled = call?.state !== 'connected' && call?.state !== 'held';
  };

  for (const button of pad) {
    button.addEventListener('click', () => {
      tones.textContent = `${tones.textContent ?? ''}${button.dataset['tone'] ?? ''}`;
    });
  }
  const unsubscribe = client.subscribe((change) => {
    if (change.interactions.size > 0) render();
  });
  // The timer moves in simulated time even when no event arrives.
  const interval = setInterval(render, 500);
  render();
  return {
    stop() {
      unsubscribe();
      clearInterval(interval);
    },
  };
}

/** @param {number} ms */
function formatDuration(ms) {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
