// @ts-check
// The demo: one simulated contact centre seen from both sides at once. On the left a supervisor
// of every team (board, queue statistics, the selected agent's card, live interactions); on the
// right one agent's own desktop (status toggle, own interactions). Both are real Floorwalk
// clients on one centre, so the agent's status change shows on the supervisor's board.
//
// Query parameters: ?agents=200&seed=42&speed=5&agent=agent-7&lang=es&theme=dark
import { createFloorwalk } from '@floorwalk/core';
import { createMetrics } from '@floorwalk/core/metrics';
import { createSimulatorAdapter } from '@floorwalk/adapters/simulator';
import { registerTranslation } from '@floorwalk/elements';
import '@floorwalk/elements/define/fw-provider.js';
import '@floorwalk/elements/define/fw-announcer.js';
import '@floorwalk/elements/define/fw-team-board.js';
import '@floorwalk/elements/define/fw-status-toggle.js';
import '@floorwalk/elements/define/fw-agent-card.js';
import '@floorwalk/elements/define/fw-interaction-list.js';
import '@floorwalk/elements/define/fw-queue-stats.js';
import '@floorwalk/elements/define/fw-monitoring-notice.js';
import '@floorwalk/elements/define/fw-coaching-panel.js';
import '@floorwalk/elements/define/fw-help-request.js';
import '@floorwalk/elements/define/fw-connection-banner.js';
import '@floorwalk/elements/define/fw-team-stats.js';
import '@floorwalk/elements/define/fw-agent-performance.js';
import { es } from '@floorwalk/elements/translations/es.js';

registerTranslation(es);

/**
 * @typedef {import('@floorwalk/core').Floorwalk} Floorwalk
 * @typedef {{ adapter: import('@floorwalk/adapters/simulator').SimulatorAdapter, supervisor: Floorwalk, agent: Floorwalk }} Demo
 */

/** @param {string} id */
const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** The running demo, for the end-to-end test and the console; null when it failed to start. */
export const demo = await start();

/** @returns {Promise<Demo | null>} */
async function start() {
  const params = new URLSearchParams(location.search);
  const seed = Number(params.get('seed') ?? 42);
  const agents = Number(params.get('agents') ?? 200);
  const speed = Number(params.get('speed') ?? 5);
  const agentId = params.get('agent') ?? 'agent-7';
  const platform = params.get('platform') ?? 'simulator';
  setUpControls(params, platform);
  const status = byId('status');
  if (platform !== 'simulator') return startVendor(platform, agents, status);
  try {
    const adapter = createSimulatorAdapter({ seed, agents, speed });
    const supervisor = createFloorwalk({
      adapter,
      clock: adapter.clock,
      session: { userId: 'sup-demo', role: 'supervisor', teamIds: 'all', name: 'Demo supervisor' },
      logger: console,
    });
    const agent = createFloorwalk({
      adapter: adapter.seat(),
      clock: adapter.clock,
      session: { userId: agentId, role: 'agent', agentId, teamIds: [] },
      logger: console,
    });
    // One metrics recorder for the page, started before the snapshot so it sees the shift from
    // its first moment; the two charts share it.
    const metrics = createMetrics(supervisor, { clock: adapter.clock, intervalMs: 15 * 60_000 });
    showMetrics(metrics);
    await supervisor.connect();
    await agent.connect();
    /** @type {import('@floorwalk/elements').FwProvider} */ (byId('supervisor')).client = supervisor;
    /** @type {import('@floorwalk/elements').FwProvider} */ (byId('agent')).client = agent;
    /** @type {any} */ (document.querySelector('fw-announcer')).client = supervisor;
    byId('supervisor-who').textContent = '· every team';
    byId('agent-who').textContent = `· ${supervisor.getAgent(agentId)?.name ?? agentId}`;
    byId('my-interactions').setAttribute('agent-id', agentId);

    const card = byId('card');
    const coach = byId('coach');
    byId('board').addEventListener('fw-agent-select', (event) => {
      card.setAttribute('agent-id', event.agentId);
      card.hidden = false;
      coach.setAttribute('agent-id', event.agentId);
      coach.hidden = false;
      /** @type {any} */ (byId('board')).selected = event.agentId;
      showPerformance(event.agentId);
    });
    wireRowActions(supervisor, () => adapter.clock.now());
    status.textContent = `Live: ${agents} simulated agents at ${speed}× real time.`;
    return { adapter, supervisor, agent };
  } catch (err) {
    console.error(err);
    status.textContent = `The demo could not start: ${err instanceof Error ? err.message : String(err)}`;
    status.setAttribute('role', 'alert');
    return null;
  }
}

/**
 * The board's row actions the host answers: the demo has no chat window, so Message says so;
 * Propose check-in proposes one half an hour ahead (a real host would ask for a time first).
 * Monitoring and presence overrides need nothing here: the board sends them itself.
 *
 * @param {Floorwalk} supervisor
 * @param {() => number} now the centre's clock
 */
