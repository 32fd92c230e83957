// @ts-check
// The demo page: a simulated contact centre, watched live by a supervisor over every team.
import { createFloorwalk } from '@floorwalk/core';
import { createSimulatorAdapter } from '@floorwalk/adapters/simulator';
import { mountBoard } from './board.js';

/**
 * The running demo, for poking at from the console (`(await import('/plain.js')).demo.client`)
 * and for the page test; null when it failed to start.
 */
export const demo = await start();

async function start() {
  const params = new URLSearchParams(location.search);
  // `?seed=7&agents=200&speed=10` changes the centre without editing code.
  const seed = Number(params.get('seed') ?? 42);
  const agents = Number(params.get('agents') ?? 60);
  const speed = Number(params.get('speed') ?? 5);
  const root = /** @type {HTMLElement} */ (document.getElementById('board'));
  try {
    const adapter = createSimulatorAdapter({ seed, agents, speed });
    const client = createFloorwalk({
      adapter,
      clock: adapter.clock,
      session: { userId: 'demo-supervisor', role: 'supervisor', teamIds: 'all', name: 'Demo supervisor' },
      logger: console,
    });
    const board = mountBoard(root, client, adapter.clock);
    await client.connect();
    return { adapter, client, board };
  } catch (err) {
    console.error(err);
    const message = document.createElement('p');
    message.className = 'error';
    message.setAttribute('role', 'alert');
    message.textContent = `The demo could not start: ${err instanceof Error ? err.message : String(err)}`;
    root.replaceChildren(message);
    return null;
  }
}
