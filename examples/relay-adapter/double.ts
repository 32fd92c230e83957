// A stand-in for Relay's servers, as msw handlers: the SSE stream (with Last-Event-ID resume),
// the snapshot endpoint and the agent-state command. Not shipped; the conformance test and the
// adapter's own tests run against it.
import { http, HttpResponse } from 'msw';
import type { RelayAgentState } from './relay.js';

export interface RelayAgentRecord {
  id: string;
  name: string;
  teamId: string;
  queueIds: string[];
  state: RelayAgentState;
  reason?: { code: string; label: string };
  stateSince: string;
}

export interface RelayInteractionRecord {
  interactionId: string;
  media: 'voice' | 'chat' | 'email';
  direction: 'in' | 'out';
  status: 'queued' | 'alerting' | 'active' | 'hold' | 'acw' | 'closed';
  agentId?: string;
  queueId?: string;
  createdAt: string;
  alertedAt?: string;
  answeredAt?: string;
  holdStartedAt?: string;
  holdSeconds?: number;
  acwStartedAt?: string;
  closedAt?: string;
  closeReason?: 'completed' | 'abandoned' | 'transferred';
  customer?: { name?: string; phone?: string };
}

/** A supervisor on a call: Relay's monitors are shown on the agent's desktop too. */
export interface RelayMonitorRecord {
  monitorId: string;
  interactionId: string;
  agentId: string;
  supervisorId: string;
  mode: 'listen' | 'coach' | 'barge';
  startedAt: string;
  endedAt?: string;
  endReason?: 'stopped' | 'call_closed';
}

export interface RelayMessage {
  seq: number;
  ts: string;
  kind: 'agent.state' | 'interaction.updated' | 'queue.stats' | 'monitor.updated';
  data: Record<string, unknown>;
}

let tenants = 0;
const MONITOR_MODES: readonly string[] = ['listen', 'coach', 'barge'];

/**
 * One Relay tenant. Its `handlers` answer under its own `baseUrl`, so several doubles can share
 * one msw server. Relay's clock starts on 5 January 2036 and moves a second per message: years
 * ahead of the machine's, so an adapter stamping events from the local clock has them dropped as
 * older than the snapshot and fails the conformance suite's snapshot-then-deltas case.
 */
