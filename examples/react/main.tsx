// A React 19 host app: Floorwalk's elements used as custom elements, with typed props and events
// (floorwalk-jsx.d.ts). A supervisor's board and an agent's status toggle, both on one
// simulated centre; React state follows the elements' events.
import { createFloorwalk, type Floorwalk, type PresenceState } from '@floorwalk/core';
import { createSimulatorAdapter } from '@floorwalk/adapters/simulator';
import type { FwAgentSelectEvent, FwPresenceChangedEvent } from '@floorwalk/elements';
import '@floorwalk/elements/define/fw-provider.js';
import '@floorwalk/elements/define/fw-team-board.js';
import '@floorwalk/elements/define/fw-queue-stats.js';
import '@floorwalk/elements/define/fw-agent-card.js';
import '@floorwalk/elements/define/fw-status-toggle.js';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';

const AGENT_ID = 'agent-3';

interface AppProps {
  readonly supervisor: Floorwalk;
  readonly agent: Floorwalk;
}

function App({ supervisor, agent }: AppProps) {
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [myStatus, setMyStatus] = useState<PresenceState | undefined>(agent.getAgent(AGENT_ID)?.presence.state);
  const selectedName = selected === undefined ? undefined : supervisor.getAgent(selected)?.name;

  return (
    <main className="layout">
      <section aria-labelledby="supervisor-title">
        <h2 id="supervisor-title">Supervisor</h2>
        <fw-provider client={supervisor}>
          <fw-queue-stats></fw-queue-stats>
          <fw-team-board sort="state" selected={selected} onfw-agent-select={(event: FwAgentSelectEvent) => setSelected(event.agentId)}></fw-team-board>
          <p id="selection" role="status">
            {selectedName === undefined ? 'No agent selected.' : `Selected: ${selectedName}`}
          </p>
          {selected !== undefined && <fw-agent-card agentId={selected}></fw-agent-card>}
        </fw-provider>
      </section>
      <section aria-labelledby="agent-title">
        <h2 id="agent-title">Agent: {agent.getAgent(AGENT_ID)?.name ?? AGENT_ID}</h2>
        <fw-status-toggle client={agent} onfw-presence-changed={(event: FwPresenceChangedEvent) => setMyStatus(event.state)}></fw-status-toggle>
        <p id="my-status" role="status">
          My status, as React sees it: <strong>{myStatus ?? 'unknown'}</strong>
        </p>
      </section>
    </main>
  );
}

async function start(): Promise<void> {
  const status = document.getElementById('status') as HTMLElement;
  try {
    const adapter = createSimulatorAdapter({ seed: 42, agents: 60, speed: 10 });
    const supervisor = createFloorwalk({
      adapter,
      clock: adapter.clock,
      session: { userId: 'react-supervisor', role: 'supervisor', teamIds: 'all' },
    });
    const agent = createFloorwalk({
      adapter: adapter.seat(),
      clock: adapter.clock,
      session: { userId: AGENT_ID, role: 'agent', agentId: AGENT_ID, teamIds: [] },
    });
    await Promise.all([supervisor.connect(), agent.connect()]);
    createRoot(document.getElementById('root') as HTMLElement).render(
      <StrictMode>
        <App supervisor={supervisor} agent={agent} />
      </StrictMode>,
    );
    status.textContent = 'Live: 60 simulated agents.';
  } catch (err) {
    status.textContent = `Floorwalk could not start: ${err instanceof Error ? err.message : String(err)}`;
    status.setAttribute('role', 'alert');
  }
}


void start();
