import { http, HttpResponse, type HttpHandler } from 'msw';
import { systemClock, type Clock } from '@floorwalk/core';
import type { AmazonConnectQueue, AmazonConnectTeam } from '../adapter.js';
import type {
  AgentEventRecord,
  AgentEventSnapshot,
  AgentEventType,
  AgentStatusSummary,
  ConnectContactState,
  GetCurrentMetricDataRequest,
  GetCurrentUserDataRequest,
  MonitorContactRequest,
  UserData,
} from '../wire.js';

/** A user of the mock instance. */
export interface MockConnectUser {
  readonly id: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly hierarchyGroupId: string;
  readonly routingProfileId: string;
  readonly queueIds: readonly string[];
  signedIn: boolean;
  status: { id: string; name: string; since: number };
  /** A status set while the user had contacts (PutUserStatus): applied when the last one clears. */
  nextStatus?: { id: string; name: string; since: number };
  contacts: MockConnectContact[];
}

/** A contact on a mock user. */
export interface MockConnectContact {
  readonly id: string;
  readonly channel: 'VOICE' | 'CHAT' | 'TASK' | 'EMAIL';
  readonly initiationMethod: string;
  readonly queueId: string;
  state: ConnectContactState;
  stateSince: number;
  connectedAt?: number;
  queuedAt: number;
}

/** A step of a scripted scenario; `afterMs` delays it on the mock's clock from `play`. */
export type MockConnectStep = { readonly afterMs?: number } & (
  | { readonly kind: 'status'; readonly userId: string; readonly status: string }
  | { readonly kind: 'offer'; readonly userId: string; readonly contactId: string; readonly channel?: MockConnectContact['channel']; readonly queueId?: string }
  | { readonly kind: 'contact-state'; readonly userId: string; readonly contactId: string; readonly state: ConnectContactState }
  | { readonly kind: 'clear'; readonly userId: string; readonly contactId: string }
  | { readonly kind: 'sign-out'; readonly userId: string }
  | { readonly kind: 'sign-in'; readonly userId: string }
  | { readonly kind: 'queue'; readonly queueId: string; readonly waiting: number; readonly oldestAgeSeconds: number }
);

/** Options of {@link createConnectBackendMock}. */
export interface ConnectBackendMockOptions {
  /** Where the handlers answer: the `baseUrl` given to `createAmazonConnectHttpBackend`. */
  readonly baseUrl: string;
  readonly instanceId?: string;
  /** How many users to create (`user-1` … `user-N`, 25 per hierarchy group). Defaults to 30. */
  readonly users?: number;
  /** Queues. Defaults to Sales, Support and Billing. */
  readonly queues?: readonly AmazonConnectQueue[];
  readonly statuses?: readonly AgentStatusSummary[];
  /** Request times and timestamps come from here. Defaults to the wall clock. */
  readonly clock?: Clock;
  /**
   * Answer with 429 ThrottlingException whenever a caller exceeds Connect's documented default
   * rates (GetCurrentUserData 2/s burst 5, GetCurrentMetricData 5/s burst 8, others 2/s burst 5).
   * Defaults to true.
   */
  readonly enforceRates?: boolean;
  /** Called when MonitorContact is accepted, e.g. to start monitoring in a fake Streams. */
  readonly onMonitor?: (request: MonitorContactRequest) => void;
}

/** One request the mock answered. */
export interface MockConnectRequest {
  readonly operation: 'GetCurrentUserData' | 'GetCurrentMetricData' | 'PutUserStatus' | 'MonitorContact';
  readonly body: Record<string, unknown>;
  /** On the mock's clock. */
  readonly at: number;
  readonly status: number;
}

