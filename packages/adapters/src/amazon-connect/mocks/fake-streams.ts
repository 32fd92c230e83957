import { systemClock, type Clock } from '@floorwalk/core';
import type {
  StreamsAgent,
  StreamsAgentState,
  StreamsAgentStateDefinition,
  StreamsCallbacks,
  StreamsCallError,
  StreamsConnect,
  StreamsConnection,
  StreamsContact,
  StreamsSubscription,
} from '../streams.js';

/** A selectable agent status of the fake CCP. */
export interface FakeAgentStatus {
  readonly id: string;
  readonly name: string;
  /** `routable`, `not_routable` or `offline`, as Streams' `AgentStateType`. */
  readonly type: 'routable' | 'not_routable' | 'offline';
}

/** Contact types, as Streams' `ContactType`. */
export type FakeContactType = 'voice' | 'queue_callback' | 'chat' | 'task' | 'email';

/** Contact state types, as Streams' `ContactStateType`. */
export type FakeContactState = 'init' | 'incoming' | 'pending' | 'connecting' | 'connected' | 'missed' | 'error' | 'ended' | 'rejected' | 'paused';

/** Options of {@link createFakeStreams}. */
export interface FakeStreamsOptions {
  /** The agent's Connect user id. Defaults to `agent-self`. */
  readonly userId?: string;
  readonly name?: string;
  /** The instance ARN the agent ARN is built on. */
  readonly instanceArn?: string;
  /** The selectable statuses. Defaults to Available, Break, Lunch, Training, Meeting, Offline. */
  readonly statuses?: readonly FakeAgentStatus[];
  /** The status name the agent starts in. Defaults to `Available`. */
  readonly initialStatus?: string;
  /** Timestamps come from here. Defaults to the wall clock. */
  readonly clock?: Clock;
  /**
   * How far Connect's clock runs ahead of the page's (negative: behind), in ms. Every time the
   * fake reports is on Connect's clock, and `agent.getStateDuration()` corrects for it as Streams
   * does with the skew it measures from each snapshot. Default 0.
   */
  readonly skewMs?: number;
  /**
   * When an accepted `setState` shows in a snapshot, in ms on the clock. Undefined (the default)
   * leaves it for the next {@link FakeStreams.refresh}, as a real CCP leaves it for its next poll.
   */
  readonly confirmAfterMs?: number;
  /**
   * False for an embedded CCP that never acknowledges (the page's origin missing from the
   * instance's Approved origins, third-party cookies blocked): no agent data comes, Streams
   * reloads the iframe every 5 s on the clock, and after 10 reloads fires
   * `onIframeRetriesExhausted` and stops. Default true: the CCP has loaded and signed in.
   */
  readonly ccpLoads?: boolean;
  /**
   * False for a CCP that loads with no session, as at the start of most agents' day: its iframe
   * acknowledges, so Streams never reloads it nor gives up; the worker's authorisation is
   * refused (401), so `onAuthFail` fires once, 1 s after the fake is made, on the clock; and no
   * agent snapshot comes until {@link FakeStreams.signIn}. A control that fires another signal
   * first (`denyAccess`, say) is the verdict instead. Default true.
   */
  readonly signedIn?: boolean;
}

/** When a CCP loaded with no session (`signedIn: false`) fires `onAuthFail`: its load and the refused authorize. */
const SIGNED_OUT_VERDICT_MS = 1000;

/** What {@link FakeStreams.offer} takes. */
export interface FakeContactInit {
  readonly contactId: string;
  readonly type?: FakeContactType;
  /** The first state. Voice skips `incoming` and starts `connecting`; callbacks start `incoming`. */
  readonly state?: FakeContactState;
  readonly queueId?: string;
  readonly queueName?: string;
  readonly inbound?: boolean;
  readonly phoneNumber?: string;
}

