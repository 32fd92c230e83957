// @ts-check
// The demo: one simulated contact centre seen from both sides at once. On the left a supervisor
// of every team (board, queue statistics, the selected agent's card, live interactions); on the
// right one agent's own desktop (status toggle, own interactions). Both are real Floorwalk
// clients on one centre, so the agent's status change shows on the supervisor's board.
//
// Query parameters: ?agents=200&seed=42&speed=5&load=0.8&agent=agent-7&lang=es&theme=dark
import { createActivityDetector, createFloorwalk } from '@floorwalk/core';
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
import '@floorwalk/elements/define/fw-chat.js';
import '@floorwalk/elements/define/fw-check-in.js';
import '@floorwalk/elements/define/fw-evaluation.js';
import '@floorwalk/elements/define/fw-review.js';
import { createMemoryBackplane } from '@floorwalk/core/backplane';
import { createEvaluations } from '@floorwalk/core/evaluations';
import '@floorwalk/elements/define/fw-coaching-sessions.js';
import '@floorwalk/elements/define/fw-coaching-notes.js';
import '@floorwalk/elements/define/fw-colleague-call.js';
import '@floorwalk/elements/define/fw-activity-notice.js';
import { es } from '@floorwalk/elements/translations/es.js';

registerTranslation(es);

/**
 * @typedef {import('@floorwalk/core').Floorwalk} Floorwalk
 * @typedef {{ adapter: import('@floorwalk/adapters/simulator').SimulatorAdapter, supervisor: Floorwalk, agent: Floorwalk, admin?: Floorwalk }} Demo
 */

/** @param {string} id */
const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/**
 * The demo page's own words (its chrome, not the elements', which carry their own catalogs): the
 * page follows `lang` as a host app would, so a Spanish page is not Spanish elements in an
 * English frame. Keys in the HTML's `data-i18n` and `data-i18n-label` attributes, and the
 * messages the page writes itself.
 */