/** An in-memory Amazon Connect instance behind msw handlers for the host-backend endpoints. */
export interface ConnectBackendMock {
  /** Register with `setupServer(...mock.handlers)` or `setupWorker(...mock.handlers)`. */
  readonly handlers: readonly HttpHandler[];
  readonly instanceId: string;
  readonly instanceArn: string;
  readonly users: ReadonlyMap<string, MockConnectUser>;
  readonly statuses: readonly AgentStatusSummary[];
  /** One team per hierarchy group, ready for the adapter's `teams` option. */
  readonly teams: readonly AmazonConnectTeam[];
  readonly queues: readonly AmazonConnectQueue[];
  /** Display names by user id, for the adapter's `agentNames` option. */
  readonly names: Readonly<Record<string, string>>;
  /** Every request answered, in order. */
  readonly requests: readonly MockConnectRequest[];
  /** Applies one scenario step now. */
  apply(step: MockConnectStep): void;
  /** Applies steps in order, each `afterMs` after the previous one, on the mock's clock. */
  play(steps: readonly MockConnectStep[]): void;
  /**
   * The next `count` requests answer 429 ThrottlingException, with Retry-After if given; with
   * `operation` (`'PutUserStatus'`), only that operation's, so a poll that happens to come due
   * first does not take the throttle meant for a command.
   */
  throttle(count: number, retryAfterSeconds?: number, operation?: MockConnectRequest['operation']): void;
  /**
   * As {@link throttle}, with `Retry-After` as the HTTP-date `until` (IMF-fixdate), the form a
   * proxy in front of Connect may send.
   */
  throttleUntil(count: number, until: Date, operation?: MockConnectRequest['operation']): void;
  /** The next `count` requests fail with this HTTP status and Connect error type. */
  fail(count: number, status: number, errorType: string): void;
  /** The next GetCurrentUserData answers with this body verbatim (malformed payload tests). */
  corruptNextUserData(body: unknown): void;
  /** An agent event stream record for a user's current state, as the host's Kinesis consumer sees it. */
  agentEvent(userId: string, type: AgentEventType): AgentEventRecord;
}

const DEFAULT_QUEUES: readonly AmazonConnectQueue[] = [
  { id: 'q-sales', name: 'Sales', channels: ['voice'] },
  { id: 'q-support', name: 'Support', channels: ['voice', 'chat'] },
  { id: 'q-billing', name: 'Billing', channels: ['voice', 'task'] },
];

const DEFAULT_STATUSES: readonly AgentStatusSummary[] = [
  { Id: '11111111-0000-0000-0000-000000000001', Name: 'Available', Type: 'ROUTABLE' },
  { Id: '11111111-0000-0000-0000-000000000002', Name: 'Break', Type: 'CUSTOM' },
  { Id: '11111111-0000-0000-0000-000000000003', Name: 'Lunch', Type: 'CUSTOM' },
  { Id: '11111111-0000-0000-0000-000000000004', Name: 'Training', Type: 'CUSTOM' },
  { Id: '11111111-0000-0000-0000-000000000005', Name: 'Meeting', Type: 'CUSTOM' },
  { Id: '11111111-0000-0000-0000-000000000006', Name: 'Offline', Type: 'OFFLINE' },
];

const FIRST = ['Dana', 'Sam', 'Priya', 'Tomás', 'Aiko', 'Lena', 'Kwame', 'Maya', 'Jonas', 'Ines'];
const LAST = ['Lee', 'Okafor', 'Novak', 'García', 'Sato', 'Berg', 'Mensah', 'Cohen', 'Ruiz', 'Kowalski'];
const LIVE = new Set<ConnectContactState>(['INCOMING', 'PENDING', 'CONNECTING', 'CONNECTED', 'CONNECTED_ONHOLD', 'ENDED']);
const RATES = { GetCurrentUserData: [2, 5], GetCurrentMetricData: [5, 8], PutUserStatus: [2, 5], MonitorContact: [2, 5] } as const;

const seconds = (ms: number): number => ms / 1000;
const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

