// A Floorwalk adapter for "Relay", an invented CCaaS platform with a server-sent events stream
// (`/v1/stream`, Last-Event-ID resume), a snapshot endpoint and REST commands for agent state and
// for supervisors monitoring a live interaction.
// Written from Floorwalk's published docs and types only; imports go through the public names.
import {
  checkCommand,
  ErrorCode,
  type ErrorCodeValue,
  FloorwalkError,
  type Adapter,
  type AdapterSink,
  type Agent,
  type Channel,
  type CommandEnvelope,
  type EndReason,
  type FloorwalkEvent,
  type Interaction,
  type InteractionState,
  type MonitoringEndReason,
  type MonitoringMode,
  type MonitoringSession,
  type Presence,
  type PresenceState,
  type Queue,
  type QueueStats,
  type SnapshotEvent,
  type Team,
} from '@floorwalk/core';

export type RelayAgentState = 'ready' | 'not_ready' | 'logged_out';

export interface RelayAdapterOptions {
  /** Relay's API root, e.g. `https://acme.relay.example`. */
  readonly baseUrl: string;
  /** Headers for every request (the host's bearer token, say); read per request, so it can rotate. */
  readonly headers?: () => Record<string, string>;
  /** The stream is re-opened after a drop this many times, `retryDelayMs` apart, before `failed`. */
  readonly maxStreamRetries?: number;
  readonly retryDelayMs?: number;
  /** Defaults to the global fetch. */
  readonly fetch?: typeof fetch;
}

// Relay's not-ready reason codes carry a category; these are the ones its default tenant ships.
const REASON_TO_STATE: Record<string, PresenceState> = { brk: 'break', lun: 'meal', mtg: 'meeting', trn: 'training' };
const STATE_TO_REASON: Partial<Record<PresenceState, { code: string; label: string }>> = {
  break: { code: 'brk', label: 'Break' },
  meal: { code: 'lun', label: 'Lunch' },
  meeting: { code: 'mtg', label: 'Meeting' },
  training: { code: 'trn', label: 'Training' },
  away: { code: 'awy', label: 'Away' },
};
const MEDIA: Record<string, Channel> = { voice: 'voice', chat: 'chat', email: 'email' };
const STATUS: Record<string, InteractionState> = { queued: 'queued', alerting: 'offered', active: 'connected', hold: 'held', acw: 'wrap-up', closed: 'ended' };
const CLOSE: Record<string, EndReason> = { completed: 'completed', abandoned: 'abandoned', transferred: 'transferred' };
// Relay calls a whisper "coach"; it ends a monitor itself when its call closes.
const MODE: Record<string, MonitoringMode> = { listen: 'listen', coach: 'whisper', barge: 'barge' };
const TO_MODE: Record<MonitoringMode, string> = { listen: 'listen', whisper: 'coach', barge: 'barge' };
const MONITOR_END: Record<string, MonitoringEndReason> = { stopped: 'stopped', call_closed: 'interaction-ended' };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Thrown inside the mapping only; turned into a MalformedEvent report. */
class Unreadable extends Error {}
const str = (o: Obj, k: string): string => {
  const v = o[k];
  if (typeof v !== 'string' || v === '') throw new Unreadable(`${k} must be a non-empty string`);
  return v;
};
const optStr = (o: Obj, k: string): string | undefined => (o[k] === undefined ? undefined : str(o, k));
const time = (o: Obj, k: string): number => {
  const ms = Date.parse(str(o, k));
  if (!Number.isFinite(ms)) throw new Unreadable(`${k} must be an ISO 8601 time`);
  return ms;
};
const optTime = (o: Obj, k: string): number | undefined => (o[k] === undefined ? undefined : time(o, k));
const count = (o: Obj, k: string): number => {
  const v = o[k];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new Unreadable(`${k} must be a count`);
  return v;
};