export function createRelayDouble() {
  const baseUrl = `https://relay.test/t${++tenants}`;
  let now = Date.UTC(2036, 0, 5, 9, 0);
  const iso = (ms: number) => new Date(ms).toISOString();
  let seq = 0;
  const log: { seq: number; frame: string }[] = [];
  const streams = new Set<ReadableStreamDefaultController<Uint8Array>>();
  const encoder = new TextEncoder();
  const idempotent = new Map<string, { status: number; body: Record<string, string | boolean> }>();
  let rateLimitNext: number | undefined;
  /** Requests seen, for tests: `stream` carries the Last-Event-ID it was opened with. */
  const requests: { kind: 'stream' | 'snapshot' | 'state' | 'monitor'; lastEventId?: string | null; key?: string | null }[] = [];
  /** State changes Relay made at a request: a retry it answered from its idempotency keys is none. */
  let applied = 0;

  const agents: RelayAgentRecord[] = [
    { id: 'ag-1', name: 'Ada', teamId: 'tm-1', queueIds: ['q-sales'], state: 'ready', stateSince: iso(now) },
    { id: 'ag-2', name: 'Grace', teamId: 'tm-1', queueIds: ['q-sales', 'q-support'], state: 'not_ready', reason: { code: 'brk', label: 'Coffee' }, stateSince: iso(now) },
  ];
  const interactions: RelayInteractionRecord[] = [];
  const monitors: RelayMonitorRecord[] = [];
  let monitorSeq = 0;
  const queueStats = new Map<string, { waiting: number; oldestWaitStartedAt: string | null; available: number; offered: number; answered: number; abandoned: number }>([
    ['q-sales', { waiting: 0, oldestWaitStartedAt: null, available: 1, offered: 0, answered: 0, abandoned: 0 }],
    ['q-support', { waiting: 0, oldestWaitStartedAt: null, available: 0, offered: 0, answered: 0, abandoned: 0 }],
  ]);

  const send = (frame: string): void => {
    for (const controller of streams) controller.enqueue(encoder.encode(frame));
  };
  const frameOf = (m: RelayMessage): string => `id: ${m.seq}\nevent: message\ndata: ${JSON.stringify(m)}\n\n`;
  const publish = (kind: RelayMessage['kind'], data: Record<string, unknown>): RelayMessage => {
    now += 1000;
    const message: RelayMessage = { seq: ++seq, ts: iso(now), kind, data };
    const frame = frameOf(message);
    log.push({ seq: message.seq, frame });
    send(frame);
    return message;
  };
  const agentData = (a: RelayAgentRecord) => ({ agentId: a.id, state: a.state, ...(a.reason ? { reason: a.reason } : {}), since: a.stateSince });
  const setState = (agent: RelayAgentRecord, state: RelayAgentState, reason?: { code: string; label: string }): void => {
    agent.state = state;
    if (reason) agent.reason = reason;
    else delete agent.reason;
    agent.stateSince = iso(now + 1000);
    publish('agent.state', agentData(agent));
  };
  const updateMonitor = (m: RelayMonitorRecord): void => {
    publish('monitor.updated', { ...m });
  };
  const updateInteraction = (i: RelayInteractionRecord): void => {
    publish('interaction.updated', { ...i });
    // Relay takes every supervisor off a call that closes.
    if (i.status !== 'closed') return;
    for (const m of monitors) {
      if (m.interactionId !== i.interactionId || m.endedAt !== undefined) continue;
      Object.assign(m, { endedAt: iso(now + 1000), endReason: 'call_closed' });
      updateMonitor(m);
    }
  };
  const updateQueue = (queueId: string): void => {
    publish('queue.stats', { queueId, ...queueStats.get(queueId)! });
  };

  type Answer = (status: number, body: Record<string, string | boolean>) => Response;
  /**
   * A command endpoint: a 429 first when one is due, then the answer Relay kept for the
   * request's Idempotency-Key, else `handle`'s, kept under the key.
   */
  const command = (
    kind: 'state' | 'monitor',
    method: 'post' | 'patch' | 'delete',
    path: string,
    handle: (answer: Answer, request: Request, params: Record<string, string | readonly string[] | undefined>) => Promise<Response>,
  ) =>
    http[method](`${baseUrl}${path}`, async ({ request, params }) => {
      const key = request.headers.get('idempotency-key');
      requests.push({ kind, key });
      if (rateLimitNext !== undefined) {
        const seconds = rateLimitNext;
        rateLimitNext = undefined;
        return HttpResponse.json({ error: 'rate_limited' }, { status: 429, headers: { 'retry-after': String(seconds) } });
      }
      const seen = key === null ? undefined : idempotent.get(key);
      if (seen) return HttpResponse.json(seen.body, { status: seen.status });
      const answer: Answer = (status, body) => {
        if (key !== null) idempotent.set(key, { status, body });
        return HttpResponse.json(body, { status });
      };
      return handle(answer, request, params);
    });

  const handlers = [
    http.get(`${baseUrl}/v1/stream`, ({ request }) => {
      const lastEventId = request.headers.get('last-event-id');
      requests.push({ kind: 'stream', lastEventId });
      let mine: ReadableStreamDefaultController<Uint8Array> | undefined;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          mine = controller;
          // Resume: replay what the client missed, then carry on live.
          const from = lastEventId === null ? Infinity : Number(lastEventId);
          const missed = log.filter((m) => m.seq > from).map((m) => m.frame).join('');
          controller.enqueue(encoder.encode(`retry: 1000\n\n${missed}`));
          streams.add(controller);
        },
        cancel() {
          if (mine) streams.delete(mine);
        },
      });
      return new HttpResponse(body, { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' } });
    }),
    http.get(`${baseUrl}/v1/snapshot`, () => {
      requests.push({ kind: 'snapshot' });
      return HttpResponse.json({
        seq,
        ts: iso(now),
        teams: [{ id: 'tm-1', name: 'Team One', supervisorIds: ['sup-1'] }],
        queues: [...queueStats].map(([id, stats]) => ({ id, name: id === 'q-sales' ? 'Sales' : 'Support', media: ['voice', 'chat'], stats })),
        agents: agents.map((a) => ({ id: a.id, name: a.name, teamId: a.teamId, queueIds: a.queueIds, state: a.state, ...(a.reason ? { reason: a.reason } : {}), since: a.stateSince })),
        interactions: interactions.filter((i) => i.status !== 'closed').map((i) => ({ ...i })),
        monitors: monitors.filter((m) => m.endedAt === undefined).map((m) => ({ ...m })),
      });
    }),
    command('state', 'post', '/v1/agents/:id/state', async (answer, request, params) => {
      const agent = agents.find((a) => a.id === params.id);
      if (!agent) return answer(404, { error: 'agent_not_found' });
      const body = (await request.json().catch(() => null)) as { state?: unknown; reason?: { code?: unknown; label?: unknown } } | null;
      const states: readonly string[] = ['ready', 'not_ready', 'logged_out'];
      if (body === null || typeof body.state !== 'string' || !states.includes(body.state)) return answer(400, { error: 'bad_state' });
      // Relay refuses to log out an agent with a live interaction.
      if (body.state === 'logged_out' && interactions.some((i) => i.agentId === agent.id && i.status !== 'closed')) {
        return answer(409, { error: 'agent_busy' });
      }
      const reason = body.reason && typeof body.reason.code === 'string' && typeof body.reason.label === 'string' ? { code: body.reason.code, label: body.reason.label } : undefined;
      setState(agent, body.state as RelayAgentState, reason);
      applied++;
      return answer(202, { accepted: true });
    }),
    command('monitor', 'post', '/v1/interactions/:id/monitors', async (answer, request, params) => {
      const call = interactions.find((i) => i.interactionId === params.id);
      if (!call || call.agentId === undefined) return answer(404, { error: 'interaction_not_found' });
      if (call.status !== 'active' && call.status !== 'hold') return answer(409, { error: 'interaction_not_live' });
      const body = (await request.json().catch(() => null)) as { supervisorId?: unknown; mode?: unknown } | null;
      if (typeof body?.supervisorId !== 'string' || !MONITOR_MODES.includes(body.mode as string)) return answer(400, { error: 'bad_monitor' });
      const monitor: RelayMonitorRecord = { monitorId: `mon-${++monitorSeq}`, interactionId: call.interactionId, agentId: call.agentId, supervisorId: body.supervisorId, mode: body.mode as RelayMonitorRecord['mode'], startedAt: iso(now + 1000) };
      monitors.push(monitor);
      updateMonitor(monitor);
      applied++;
      return answer(201, { monitorId: monitor.monitorId });
    }),
    command('monitor', 'patch', '/v1/monitors/:id', async (answer, request, params) => {
      const monitor = monitors.find((m) => m.monitorId === params.id);
      if (!monitor) return answer(404, { error: 'monitor_not_found' });
      if (monitor.endedAt !== undefined) return answer(409, { error: 'monitor_ended' });
      const body = (await request.json().catch(() => null)) as { mode?: unknown } | null;
      if (!MONITOR_MODES.includes(body?.mode as string)) return answer(400, { error: 'bad_mode' });
      monitor.mode = body!.mode as RelayMonitorRecord['mode'];
      updateMonitor(monitor);
      applied++;
      return answer(200, { accepted: true });
    }),
    command('monitor', 'delete', '/v1/monitors/:id', async (answer, _request, params) => {
      const monitor = monitors.find((m) => m.monitorId === params.id);
      if (!monitor) return answer(404, { error: 'monitor_not_found' });
      // Ended already (the call closed, or another stop): nothing to do, and nothing wrong.
      if (monitor.endedAt === undefined) {
        Object.assign(monitor, { endedAt: iso(now + 1000), endReason: 'stopped' });
        updateMonitor(monitor);
        applied++;
      }
      return answer(200, { accepted: true });
    }),
  ];

  return {
    baseUrl,
    handlers,
    requests,
    agents,
    interactions,
    monitors,
    get applied() {
      return applied;
    },
    get openStreams() {
      return streams.size;
    },
    /** A short stretch of a shift: a call arrives, is answered, held, wrapped up; a break; a chat answered and left open. */
    async playShift(): Promise<void> {
      const call: RelayInteractionRecord = { interactionId: `ix-${seq + 1}`, media: 'voice', direction: 'in', status: 'queued', queueId: 'q-sales', createdAt: iso(now + 1000), customer: { name: 'Pat Doe', phone: '+441632960001' } };
      interactions.push(call);
      updateInteraction(call);
      queueStats.get('q-sales')!.waiting = 1;
      queueStats.get('q-sales')!.oldestWaitStartedAt = call.createdAt;
      updateQueue('q-sales');
      Object.assign(call, { status: 'alerting', agentId: 'ag-1', alertedAt: iso(now + 1000) });
      updateInteraction(call);
      Object.assign(call, { status: 'active', answeredAt: iso(now + 1000) });
      updateInteraction(call);
      Object.assign(queueStats.get('q-sales')!, { waiting: 0, oldestWaitStartedAt: null, offered: 1, answered: 1, available: 0 });
      updateQueue('q-sales');
      Object.assign(call, { status: 'hold', holdStartedAt: iso(now + 1000) });
      updateInteraction(call);
      Object.assign(call, { status: 'acw', holdSeconds: 1, acwStartedAt: iso(now + 1000) });
      delete call.holdStartedAt;
      updateInteraction(call);
      setState(agents[1]!, 'ready');
      Object.assign(call, { status: 'closed', closedAt: iso(now + 1000), closeReason: 'completed' });
      updateInteraction(call);
      setState(agents[0]!, 'not_ready', { code: 'lun', label: 'Lunch' });
      // A chat Grace answers and is still in: a live interaction for a supervisor to monitor.
      const chat: RelayInteractionRecord = { interactionId: `ix-${seq + 1}`, media: 'chat', direction: 'in', status: 'active', agentId: 'ag-2', queueId: 'q-support', createdAt: iso(now), alertedAt: iso(now), answeredAt: iso(now + 1000) };
      interactions.push(chat);
      updateInteraction(chat);
      await settle();
    },
    /** Relay sends its last message again (at-least-once delivery). */
    async resendLast(): Promise<void> {
      const last = log.at(-1);
      if (last) send(last.frame);
      await settle();
    },
    /** A message that is not JSON. */
    async sendMalformed(): Promise<void> {
      send(`id: ${seq + 1000}\ndata: {"seq": ${seq + 1000}, "kind": "agent.state", "data": \n\n`);
      await settle();
    },
    /** Cuts every open stream, as a proxy or a deploy does. */
    dropStreams(): void {
      for (const controller of streams) controller.error(new Error('connection reset'));
      streams.clear();
    },
    /** The next command is answered 429 with this Retry-After (seconds). */
    rateLimitNextCommand(seconds: number): void {
      rateLimitNext = seconds;
    },
    /** The interaction closes on Relay's side (the customer hangs up): its update, and its monitors' ends. */
    closeInteraction(interactionId: string): void {
      const call = interactions.find((i) => i.interactionId === interactionId)!;
      Object.assign(call, { status: 'closed', closedAt: call.closedAt ?? iso(now + 1000), closeReason: call.closeReason ?? 'completed' });
      updateInteraction(call);
    },
    /** An agent changes state on Relay's side (another desktop, an admin). */
    setAgentState(agentId: string, state: RelayAgentState, reason?: { code: string; label: string }): void {
      setState(agents.find((a) => a.id === agentId)!, state, reason);
    },
    close(): void {
      for (const controller of streams) {
        try {
          controller.close();
        } catch {
          // already errored or cancelled
        }
      }
      streams.clear();
    },
  };
}

export type RelayDouble = ReturnType<typeof createRelayDouble>;

/** Lets the bytes just enqueued travel through fetch's body and the adapter's parser. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}
