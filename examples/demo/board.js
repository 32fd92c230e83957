// @ts-check
// The demo's live supervisor board, in plain DOM code over the core client: no framework and no
// build, so it reads as a reference for hosts that embed Floorwalk by hand.
//
// Rendering follows the store's contract: each batch names the ids that changed, and only the
// rows of the agents behind those ids are rebuilt, once per animation frame. Durations are
// computed from timestamps at read time; a one-second ticker refreshes just the timer text.
import { PRESENCE_STATES, ROUTING_ACTIVITIES } from '@floorwalk/core';

/**
 * @typedef {import('@floorwalk/core').Floorwalk} Floorwalk
 * @typedef {import('@floorwalk/core').Clock} Clock
 * @typedef {import('@floorwalk/core').Agent} Agent
 * @typedef {import('@floorwalk/core').Interaction} Interaction
 * @typedef {import('@floorwalk/core').Presence} Presence
 * @typedef {import('@floorwalk/core').PresenceState} PresenceState
 * @typedef {import('@floorwalk/core').RoutingActivity} RoutingActivity
 * @typedef {import('@floorwalk/core').ConnectionStatus} ConnectionStatus
 * @typedef {import('@floorwalk/core').HelpRequest} HelpRequest
 * @typedef {import('@floorwalk/core').MonitoringSession} MonitoringSession
 * @typedef {import('@floorwalk/core').Queue} Queue
 * @typedef {import('@floorwalk/core').StoreChange} StoreChange
 */

/**
 * @typedef {object} BoardOptions
 * @property {number} [tickMs] how often timers refresh, in real milliseconds (default 1000)
 */

/**
 * @typedef {object} Board
 * @property {() => void} tick refreshes every timer now, as the ticker does each second
 * @property {() => void} dispose unsubscribes, stops the ticker and removes the board
 */

/** @type {Readonly<Record<PresenceState, string>>} */
const PRESENCE_LABELS = {
  available: 'Available',
  busy: 'Busy',
  break: 'Break',
  meal: 'Meal',
  meeting: 'Meeting',
  training: 'Training',
  away: 'Away',
  offline: 'Offline',
};

/** @type {Readonly<Record<RoutingActivity, string>>} */
const ROUTING_LABELS = {
  idle: 'Idle',
  offered: 'Offered',
  interacting: 'Interacting',
  held: 'On hold',
  'wrap-up': 'Wrap-up',
  'not-responding': 'Not responding',
};

/** @type {Readonly<Record<Interaction['state'], string>>} */
const INTERACTION_STATE_LABELS = {
  queued: 'Queued',
  offered: 'Ringing',
  connected: 'Connected',
  held: 'On hold',
  'wrap-up': 'Wrap-up',
  ended: 'Ended',
};

/** @type {Readonly<Record<Interaction['channel'], string>>} */
const CHANNEL_LABELS = { voice: 'Voice', chat: 'Chat', email: 'Email', message: 'Message', task: 'Task', video: 'Video' };

/** @type {Readonly<Record<MonitoringSession['mode'], string>>} */
const MONITORING_LABELS = { listen: 'Listening', whisper: 'Whispering', barge: 'Barged in', screen: 'Viewing the screen' };

/** @type {Readonly<Record<ConnectionStatus, string>>} */
const CONNECTION_LABELS = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
  failed: 'Connection failed',
};

/**
 * Which live interaction an agent's row shows when they have several.
 * @type {Readonly<Record<Interaction['state'], number>>}
 */
const INTERACTION_RANK = { connected: 4, held: 3, offered: 2, 'wrap-up': 1, queued: 0, ended: 0 };