function toPresence(o: Obj): Presence {
  const state = str(o, 'state');
  const since = time(o, 'since');
  if (state === 'ready') return { state: 'available', since };
  if (state === 'logged_out') return { state: 'offline', since };
  if (state !== 'not_ready') throw new Unreadable(`unknown state ${state}`);
  const reason = isObj(o.reason) ? { id: str(o.reason, 'code'), label: str(o.reason, 'label') } : undefined;
  return { state: (reason && REASON_TO_STATE[reason.id]) ?? 'away', since, ...(reason ? { reason } : {}) };
}

function toInteraction(o: Obj): Interaction {
  const channel = MEDIA[str(o, 'media')];
  const state = STATUS[str(o, 'status')];
  if (!channel || !state) throw new Unreadable('unknown media or status');
  const holdSeconds = o.holdSeconds === undefined ? undefined : count(o, 'holdSeconds');
  const closeReason = optStr(o, 'closeReason');
  const customer = isObj(o.customer) ? { ...(optStr(o.customer, 'name') ? { name: str(o.customer, 'name') } : {}), ...(optStr(o.customer, 'phone') ? { phone: str(o.customer, 'phone') } : {}) } : undefined;
  const fields: Obj = {
    id: str(o, 'interactionId'),
    channel,
    direction: str(o, 'direction') === 'out' ? 'outbound' : 'inbound',
    state,
    agentId: optStr(o, 'agentId'),
    queueId: optStr(o, 'queueId'),
    createdAt: time(o, 'createdAt'),
    offeredAt: optTime(o, 'alertedAt'),
    connectedAt: optTime(o, 'answeredAt'),
    heldAt: optTime(o, 'holdStartedAt'),
    holdMs: holdSeconds === undefined ? undefined : holdSeconds * 1000,
    wrapUpAt: optTime(o, 'acwStartedAt'),
    endedAt: optTime(o, 'closedAt'),
    endReason: closeReason === undefined ? undefined : CLOSE[closeReason],
    customer,
  };
  // The canonical model has optional fields, not undefined ones.
  for (const k of Object.keys(fields)) if (fields[k] === undefined) delete fields[k];
  return fields as unknown as Interaction;
}

function toQueueStats(o: Obj): QueueStats {
  const oldest = o.oldestWaitStartedAt;
  return {
    waiting: count(o, 'waiting'),
    oldestWaitingSince: oldest === null ? null : time(o, 'oldestWaitStartedAt'),
    agentsAvailable: count(o, 'available'),
    offered: count(o, 'offered'),
    answered: count(o, 'answered'),
    abandoned: count(o, 'abandoned'),
  };
}

function toMonitoring(o: Obj): MonitoringSession {
  const mode = MODE[str(o, 'mode')];
  if (!mode) throw new Unreadable('unknown monitor mode');
  const endedAt = optTime(o, 'endedAt');
  const endReason = optStr(o, 'endReason');
  return {
    id: str(o, 'monitorId'),
    mode,
    supervisorId: str(o, 'supervisorId'),
    agentId: str(o, 'agentId'),
    interactionId: str(o, 'interactionId'),
    startedAt: time(o, 'startedAt'),
    ...(endedAt === undefined ? {} : { endedAt }),
    ...(endReason === undefined || MONITOR_END[endReason] === undefined ? {} : { endReason: MONITOR_END[endReason] }),
  };
}

/** One parsed SSE message's `data` to a canonical event. */
function toEvent(source: string, raw: string): FloorwalkEvent {
  let m: unknown;
  try {
    m = JSON.parse(raw);
  } catch {
    throw new Unreadable('not JSON');
  }
  if (!isObj(m) || !isObj(m.data) || typeof m.seq !== 'number') throw new Unreadable('not a Relay message');
  // The id is Relay's sequence number, so a redelivered message is the same fact; `at` is
  // Relay's own timestamp, so a message that arrives late is recognised as stale.
  const base = { id: `relay-${m.seq}`, at: time(m, 'ts'), source };
  const d = m.data;
  switch (m.kind) {
    case 'agent.state':
      return { ...base, type: 'presence', agentId: str(d, 'agentId'), presence: toPresence(d) };
    case 'interaction.updated':
      return { ...base, type: 'interaction', interaction: toInteraction(d) };
    case 'queue.stats':
      return { ...base, type: 'queue-stats', queueId: str(d, 'queueId'), stats: toQueueStats(d) };
    case 'monitor.updated':
      return { ...base, type: 'monitoring', session: toMonitoring(d) };
    default:
      throw new Unreadable(`unknown kind ${String(m.kind)}`);
  }
}