const WORDS = {
  en: {
    title: 'Floorwalk demo: supervisor and agent, live',
    sub: 'a simulated contact centre, live',
    settings: 'Demo settings',
    language: 'Language',
    theme: 'Theme',
    light: 'Light',
    dark: 'Dark',
    platform: 'Platform',
    simulator: 'Simulator',
    genesys: 'Genesys Cloud (mocks)',
    'amazon-connect': 'Amazon Connect (mocks)',
    twilio: 'Twilio TaskRouter (mocks)',
    supervisor: 'Supervisor',
    everyTeam: '· every team',
    agent: 'Agent',
    helpRequests: 'Help requests',
    liveInteractions: 'Live interactions',
    myInteractions: 'My interactions',
    policy: 'Tenant policy',
    policyWho: '· an admin, live',
    policyActivity: "Share agents' activity (active, idle or away; never counts)",
    policyNotices: 'Tell agents when they are monitored',
    footer: 'Everything here runs in this page: the simulator plays the platform.',
    plain: 'The same data in plain DOM code',
    starting: 'Starting the simulator…',
    /** @param {number} agents @param {number} speed */
    live: (agents, speed) => `Live: ${agents} simulated agents at ${speed}× real time.`,
    /** @param {string} why */
    failed: (why) => `The demo could not start: ${why}`,
    /** @param {string} name */
    startingMocks: (name) => `Starting the ${name} mocks…`,
    /** @param {string} label */
    liveMocks: (label) => `Live: ${label}, mocked in this page (msw).`,
    /** @param {string} name @param {string} why */
    mocksFailed: (name, why) => `The ${name} mocks could not start: ${why}`,
    noAgentPane: "The agent's side needs the vendor's own agent SDK signed in as that agent; the simulator plays both sides.",
    /** @param {string} id */
    videoOn: (id) => `Check-in ${id} is live: both sides consented, and the host opens its video here.`,
    /** @param {string} id */
    videoOff: (id) => `Check-in ${id} is over: the host closes its video.`,
    /** @param {string} team */
    teamLead: (team) => `${team} team lead`,
    activityOn: 'Activity signal on; agents were told.',
    activityOff: 'Activity signal off.',
    noticesOn: 'Monitoring notices on.',
    noticesOff: 'Monitoring notices off; agents were told, and the change is audited.',
    /** @param {string} why */
    notChanged: (why) => `Not changed: ${why}`,
  },
  es: {
    title: 'Demo de Floorwalk: supervisor y agente, en directo',
    sub: 'un centro de contacto simulado, en directo',
    settings: 'Ajustes de la demo',
    language: 'Idioma',
    theme: 'Tema',
    light: 'Claro',
    dark: 'Oscuro',
    platform: 'Plataforma',
    simulator: 'Simulador',
    genesys: 'Genesys Cloud (simulado)',
    'amazon-connect': 'Amazon Connect (simulado)',
    twilio: 'Twilio TaskRouter (simulado)',
    supervisor: 'Supervisor',
    everyTeam: '· todos los equipos',
    agent: 'Agente',
    helpRequests: 'Peticiones de ayuda',
    liveInteractions: 'Interacciones en curso',
    myInteractions: 'Mis interacciones',
    policy: 'Política de la organización',
    policyWho: '· un administrador, en directo',
    policyActivity: 'Compartir la actividad de los agentes (activo, inactivo o ausente; nunca recuentos)',
    policyNotices: 'Avisar a los agentes cuando se les supervisa',
    footer: 'Todo se ejecuta en esta página: el simulador hace de plataforma.',
    plain: 'Los mismos datos en código DOM sencillo',
    starting: 'Iniciando el simulador…',
    /** @param {number} agents @param {number} speed */
    live: (agents, speed) => `En directo: ${agents} agentes simulados a ${speed}× el tiempo real.`,
    /** @param {string} why */
    failed: (why) => `La demo no pudo iniciarse: ${why}`,
    /** @param {string} name */
    startingMocks: (name) => `Iniciando la simulación de ${name}…`,
    /** @param {string} label */
    liveMocks: (label) => `En directo: ${label}, simulado en esta página (msw).`,
    /** @param {string} name @param {string} why */
    mocksFailed: (name, why) => `La simulación de ${name} no pudo iniciarse: ${why}`,
    noAgentPane: 'La parte del agente necesita el SDK de agente del propio proveedor, con la sesión de ese agente iniciada; el simulador hace de ambas partes.',
    /** @param {string} id */
    videoOn: (id) => `La reunión ${id} está en curso: ambas partes dieron su consentimiento y la aplicación anfitriona abre aquí su vídeo.`,
    /** @param {string} id */
    videoOff: (id) => `La reunión ${id} ha terminado: la aplicación anfitriona cierra su vídeo.`,
    /** @param {string} team */
    teamLead: (team) => `Responsable del equipo ${team}`,
    activityOn: 'Señal de actividad activada; se ha avisado a los agentes.',
    activityOff: 'Señal de actividad desactivada.',
    noticesOn: 'Avisos de supervisión activados.',
    noticesOff: 'Avisos de supervisión desactivados; se ha avisado a los agentes y el cambio queda auditado.',
    /** @param {string} why */
    notChanged: (why) => `Sin cambios: ${why}`,
  },
};

/** @typedef {typeof WORDS.en} Words */

/** The page's words in its language now (English for any language the demo has no words for). */
const words = () => /** @type {Words} */ (WORDS[/** @type {keyof typeof WORDS} */ (document.documentElement.lang)] ?? WORDS.en);

/**
 * Texts the page wrote, kept as how to say them so a change of language says them again.
 * @type {Map<HTMLElement, (w: Words) => string>}
 */
const said = new Map();

/**
 * Writes one of the page's messages into `el` in the page's language, and again on every change.
 * @param {HTMLElement} el
 * @param {(w: Words) => string} text
 */
function say(el, text) {
  said.set(el, text);
  el.textContent = text(words());
}