// Icons only ever accompany text: they are decorative (aria-hidden) and drawn in currentColor.
/** @type {Readonly<Record<string, string>>} */
const ICON_PATHS = {
  available: '<circle cx="8" cy="8" r="7"/><path d="M4.5 8.2l2.3 2.3 4.7-4.8" class="cut"/>',
  busy: '<circle cx="8" cy="8" r="7"/><path d="M4.5 8h7" class="cut"/>',
  break: '<path d="M2.5 5h9v4a4 4 0 0 1-4 4h-1a4 4 0 0 1-4-4z"/><path d="M11.5 6.5h1a1.75 1.75 0 0 1 0 3.5h-1" class="line"/>',
  meal: '<path d="M4 1.5v5a1.5 1.5 0 0 0 3 0v-5M5.5 1.5V15M11 15V1.5c-1.7 0-2.5 2-2.5 4.5V9H11" class="line"/>',
  meeting: '<circle cx="5.5" cy="5" r="2.5"/><circle cx="11" cy="5.5" r="2"/><path d="M1 14a4.5 4.5 0 0 1 9 0zM9 14a4 4 0 0 1 6 0z"/>',
  training: '<path d="M8 2L0.5 6 8 10l7.5-4z"/><path d="M3.5 8v3.5c1.5 1.5 7.5 1.5 9 0V8M14.5 6.5v4" class="line"/>',
  away: '<path d="M10.5 1.8A6.5 6.5 0 1 0 14.2 10 5 5 0 0 1 10.5 1.8z"/>',
  offline: '<circle cx="8" cy="8" r="6" class="line"/>',
  idle: '<circle cx="8" cy="8" r="2.5"/>',
  offered: '<path d="M8 1.5a4.5 4.5 0 0 0-4.5 4.5v3.5L2 11.5h12l-1.5-2V6A4.5 4.5 0 0 0 8 1.5z"/><path d="M6.5 13.5a1.5 1.5 0 0 0 3 0"/>',
  interacting: '<path d="M3 3.5v9L13 8z"/>',
  held: '<path d="M4 3h3v10H4zM9 3h3v10H9z"/>',
  'wrap-up': '<path d="M10.5 2l3.5 3.5L6 13.5H2.5V10z"/>',
  'not-responding': '<path d="M8 1.5L15 14H1z"/><path d="M8 6v3.5M8 11.2v.6" class="cut"/>',
  voice: '<path d="M4.5 1.5l2 3.5-1.5 1.5a8 8 0 0 0 4.5 4.5L11 9.5l3.5 2-1 3C7.5 14.5 1.5 8.5 1.5 2.5z"/>',
  chat: '<path d="M1.5 3a1.5 1.5 0 0 1 1.5-1.5h10A1.5 1.5 0 0 1 14.5 3v7a1.5 1.5 0 0 1-1.5 1.5H7L3.5 14.5v-3H3A1.5 1.5 0 0 1 1.5 10z"/>',
  email: '<path d="M1.5 3.5h13v9h-13z"/><path d="M1.5 3.5L8 9l6.5-5.5" class="cut"/>',
  message: '<path d="M4 1h8v14H4z"/><path d="M7 12.5h2" class="cut"/>',
  task: '<path d="M2.5 2.5h11v11h-11z"/><path d="M5 8l2 2 4-4" class="cut"/>',
  video: '<path d="M1 4h9.5v8H1zM11.5 7L15 4.5v7L11.5 9z"/>',
  help: '<path d="M3 1v14" class="line"/><path d="M3 2h9.5l-2 3.5 2 3.5H3z"/>',
  monitoring: '<path d="M.8 8C2.5 4.5 5 3 8 3s5.5 1.5 7.2 5c-1.7 3.5-4.2 5-7.2 5S2.5 11.5.8 8z"/><circle cx="8" cy="8" r="2.3" class="cut-fill"/>',
  live: '<circle cx="8" cy="8" r="4.5"/><circle cx="8" cy="8" r="7" class="line"/>',
  connecting: '<path d="M13 8a5 5 0 1 1-1.5-3.6M11.5 1.5v3h-3" class="line"/>',
  down: '<circle cx="8" cy="8" r="7"/><path d="M5.2 5.2l5.6 5.6M10.8 5.2l-5.6 5.6" class="cut"/>',
};

/** @type {Readonly<Record<ConnectionStatus, string>>} */
const CONNECTION_ICONS = {
  idle: 'down',
  connecting: 'connecting',
  live: 'live',
  reconnecting: 'connecting',
  offline: 'down',
  failed: 'down',
};

/**
 * Mounts the live board into `root` and keeps it current until disposed.
 *
 * @param {HTMLElement} root where the board is rendered (its content is replaced)
 * @param {Floorwalk} client a client, connected or not yet
 * @param {Clock} clock the client's clock, so timers agree with the simulator's time
 * @param {BoardOptions} [options]
 * @returns {Board}
 */