function wireRowActions(supervisor, now) {
  const status = byId('status');
  byId('board').addEventListener('fw-message-agent', (event) => {
    status.textContent = `Chat with ${supervisor.getAgent(event.agentId)?.name ?? event.agentId} would open here (the demo has no chat window).`;
  });
  byId('board').addEventListener('fw-propose-check-in', (event) => {
    const name = supervisor.getAgent(event.agentId)?.name ?? event.agentId;
    supervisor.proposeCheckIn(event.agentId, now() + 30 * 60_000, 'Quick check-in').then(
      () => (status.textContent = `Check-in proposed to ${name} for half an hour from now.`),
      (err) => (status.textContent = `Could not propose a check-in to ${name}: ${err instanceof Error ? err.message : String(err)}`),
    );
  });
}

/**
 * A vendor platform over its mocks: the supervisor's side only, since an agent's desktop needs
 * the vendor's own softphone SDK (a CCP, a TaskRouter Worker) signed in as that agent.
 *
 * @param {string} name
 * @param {number} agents
 * @param {HTMLElement} status
 * @returns {Promise<Demo | null>}
 */
async function startVendor(name, agents, status) {
  try {
    // The bundle `npm start` builds from platforms.js (with msw); a URL, so no bundler follows it.
    const bundle = '/build/platforms.js';
    /** @type {typeof import('./platforms.js')} */
    const platforms = await import(bundle);
    const { adapter, session, label } = await platforms.startPlatform(name, { agents: Math.min(agents, 120) });
    const supervisor = createFloorwalk({ adapter, session, logger: console });
    showMetrics(createMetrics(supervisor));
    await supervisor.connect();
    /** @type {import('@floorwalk/elements').FwProvider} */ (byId('supervisor')).client = supervisor;
    /** @type {any} */ (document.querySelector('fw-announcer')).client = supervisor;
    byId('supervisor-who').textContent = `· ${label}`;
    const agentPane = /** @type {HTMLElement} */ (document.querySelector('.pane--agent'));
    agentPane.replaceChildren(
      Object.assign(document.createElement('p'), {
        className: 'pane__note',
        textContent: `The agent's side needs the vendor's own agent SDK signed in as that agent; the simulator plays both sides.`,
      }),
    );
    const card = byId('card');
    const coach = byId('coach');
    byId('board').addEventListener('fw-agent-select', (event) => {
      card.setAttribute('agent-id', event.agentId);
      card.hidden = false;
      coach.setAttribute('agent-id', event.agentId);
      coach.hidden = false;
      showPerformance(event.agentId);
    });
    status.textContent = `Live: ${label}, mocked in this page (msw).`;
    return { adapter: /** @type {any} */ (adapter), supervisor, agent: supervisor };
  } catch (err) {
    console.error(err);
    status.textContent = `The ${name} mocks could not start: ${err instanceof Error ? err.message : String(err)}`;
    status.setAttribute('role', 'alert');
    return null;
  }
}

/**
 * Hands the page's one metrics recorder to the team stats and the agent performance panel.
 * @param {import('@floorwalk/core/metrics').Metrics} metrics
 */
function showMetrics(metrics) {
  /** @type {any} */ (byId('team-stats')).metrics = metrics;
  /** @type {any} */ (byId('performance')).metrics = metrics;
}

/** @param {string} agentId */
function showPerformance(agentId) {
  const performance = byId('performance');
  performance.setAttribute('agent-id', agentId);
  performance.hidden = false;
}

/**
 * Language, theme and platform follow the page, as they would in a host app.
 * @param {URLSearchParams} params
 * @param {string} platform
 */
function setUpControls(params, platform) {
  const platformSelect = /** @type {HTMLSelectElement} */ (byId('platform'));
  platformSelect.value = platform;
  platformSelect.addEventListener('change', () => {
    const next = new URLSearchParams(location.search);
    next.set('platform', platformSelect.value);
    location.search = next.toString();
  });
  const lang = /** @type {HTMLSelectElement} */ (byId('lang'));
  const theme = /** @type {HTMLSelectElement} */ (byId('theme'));
  /** @param {string} value */
  const applyLang = (value) => {
    document.documentElement.lang = value;
    lang.value = value;
  };
  /** @param {string} value */
  const applyTheme = (value) => {
    document.documentElement.classList.toggle('fw-theme-dark', value === 'dark');
    document.documentElement.classList.toggle('fw-theme-light', value !== 'dark');
    theme.value = value;
  };
  applyLang(params.get('lang') ?? 'en');
  applyTheme(params.get('theme') ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'));
  lang.addEventListener('change', () => applyLang(lang.value));
  theme.addEventListener('change', () => applyTheme(theme.value));
}
