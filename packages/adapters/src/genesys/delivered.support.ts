// A barrier for the Genesys conformance harnesses (node and Chromium): proof that every frame the
// mock has sent so far has reached the adapter, instead of a sleep long enough for it to. Test
// code only; no node or DOM-only imports, so both runners load it.
import type { GenesysSocketConstructor } from './channel.js';
import type { GenesysMock } from './mocks/index.js';

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