/** Puts the page's chrome and its own messages into the page's language. */
function translatePage() {
  const w = words();
  document.title = w.title;
  for (const el of document.querySelectorAll('[data-i18n]')) {
    const text = w[/** @type {keyof Words} */ (/** @type {HTMLElement} */ (el).dataset.i18n)];
    if (typeof text === 'string') el.textContent = text;
  }
  for (const el of document.querySelectorAll('[data-i18n-label]')) {
    const text = w[/** @type {keyof Words} */ (/** @type {HTMLElement} */ (el).dataset.i18nLabel)];
    if (typeof text === 'string') el.setAttribute('aria-label', text);
  }
  for (const [el, text] of said) el.textContent = text(w);
}

/**
 * The demo's tenant policy. A real tenant keeps check-ins at a day's notice (the default); here
 * the notice is 15 simulated minutes, so a proposal can be accepted, started and joined while
 * someone watches (at 5× that is three real minutes).
 */
const DEMO_POLICY = { checkInNoticeMs: 15 * 60_000, checkInWindowMs: 10 * 60_000 };

/** The running demo, for the end-to-end test and the console; null when it failed to start. */
export const demo = await start();

/** @returns {Promise<Demo | null>} */
async function start() {
  const params = new URLSearchParams(location.search);
  const seed = Number(params.get('seed') ?? 42);
  const agents = Number(params.get('agents') ?? 200);
  const speed = Number(params.get('speed') ?? 5);
  // Above 1 the centre is short-staffed: work waits, and the agent pane gets a call as soon as it is available.
  const load = params.has('load') ? Number(params.get('load')) : undefined;
  const agentId = params.get('agent') ?? 'agent-7';
  const platform = params.get('platform') ?? 'simulator';
  setUpControls(params, platform);
  const status = byId('status');
  say(status, (w) => w.starting);
  if (platform !== 'simulator') return startVendor(platform, agents, status);
  try {
    const adapter = createSimulatorAdapter({ seed, agents, speed, ...(load === undefined ? {} : { load }) });
    const supervisor = createFloorwalk({
      adapter,
      clock: adapter.clock,
      session: { userId: 'sup-demo', role: 'supervisor', teamIds: 'all', name: 'Demo supervisor' },
      policy: DEMO_POLICY,
      logger: console,
    });
    // One metrics recorder for the page, started before the snapshot so it sees the shift from
    // its first moment; the two charts share it.
    const metrics = createMetrics(supervisor, { clock: adapter.clock, intervalMs: 15 * 60_000 });
    showMetrics(metrics);
    await supervisor.connect();
    // The agent's session carries their own teams, so their team channel and teammates show in chat.
    const agentTeams = [...(supervisor.getAgent(agentId)?.teamIds ?? [])];
    const agent = createFloorwalk({
      // A person sits behind agent-7: the simulation never answers or chats for them.
      adapter: adapter.seat({ person: agentId }),
      clock: adapter.clock,
      session: { userId: agentId, role: 'agent', agentId, teamIds: agentTeams },
      policy: DEMO_POLICY,
      logger: console,
      // The agent pane stands for the agent's device: input there is counted, only while the
      // tenant's activity signal is on.
      activity: createActivityDetector(byId('agent')),
    });
    await agent.connect();
    /** @type {import('@floorwalk/elements').FwProvider} */ (byId('supervisor')).client = supervisor;
    /** @type {import('@floorwalk/elements').FwProvider} */ (byId('agent')).client = agent;
    /** @type {any} */ (document.querySelector('fw-announcer')).client = supervisor;
    say(byId('supervisor-who'), (w) => w.everyTeam);
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
    nameEveryone(supervisor);
    setUpCollaboration(supervisor, agentId);
    await setUpQuality(supervisor, agent, agentId, metrics, adapter.clock);
    setUpCoaching();
    const admin = await setUpPolicyControls(adapter);
    say(status, (w) => w.live(agents, speed));
    return { adapter, supervisor, agent, admin };
  } catch (err) {
    console.error(err);
    say(status, (w) => w.failed(err instanceof Error ? err.message : String(err)));
    status.setAttribute('role', 'alert');
    return null;
  }
}

/**
 * Chat and check-ins on both panes. The board's row actions ask the host to open a chat with an
 * agent (`fw-message-agent`) or a check-in proposal for them (`fw-propose-check-in`); selecting an
 * agent for details also points the proposal form at them.
 *
 * @param {Floorwalk} supervisor
 * @param {string} agentId
 */