/** A Streams-shaped global plus the controls a test or demo scripts it with. */
export interface FakeStreams {
  /** Give this to the adapter as `streams`: it behaves as the initialised `connect` global. */
  readonly connect: StreamsConnect & {
    readonly AgentEvents: Readonly<Record<string, string>>;
    readonly ContactEvents: Readonly<Record<string, string>>;
    readonly AgentStateType: Readonly<Record<string, string>>;
  };
  /** Every `agent.setState` the fake received, in order. */
  readonly setStateCalls: readonly StreamsAgentStateDefinition[];
  /** Every `updateMonitorParticipantState` call, as `{ contactId, mode }`. */
  readonly monitorCalls: readonly { readonly contactId: string; readonly mode: string }[];
  /** Publishes a snapshot: applies an accepted `setState` and fires the events Streams would. */
  refresh(): void;
  /** The agent picks a status in the CCP itself. */
  choose(statusName: string): void;
  /** Connect's clock is now this far ahead of the page's (the page's clock was set, say): see {@link FakeStreamsOptions.skewMs}. */
  setSkew(ms: number): void;
  /** Puts the agent in an error state such as `MissedCallAgent` (null ARN), or clears it. */
  setError(name: string | null): void;
  /** A new contact for the agent. */
  offer(init: FakeContactInit): void;
  /** Moves a contact to another state (`connected`, `ended` for after-contact work, `missed`...). */
  setContactState(contactId: string, state: FakeContactState): void;
  /** Puts the customer on hold, or takes them off it. */
  hold(contactId: string, onHold: boolean): void;
  /** Clears a contact from the agent's list: Streams fires `destroyed`. */
  clear(contactId: string): void;
  /**
   * What `MonitorContact` does to the supervisor's CCP: a contact on a monitoring connection.
   * `capabilities` are the request's `AllowedMonitorCapabilities` (default both, as the real-time
   * metrics page gives a supervisor who may barge): a mode outside them is refused.
   */
  startMonitoring(contactId: string, mode?: FakeMonitorMode, capabilities?: readonly FakeMonitorMode[]): void;
  /**
   * The id of a contact's agent connection: on a monitoring contact, the supervisor's monitoring
   * connection, which the barged agent's CCP shows under the same id.
   */
  connectionIdOf(contactId: string): string;
  /**
   * A supervisor on one of this agent's contacts, as the agent's CCP shows them: `barge` adds (or
   * moves) a connection of type `monitoring` in state `barge`; `disconnected` shows it left;
   * null takes it out of the snapshot, as Streams does when the supervisor goes back to silent
   * monitoring (or leaves without a trace). `connectionId` is the supervisor CCP's
   * {@link connectionIdOf}; `agentArn` the endpoint's ARN, where a test has Streams give one.
   */
  supervise(contactId: string, state: 'barge' | 'disconnected' | null, connectionId?: string, agentArn?: string): void;
  /**
   * Someone other than this CCP's user hangs up: the customer, or on a monitoring contact the
   * monitored agent. Their connection shows `disconnected` and the contact goes on for the rest,
   * as it does for a barged supervisor and the one participant left.
   */
  hangUp(contactId: string, who: 'customer' | 'agent'): void;
  /**
   * The next `setState` fails with this message (`putAgentState` rejected, say), or with Streams'
   * own error object for a call Connect refused: `{ type: 'ThrottlingException', message: 'Rate
   * exceeded', statusCode: 429 }` is a throttle, which carries no Retry-After.
   */
  failNextSetState(message: string | StreamsCallError): void;
  /**
   * The CCP stops calling back (its iframe reloading, its port wedged): `setState`,
   * `updateMonitorParticipantState` and `destroy` still take effect, but their `success` and
   * `failure` callbacks are held. The function returned delivers them, in order, and answers again.
   */
  stopAnswering(): () => void;
  /**
   * The next `setState`, `updateMonitorParticipantState` or `destroy` throws instead of calling
   * back, as Streams does before it sends anything: `StateError` as when the CCP is not
   * initialised (`connect.core.getClient()`), `ValueError` as for an argument it refuses
   * (`assertNotNull`). It takes no effect.
   */
  throwNext(kind: 'StateError' | 'ValueError'): void;
  /** The CCP session expired: fires `onAuthFail`, and no snapshot comes until {@link signIn}. */
  expireSession(): void;
  /**
   * The user signed in but lacks the CCP permission: fires `onAccessDenied`, and no snapshot
   * comes until {@link signIn}.
   */
  denyAccess(): void;
  /**
   * Streams gave up authorising: `authorize` fires `onAuthorizeRetriesExhausted` (the agent
   * authorisation failed again and again), `cti` fires `onCTIAuthorizeRetriesExhausted` (agent
   * and contact calls kept failing with 401). No snapshot comes until {@link signIn}.
   */
  exhaustAuthorizeRetries(kind: 'authorize' | 'cti'): void;
  /**
   * The user signed in again (the CCP's login window): fires `onAuthorizeSuccess`, then the
   * agent's snapshots flow again, the first at once (with `connect.agent`'s init if the CCP had
   * never shown the agent).
   */
  signIn(): void;
  /** The CCP's WebSocket could not be set up: fires `connect.onWebsocketInitFailure`, now and for later subscribers. */
  failWebSocketInit(): void;
  /**
   * The page's network drops, as Streams shows it: the CCP's WebSocket closes (the bus carries
   * `agent::websocket_connection_lost` with the close's details, code 1006), its agent polls fail,
   * so no snapshot and no contact event comes, and calls fail with the AWS client's
   * `NetworkingError`. What changes meanwhile shows in the first snapshot after
   * {@link restoreNetwork}; a contact that came and went meanwhile never shows. With
   * `webSocketOnly` (a proxy closing the socket) only the socket closes and snapshots go on.
   */
  dropNetwork(options?: { webSocketOnly?: boolean }): void;
  /**
   * The network is back: the WebSocket opens again (`agent::websocket_connection_gained`, no
   * payload), then the agent poll's next snapshot lands. With `snapshot: false` the snapshot
   * waits for a {@link refresh} (a long poll Connect holds until something changes).
   */
  restoreNetwork(options?: { snapshot?: boolean }): void;
  /** Subscriptions currently held on the bus, for leak checks. */
  readonly subscriptionCount: number;
}

