// A simulated centre that has worked for a while with shared metrics recording from the start,
// for the elements that chart metrics (fw-team-stats, fw-agent-performance).
import { createMetrics, type Metrics, type MetricsOptions } from '@floorwalk/core/metrics';
import { createCentre, type Centre } from './centre.js';

/**
 * A centre of 24 agents run for `minutes` with metrics recording. `keep` receives the centre
 * and the metrics as soon as they exist, so the caller's `afterEach` ends them even if the run fails.
 */
export async function workedCentre(
  keep: (c: Centre, m: Metrics) => void,
  minutes = 40,
  options: Omit<MetricsOptions, 'clock'> = {},
): Promise<{ c: Centre; m: Metrics }> {
  const c = await createCentre({ agents: 24 });
  const m = createMetrics(c.client, { clock: c.clock, ...options });
  keep(c, m);
  // Two-minute steps: the manual clock still fires every simulator timer in order within a step.
  for (let i = 0; i < Math.ceil(minutes / 2); i++) await c.advance(120_000);
  return { c, m };
}

/** The agent who handled the most interactions, by the metrics. */
export function busiestAgent(c: Centre, m: Metrics): string {
  const agents = c.client.getAgents();
  return agents.reduce((best, a) => (m.agent(a.id).handled > m.agent(best.id).handled ? a : best), agents[0]!).id;
}

/**
 * Each legend item's presence icon and its swatch, as their computed colours: the charts'
 * legends colour the icon with the state, like the swatch beside it.
 */
export function legendColours(root: ShadowRoot): { presence: string; icon: string; swatch: string }[] {
  return [...root.querySelectorAll<HTMLElement>('.legend li[data-presence]')].map((li) => ({
    presence: li.dataset['presence'] ?? '',
    icon: getComputedStyle(li.querySelector('svg.icon') as Element).color,
    swatch: getComputedStyle(li.querySelector('.swatch') as Element).backgroundColor,
  }));
}