function setUpCollaboration(supervisor, agentId) {
  const chat = /** @type {import('@floorwalk/elements').FwChat} */ (byId('supervisor-chat'));
  const checkIns = /** @type {import('@floorwalk/elements').FwCheckIn} */ (byId('supervisor-check-ins'));
  // Both check-in elements take notice and window from the policy each client has in force.
  // The agent's chat opens on their team channel; the supervisor's on the agent's 1:1.
  const team = supervisor.getAgent(agentId)?.teamIds[0];
  const agentChat = /** @type {import('@floorwalk/elements').FwChat} */ (byId('agent-chat'));
  if (team !== undefined) agentChat.conversation = `team:${team}`;
  chat.peer = agentId;
  const board = byId('board');
  /** @param {Event} event */
  const target = (event) => /** @type {{ agentId?: string, detail?: { agentId?: string } }} */ (event).agentId ?? /** @type {any} */ (event).detail?.agentId;
  board.addEventListener('fw-message-agent', (event) => {
    const id = target(event);
    if (id === undefined) return;
    chat.peer = id;
    chat.scrollIntoView({ block: 'nearest' });
    void chat.updateComplete.then(() => /** @type {HTMLElement | null} */ (chat.shadowRoot?.querySelector('[part="input"]') ?? null)?.focus());
  });
  board.addEventListener('fw-propose-check-in', (event) => {
    const id = target(event);
    if (id === undefined) return;
    checkIns.agentId = id;
    checkIns.scrollIntoView({ block: 'nearest' });
    void checkIns.updateComplete.then(() => /** @type {HTMLElement | null} */ (checkIns.shadowRoot?.querySelector('#when') ?? null)?.focus());
  });
  board.addEventListener('fw-agent-select', (event) => {
    checkIns.agentId = event.agentId;
  });
  // The video is the host's: the demo only says where it would open.
  const video = byId('video');
  document.addEventListener('fw-check-in-join', (event) => {
    say(video, (w) => w.videoOn(event.checkInId));
  });
  document.addEventListener('fw-check-in-leave', (event) => {
    say(video, (w) => w.videoOff(event.checkInId));
  });
}

/**
 * Quality on both panes: the supervisor scores one of the agent's recent interactions against
 * the demo's scorecard and releases it; the agent's pane shows it and the agent acknowledges or
 * disputes it. Below, the one-to-one review of the agent's day, the same page on both sides.
 * Evaluations travel over an in-memory backplane shared by the two sessions of this page; a host
 * backs it with its own shared store.
 *
 * @param {Floorwalk} supervisor
 * @param {Floorwalk} agent
 * @param {string} agentId
 * @param {import('@floorwalk/core/metrics').Metrics} metrics
 * @param {import('@floorwalk/core').Clock} clock
 */
async function setUpQuality(supervisor, agent, agentId, metrics, clock) {
  const backplane = createMemoryBackplane({ broadcast: false });
  /** @param {string} id */
  const teamsOf = (id) => supervisor.getAgent(id)?.teamIds ?? [];
  // A QA analyst defines the scorecard; supervisors and QA use it.
  const qa = createEvaluations({ backplane, clock, teamsOf, session: { userId: 'qa-demo', role: 'qa', teamIds: 'all' } });
  await qa.defineScorecard({
    id: 'voice-basics',
    name: 'Voice basics',
    criteria: [
      { id: 'greet', label: 'Greeted the customer and gave their name', kind: 'yes-no', weight: 1 },
      { id: 'verify', label: 'Verified the customer’s identity', kind: 'yes-no', weight: 2, critical: true },
      { id: 'empathy', label: 'Showed empathy', kind: 'scale', weight: 1, scaleMax: 4 },
      { id: 'resolve', label: 'Resolved the issue', kind: 'scale', weight: 3 },
      { id: 'transfer', label: 'Warm transfer when transferring', kind: 'yes-no', weight: 1 },
    ],
  });
  const bySupervisor = createEvaluations({ backplane, clock, teamsOf, session: supervisor.session });
  const byAgent = createEvaluations({ backplane, clock, teamsOf, session: agent.session });
  const evaluation = /** @type {import('@floorwalk/elements').FwEvaluation} */ (byId('supervisor-evaluation'));
  const review = /** @type {import('@floorwalk/elements').FwReview} */ (byId('supervisor-review'));
  evaluation.evaluations = bySupervisor;
  evaluation.agentId = agentId;
  review.evaluations = bySupervisor;
  review.metrics = metrics;
  review.agentId = agentId;
  /** @type {import('@floorwalk/elements').FwEvaluation} */ (byId('agent-evaluations')).evaluations = byAgent;
  /** @type {import('@floorwalk/elements').FwReview} */ (byId('agent-review')).evaluations = byAgent;
  // Selecting an agent on the board points both at them.
  byId('board').addEventListener('fw-agent-select', (event) => {
    evaluation.agentId = event.agentId;
    review.agentId = event.agentId;
  });
}