/**
 * A mock of the host's backend for Amazon Connect: msw handlers answering the Connect REST paths
 * (`GetCurrentUserData`, `GetCurrentMetricData`, `PutUserStatus`, `MonitorContact`) with the
 * real JSON shapes, over an in-memory instance you script. It pages as Connect does (MaxResults
 * up to 100, opaque NextToken), rejects what Connect rejects (two filter kinds at once, over 100
 * ids), throttles callers who exceed the documented rates, and builds agent event stream records
 * from the same state, so polling and pushing can be tested against one truth.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * const mock = createConnectBackendMock({ baseUrl: 'https://backend.test/connect', users: 1000 });
 * const server = setupServer(...mock.handlers);
 * server.listen();
 * const adapter = createAmazonConnectAdapter({
 *   instanceId: mock.instanceId,
 *   backend: createAmazonConnectHttpBackend({ baseUrl: 'https://backend.test/connect' }),
 *   teams: mock.teams, queues: mock.queues, agentStatuses: mock.statuses, agentNames: mock.names,
 * });
 * mock.apply({ kind: 'status', userId: 'user-7', status: 'Lunch' });
 * adapter.pushAgentEvents([mock.agentEvent('user-7', 'STATE_CHANGE')]);
 * ```
 */
export function createConnectBackendMock(options: ConnectBackendMockOptions): ConnectBackendMock {
  const clock = options.clock ?? systemClock;
  const base = options.baseUrl.replace(/\/+$/, '');
  const instanceId = options.instanceId ?? 'aaaaaaaa-bbbb-cccc-dddd-111111111111';
  const account = '123456789012';
  const instanceArn = `arn:aws:connect:us-west-2:${account}:instance/${instanceId}`;
  const statuses = options.statuses ?? DEFAULT_STATUSES;
  const queues = options.queues ?? DEFAULT_QUEUES;
  const count = options.users ?? 30;
  const users = new Map<string, MockConnectUser>();
  const names: Record<string, string> = {};
  const statusNamed = (name: string): AgentStatusSummary => {
    const s = statuses.find((x) => x.Name === name);
    if (s === undefined) throw new Error(`connect mock: no status ${name}`);
    return s;
  };
  const available = statusNamed('Available');
  for (let i = 1; i <= count; i++) {
    const id = `user-${i}`;
    const firstName = FIRST[i % FIRST.length] as string;
    const lastName = LAST[Math.floor(i / FIRST.length) % LAST.length] as string;
    const q = queues[i % queues.length] as AmazonConnectQueue;
    users.set(id, {
      id,
      firstName,
      lastName,
      hierarchyGroupId: `group-${Math.ceil(i / 25)}`,
      routingProfileId: `rp-${q.id}`,
      queueIds: [q.id],
      signedIn: true,
      status: { id: available.Id, name: available.Name, since: clock.now() },
      contacts: [],
    });
    names[id] = `${firstName} ${lastName}`;
  }
  const teams: AmazonConnectTeam[] = [];
  for (let g = 1; g <= Math.ceil(count / 25); g++) teams.push({ id: `team-${g}`, name: `Team ${g}`, supervisorIds: [`sup-${g}`], hierarchyGroupId: `group-${g}` });

  const waitingByQueue = new Map<string, { waiting: number; oldestAgeSeconds: number }>();
  const requests: MockConnectRequest[] = [];
  let throttleLeft = 0;
  let throttleRetryAfter: number | string | undefined;
  let throttleOnly: MockConnectRequest['operation'] | undefined;
  let failLeft = 0;
  let failWith = { status: 500, errorType: 'InternalServiceException' };
  let corrupt: { body: unknown } | null = null;
  const buckets = new Map<string, { tokens: number; at: number }>();
  const previous = new Map<string, AgentEventSnapshot>();

  const user = (id: string): MockConnectUser => {
    const u = users.get(id);
    if (u === undefined) throw new Error(`connect mock: no user ${id}`);
    return u;
  };
  const arnOf = (kind: string, id: string): string => `${instanceArn}/${kind}/${id}`;

  const overRate = (operation: keyof typeof RATES): boolean => {
    if (options.enforceRates === false) return false;
    const [rate, burst] = RATES[operation];
    const now = clock.now();
    const b = buckets.get(operation) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * rate);
    b.at = now;
    buckets.set(operation, b);
    if (b.tokens < 1) return true;
    b.tokens -= 1;
    return false;
  };

  const error = (status: number, type: string, message: string, retryAfter?: number | string): Response =>
    HttpResponse.json(
      { message },
      { status, headers: { 'x-amzn-ErrorType': `${type}:http://internal.amazon.com/coral/com.amazonaws.connect/`, ...(retryAfter === undefined ? {} : { 'Retry-After': String(retryAfter) }) } },
    );

  /** The gate every handler passes: scripted failures, then Connect's own throttling. */
  const gate = (operation: MockConnectRequest['operation'], body: Record<string, unknown>): Response | null => {
    const record = (status: number): void => {
      requests.push({ operation, body, at: clock.now(), status });
    };
    if (failLeft > 0) {
      failLeft--;
      record(failWith.status);
      return error(failWith.status, failWith.errorType, 'Scripted failure');
    }
    const throttled = throttleLeft > 0 && (throttleOnly === undefined || throttleOnly === operation);
    if (throttled || overRate(operation)) {
      if (throttled) throttleLeft--;
      record(429);
      return error(429, 'ThrottlingException', 'Rate exceeded', throttleRetryAfter);
    }
    record(200);
    return null;
  };

  const userData = (u: MockConnectUser): UserData => {
    const slots = { VOICE: 1, CHAT: 3, TASK: 1 };
    const active = { VOICE: 0, CHAT: 0, TASK: 0 } as Record<string, number>;
    for (const c of u.contacts) if (c.channel in active) active[c.channel] = (active[c.channel] as number) + 1;
    return {
      User: { Id: u.id, Arn: arnOf('agent', u.id) },
      RoutingProfile: { Id: u.routingProfileId, Arn: arnOf('routing-profile', u.routingProfileId) },
      HierarchyPath: { LevelOne: { Id: u.hierarchyGroupId, Arn: arnOf('agent-group', u.hierarchyGroupId) } },
      Status: { StatusStartTimestamp: seconds(u.status.since), StatusArn: arnOf('agent-state', u.status.id), StatusName: u.status.name },
      AvailableSlotsByChannel: Object.fromEntries(Object.entries(slots).map(([k, v]) => [k, Math.max(0, v - (active[k] ?? 0))])),
      MaxSlotsByChannel: slots,
      ActiveSlotsByChannel: active,
      Contacts: u.contacts.map((c) => ({
        ContactId: c.id,
        Channel: c.channel,
        InitiationMethod: c.initiationMethod,
        AgentContactState: c.state,
        // Connect keeps the CONNECTED time while a contact is on hold.
        StateStartTimestamp: seconds(c.state === 'CONNECTED_ONHOLD' ? (c.connectedAt ?? c.stateSince) : c.stateSince),
        ...(c.connectedAt === undefined ? {} : { ConnectedToAgentTimestamp: seconds(c.connectedAt) }),
        Queue: { Id: c.queueId, Arn: arnOf('queue', c.queueId) },
      })),
      ...(u.nextStatus === undefined ? {} : { NextStatus: u.nextStatus.name }),
    };
  };

  const page = <T>(list: readonly T[], body: { MaxResults?: unknown; NextToken?: unknown }): { items: T[]; next?: string } | string => {
    const max = body.MaxResults === undefined ? 100 : Number(body.MaxResults);
    if (!Number.isInteger(max) || max < 1 || max > 100) return 'MaxResults must be between 1 and 100';
    let offset = 0;
    if (body.NextToken !== undefined) {
      const m = typeof body.NextToken === 'string' ? /^tok-(\d+)$/.exec(atob(body.NextToken)) : null;
      if (m === null) return 'Invalid NextToken';
      offset = Number(m[1]);
    }
    const items = list.slice(offset, offset + max);
    return offset + max < list.length ? { items, next: btoa(`tok-${offset + max}`) } : { items };
  };

  const handlers: HttpHandler[] = [
    http.post(`${base}/metrics/userdata/:instanceId`, async ({ request, params }) => {
      const body = (await request.json()) as Omit<GetCurrentUserDataRequest, 'InstanceId'>;
      const gated = gate('GetCurrentUserData', body as Record<string, unknown>);
      if (gated !== null) return gated;
      if (corrupt !== null) {
        const c = corrupt;
        corrupt = null;
        return typeof c.body === 'string' ? new HttpResponse(c.body, { headers: { 'content-type': 'application/json' } }) : HttpResponse.json(c.body as object);
      }
      if (params.instanceId !== instanceId) return error(404, 'ResourceNotFoundException', 'Instance not found');
      const f = body.Filters ?? {};
      const kinds = (['Queues', 'RoutingProfiles', 'Agents', 'UserHierarchyGroups'] as const).filter((k) => f[k] !== undefined);
      if (kinds.length !== 1) return error(400, 'InvalidParameterException', 'Exactly one of Queues, RoutingProfiles, Agents, UserHierarchyGroups is required');
      const kind = kinds[0] as (typeof kinds)[number];
      const ids = f[kind] as readonly string[];
      if (!Array.isArray(ids) || ids.length === 0 || ids.length > (kind === 'UserHierarchyGroups' ? 1 : 100)) {
        return error(400, 'InvalidParameterException', `${kind}: wrong number of values`);
      }
      const wanted = new Set(ids);
      const match = (u: MockConnectUser): boolean =>
        kind === 'Agents'
          ? wanted.has(u.id)
          : kind === 'UserHierarchyGroups'
            ? wanted.has(u.hierarchyGroupId)
            : kind === 'RoutingProfiles'
              ? wanted.has(u.routingProfileId)
              : u.queueIds.some((q) => wanted.has(q));
      const list = [...users.values()].filter((u) => u.signedIn && match(u));
      const p = page(list, body);
      if (typeof p === 'string') return error(400, 'InvalidParameterException', p);
      return HttpResponse.json({ UserDataList: p.items.map(userData), ApproximateTotalCount: list.length, ...(p.next === undefined ? {} : { NextToken: p.next }) });
    }),
    http.post(`${base}/metrics/current/:instanceId`, async ({ request }) => {
      const body = (await request.json()) as Omit<GetCurrentMetricDataRequest, 'InstanceId'>;
      const gated = gate('GetCurrentMetricData', body as Record<string, unknown>);
      if (gated !== null) return gated;
      const ids = body.Filters?.Queues ?? [];
      if (!Array.isArray(ids) || ids.length === 0 || ids.length > 100) return error(400, 'InvalidParameterException', 'Queues: between 1 and 100 values');
      const grouped = body.Groupings?.includes('QUEUE') === true;
      const rows = ids.map((id) => {
        const w = waitingByQueue.get(id) ?? { waiting: 0, oldestAgeSeconds: 0 };
        const avail = [...users.values()].filter((u) => u.signedIn && u.queueIds.includes(id) && u.status.name === 'Available' && u.contacts.length === 0).length;
        return { id, ...w, avail };
      });
      const metrics = (r: { waiting: number; oldestAgeSeconds: number; avail: number }, ageScale: number) =>
        (body.CurrentMetrics ?? []).map((m) => ({
          Metric: { Name: m.Name, Unit: m.Unit },
          Value: m.Name === 'CONTACTS_IN_QUEUE' ? r.waiting : m.Name === 'OLDEST_CONTACT_AGE' ? r.oldestAgeSeconds * ageScale : m.Name === 'AGENTS_AVAILABLE' ? r.avail : 0,
        }));
      // Ungrouped, Connect reports OLDEST_CONTACT_AGE in milliseconds although the unit says SECONDS.
      const results = grouped
        ? rows.map((r) => ({ Dimensions: { Queue: { Id: r.id, Arn: arnOf('queue', r.id) } }, Collections: metrics(r, 1) }))
        : [{ Dimensions: {}, Collections: metrics(rows.reduce((a, r) => ({ waiting: a.waiting + r.waiting, oldestAgeSeconds: Math.max(a.oldestAgeSeconds, r.oldestAgeSeconds), avail: a.avail + r.avail }), { waiting: 0, oldestAgeSeconds: 0, avail: 0 }), 1000) }];
      const p = page(results, body);
      if (typeof p === 'string') return error(400, 'InvalidParameterException', p);
      return HttpResponse.json({ MetricResults: p.items, DataSnapshotTime: seconds(clock.now()), ApproximateTotalCount: results.length, ...(p.next === undefined ? {} : { NextToken: p.next }) });
    }),
    http.put(`${base}/users/:instanceId/:userId/status`, async ({ request, params }) => {
      const body = (await request.json()) as { AgentStatusId?: string };
      const gated = gate('PutUserStatus', { ...body, UserId: params.userId });
      if (gated !== null) return gated;
      const u = users.get(String(params.userId));
      const s = statuses.find((x) => x.Id === body.AgentStatusId);
      if (u === undefined || s === undefined) return error(404, 'ResourceNotFoundException', 'User or status not found');
      // On a contact, Connect sets the user's next status instead; it applies when the contacts clear.
      if (u.contacts.length === 0) u.status = { id: s.Id, name: s.Name, since: clock.now() };
      else u.nextStatus = { id: s.Id, name: s.Name, since: clock.now() };
      return new HttpResponse(null, { status: 200 });
    }),
    http.post(`${base}/contact/monitor`, async ({ request }) => {
      const body = (await request.json()) as MonitorContactRequest;
      const gated = gate('MonitorContact', body as unknown as Record<string, unknown>);
      if (gated !== null) return gated;
      const found = [...users.values()].some((u) => u.contacts.some((c) => c.id === body.ContactId && (c.state === 'CONNECTED' || c.state === 'CONNECTED_ONHOLD')));
      if (!found) return error(400, 'InvalidRequestException', 'The contact is not connected to an agent');
      options.onMonitor?.(body);
      return HttpResponse.json({ ContactId: body.ContactId, ContactArn: `${instanceArn}/contact/${body.ContactId}` });
    }),
  ];

  /** A contact leaves the user's list; with the last one gone, a next status set meanwhile applies. */
  const cleared = (u: MockConnectUser, contactId: string): void => {
    u.contacts = u.contacts.filter((x) => x.id !== contactId);
    if (u.contacts.length === 0 && u.nextStatus !== undefined) {
      u.status = { ...u.nextStatus, since: clock.now() };
      delete u.nextStatus;
    }
  };

  const apply = (step: MockConnectStep): void => {
    const now = clock.now();
    switch (step.kind) {
      case 'status': {
        const s = statusNamed(step.status);
        user(step.userId).status = { id: s.Id, name: s.Name, since: now };
        return;
      }
      case 'offer': {
        const u = user(step.userId);
        u.contacts.push({ id: step.contactId, channel: step.channel ?? 'VOICE', initiationMethod: 'INBOUND', queueId: step.queueId ?? (u.queueIds[0] as string), state: 'CONNECTING', stateSince: now, queuedAt: now - 20_000 });
        return;
      }
      case 'contact-state': {
        const c = user(step.userId).contacts.find((x) => x.id === step.contactId);
        if (c === undefined) throw new Error(`connect mock: no contact ${step.contactId}`);
        if (step.state === 'CONNECTED' && c.connectedAt === undefined) c.connectedAt = now;
        c.state = step.state;
        c.stateSince = now;
        if (!LIVE.has(step.state)) cleared(user(step.userId), c.id);
        return;
      }
      case 'clear':
        cleared(user(step.userId), step.contactId);
        return;
      case 'sign-out': {
        const u = user(step.userId);
        u.signedIn = false;
        u.contacts = [];
        delete u.nextStatus;
        const off = statusNamed('Offline');
        u.status = { id: off.Id, name: off.Name, since: now };
        return;
      }
      case 'sign-in': {
        const u = user(step.userId);
        u.signedIn = true;
        u.status = { id: available.Id, name: available.Name, since: now };
        return;
      }
      case 'queue':
        waitingByQueue.set(step.queueId, { waiting: step.waiting, oldestAgeSeconds: step.oldestAgeSeconds });
        return;
    }
  };

  const snapshotOf = (u: MockConnectUser): AgentEventSnapshot => ({
    AgentStatus: { ARN: arnOf('agent-state', u.status.id), Name: u.status.name, StartTimestamp: iso(u.status.since) as string },
    NextAgentStatus: u.nextStatus === undefined ? null : { ARN: arnOf('agent-state', u.nextStatus.id), Name: u.nextStatus.name, EnqueuedTimestamp: iso(u.nextStatus.since) as string },
    Configuration: {
      FirstName: u.firstName,
      LastName: u.lastName,
      Username: `${u.firstName}.${u.lastName}`.toLowerCase(),
      AgentHierarchyGroups: { Level1: { ARN: arnOf('agent-group', u.hierarchyGroupId), Name: u.hierarchyGroupId } },
      RoutingProfile: {
        ARN: arnOf('routing-profile', u.routingProfileId),
        Name: u.routingProfileId,
        InboundQueues: [
          // The agent's own queue, with no name, as Connect lists it.
          { ARN: `${instanceArn}/queue/agent/${u.id}`, Name: null, Channels: ['VOICE', 'CHAT'] },
          ...u.queueIds.map((q) => ({ ARN: arnOf('queue', q), Name: queues.find((x) => x.id === q)?.name ?? q, Channels: ['VOICE'] })),
        ],
      },
    },
    Contacts: u.contacts.map((c) => ({
      ContactId: c.id,
      InitialContactId: c.id,
      Channel: c.channel === 'TASK' ? 'TASKS' : c.channel,
      InitiationMethod: c.initiationMethod,
      State: c.state,
      StateStartTimestamp: iso(c.stateSince) as string,
      ConnectedToAgentTimestamp: iso(c.connectedAt) ?? null,
      QueueTimestamp: iso(c.queuedAt) ?? null,
      Queue: { ARN: arnOf('queue', c.queueId), Name: queues.find((x) => x.id === c.queueId)?.name ?? c.queueId },
    })),
  });

  let eventSeq = 0;
  return {
    handlers,
    instanceId,
    instanceArn,
    users,
    statuses,
    teams,
    queues,
    names,
    requests,
    apply,
    play(steps) {
      let delay = 0;
      for (const step of steps) {
        delay += step.afterMs ?? 0;
        if (delay === 0) apply(step);
        else clock.setTimeout(() => apply(step), delay);
      }
    },
    throttle(n, retryAfterSeconds, operation) {
      throttleLeft = n;
      throttleRetryAfter = retryAfterSeconds;
      throttleOnly = operation;
    },
    throttleUntil(n, until, operation) {
      throttleLeft = n;
      throttleRetryAfter = until.toUTCString();
      throttleOnly = operation;
    },
    fail(n, status, errorType) {
      failLeft = n;
      failWith = { status, errorType };
    },
    corruptNextUserData(body) {
      corrupt = { body };
    },
    agentEvent(userId, type) {
      const u = user(userId);
      const current = snapshotOf(u);
      const before = previous.get(userId);
      previous.set(userId, current);
      const n = ++eventSeq;
      return {
        AWSAccountId: account,
        AgentARN: arnOf('agent', userId),
        InstanceARN: instanceArn,
        EventId: `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
        EventTimestamp: new Date(clock.now()).toISOString(),
        EventType: type,
        Version: '2019-05-25',
        CurrentAgentSnapshot: current,
        ...(type === 'LOGIN' || type === 'LOGOUT' || before === undefined ? {} : { PreviousAgentSnapshot: before }),
      };
    },
  };
}