interface ContactData {
  contactId: string;
  type: FakeContactType;
  state: { type: FakeContactState; timestamp: Date };
  queue: { queueId: string; queueARN: string; name: string } | null;
  queueTimestamp: Date;
  inbound: boolean;
  phoneNumber: string | undefined;
  customer: { type: string; timestamp: Date };
  agentType: 'agent' | 'monitoring';
  agent: { type: string; timestamp: Date };
  monitorStatus: FakeMonitorMode | null;
  monitorCapabilities: FakeMonitorMode[] | undefined;
  connectionId: string;
  supervisor: { connectionId: string; state: { type: string; timestamp: Date }; arn: string | undefined } | null;
  /** On a monitoring contact, the monitored agent's connection, as the supervisor's CCP shows it. */
  monitored: { type: string; timestamp: Date } | null;
}

/** A Streams monitoring mode (`connect.MonitoringMode`'s values). */
export type FakeMonitorMode = 'SILENT_MONITOR' | 'BARGE';


const DEFAULT_STATUSES: readonly FakeAgentStatus[] = [
  { id: '11111111-0000-0000-0000-000000000001', name: 'Available', type: 'routable' },
  { id: '11111111-0000-0000-0000-000000000002', name: 'Break', type: 'not_routable' },
  { id: '11111111-0000-0000-0000-000000000003', name: 'Lunch', type: 'not_routable' },
  { id: '11111111-0000-0000-0000-000000000004', name: 'Training', type: 'not_routable' },
  { id: '11111111-0000-0000-0000-000000000005', name: 'Meeting', type: 'not_routable' },
  { id: '11111111-0000-0000-0000-000000000006', name: 'Offline', type: 'offline' },
];

const AGENT_EVENTS = ['init', 'update', 'refresh', 'routable', 'not_routable', 'pending', 'contact_pending', 'offline', 'error', 'softphone_error', 'websocket_connection_lost', 'websocket_connection_gained', 'state_change', 'acw', 'mute_toggle', 'local_media_stream_created', 'enqueued_next_state', 'cleared_next_state', 'fetch_agent_data_from_ccp'];
const CONTACT_EVENTS = ['init', 'refresh', 'destroyed', 'incoming', 'pending', 'connecting', 'connected', 'missed', 'acw', 'view', 'ended', 'error', 'accepted', 'invalid_state_transition', 'screen_sharing_started', 'screen_sharing_stopped', 'screen_sharing_error'];

/** As Streams' `makeNamespacedEnum`: keys upper case, values `<prefix>::<name>`. */
function namespaced(prefix: string, names: readonly string[]): Readonly<Record<string, string>> {
  return Object.freeze(Object.fromEntries(names.map((n) => [n.toUpperCase(), `${prefix}::${n}`])));
}

const ACTIVE = new Set(['incoming', 'pending', 'connecting', 'connected', 'paused']);
/** Connection states Streams' `connection.isActive()` counts. */
const ACTIVE_CONNECTION = new Set(['connecting', 'connected', 'hold', 'silent_monitor', 'barge']);

/** Streams' `contact.hasTwoActiveParticipants()`: exactly two active connections. */
const twoActive = (c: ContactData): boolean =>
  [c.customer, c.agent, c.monitored, c.supervisor?.state].filter((x) => x != null && ACTIVE_CONNECTION.has(x.type)).length === 2;

/**
 * A fake of the Amazon Connect Streams surface the adapter uses, faithful where it matters: the
 * event bus carries the runtime names with their `agent::`/`contact::` prefixes, events are
 * derived by diffing one published snapshot against the last (so a state that comes and goes
 * between two snapshots is never seen), busy states are type `system` with a null ARN, and an
 * accepted `setState` shows only in a later snapshot. Reading a destroyed contact throws, as
 * Streams does.
 *
 * @example
 * ```ts
 * const fake = createFakeStreams({ userId: 'u-1', name: 'Dana Lee' });
 * const adapter = createAmazonConnectAdapter({ instanceId: 'i-1', streams: fake.connect });
 * await adapter.connect(sink);
 * fake.offer({ contactId: 'c-1', type: 'voice', queueId: 'q-support' }); // connecting
 * fake.setContactState('c-1', 'connected');                            // Busy, system type
 * fake.hold('c-1', true);
 * fake.setContactState('c-1', 'ended');                                // after-contact work
 * fake.clear('c-1');                                                   // destroyed
 * ```
 */
