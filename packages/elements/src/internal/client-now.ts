import type { Floorwalk } from '@floorwalk/core';

/**
 * The client's time now. The client keeps its clock to itself, but time in state is computed
 * from it at read time, so an agent's presence start plus their time in state gives it back;
 * under a test's manual clock this is the manual time, not the machine's. Falls back to the
 * machine's clock when the client holds no agent yet.
 */
export function clientNow(client: Floorwalk): number {
  const session = client.session;
  const own = session.agentId ?? (session.role === 'agent' ? session.userId : undefined);
  const agent = (own === undefined ? undefined : client.getAgent(own)) ?? client.getAgents()[0];
  return agent === undefined ? Date.now() : agent.presence.since + client.getTimeInState(agent.id);
}

const relative = new Map<string, Intl.RelativeTimeFormat>();
const STEPS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 1000],
  ['minute', 60_000],
  ['hour', 3_600_000],
  ['day', 86_400_000],
];

/** "2 minutes ago", "in 3 hours", "now" in the locale, from a signed difference (`then - now`). */
export function relativeTime(lang: string, deltaMs: number): string {
  let f = relative.get(lang);
  if (f === undefined) {
    f = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
    relative.set(lang, f);
  }
  const abs = Math.abs(deltaMs);
  if (abs < 45_000) return f.format(0, 'second');
  let unit: Intl.RelativeTimeFormatUnit = 'second';
  let size = 1000;
  for (const [u, ms] of STEPS) if (abs >= ms * 0.75 || u === 'second') [unit, size] = [u, ms];
  return f.format(Math.round(deltaMs / size), unit);
}