export function mountBoard(root, client, clock, options = {}) {
  const tickMs = options.tickMs ?? 1000;
  const doc = root.ownerDocument;

  /**
   * @typedef {object} Row
   * @property {HTMLTableRowElement} tr
   * @property {string} sortKey
   * @property {PresenceState} presence
   * @property {RoutingActivity} routing
   * @property {readonly string[]} interactionIds every live interaction shown or counted
   * @property {HTMLTimeElement} stateTime
   * @property {{ el: HTMLTimeElement, interaction: Interaction } | null} interactionTime
   */
  /** @type {Map<string, Row>} */
  const rows = new Map();
  /**
   * Which agent's row last showed an interaction, so a transfer refreshes the old row too.
   * @type {Map<string, string>}
   */
  const interactionOwner = new Map();
  /** @type {Map<string, HelpRequest>} open or acknowledged requests, by agent */
  let helpByAgent = new Map();
  /** @type {Map<string, MonitoringSession>} active sessions, by agent */
  let monitoringByAgent = new Map();
  /** @type {Record<string, number>} */
  const presenceCounts = Object.fromEntries(PRESENCE_STATES.map((s) => [s, 0]));
  /** @type {Record<string, number>} */
  const routingCounts = Object.fromEntries(ROUTING_ACTIVITIES.map((s) => [s, 0]));
  /** @type {{ el: HTMLTimeElement, queue: Queue }[]} */
  let queueTimers = [];

  // ── skeleton ────────────────────────────────────────────────────────────────────────────
  const board = el('div', { class: 'board' });
  const statusBar = el('div', { class: 'board__status' });
  const connection = el('p', { class: 'connection', role: 'status' });
  const simTime = el('time');
  // Outcomes of the supervisor's own actions; kept apart from the connection's status region.
  const notice = el('p', { class: 'notice', 'aria-live': 'polite' });
  statusBar.append(connection, notice, el('p', { class: 'sim-time' }, 'Contact-centre time ', simTime));

  const summary = el('section', { class: 'summary', 'aria-label': 'Summary' });
  const presenceList = el('ul', { class: 'summary__list' });
  const routingList = el('ul', { class: 'summary__list' });
  /** @type {Map<string, HTMLElement>} */
  const countEls = new Map();
  for (const state of PRESENCE_STATES) presenceList.append(summaryItem(`presence:${state}`, state, PRESENCE_LABELS[state], `presence--${state}`));
  for (const activity of ROUTING_ACTIVITIES) routingList.append(summaryItem(`routing:${activity}`, activity, ROUTING_LABELS[activity], `routing--${activity}`));
  summary.append(
    el('div', { class: 'summary__group' }, el('h2', { class: 'summary__title' }, 'Presence'), presenceList),
    el('div', { class: 'summary__group' }, el('h2', { class: 'summary__title' }, 'Routing'), routingList),
  );

  const queueBody = el('tbody');
  const queueTable = el(
    'table',
    { class: 'queues' },
    el('caption', {}, 'Queues'),
    headRow(['Queue', 'Channels', 'Waiting', 'Oldest wait', 'Agents available', 'Answered', 'Abandoned']),
    queueBody,
  );

  const agentCaption = el('caption');
  const agentBody = el('tbody');
  const agentTable = el(
    'table',
    { class: 'agents' },
    agentCaption,
    headRow(['Agent', 'Team', 'Presence', 'In state', 'Routing', 'Interaction', 'Duration', 'Help', 'Monitoring']),
    agentBody,
  );

  board.append(statusBar, summary, el('div', { class: 'table-wrap' }, queueTable), el('div', { class: 'table-wrap' }, agentTable));
  root.replaceChildren(board);

  // ── rendering ───────────────────────────────────────────────────────────────────────────
  /** @type {Set<string>} */
  const dirtyAgents = new Set();
  let dirtyAll = true;
  let dirtyQueues = true;
  /** @type {number | null} */
  let frame = null;

  const schedule = () => {
    if (frame === null) frame = requestAnimationFrame(render);
  };

  /** @param {StoreChange} change */
  const onChange = (change) => {
    if (change.reset || change.teams.size > 0) dirtyAll = true;
    for (const id of change.agents) dirtyAgents.add(id);
    for (const id of change.interactions) {
      const before = interactionOwner.get(id);
      if (before !== undefined) dirtyAgents.add(before);
      const now = client.getInteraction(id)?.agentId;
      if (now !== undefined) dirtyAgents.add(now);
    }
    if (change.helpRequests.size > 0 || change.reset) {
      const next = indexByAgent(client.getHelpRequests({ open: true }));
      markDifferences(helpByAgent, next);
      helpByAgent = next;
    }
    if (change.monitoring.size > 0 || change.reset) {
      const next = monitoringIndex();
      markDifferences(monitoringByAgent, next);
      monitoringByAgent = next;
    }
    if (change.queues.size > 0 || change.reset) dirtyQueues = true;
    schedule();
  };

  function render() {
    frame = null;
    if (dirtyAll) {
      dirtyAll = false;
      dirtyAgents.clear();
      renderAllAgents();
    } else {
      for (const id of dirtyAgents) renderAgent(id);
      dirtyAgents.clear();
    }
    if (dirtyQueues) {
      dirtyQueues = false;
      renderQueues();
    }
    renderSummary();
    renderClock();
  }

  function renderAllAgents() {
    helpByAgent = indexByAgent(client.getHelpRequests({ open: true }));
    monitoringByAgent = monitoringIndex();
    const agents = [...client.getAgents()];
    const present = new Set(agents.map((a) => a.id));
    for (const id of [...rows.keys()]) if (!present.has(id)) removeRow(id);
    const keyed = agents.map((agent) => ({ agent, key: sortKeyOf(agent) })).sort((a, b) => compareKeys(a.key, b.key));
    for (const { agent } of keyed) updateRow(agent);
    // One pass in sorted order; append moves existing rows without rebuilding them.
    agentBody.append(...keyed.map(({ agent }) => /** @type {Row} */ (rows.get(agent.id)).tr));
  }

  /** @param {string} id */
  function renderAgent(id) {
    const agent = client.getAgent(id);
    if (agent === undefined) {
      removeRow(id);
      return;
    }
    const isNew = !rows.has(id);
    const row = updateRow(agent);
    if (isNew) insertSorted(row);
  }

  /** @param {Row} row */
  function insertSorted(row) {
    let next = null;
    for (const other of rows.values()) {
      if (other === row || other.tr.parentNode !== agentBody) continue;
      if (compareKeys(other.sortKey, row.sortKey) > 0 && (next === null || compareKeys(other.sortKey, next.sortKey) < 0)) next = other;
    }
    agentBody.insertBefore(row.tr, next === null ? null : next.tr);
  }

  /** @param {string} id */
  function removeRow(id) {
    const row = rows.get(id);
    if (row === undefined) return;
    presenceCounts[row.presence] = (presenceCounts[row.presence] ?? 0) - 1;
    routingCounts[row.routing] = (routingCounts[row.routing] ?? 0) - 1;
    for (const iid of row.interactionIds) if (interactionOwner.get(iid) === id) interactionOwner.delete(iid);
    row.tr.remove();
    rows.delete(id);
  }

  /**
   * Rebuilds one agent's row from the store and keeps the summary counts in step.
   *
   * @param {Agent} agent
   * @returns {Row}
   */
  function updateRow(agent) {
    const previous = rows.get(agent.id);
    const tr = previous?.tr ?? el('tr');
    tr.dataset['agentId'] = agent.id;
    const routing = client.getRoutingActivity(agent.id);
    const live = client
      .getInteractions({ agentId: agent.id })
      .filter((i) => i.state !== 'ended' && i.state !== 'queued')
      .sort((a, b) => INTERACTION_RANK[b.state] - INTERACTION_RANK[a.state] || a.createdAt - b.createdAt);
    const current = live[0];

    if (previous !== undefined) {
      presenceCounts[previous.presence] = (presenceCounts[previous.presence] ?? 0) - 1;
      routingCounts[previous.routing] = (routingCounts[previous.routing] ?? 0) - 1;
      for (const iid of previous.interactionIds) if (interactionOwner.get(iid) === agent.id) interactionOwner.delete(iid);
    }
    presenceCounts[agent.presence.state] = (presenceCounts[agent.presence.state] ?? 0) + 1;
    routingCounts[routing] = (routingCounts[routing] ?? 0) + 1;
    for (const i of live) interactionOwner.set(i.id, agent.id);

    const stateTime = timeEl(client.getTimeInState(agent.id));
    const presenceCell = cell('presence', badge(agent.presence.state, PRESENCE_LABELS[agent.presence.state], `presence presence--${agent.presence.state}`));
    if (agent.presence.reason !== undefined) presenceCell.append(el('span', { class: 'reason' }, agent.presence.reason.label));

    /** @type {Row['interactionTime']} */
    let interactionTime = null;
    const interactionCell = cell('interaction');
    const durationCell = cell('duration');
    if (current === undefined) {
      interactionCell.append(none());
      durationCell.append(none());
    } else {
      interactionCell.append(
        badge(current.channel, CHANNEL_LABELS[current.channel], 'channel'),
        el('span', { class: `interaction-state interaction-state--${current.state}` }, INTERACTION_STATE_LABELS[current.state]),
      );
      if (live.length > 1) interactionCell.append(el('span', { class: 'more' }, `+${live.length - 1} more`));
      interactionTime = { el: timeEl(interactionDuration(current)), interaction: current };
      durationCell.append(interactionTime.el);
    }

    const help = helpByAgent.get(agent.id);
    const monitoring = monitoringByAgent.get(agent.id);
    // Rows are rebuilt while someone may be on their button: keep keyboard focus in the row.
    const hadFocus = tr.contains(doc.activeElement);
    tr.className = help?.state === 'open' ? 'row row--help' : 'row';
    const nameCell = el('th', { scope: 'row', 'data-col': 'name', tabindex: '-1' }, agent.name);
    tr.replaceChildren(
      nameCell,
      cell('team', agent.teamIds.map((id) => client.getTeam(id)?.name ?? id).join(', ')),
      presenceCell,
      cell('time-in-state', stateTime),
      cell('routing', badge(routing, ROUTING_LABELS[routing], `routing routing--${routing}`)),
      interactionCell,
      durationCell,
      cell('help', help === undefined ? none() : badge('help', help.state === 'open' ? 'Hand raised' : 'Being helped', `help help--${help.state}`, help.reason)),
      monitoringCell(agent, monitoring, current),
    );
    if (hadFocus) (tr.querySelector('button') ?? nameCell).focus();

    /** @type {Row} */
    const row = { tr, sortKey: sortKeyOf(agent), presence: agent.presence.state, routing, interactionIds: live.map((i) => i.id), stateTime, interactionTime };
    rows.set(agent.id, row);
    return row;
  }

  /**
   * The monitoring flag, plus the supervisor's own listen and stop actions where policy and the
   * platform allow them.
   *
   * @param {Agent} agent
   * @param {MonitoringSession | undefined} session
   * @param {Interaction | undefined} current
   */
  function monitoringCell(agent, session, current) {
    const td = cell('monitoring');
    if (session !== undefined) {
      const mine = session.supervisorId === client.session.userId;
      // A stand-in (`supervisorKnown: false`: the platform did not say who) is no one's id.
      const by = mine ? 'By you' : session.supervisorKnown === false ? 'By a supervisor' : `By ${session.supervisorId}`;
      td.append(badge('monitoring', MONITORING_LABELS[session.mode], 'monitoring', by));
      // A screen view (Genesys reports one) is started and stopped in the platform's own tools.
      if (mine && session.mode !== 'screen') td.append(actionButton('Stop', `Stop listening to ${agent.name}`, { action: 'stop', sessionId: session.id, agentName: agent.name }));
      return td;
    }
    td.append(none());
    // Listen, whisper and barge are audio ideas: offered on calls, not on chats, emails or tasks.
    const monitorable =
      current !== undefined && (current.channel === 'voice' || current.channel === 'video') && (current.state === 'connected' || current.state === 'held');
    if (
      monitorable &&
      client.status === 'live' &&
      client.can({ type: 'start-monitoring', agentId: agent.id, interactionId: current.id, mode: 'listen' })
    ) {
      td.append(
        actionButton('Listen', `Listen to ${agent.name}`, { action: 'listen', agentId: agent.id, interactionId: current.id, agentName: agent.name }),
      );
    }
    return td;
  }

  /**
   * @param {string} label
   * @param {string} accessibleName
   * @param {Record<string, string>} data
   */
  function actionButton(label, accessibleName, data) {
    const button = el('button', { type: 'button', class: 'action', 'aria-label': accessibleName }, label);
    Object.assign(button.dataset, data);
    return button;
  }

  /**
   * Active sessions by agent; this supervisor's own session wins, so its Stop button shows (its
   * own screen view, which nothing here stops, over another's session only).
   */
  function monitoringIndex() {
    /** @type {Map<string, MonitoringSession>} */
    const map = new Map();
    for (const s of client.getMonitoringSessions({ active: true })) {
      const held = map.get(s.agentId);
      const mine = s.supervisorId === client.session.userId;
      if (held === undefined || (mine && (s.mode !== 'screen' || held.supervisorId !== client.session.userId))) map.set(s.agentId, s);
    }
    return map;
  }

  /** @param {Event} event */
  const onClick = (event) => {
    const target = /** @type {Element} */ (event.target);
    const button = target.closest?.('button.action');
    // aria-disabled rather than disabled: a disabled button drops keyboard focus.
    if (!(button instanceof HTMLButtonElement) || button.getAttribute('aria-disabled') === 'true') return;
    const { action, agentId, interactionId, sessionId, agentName } = button.dataset;
    button.setAttribute('aria-disabled', 'true');
    const run =
      action === 'listen' && agentId !== undefined && interactionId !== undefined
        ? client.startMonitoring(agentId, interactionId, 'listen').then(() => `Listening to ${agentName}.`)
        : action === 'stop' && sessionId !== undefined
          ? client.stopMonitoring(sessionId).then(() => `Stopped listening to ${agentName}.`)
          : Promise.resolve('');
    run.then(
      (message) => {
        notice.textContent = message;
      },
      (/** @type {unknown} */ err) => {
        button.removeAttribute('aria-disabled');
        notice.textContent = `Could not ${action === 'stop' ? 'stop listening' : 'listen'}: ${err instanceof Error ? err.message : String(err)}`;
      },
    );
  };

  function renderQueues() {
    queueTimers = [];
    const queues = [...client.getQueues()].sort((a, b) => a.name.localeCompare(b.name));
    queueBody.replaceChildren(
      ...queues.map((queue) => {
        const { stats } = queue;
        const oldest = stats.oldestWaitingSince === null ? none() : timeEl(clock.now() - stats.oldestWaitingSince);
        if (oldest instanceof HTMLTimeElement) queueTimers.push({ el: oldest, queue });
        const tr = el(
          'tr',
          { 'data-queue-id': queue.id, class: stats.waiting > 0 ? 'row row--waiting' : 'row' },
          el('th', { scope: 'row' }, queue.name),
          cell('channels', queue.channels.map((c) => CHANNEL_LABELS[c]).join(', ')),
          cell('waiting', String(stats.waiting)),
          cell('oldest-wait', oldest),
          cell('available', String(stats.agentsAvailable)),
          cell('answered', String(stats.answered)),
          cell('abandoned', String(stats.abandoned)),
        );
        return tr;
      }),
    );
  }

  function renderSummary() {
    for (const [key, countEl] of countEls) {
      const [kind, value] = /** @type {[string, string]} */ (key.split(':'));
      const count = (kind === 'presence' ? presenceCounts : routingCounts)[value] ?? 0;
      const text = String(count);
      if (countEl.textContent !== text) countEl.textContent = text;
      countEl.closest('li')?.classList.toggle('summary__item--zero', count === 0);
    }
    const total = rows.size;
    agentCaption.textContent = `Agents (${total})`;
  }

  const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  function renderClock() {
    const now = clock.now();
    simTime.dateTime = new Date(now).toISOString();
    simTime.textContent = timeFormat.format(now);
  }

  /** @param {ConnectionStatus} status */
  function renderConnection(status) {
    connection.className = `connection connection--${status}`;
    connection.replaceChildren(el('span', { class: 'visually-hidden' }, 'Connection: '), badge(CONNECTION_ICONS[status], CONNECTION_LABELS[status], 'connection__badge'));
  }

  function tick() {
    for (const [id, row] of rows) {
      setDuration(row.stateTime, client.getTimeInState(id));
      if (row.interactionTime !== null) {
        const latest = client.getInteraction(row.interactionTime.interaction.id) ?? row.interactionTime.interaction;
        setDuration(row.interactionTime.el, interactionDuration(latest));
      }
    }
    const now = clock.now();
    for (const { el: timer, queue } of queueTimers) {
      const since = client.getQueue(queue.id)?.stats.oldestWaitingSince ?? queue.stats.oldestWaitingSince;
      if (since !== null) setDuration(timer, now - since);
    }
    renderClock();
  }

  /** @param {Interaction} i */
  function interactionDuration(i) {
    if (i.state === 'offered') return clock.now() - (i.offeredAt ?? i.createdAt);
    const times = client.getInteractionTimes(i.id);
    if (times === undefined) return 0;
    return i.state === 'wrap-up' ? times.wrapUpMs : times.handleMs;
  }

  // ── helpers that need the document ──────────────────────────────────────────────────────
  /**
   * @template {keyof HTMLElementTagNameMap} K
   * @param {K} tag
   * @param {Record<string, string>} [attrs]
   * @param {...(Node | string)} children
   * @returns {HTMLElementTagNameMap[K]}
   */
  function el(tag, attrs = {}, ...children) {
    const node = doc.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
    node.append(...children);
    return node;
  }

  /**
   * @param {string} col
   * @param {...(Node | string)} children
   */
  function cell(col, ...children) {
    return el('td', { 'data-col': col }, ...children);
  }

  /** @param {string[]} labels */
  function headRow(labels) {
    return el('thead', {}, el('tr', {}, ...labels.map((label) => el('th', { scope: 'col' }, label))));
  }

  /**
   * An icon with its text; the text is what carries the meaning.
   *
   * @param {string} icon
   * @param {string} label
   * @param {string} className
   * @param {string} [title]
   */
  function badge(icon, label, className, title) {
    const span = el('span', { class: `badge ${className}` });
    if (title !== undefined) span.title = title;
    span.append(iconEl(icon), el('span', { class: 'badge__label' }, label));
    return span;
  }

  /** @param {string} name */
  function iconEl(name) {
    const svg = doc.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 16 16');
    svg.setAttribute('class', 'icon');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    // Static markup from the table above, never data.
    svg.innerHTML = ICON_PATHS[name] ?? '';
    return svg;
  }

  function none() {
    return el('span', { class: 'none' }, el('span', { 'aria-hidden': 'true' }, '—'), el('span', { class: 'visually-hidden' }, 'None'));
  }

  /** @param {number} ms */
  function timeEl(ms) {
    const time = el('time');
    setDuration(time, ms);
    return time;
  }

  /**
   * @param {string} key
   * @param {string} icon
   * @param {string} label
   * @param {string} className
   */
  function summaryItem(key, icon, label, className) {
    const count = el('strong', { class: 'summary__count' }, '0');
    countEls.set(key, count);
    return el('li', { class: `summary__item ${className}`, 'data-key': key }, badge(icon, label, ''), count);
  }

  /**
   * Marks the agents whose entry differs between two indexes.
   *
   * @param {Map<string, HelpRequest | MonitoringSession>} before
   * @param {Map<string, HelpRequest | MonitoringSession>} after
   */
  function markDifferences(before, after) {
    for (const [agentId, value] of after) if (before.get(agentId) !== value) dirtyAgents.add(agentId);
    for (const agentId of before.keys()) if (!after.has(agentId)) dirtyAgents.add(agentId);
  }

  /** @param {Agent} agent */
  function sortKeyOf(agent) {
    const team = agent.teamIds[0] === undefined ? '' : client.getTeam(agent.teamIds[0])?.name ?? agent.teamIds[0];
    return `${team}\u0000${agent.name}\u0000${agent.id}`;
  }

  // ── lifecycle ───────────────────────────────────────────────────────────────────────────
  const unsubscribe = client.subscribe(onChange);
  const unbindStatus = client.on('status', ({ current }) => {
    renderConnection(current);
    // Actions are offered only while live.
    dirtyAll = true;
    schedule();
  });
  agentBody.addEventListener('click', onClick);
  renderConnection(client.status);
  render();
  const ticker = setInterval(tick, tickMs);

  return {
    tick,
    dispose() {
      unsubscribe();
      unbindStatus();
      agentBody.removeEventListener('click', onClick);
      clearInterval(ticker);
      if (frame !== null) cancelAnimationFrame(frame);
      frame = null;
      board.remove();
    },
  };
}

/**
 * Formats a duration as a clock reads: `4:05`, `1:04:05`.
 *
 * @param {number} ms
 * @returns {string}
 */
export function formatDuration(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * @param {HTMLTimeElement} time
 * @param {number} ms
 */
function setDuration(time, ms) {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const text = formatDuration(ms);
  if (time.textContent !== text) {
    time.textContent = text;
    time.dateTime = `PT${seconds}S`;
  }
}

/**
 * @template {{ agentId: string }} T
 * @param {readonly T[]} items
 * @returns {Map<string, T>}
 */
function indexByAgent(items) {
  /** @type {Map<string, T>} */
  const map = new Map();
  for (const item of items) map.set(item.agentId, item);
  return map;
}

/**
 * @param {string} a
 * @param {string} b
 */
function compareKeys(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