export function createFakeStreams(options: FakeStreamsOptions = {}): FakeStreams {
  const clock = options.clock ?? systemClock;
  const userId = options.userId ?? 'agent-self';
  const instanceArn = options.instanceArn ?? 'arn:aws:connect:us-west-2:123456789012:instance/aaaaaaaa-bbbb-cccc-dddd-111111111111';
  const statuses = options.statuses ?? DEFAULT_STATUSES;
  const arnOf = (s: FakeAgentStatus): string => `${instanceArn}/agent-state/${s.id}`;
  const defs: StreamsAgentStateDefinition[] = statuses.map((s) => ({ agentStateARN: arnOf(s), name: s.name, type: s.type }));
  let skew = options.skewMs ?? 0;
  const now = (): Date => new Date(clock.now() + skew);
  const AgentEvents = namespaced('agent', AGENT_EVENTS);
  const ContactEvents = namespaced('contact', CONTACT_EVENTS);

  const bus = new Map<string, Set<(data: unknown) => void>>();
  const subscribe = (name: string, callback: (data: unknown) => void): StreamsSubscription => {
    let set = bus.get(name);
    if (set === undefined) bus.set(name, (set = new Set()));
    const own = (data: unknown): void => callback(data);
    set.add(own);
    return {
      unsubscribe: () => {
        bus.get(name)?.delete(own);
      },
    };
  };
  const fire = (name: string, data: unknown): void => {
    for (const f of [...(bus.get(name) ?? [])]) f(data);
  };

  const first = statuses.find((s) => s.name === (options.initialStatus ?? 'Available')) ?? (statuses[0] as FakeAgentStatus);
  // What the agent chose, and the error state if any; published state is derived from these.
  let chosen = { status: first, since: now() };
  let error: { name: string; since: Date } | null = null;
  let accepted: FakeAgentStatus | null = null;
  /** A status set with `enqueueNextState` while on contacts: Connect applies it once they are cleared. */
  let next: FakeAgentStatus | null = null;
  let failNext: string | StreamsCallError | null = null;
  let throwNext: 'StateError' | 'ValueError' | null = null;
  /** The page's network is down: the worker's agent polls and calls fail. */
  let offline = false;
  /** Streams' AWS client's error for a request that never reached Connect, as `_formatCallError` shapes it. */
  const NETWORK_FAILURE: StreamsCallError = { type: 'NetworkingError', message: 'Network Failure' };
  /** Throws as Streams' `StateError` / `ValueError` do (an `Error` named so), once. */
  const throwing = (): void => {
    const kind = throwNext;
    throwNext = null;
    if (kind === null) return;
    const err = new Error(kind === 'StateError' ? 'The connect core has not been initialized!' : 'state must be provided');
    err.name = kind;
    throw err;
  };
  /** The callbacks held while the CCP does not answer; null while it does. */
  let held: (() => void)[] | null = null;
  const answering = (cb: StreamsCallbacks | undefined): StreamsCallbacks => ({
    success: (data) => (held === null ? cb?.success?.(data) : void held.push(() => cb?.success?.(data))),
    failure: (e) => (held === null ? cb?.failure?.(e) : void held.push(() => cb?.failure?.(e))),
  });
  const contacts = new Map<string, ContactData>();
  const setStateCalls: StreamsAgentStateDefinition[] = [];
  const monitorCalls: { contactId: string; mode: string }[] = [];
  let connections = 0;
  const newConnectionId = (): string => `conn-${userId}-${++connections}`;

  // The last published snapshot: what every getter reads.
  let published: { state: StreamsAgentState; contacts: Map<string, ContactData> } | null = null;
  let systemSince = now();
  let lastSystem = '';

  const derive = (): StreamsAgentState => {
    if (error !== null) return { agentStateARN: null, name: error.name, type: 'error', startTimestamp: error.since };
    const mine = [...contacts.values()].filter((c) => c.agentType === 'agent');
    const name = mine.some((c) => c.state.type === 'connected' || c.state.type === 'paused')
      ? 'Busy'
      : mine.some((c) => c.state.type === 'ended')
        ? 'AfterCallWork'
        : mine.some((c) => ACTIVE.has(c.state.type))
          ? 'PendingBusy'
          : '';
    if (name === '') {
      lastSystem = '';
      return { agentStateARN: arnOf(chosen.status), name: chosen.status.name, type: chosen.status.type, startTimestamp: chosen.since };
    }
    if (name !== lastSystem) systemSince = now();
    lastSystem = name;
    return { agentStateARN: null, name, type: 'system', startTimestamp: systemSince };
  };

  const read = (contactId: string): ContactData => {
    const c = published?.contacts.get(contactId);
    if (c === undefined) throw new Error(`StateError: Contact ${contactId} no longer exists.`);
    return c;
  };

  /** A barging supervisor's connection on the agent's contact, as the agent's CCP shows it. */
  const supervisorConnection = (contactId: string): StreamsConnection => {
    const sup = () => read(contactId).supervisor as NonNullable<ContactData['supervisor']>;
    return {
      get connectionId() {
        return sup().connectionId;
      },
      getType: () => 'monitoring',
      getState: () => ({ ...sup().state }),
      isOnHold: () => false,
      getEndpoint: () => ({ type: 'agent', ...(sup().arn === undefined ? {} : { endpointARN: sup().arn }) }),
      getMonitorStatus: () => (sup().state.type === 'barge' ? 'BARGE' : null),
      destroy: (cb?: StreamsCallbacks) => queueMicrotask(() => answering(cb).failure?.('AccessDeniedException')),
    };
  };

  /** The monitored agent's connection on the supervisor's monitoring contact. */
  const monitoredConnection = (contactId: string): StreamsConnection => {
    const mon = () => read(contactId).monitored as NonNullable<ContactData['monitored']>;
    return {
      connectionId: `${contactId}-agent`,
      getType: () => 'agent',
      getState: () => ({ ...mon() }),
      isOnHold: () => mon().type === 'hold',
      getEndpoint: () => ({ type: 'agent' }),
      getMonitorStatus: () => null,
      destroy: (cb?: StreamsCallbacks) => queueMicrotask(() => answering(cb).failure?.('AccessDeniedException')),
    };
  };

  const connection = (contactId: string, which: 'customer' | 'agent'): StreamsConnection => ({
    get connectionId() {
      return which === 'agent' ? read(contactId).connectionId : `${contactId}-customer`;
    },
    getType: () => {
      const c = read(contactId);
      return which === 'agent' ? c.agentType : c.inbound ? 'inbound' : 'outbound';
    },
    getState: () => {
      const c = read(contactId);
      return which === 'agent' ? { ...c.agent } : { ...c.customer };
    },
    isOnHold: () => (which === 'agent' ? read(contactId).agent : read(contactId).customer).type === 'hold',
    getEndpoint: () => ({ phoneNumber: read(contactId).phoneNumber, type: 'phone_number' }),
    getMonitorStatus: () => read(contactId).monitorStatus,
    getMonitorCapabilities: () => read(contactId).monitorCapabilities,
    destroy: (callbacks?: StreamsCallbacks) => {
      throwing();
      const cb = answering(callbacks);
      const c = contacts.get(contactId);
      if (c === undefined) {
        queueMicrotask(() => cb?.failure?.('Contact no longer exists'));
        return;
      }
      queueMicrotask(() => {
        cb?.success?.();
        if (which === 'agent' && c.agentType === 'monitoring') contacts.delete(contactId);
        else c.state = { type: 'ended', timestamp: now() };
        refresh();
      });
    },
  });

  const contactObject = (contactId: string): StreamsContact => {
    const on = (event: string) => (callback: (contact: StreamsContact) => void) =>
      subscribe(`${ContactEvents[event.toUpperCase()] as string}::${contactId}`, () => callback(contactObject(contactId)));
    return {
      contactId,
      getType: () => read(contactId).type,
      getState: () => ({ ...read(contactId).state }),
      getQueue: () => read(contactId).queue,
      getQueueTimestamp: () => read(contactId).queueTimestamp,
      isInbound: () => read(contactId).inbound,
      getInitialConnection: () => connection(contactId, 'customer'),
      getAgentConnection: () => connection(contactId, 'agent'),
      // Our own agent (or monitoring) connection comes before the monitored agent's, so that
      // Streams' getAgentConnection(), the first of type agent or monitoring, finds it.
      getConnections: () => [
        connection(contactId, 'customer'),
        connection(contactId, 'agent'),
        ...(read(contactId).monitored === null ? [] : [monitoredConnection(contactId)]),
        ...(read(contactId).supervisor === null ? [] : [supervisorConnection(contactId)]),
      ],
      hasTwoActiveParticipants: () => twoActive(read(contactId)),
      // As Streams: some non-agent connection active and in barge.
      isUnderSupervision: () => read(contactId).supervisor?.state.type === 'barge',
      onRefresh: on('refresh'),
      onIncoming: on('incoming'),
      onPending: on('pending'),
      onConnecting: on('connecting'),
      onConnected: on('connected'),
      onACW: on('acw'),
      onEnded: on('ended'),
      onMissed: on('missed'),
      onDestroy: on('destroyed'),
      onError: on('error'),
      updateMonitorParticipantState: (mode: string, callbacks?: StreamsCallbacks) => {
        throwing();
        const cb = answering(callbacks);
        monitorCalls.push({ contactId, mode });
        const c = contacts.get(contactId);
        queueMicrotask(() => {
          if (offline) return cb?.failure?.(NETWORK_FAILURE);
          if (c === undefined || c.agentType !== 'monitoring' || (mode !== 'BARGE' && mode !== 'SILENT_MONITOR')) {
            cb?.failure?.('invalid_target_state');
            return;
          }
          // Connect refuses a mode MonitorContact did not allow (AllowedMonitorCapabilities).
          if (c.monitorCapabilities?.includes(mode) !== true) {
            cb?.failure?.(`${mode} is not an allowed monitor capability of this contact`);
            return;
          }
          // Enhanced monitoring: a barged supervisor who is one of two left cannot listen again.
          if (mode === 'SILENT_MONITOR' && c.agent.type === 'barge' && twoActive(c)) {
            cb?.failure?.('invalid_target_state');
            return;
          }
          c.monitorStatus = mode;
          c.agent = { type: mode === 'BARGE' ? 'barge' : 'silent_monitor', timestamp: now() };
          cb?.success?.();
          refresh();
        });
      },
    };
  };

  const agent: StreamsAgent = {
    getState: () => ({ ...(published?.state ?? derive()) }),
    // As Streams: the page's now, less the state's start on Connect's clock, plus the skew.
    getStateDuration: () => clock.now() - ((published?.state ?? derive()).startTimestamp?.getTime() ?? clock.now() + skew) + skew,
    // The raw snapshot's shape: the name and `timeStamp` only, whatever Streams' typings declare.
    getAvailabilityState: () => ({ state: chosen.status.name, timeStamp: chosen.since }),
    getAgentStates: () => defs.map((d) => ({ ...d })),
    getAgentARN: () => `${instanceArn}/agent/${userId}`,
    getName: () => options.name ?? userId,
    getContacts: () => [...(published?.contacts.keys() ?? [])].map(contactObject),
    setState: (def, callbacks, opts) => {
      throwing();
      const cb = answering(callbacks);
      setStateCalls.push(def);
      const status = statuses.find((s) => arnOf(s) === def?.agentStateARN);
      const mine = [...contacts.values()].filter((c) => c.agentType === 'agent');
      // Streams sets a status "only if the agent is not handling a live contact"; on one, only as
      // the next status (`enqueueNextState`). What Connect answers otherwise is not documented.
      const live = mine.some((c) => ACTIVE.has(c.state.type)) && opts?.enqueueNextState !== true;
      const failure = failNext ?? (offline ? NETWORK_FAILURE : status === undefined ? 'putAgentState: InvalidStateException' : live ? 'putAgentState: the agent is handling a live contact' : null);
      failNext = null;
      queueMicrotask(() => {
        if (failure !== null) return cb?.failure?.(failure);
        if (opts?.enqueueNextState === true && mine.length > 0) {
          next = status as FakeAgentStatus;
          return cb?.success?.();
        }
        // Accepted: the worker shows it in a later snapshot, never at once.
        accepted = status as FakeAgentStatus;
        cb?.success?.();
        if (options.confirmAfterMs !== undefined) clock.setTimeout(refresh, options.confirmAfterMs);
      });
    },
    onRefresh: (callback) => subscribe(AgentEvents.REFRESH as string, () => callback(agent)),
  };

  /** Streams' transition rules for contact events (STR-CORE's contact event graph). */
  const contactEvents = (before: FakeContactState | undefined, after: FakeContactState): string[] => {
    if (before === after) return [];
    const names: string[] = [];
    if (before === undefined) names.push('init');
    if (after === 'incoming' || after === 'pending' || after === 'connecting' || after === 'connected') names.push(after);
    if ((before === 'connecting' || before === 'incoming') && (after === 'error' || after === 'missed' || after === 'rejected')) names.push('missed');
    if (after === 'ended') names.push('acw');
    if (before !== undefined && ACTIVE.has(before) && !ACTIVE.has(after)) names.push('ended');
    if (after === 'error') names.push('error');
    return names;
  };

  const refresh = (): void => {
    if (accepted !== null) {
      chosen = { status: accepted, since: now() };
      accepted = null;
    }
    if (next !== null && ![...contacts.values()].some((c) => c.agentType === 'agent')) {
      chosen = { status: next, since: now() };
      next = null;
    }
    // Signed out, a CCP not loaded, or no network: the shared worker gets no snapshot to publish.
    if (!signedIn || offline) return;
    const previous = published;
    const state = derive();
    const snapshot = new Map([...contacts].map(([id, c]) => [id, structuredClone(c)]));
    published = { state, contacts: snapshot };
    if (previous === null) fire(AgentEvents.INIT as string, agent);
    if (previous === null || previous.state.name !== state.name) {
      fire(AgentEvents.STATE_CHANGE as string, { agent, oldState: previous?.state.name ?? 'Init', newState: state.name });
    }
    for (const [id, c] of snapshot) {
      const before = previous?.contacts.get(id)?.state.type;
      const events = contactEvents(before, c.state.type);
      if (events[0] === 'init') fire(ContactEvents.INIT as string, contactObject(id));
      for (const e of events) if (e !== 'init') fire(`${ContactEvents[e.toUpperCase()] as string}::${id}`, { contactId: id });
      fire(`${ContactEvents.REFRESH as string}::${id}`, { contactId: id });
    }
    for (const [id, c] of previous?.contacts ?? []) {
      if (snapshot.has(id)) continue;
      // Since 2.28.1 a contact that vanishes while active gets `ended` before `destroyed`.
      if (ACTIVE.has(c.state.type)) fire(`${ContactEvents.ENDED as string}::${id}`, { contactId: id });
      fire(`${ContactEvents.DESTROYED as string}::${id}`, { contactId: id });
      // Streams drops a contact's subscriptions once it is gone.
      for (const name of [...bus.keys()]) if (name.endsWith(`::${id}`)) bus.delete(name);
    }
    fire(AgentEvents.REFRESH as string, agent);
  };

  let signedIn = options.ccpLoads !== false && options.signedIn !== false;
  let webSocketInitFailed = false;
  let opened = clock.now();
  /** The pending `onAuthFail` of a CCP loaded with no session; null once told. */
  let verdict: unknown = null;
  /** Fires a `connect.EventType` signal and stops the snapshots. */
  const signOut = (signal: string): void => {
    signedIn = false;
    if (verdict !== null) clock.clearTimeout(verdict);
    verdict = null;
    fire(signal, undefined);
  };
  if (options.ccpLoads !== false && !signedIn) {
    // Acknowledged, so no reloads: Streams' AUTH_FAIL handler only pops the login window.
    verdict = clock.setTimeout(() => signOut('auth_fail'), SIGNED_OUT_VERDICT_MS);
  }
  if (options.ccpLoads === false) {
    // Streams' _refreshIframeOnTimeout: a reload every CCP_IFRAME_REFRESH_INTERVAL while no ACK,
    // then IFRAME_RETRIES_EXHAUSTED once CCP_IFRAME_REFRESH_LIMIT reloads went unanswered.
    let reloads = 0;
    const tick = (): void => {
      if (signedIn) return;
      if (reloads++ < 10) clock.setTimeout(tick, 5000);
      else fire('iframe_retries_exhausted', undefined);
    };
    clock.setTimeout(tick, 5000);
  }
  const contact = (id: string): ContactData => {
    const c = contacts.get(id);
    if (c === undefined) throw new Error(`fake streams: no contact ${id}`);
    return c;
  };

  const connectGlobal = {
    agent: (callback: (a: StreamsAgent) => void): StreamsSubscription => {
      if (published !== null) callback(agent);
      return subscribe(AgentEvents.INIT as string, () => callback(agent));
    },
    // As Streams: only contacts first seen after this call arrive here. Contacts already there
    // are not replayed (GH#853); read them from agent.getContacts().
    contact: (callback: (c: StreamsContact) => void): StreamsSubscription => subscribe(ContactEvents.INIT as string, (data) => callback(data as StreamsContact)),
    // As Streams: each is a subscription on the bus under its `connect.EventType` name.
    core: {
      getEventBus: () => ({ subscribe }),
      onAuthFail: (callback: () => void): StreamsSubscription => subscribe('auth_fail', callback),
      onAccessDenied: (callback: () => void): StreamsSubscription => subscribe('access_denied', callback),
      onAuthorizeSuccess: (callback: () => void): StreamsSubscription => subscribe('authorize_success', callback),
      onIframeRetriesExhausted: (callback: () => void): StreamsSubscription => subscribe('iframe_retries_exhausted', callback),
      onAuthorizeRetriesExhausted: (callback: () => void): StreamsSubscription => subscribe('authorize_retries_exhausted', callback),
      onCTIAuthorizeRetriesExhausted: (callback: () => void): StreamsSubscription => subscribe('cti_authorize_retries_exhausted', callback),
    },
    onWebsocketInitFailure: (callback: () => void): StreamsSubscription => {
      const sub = subscribe('webSocket::init_failure', callback);
      if (webSocketInitFailed) callback();
      return sub;
    },
    AgentEvents,
    ContactEvents,
    AgentStateType: Object.freeze({ INIT: 'init', ROUTABLE: 'routable', NOT_ROUTABLE: 'not_routable', OFFLINE: 'offline', SYSTEM: 'system', ERROR: 'error' }),
  };

  // Streams is "initialised" from the start: the host ran initCCP and the first snapshot landed.
  if (signedIn) published = { state: derive(), contacts: new Map() };

  return {
    connect: connectGlobal as unknown as FakeStreams['connect'],
    setStateCalls,
    monitorCalls,
    refresh,
    setSkew(ms) {
      skew = ms;
    },
    choose(statusName) {
      const status = statuses.find((s) => s.name === statusName);
      if (status === undefined) throw new Error(`fake streams: no status ${statusName}`);
      chosen = { status, since: now() };
      refresh();
    },
    setError(name) {
      error = name === null ? null : { name, since: now() };
      refresh();
    },
    offer(init) {
      const type = init.type ?? 'voice';
      const at = now();
      contacts.set(init.contactId, {
        contactId: init.contactId,
        type,
        state: { type: init.state ?? (type === 'queue_callback' ? 'incoming' : 'connecting'), timestamp: at },
        queue: init.queueId === undefined ? null : { queueId: init.queueId, queueARN: `${instanceArn}/queue/${init.queueId}`, name: init.queueName ?? init.queueId },
        queueTimestamp: at,
        inbound: init.inbound ?? type !== 'queue_callback',
        phoneNumber: init.phoneNumber,
        customer: { type: 'connecting', timestamp: at },
        agentType: 'agent',
        agent: { type: 'connecting', timestamp: at },
        monitorStatus: null,
        monitorCapabilities: undefined,
        connectionId: newConnectionId(),
        supervisor: null,
        monitored: null,
      });
      refresh();
    },
    setContactState(contactId, state) {
      const c = contact(contactId);
      const at = now();
      c.state = { type: state, timestamp: at };
      const conn = state === 'connected' ? 'connected' : ACTIVE.has(state) ? 'connecting' : 'disconnected';
      c.customer = { type: conn, timestamp: at };
      c.agent = { type: conn, timestamp: at };
      if (c.monitored !== null) c.monitored = { type: conn, timestamp: at };
      refresh();
    },
    hold(contactId, onHold) {
      const c = contact(contactId);
      c.customer = { type: onHold ? 'hold' : 'connected', timestamp: now() };
      refresh();
    },
    clear(contactId) {
      contacts.delete(contactId);
      refresh();
    },
    startMonitoring(contactId, mode = 'SILENT_MONITOR', capabilities = ['SILENT_MONITOR', 'BARGE']) {
      const at = now();
      contacts.set(contactId, {
        contactId,
        type: 'voice',
        state: { type: 'connected', timestamp: at },
        queue: null,
        queueTimestamp: at,
        inbound: true,
        phoneNumber: undefined,
        customer: { type: 'connected', timestamp: at },
        agentType: 'monitoring',
        agent: { type: mode === 'BARGE' ? 'barge' : 'silent_monitor', timestamp: at },
        monitorStatus: mode,
        monitorCapabilities: [...capabilities],
        connectionId: newConnectionId(),
        supervisor: null,
        monitored: { type: 'connected', timestamp: at },
      });
      refresh();
    },
    connectionIdOf: (contactId) => contact(contactId).connectionId,
    supervise(contactId, state, connectionId, agentArn) {
      const c = contact(contactId);
      c.supervisor = state === null ? null : { connectionId: connectionId ?? c.supervisor?.connectionId ?? newConnectionId(), state: { type: state, timestamp: now() }, arn: agentArn };
      refresh();
    },
    hangUp(contactId, who) {
      const c = contact(contactId);
      const gone = { type: 'disconnected', timestamp: now() };
      if (who === 'customer') c.customer = gone;
      else if (c.monitored !== null) c.monitored = gone;
      else throw new Error(`fake streams: ${contactId} is this agent's own contact; end it with setContactState`);
      refresh();
    },
    failNextSetState(message) {
      failNext = message;
    },
    stopAnswering() {
      held ??= [];
      return () => {
        const due = held ?? [];
        held = null;
        for (const f of due) f();
      };
    },
    throwNext(kind) {
      throwNext = kind;
    },
    expireSession() {
      signOut('auth_fail');
    },
    denyAccess() {
      signOut('access_denied');
    },
    exhaustAuthorizeRetries(kind) {
      signOut(kind === 'cti' ? 'cti_authorize_retries_exhausted' : 'authorize_retries_exhausted');
    },
    signIn() {
      if (verdict !== null) clock.clearTimeout(verdict);
      verdict = null;
      signedIn = true;
      fire('authorize_success', undefined);
      refresh();
    },
    failWebSocketInit() {
      webSocketInitFailed = true;
      fire('webSocket::init_failure', undefined);
    },
    dropNetwork(opts) {
      const at = clock.now();
      offline = opts?.webSocketOnly !== true;
      // Streams' WebSocket manager's close details; the socket opened when the fake was made.
      fire(AgentEvents.WEBSOCKET_CONNECTION_LOST as string, { openTimestamp: opened, closeTimestamp: at, connectionDuration: at - opened, code: 1006, reason: '' });
    },
    restoreNetwork(opts) {
      offline = false;
      opened = clock.now();
      fire(AgentEvents.WEBSOCKET_CONNECTION_GAINED as string, undefined);
      if (opts?.snapshot !== false) refresh();
    },
    get subscriptionCount() {
      let n = 0;
      for (const set of bus.values()) n += set.size;
      return n;
    },
  };
}
