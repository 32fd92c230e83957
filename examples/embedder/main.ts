// A CCaaS vendor's agent desktop embedding Floorwalk: its own brand, dark switch, density and a
// right-to-left locale, under a strict Content Security Policy. Only what Floorwalk publishes is
// used: the define modules, the core factory, the simulator, the tokens, themes and parts.
import { createFloorwalk } from '@floorwalk/core';
import { createSimulatorAdapter } from '@floorwalk/adapters/simulator';
import { registerTranslation, type FwProvider } from '@floorwalk/elements';
import { es } from '@floorwalk/elements/translations/es.js';
import '@floorwalk/elements/define/fw-provider.js';
import '@floorwalk/elements/define/fw-announcer.js';
import '@floorwalk/elements/define/fw-team-board.js';
import '@floorwalk/elements/define/fw-status-toggle.js';
import '@floorwalk/elements/define/fw-monitoring-notice.js';
import '@floorwalk/elements/define/fw-queue-stats.js';

registerTranslation(es);

const byId = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`#${id} is missing`);
  return el as T;
};

function bindSwitches(): void {
  // The desktop themes and localises its Floorwalk panel, not the whole document (its own chrome
  // keeps its settings): the dark class, lang and dir all go on the panel.
  const panel = byId('theme-root');
  byId<HTMLInputElement>('dark').addEventListener('change', (event) => {
    panel.classList.toggle('fw-theme-dark', (event.target as HTMLInputElement).checked);
  });
  // Spanish stands in for the desktop's right-to-left locale (Floorwalk ships en and es); the
  // direction comes from the host, as the theming guide says.
  byId<HTMLInputElement>('rtl').addEventListener('change', (event) => {
    const on = (event.target as HTMLInputElement).checked;
    panel.lang = on ? 'es' : 'en';
    panel.dir = on ? 'rtl' : 'ltr';
  });
  byId<HTMLInputElement>('compact').addEventListener('change', (event) => {
    document.body.classList.toggle('acme-compact', (event.target as HTMLInputElement).checked);
  });
}

async function start(): Promise<void> {
  bindSwitches();
  const status = byId('status');
  try {
    const adapter = createSimulatorAdapter({ seed: 11, agents: 40, speed: 10 });
    const supervisor = createFloorwalk({
      adapter,
      clock: adapter.clock,
      session: { userId: 'sup-acme', role: 'supervisor', teamIds: 'all' },
    });
    await supervisor.connect();
    const agentId = 'agent-3';
    const agent = createFloorwalk({
      adapter: adapter.seat({ person: agentId }),
      clock: adapter.clock,
      session: { userId: agentId, role: 'agent', agentId, teamIds: [...(supervisor.getAgent(agentId)?.teamIds ?? [])] },
    });
    await agent.connect();
    byId<FwProvider>('supervisor').client = supervisor;
    byId<FwProvider>('agent').client = agent;
    status.textContent = `Live: ${supervisor.getAgents().length} agents.`;
    Object.assign(window, { floorwalk: { supervisor, agent } });
  } catch (err) {
    status.textContent = `Floorwalk could not start: ${err instanceof Error ? err.message : String(err)}`;
    status.setAttribute('role', 'alert');
  }
}

void start();
