// The Genesys conformance harness, one for both runners (node and Chromium), and its barrier:
// proof that every frame the mock has sent so far has reached the adapter, instead of a sleep long
// enough for it to. Test code only; no node or DOM-only imports, so both runners load it. Each
// runner hands in what differs: its msw, its adapter factory (the node file imports the sources,
// the Chromium one the package), its wait.
import type { ConformanceHarness } from '@floorwalk/core/testing';
import type { GenesysSocketConstructor } from './channel.js';
import type { GenesysAdapter, GenesysAdapterOptions } from './index.js';
import type { GenesysMock } from './mocks/index.js';

export interface HarnessRunner {
  /** The runner's msw: `server` in node, `worker` in Chromium. */
  resetHandlers(...handlers: GenesysMock['handlers']): void;
  create(options: GenesysAdapterOptions): GenesysAdapter;
  /** Every adapter made, for the file's clean-up. */
  readonly opened: GenesysAdapter[];
  until(condition: () => boolean, what: string): Promise<void>;
}

/** A conformance harness over a fresh Genesys mock of 8 agents. */
export function genesysHarness(mock: GenesysMock, run: HarnessRunner): ConformanceHarness {
  run.resetHandlers(...mock.handlers);
  const barrier = deliveryBarrier(mock);
  const make = (): GenesysAdapter => {
    const made = run.create({ ...mock.adapterOptions(), WebSocket: barrier.Socket });
    run.opened.push(made);
    return made;
  };
  const adapter = make();
  // The suite reads the sink as soon as a hook resolves: the frames must have reached the adapter.
  const delivered = (): Promise<void> => run.until(barrier.sent(), 'the frames sent so far to reach the adapter');
  const { agentIds, queueIds } = mock.directory;
  let round = 0;
  return {
    adapter,
    async drive() {
      round++;
      const agent = agentIds[round % agentIds.length] as string;
      const other = agentIds[(round + 3) % agentIds.length] as string;
      mock.play([{ type: 'presence', userId: other, presence: round % 2 === 0 ? 'ON_QUEUE' : 'BREAK' }]);
      const [call] = mock.play([{ type: 'call', queueId: queueIds[0] as string, userId: agent }]);
      mock.play([
        { type: 'answer', conversationId: call as string },
        { type: 'hold', conversationId: call as string, held: true },
        { type: 'call', queueId: queueIds[1] as string },
      ]);
      // A web chat, answered: Genesys monitors calls, and messages in listen only, so the suite
      // checks that monitoring it is refused.
      const chatter = agentIds[(round + 5) % agentIds.length] as string;
      const [chat] = mock.play([{ type: 'call', queueId: queueIds[1] as string, userId: chatter, media: 'chat' }]);
      mock.play([{ type: 'answer', conversationId: chat as string }]);
      await delivered();
    },
    async redeliver() {
      mock.redeliverLast();
      await delivered();
    },
    async sendMalformed() {
      mock.sendRaw('{"topicName":');
      await delivered();
    },
    // What Genesys took of the adapter's commands: presence PATCHes it answered 200 (it takes no
    // idempotency key, so each one is a change with a new modifiedDate).
    applied: () => mock.requests.filter((r) => r.method === 'PATCH' && /^\/api\/v2\/users\/[^/]+\/presences\/purecloud$/.test(r.path) && r.status === 200).length,
    // A reloaded page: a new adapter, nothing of the first one's memory, the same org.
    reload: make,
    // The streaming server closes the socket (a restart, a blip); the channel itself stays valid.
    // An admin puts the first agent in training meanwhile: its notification reaches no socket.
    async interrupt() {
      mock.dropSockets();
      const agentId = agentIds[0] as string;
      mock.play([{ type: 'presence', userId: agentId, presence: 'TRAINING' }]);
      await delivered();
      return { agentId, state: 'training' } as const;
    },
    // The Platform API's own 429: Genesys' body, with Retry-After in seconds. Aimed at the
    // suite's set-presence (its PATCH), so no background read that goes first can take it.
    rateLimit: (seconds) => mock.throttle(1, seconds, { method: 'PATCH', path: /\/presences\/purecloud$/ }),
    // The same 429 as a proxy in front of Genesys sends it: Retry-After as an HTTP-date.
    rateLimitByDate: (seconds) => mock.throttle(1, seconds, { method: 'PATCH', path: /\/presences\/purecloud$/, dated: true }),
    // An expired or revoked OAuth token: Genesys' 401 (`bad.credentials`) to the suite's PATCH.
    refuseCredentials: () => mock.failNext(/\/presences\/purecloud$/, 401),
  };
}

const OPEN = 1;

export interface DeliveryBarrier {
  /**
   * The WebSocket to give the adapters (`options.WebSocket`): the global one, which msw
   * intercepts, with each socket's heartbeats counted as it is handed them.
   */
  readonly Socket: GenesysSocketConstructor;
  /**
   * Sends a Genesys heartbeat to every socket and returns the condition that each socket open
   * now has been handed it, or has closed. One socket delivers in order, and the adapter reads a
   * frame in the message event itself, so when the condition holds, every frame sent before the
   * heartbeat has been read too. With no socket open (after disconnect) it holds at once.
   */
  sent(): () => boolean;
}

export function deliveryBarrier(mock: GenesysMock): DeliveryBarrier {
  const heard = new Map<WebSocket, number>();
  // A function, not a subclass: msw hands back its own socket object from the constructor.
  const Socket = function ObservedSocket(url: string): WebSocket {
    const s = new WebSocket(url);
    heard.set(s, 0);
    // Registered before the adapter sets onmessage, so it runs first, in the same dispatch.
    s.addEventListener('message', (e) => {
      if (isHeartbeat(e.data)) heard.set(s, (heard.get(s) ?? 0) + 1);
    });
    s.addEventListener('close', () => heard.delete(s));
    return s;
  } as unknown as GenesysSocketConstructor;
  return {
    Socket,
    sent() {
      const open = [...heard].filter(([s]) => s.readyState === OPEN);
      mock.heartbeat();
      return () => open.every(([s, n]) => s.readyState !== OPEN || (heard.get(s) ?? 0) > n);
    },
  };
}

function isHeartbeat(data: unknown): boolean {
  if (typeof data !== 'string') return false;
  try {
    const m = JSON.parse(data) as { topicName?: unknown; eventBody?: { message?: unknown } };
    return m.topicName === 'channel.metadata' && m.eventBody?.message === 'WebSocket Heartbeat';
  } catch {
    return false;
  }
}