/**
 * Maps an HTTP answer Relay gave to a command or request into Floorwalk's error codes. `target`
 * names what a 404 did not find: an agent unless said otherwise.
 */
async function httpError(res: Response, what: string, agentId?: string, target: { code: ErrorCodeValue; name: string } = { code: ErrorCode.UnknownAgent, name: `agent ${agentId ?? ''}` }): Promise<FloorwalkError> {
  const details = { status: res.status, ...(agentId ? { agentId } : {}) };
  switch (res.status) {
    case 401:
      return new FloorwalkError(ErrorCode.AuthFailed, `relay: ${what}: credentials rejected`, { details });
    case 403:
      return new FloorwalkError(ErrorCode.Forbidden, `relay: ${what}: forbidden`, { details });
    case 404:
      return new FloorwalkError(target.code, `relay: ${what}: no ${target.name}`, { details });
    case 409:
      return new FloorwalkError(ErrorCode.Conflict, `relay: ${what}: conflicts with the state it is in`, { details });
    case 429: {
      // Retry-After is seconds or an HTTP date; the client's slow tier honours retryAfterMs.
      const header = res.headers.get('retry-after') ?? '';
      const seconds = Number(header);
      const retryAfterMs = Number.isFinite(seconds) && header !== '' ? seconds * 1000 : Math.max(0, Date.parse(header) - Date.now()) || 1000;
      return new FloorwalkError(ErrorCode.RateLimited, `relay: ${what}: rate limited`, { details: { ...details, retryAfterMs } });
    }
    default:
      return new FloorwalkError(res.status >= 500 ? ErrorCode.VendorError : ErrorCode.InvalidArgument, `relay: ${what}: HTTP ${res.status}`, { details });
  }
}

/** Splits an SSE byte stream into messages (WHATWG "event stream interpretation", trimmed). */
export function createSseParser(onMessage: (message: { id: string | undefined; data: string }) => void) {
  let buffer = '';
  let data: string[] = [];
  let id: string | undefined;
  return (chunk: string): void => {
    buffer += chunk;
    const lines = buffer.split(/\r\n|\r|\n/);
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') {
        if (data.length > 0) onMessage({ id, data: data.join('\n') });
        data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'data') data.push(value);
      else if (field === 'id' && !value.includes('\0')) id = value;
    }
  };
}