/**
 * Coaching sessions, notes and colleague calls. Selecting an agent on the board points the
 * supervisor's scheduling and note forms at them (and lists only theirs) and preselects them for
 * a call; the agent's pane lists their own sessions and notes and takes calls.
 */
function setUpCoaching() {
  const sessions = /** @type {import('@floorwalk/elements').FwCoachingSessions} */ (byId('supervisor-sessions'));
  const notes = /** @type {import('@floorwalk/elements').FwCoachingNotes} */ (byId('supervisor-notes'));
  const calls = /** @type {import('@floorwalk/elements').FwColleagueCall} */ (byId('supervisor-calls'));
  byId('board').addEventListener('fw-agent-select', (event) => {
    sessions.agentId = event.agentId;
    notes.agentId = event.agentId;
    calls.peer = event.agentId;
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
  say(status, (w) => w.startingMocks(name));
  try {
    // The bundle `npm start` builds from platforms.js (with msw); a URL, so no bundler follows it.
    const bundle = '/build/platforms.js';
    /** @type {typeof import('./platforms.js')} */
    const platforms = await import(bundle);
    const { adapter, session, label, agent: seat } = await platforms.startPlatform(name, { agents: Math.min(agents, 120) });
    const supervisor = createFloorwalk({ adapter, session, logger: console });
    showMetrics(createMetrics(supervisor));
    await supervisor.connect();
    /** @type {import('@floorwalk/elements').FwProvider} */ (byId('supervisor')).client = supervisor;
    /** @type {any} */ (document.querySelector('fw-announcer')).client = supervisor;
    byId('supervisor-who').textContent = `· ${label}`;
    // Help, chat and check-ins ride on the backplane both adapters share (see platforms.js).
    const agent = seat === undefined ? null : await startVendorAgent(supervisor, seat);
    const agentPane = /** @type {HTMLElement} */ (document.querySelector('.pane--agent'));
    if (agent === null) {
      const note = Object.assign(document.createElement('p'), { className: 'pane__note' });
      say(note, (w) => w.noAgentPane);
      agentPane.replaceChildren(note);
    }
    const card = byId('card');
    const coach = byId('coach');
    byId('board').addEventListener('fw-agent-select', (event) => {
      card.setAttribute('agent-id', event.agentId);
      card.hidden = false;
      coach.setAttribute('agent-id', event.agentId);
      coach.hidden = false;
      showPerformance(event.agentId);
    });
    nameEveryone(supervisor);
    say(status, (w) => w.liveMocks(label));
    return { adapter: /** @type {any} */ (adapter), supervisor, agent: agent ?? supervisor };
  } catch (err) {
    console.error(err);
    say(status, (w) => w.mocksFailed(name, err instanceof Error ? err.message : String(err)));
    status.setAttribute('role', 'alert');
    return null;
  }
}

/**
 * Supervisors are not agents, so the elements know them only by id ("Acknowledged by sup-10");
 * a host names them from its own directory through `displayName`. The demo's directory is the
 * teams' supervisor lists: a supervisor is named as the lead of the first team that lists them.
 *
 * @param {Floorwalk} supervisor
 */
function nameEveryone(supervisor) {
  /** @param {string} id */
  const displayName = (id) => {
    if (id === supervisor.session.userId && supervisor.session.name !== undefined) return supervisor.session.name;
    const team = supervisor.getTeams().find((t) => t.supervisorIds.includes(id));
    return supervisor.getAgent(id)?.name ?? (team === undefined ? undefined : words().teamLead(team.name));
  };
  // The elements that name people who may not be agents (acknowledging help, monitoring, coaching, evaluating).
  const naming = 'fw-help-request, fw-check-in, fw-chat, fw-coaching-notes, fw-coaching-panel, fw-coaching-sessions, fw-colleague-call, fw-monitoring-notice, fw-evaluation';
  for (const el of document.querySelectorAll(naming)) /** @type {any} */ (el).displayName = displayName;
}

/**
 * The agent's pane on a vendor platform: a client of its own over the agent's adapter, which
 * shares the supervisor's backplane. Null when it cannot start (the pane then explains why).
 *
 * @param {Floorwalk} supervisor
 * @param {{ adapter: import('@floorwalk/core').Adapter, agentId: string }} seat
 * @returns {Promise<Floorwalk | null>}
 */
async function startVendorAgent(supervisor, seat) {
  const { adapter, agentId } = seat;
  try {
    const teamIds = [...(supervisor.getAgent(agentId)?.teamIds ?? [])];
    const agent = createFloorwalk({ adapter, session: { userId: agentId, role: 'agent', agentId, teamIds }, policy: DEMO_POLICY, logger: console });
    await agent.connect();
    /** @type {import('@floorwalk/elements').FwProvider} */ (byId('agent')).client = agent;
    byId('agent-who').textContent = `· ${supervisor.getAgent(agentId)?.name ?? agentId}`;
    byId('my-interactions').setAttribute('agent-id', agentId);
    setUpCollaboration(supervisor, agentId);
    return agent;
  } catch (err) {
    console.warn('The agent pane could not start on this platform', err);
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
    translatePage();
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

/**
 * The tenant admin's live policy controls: turn the activity signal on (agents see what is
 * shared, the board shows buckets) and monitoring notices off (agents are told that they no
 * longer are). An admin client of its own, on the same centre: every change is checked, audited
 * and reaches both panes through the platform.
 *
 * @param {import('@floorwalk/adapters/simulator').SimulatorAdapter} adapter
 * @returns {Promise<Floorwalk>}
 */
async function setUpPolicyControls(adapter) {
  const admin = createFloorwalk({
    adapter: adapter.seat(),
    clock: adapter.clock,
    session: { userId: 'admin-demo', role: 'admin', teamIds: 'all', name: 'Demo admin' },
    policy: DEMO_POLICY,
    logger: console,
  });
  await admin.connect();
  const form = byId('tenant-policy');
  const activity = /** @type {HTMLInputElement} */ (byId('policy-activity'));
  const notices = /** @type {HTMLInputElement} */ (byId('policy-notices'));
  const note = byId('policy-status');
  const show = () => {
    const p = admin.getPolicy();
    activity.checked = p.activitySignal.enabled;
    notices.checked = p.monitoringNotice;
  };
  admin.on('policy', show);
  /**
   * @param {HTMLInputElement} box
   * @param {import('@floorwalk/core').PolicyChanges} changes
   * @param {(w: Words) => string} done
   */
  const change = (box, changes, done) => {
    box.disabled = true;
    admin.setPolicy(changes).then(
      () => {
        say(note, done);
      },
      (/** @type {unknown} */ err) => {
        say(note, (w) => w.notChanged(err instanceof Error ? err.message : String(err)));
        show();
      },
    ).finally(() => {
      box.disabled = false;
    });
  };
  activity.addEventListener('change', () =>
    change(activity, { activitySignal: { enabled: activity.checked } }, activity.checked ? (w) => w.activityOn : (w) => w.activityOff),
  );
  notices.addEventListener('change', () =>
    change(notices, { monitoringNotice: notices.checked }, notices.checked ? (w) => w.noticesOn : (w) => w.noticesOff),
  );
  show();
  form.hidden = false;
  return admin;
}
