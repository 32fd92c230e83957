// The hardened page: every element against the simulator (or, with ?data=hostile, against a
// platform whose every string is an XSS payload), on a page served with a strict CSP and
// Trusted Types enforced. Bundled by the end-to-end test with esbuild: an import map would be
// an inline script, which the policy forbids.
import { createActivityDetector, createFloorwalk, type Adapter, type Floorwalk } from '@floorwalk/core';
import { createSimulatorAdapter } from '@floorwalk/adapters/simulator';
import { createMemoryBackplane } from '@floorwalk/core/backplane';
import { createEvaluations } from '@floorwalk/core/evaluations';
import type { FwEvaluation, FwReview } from '@floorwalk/elements';
import type { FwProvider } from '@floorwalk/elements';
import '@floorwalk/elements/define-all.js';
import { createHostileAdapter } from './hostile-adapter.js';
import { XSS_CORPUS } from './xss-corpus.js';

declare global {
  interface Window {
    /** Bumped by any payload that runs: the test expects it to stay 0. */
    __xss: number;
    hardened?: { supervisor: Floorwalk; agent: Floorwalk };
  }
}
window.__xss = 0;

/** The activity signal on, so fw-activity-notice has something to show under the policy too. */
const POLICY = { activitySignal: { enabled: true, granularityMs: 5000 } } as const;

const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

async function start(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const hostile = params.get('data') === 'hostile';
  let supervisorAdapter: Adapter;
  let agentAdapter: Adapter;
  let clock;
  if (hostile) {
    supervisorAdapter = agentAdapter = createHostileAdapter(XSS_CORPUS);
  } else {
    const sim = createSimulatorAdapter({ seed: 42, agents: 40, speed: 5 });
    supervisorAdapter = sim;
    agentAdapter = sim.seat();
    clock = sim.clock;
  }
  const supervisor = createFloorwalk({
    adapter: supervisorAdapter,
    ...(clock === undefined ? {} : { clock }),
    // Over every team: on the simulator, a floor lead it lists nowhere (it holds sup-1, team-1's
    // supervisor, to team-1, as a platform would); the hostile adapter's team names sup-1.
    session: { userId: hostile ? 'sup-1' : 'floor-lead', role: 'supervisor', teamIds: 'all', name: 'Supervisor' },
    // The hostile run shows customer names in clear, so the payloads in them reach the screen.
    ...(hostile ? { policy: { ...POLICY, roles: { supervisor: ['presence:read', 'interaction:read:team', 'customer:read:team', 'queue:read', 'monitoring:read:team', 'help:read:team', 'help:respond', 'coaching:read:team', 'coaching:write', 'chat:send', 'monitor:listen', 'monitor:whisper', 'monitor:barge'] } } } : { policy: POLICY }),
  });
  const agent = createFloorwalk({
    adapter: agentAdapter,
    ...(clock === undefined ? {} : { clock }),
    session: { userId: 'agent-1', role: 'agent', agentId: 'agent-1', teamIds: ['team-1'] },
    policy: POLICY,
    activity: createActivityDetector(),
  });
  await supervisor.connect();
  await agent.connect();
  byId<FwProvider>('supervisor').client = supervisor;
  byId<FwProvider>('agent').client = agent;
  (document.querySelector('fw-announcer') as unknown as { client: Floorwalk }).client = supervisor;
  const someone = supervisor.getAgents().find((a) => supervisor.getInteractions({ agentId: a.id }).length > 0) ?? supervisor.getAgents()[0];
  if (someone !== undefined) {
    byId('card').setAttribute('agent-id', hostile ? 'agent-1' : someone.id);
    byId('coach').setAttribute('agent-id', hostile ? 'agent-1' : someone.id);
    byId('performance').setAttribute('agent-id', hostile ? 'agent-1' : someone.id);
  }
  byId('my-interactions').setAttribute('agent-id', 'agent-1');
  if (hostile) for (const text of XSS_CORPUS) await agent.sendMessage('team:team-1', text);
  await setUpQuality(supervisor, agent, clock?.now() ?? Date.now(), hostile);
  window.hardened = { supervisor, agent };
  byId('status').textContent = 'Live';
}

/**
 * Evaluations and a one-to-one review of agent-1, on both sides; in the hostile run every label,
 * comment, note and action is a payload.
 */
async function setUpQuality(supervisor: Floorwalk, agent: Floorwalk, now: number, hostile: boolean): Promise<void> {
  const backplane = createMemoryBackplane({ broadcast: false });
  const teamsOf = (id: string): readonly string[] => supervisor.getAgent(id)?.teamIds ?? [];
  const qa = createEvaluations({ backplane, teamsOf, session: { userId: 'qa-1', role: 'qa', teamIds: 'all' } });
  const labels = hostile ? XSS_CORPUS : ['Greeted the customer', 'Verified identity'];
  await qa.defineScorecard({ id: 'calls', name: hostile ? XSS_CORPUS[0]! : 'Calls', criteria: labels.map((label, i) => ({ id: `c${i}`, label, kind: 'yes-no' as const, weight: 1 })) });
  const bySupervisor = createEvaluations({ backplane, teamsOf, session: supervisor.session });
  const answers = Object.fromEntries(labels.map((_, i) => [`c${i}`, 'yes' as const]));
  const evaluation = await bySupervisor.evaluate({ scorecardId: 'calls', interactionId: 'i-1', agentId: 'agent-1', answers, comment: hostile ? XSS_CORPUS.join(' ') : 'Well handled' });
  await bySupervisor.release(evaluation.id);
  const review = await bySupervisor.startReview({ agentId: 'agent-1', from: 0, to: Math.max(now, Date.now()) + 1, notes: hostile ? XSS_CORPUS : ['Good call control'] });
  for (const text of hostile ? XSS_CORPUS : ['Shadow a senior agent']) await bySupervisor.addAction(review.id, text, 'agent');
  const byAgent = createEvaluations({ backplane, teamsOf, session: agent.session });
  byId<FwEvaluation>('evaluation').evaluations = bySupervisor;
  byId<FwReview>('review').evaluations = bySupervisor;
  byId<FwEvaluation>('agent-evaluation').evaluations = byAgent;
  byId<FwReview>('agent-review').evaluations = byAgent;
}

start().catch((err: unknown) => {
  byId('status').textContent = `Failed: ${err instanceof Error ? err.message : String(err)}`;
});