export function createRelayAdapter(options: RelayAdapterOptions): Adapter {
  const id = 'relay';
  const base = options.baseUrl.replace(/\/$/, '');
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => globalThis.fetch(...args));
  const headers = (): Record<string, string> => options.headers?.() ?? {};
  const maxRetries = options.maxStreamRetries ?? 5;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  let sink: AdapterSink | undefined;
  let abort: AbortController | undefined;
  let lastEventId: string | undefined;
  // Bumped by disconnect(): a stream pump from an earlier connect() must stop reporting.
  let generation = 0;

  const open = async (gen: number): Promise<ReadableStreamDefaultReader<Uint8Array>> => {
    abort = new AbortController();
    let res: Response;
    try {
      res = await doFetch(`${base}/v1/stream`, {
        headers: { accept: 'text/event-stream', ...headers(), ...(lastEventId === undefined ? {} : { 'last-event-id': lastEventId }) },
        signal: abort.signal,
      });
    } catch (cause) {
      throw new FloorwalkError(ErrorCode.VendorError, 'relay: the stream could not be opened', { cause });
    }
    if (!res.ok || res.body === null) throw await httpError(res, 'stream');
    if (gen !== generation) throw new FloorwalkError(ErrorCode.Cancelled, 'relay: disconnected');
    return res.body.getReader();
  };

  const pump = async (gen: number, reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> => {
    const decoder = new TextDecoder();
    let batch: FloorwalkEvent[] = [];
    const parse = createSseParser(({ id: messageId, data }) => {
      try {
        batch.push(toEvent(id, data));
        // Only a message we could read moves the resume point.
        if (messageId !== undefined) lastEventId = messageId;
      } catch (err) {
        sink?.error(new FloorwalkError(ErrorCode.MalformedEvent, `relay: unreadable message ${messageId ?? '(no id)'}: ${(err as Error).message}`, { details: { data: data.slice(0, 200) } }));
      }
    });
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch {
        break;
      }
      if (gen !== generation) return;
      if (chunk.done) break;
      parse(decoder.decode(chunk.value, { stream: true }));
      if (batch.length > 0) {
        const out = batch;
        batch = [];
        sink?.events(out);
      }
    }
    if (gen !== generation) return;
    // The stream ended without disconnect(): re-open it from the last id we read.
    for (let attempt = 1; attempt <= maxRetries; attempt++) {
      sink?.status('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
      if (gen !== generation) return;
      try {
        const next = await open(gen);
        sink?.status('live');
        return pump(gen, next);
      } catch (err) {
        if (gen !== generation) return;
        if (err instanceof FloorwalkError && (err.code === ErrorCode.AuthFailed || err.code === ErrorCode.Forbidden)) {
          sink?.status('failed', err);
          return;
        }
      }
    }
    sink?.status('failed', new FloorwalkError(ErrorCode.VendorError, 'relay: the stream could not be re-opened'));
  };

  const toAgent = (o: Obj): Agent => ({
    id: str(o, 'id'),
    name: str(o, 'name'),
    teamIds: [str(o, 'teamId')],
    queueIds: Array.isArray(o.queueIds) ? o.queueIds.filter((q): q is string => typeof q === 'string') : [],
    presence: toPresence(o),
  });

  /** Sends still out, by idempotency key. */
  const out = new Map<string, Promise<void>>();

  /** One command request; Relay keeps its answer per Idempotency-Key, so a retry has one effect. */
  async function request(path: string, method: string, key: string, body?: unknown): Promise<Response> {
    try {
      return await doFetch(`${base}${path}`, {
        method,
        headers: { 'content-type': 'application/json', 'idempotency-key': key, ...headers() },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (cause) {
      throw new FloorwalkError(ErrorCode.VendorError, 'relay: the command could not be sent', { cause });
    }
  }

  async function send(command: CommandEnvelope): Promise<void> {
    checkCommand(command);
    switch (command.type) {
      case 'set-presence':
        return setPresence(command);
      case 'start-monitoring': {
        // The supervisor is who issued it: Relay shows them to the agent by that id.
        const res = await request(`/v1/interactions/${encodeURIComponent(command.interactionId)}/monitors`, 'POST', command.key, { supervisorId: command.issuedBy, mode: TO_MODE[command.mode] });
        if (!res.ok) throw await httpError(res, `monitor ${command.interactionId}`, command.agentId, { code: ErrorCode.UnknownInteraction, name: `live interaction ${command.interactionId}` });
        return;
      }
      case 'change-monitoring-mode':
      case 'stop-monitoring': {
        const path = `/v1/monitors/${encodeURIComponent(command.sessionId)}`;
        const res = command.type === 'stop-monitoring' ? await request(path, 'DELETE', command.key) : await request(path, 'PATCH', command.key, { mode: TO_MODE[command.mode] });
        if (!res.ok) throw await httpError(res, `${command.type} ${command.sessionId}`, undefined, { code: ErrorCode.UnknownEntity, name: `monitor ${command.sessionId}` });
        return;
      }
      default:
        throw new FloorwalkError(ErrorCode.Unsupported, `relay cannot ${command.type}`);
    }
  }

  async function setPresence(command: Extract<CommandEnvelope, { type: 'set-presence' }>): Promise<void> {
    let body: { state: RelayAgentState; reason?: { code: string; label: string } };
    if (command.state === 'available') body = { state: 'ready' };
    else if (command.state === 'offline') body = { state: 'logged_out' };
    else {
      const fallback = STATE_TO_REASON[command.state];
      if (fallback === undefined) throw new FloorwalkError(ErrorCode.Unsupported, `relay has no state for ${command.state}`);
      body = { state: 'not_ready', reason: command.reason ? { code: command.reason.id, label: command.reason.label } : fallback };
    }
    const res = await request(`/v1/agents/${encodeURIComponent(command.agentId)}/state`, 'POST', command.key, body);
    if (!res.ok) throw await httpError(res, `set ${command.agentId} ${command.state}`, command.agentId);
  }

  return {
    id,
    // Relay shows a monitor on the agent's desktop, and its stream tells the agent's session of
    // it: the agent sees every session, so the client may start them.
    capabilities: {
      channels: ['voice', 'chat', 'email'],
      commands: ['set-presence', 'start-monitoring', 'change-monitoring-mode', 'stop-monitoring'],
      monitoringModes: ['listen', 'whisper', 'barge'],
      agentSeesMonitoring: true,
    },

    async connect(newSink) {
      const gen = ++generation;
      sink = newSink;
      const reader = await open(gen);
      sink.status('live');
      void pump(gen, reader);
    },

    async snapshot(): Promise<SnapshotEvent> {
      const res = await doFetch(`${base}/v1/snapshot`, { headers: { accept: 'application/json', ...headers() } }).catch((cause: unknown) => {
        throw new FloorwalkError(ErrorCode.VendorError, 'relay: the snapshot could not be fetched', { cause });
      });
      if (!res.ok) throw await httpError(res, 'snapshot');
      try {
        const s = (await res.json()) as unknown;
        if (!isObj(s) || typeof s.seq !== 'number') throw new Unreadable('not a Relay snapshot');
        const list = (k: string): Obj[] => (Array.isArray(s[k]) ? (s[k] as unknown[]).filter(isObj) : []);
        const teams: Team[] = list('teams').map((t) => ({ id: str(t, 'id'), name: str(t, 'name'), supervisorIds: Array.isArray(t.supervisorIds) ? t.supervisorIds.filter((x): x is string => typeof x === 'string') : [] }));
        const queues: Queue[] = list('queues').map((q) => ({
          id: str(q, 'id'),
          name: str(q, 'name'),
          channels: Array.isArray(q.media) ? q.media.flatMap((m) => (typeof m === 'string' && MEDIA[m] ? [MEDIA[m]] : [])) : [],
          stats: toQueueStats(isObj(q.stats) ? q.stats : {}),
        }));
        // Stamped with Relay's clock, like the deltas: a delta the snapshot already holds is then
        // older than it and dropped, one it does not hold is newer and applied.
        return {
          type: 'snapshot',
          id: `relay-snapshot-${s.seq}`,
          at: time(s, 'ts'),
          source: id,
          scope: { kind: 'all' },
          teams,
          queues,
          agents: list('agents').map(toAgent),
          interactions: list('interactions').map(toInteraction),
          monitoring: list('monitors').map(toMonitoring),
        };
      } catch (err) {
        throw new FloorwalkError(ErrorCode.VendorError, `relay: unreadable snapshot: ${(err as Error).message}`, { cause: err });
      }
    },

    execute(command: CommandEnvelope): Promise<void> {
      // Relay keeps a key's answer only once it has one: a second send of a key still out (the
      // client retrying after its time limit) would be carried out again. It waits on the first.
      let sent = out.get(command.key);
      if (sent === undefined) {
        const key = command.key;
        sent = send(command);
        out.set(key, sent);
        const done = (): void => void out.delete(key);
        sent.then(done, done);
      }
      return sent;
    },

    async disconnect() {
      generation++;
      sink = undefined;
      abort?.abort();
      abort = undefined;
    },
  };
}
