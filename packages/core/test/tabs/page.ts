// The page of the multi-tab test (tabs.test.ts), bundled with esbuild: a client on a small HTTP
// "vendor" (snapshot, execute, server-sent events), shared across tabs, with the outbox on. What
// happens in it (role, lifecycle events, status, settled intents) is told to the test through
// `fwReport`, a binding the test exposes where it listens, so the test waits on events, not polls.
import { createFloorwalk, ErrorCode, FloorwalkError, type Adapter, type IntentSettled } from '../../src/index.js';
import { shareAcrossTabs } from '../../src/tabs/index.js';

const name = new URL(location.href).searchParams.get('tab') ?? 'tab';
const report = (kind: string, data?: unknown): void => {
  const send = (globalThis as unknown as { fwReport?: (kind: string, data: unknown) => unknown }).fwReport;
  if (typeof send === 'function') void Promise.resolve(send(kind, { name, at: Date.now(), data })).catch(() => {});
};
/** The Page Lifecycle events this page saw, heard before the tabs' own handlers. */
const lifecycle: { type: string; at: number; persisted?: boolean }[] = [];
for (const type of ['freeze', 'resume'] as const) {
  document.addEventListener(type, () => {
    lifecycle.push({ type, at: Date.now() });
    report('lifecycle', type);
  });
}
for (const type of ['pagehide', 'pageshow'] as const) {
  addEventListener(type, (event) => {
    lifecycle.push({ type, at: Date.now(), persisted: event.persisted });
    report('lifecycle', `${type}${event.persisted ? ':persisted' : ''}`);
  });
}
/** A credential the vendor adapter sends; it must never reach storage. */
const TOKEN = 'tok-SECRET-7f3a';
/** The vendor's event link: server-sent events, or a WebSocket with `?link=ws`. */
const link = new URL(location.href).searchParams.get('link') === 'ws' ? 'ws' : 'sse';
let source: EventSource | WebSocket | null = null;

const vendor: Adapter = {
  id: 'http-vendor',
  capabilities: { channels: ['voice'], commands: ['set-presence'], monitoringModes: [] },
  async connect(sink) {
    source = link === 'ws' ? new WebSocket(`ws://${location.host}/events?tab=${name}`) : new EventSource(`/events?tab=${name}`);
    source.onmessage = (m: MessageEvent) => sink.events(JSON.parse(m.data as string));
    await new Promise<void>((resolve) => {
      source!.onopen = () => resolve();
    });
  },
  async snapshot() {
    const res = await fetch('/snapshot', { headers: { authorization: `Bearer ${TOKEN}` } });
    return res.json();
  },
  async execute(command) {
    const res = await fetch('/execute', { method: 'POST', headers: { 'x-tab': name, authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(command) });
    if (!res.ok) throw new FloorwalkError(ErrorCode.VendorError, `vendor said ${res.status}`);
  },
  async disconnect() {
    source?.close();
    source = null;
  },
};

const roles: { role: string; at: number }[] = [];
const adapter = shareAcrossTabs(vendor, {
  key: 'tenant-1/sup-1',
  timeoutMs: 1500,
  onRole(role) {
    roles.push({ role, at: Date.now() });
    report('role', role);
  },
});
const client = createFloorwalk({
  adapter,
  session: { userId: 'sup-1', role: 'admin', teamIds: 'all' },
  outbox: true,
  reconnect: true,
});
const settled: { key: string; outcome: string }[] = [];
client.on('intent', (s: IntentSettled) => {
  settled.push({ key: s.key, outcome: s.outcome });
  report('intent', { key: s.key, outcome: s.outcome });
});
client.on('status', (change) => report('status', change.current));
const fw = {
  name,
  client,
  adapter,
  settled,
  roles,
  lifecycle,
  ready: false,
  /** The agents this tab's store holds, with their presence, in id order: compared across tabs. */
  agents(): [string, string, number][] {
    return client
      .getAgents()
      .map((a): [string, string, number] => [a.id, a.presence.state, a.presence.since])
      .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  },
  /** Issues a presence change and returns its idempotency key at once. */
  issue(agentId: string, state: 'break' | 'meal' | 'training' | 'busy'): string {
    void client.setAgentPresence(agentId, state).catch(() => {});
    return client.getPendingIntents().at(-1)?.key ?? '';
  },
  /** Everything in IndexedDB, as text, and the databases that exist. */
  async storage(): Promise<{ databases: string[]; text: string }> {
    const databases = (await indexedDB.databases()).map((d) => d.name ?? '');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('floorwalk');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const stores = [...db.objectStoreNames];
    const all: unknown[] = [];
    for (const store of stores) {
      const values = await new Promise<unknown[]>((resolve, reject) => {
        const req = db.transaction(store).objectStore(store).getAll();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const keys = await new Promise<unknown[]>((resolve, reject) => {
        const req = db.transaction(store).objectStore(store).getAllKeys();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      all.push({ store, keys, values });
    }
    db.close();
    return { databases, text: JSON.stringify(all) };
  },
};
(globalThis as unknown as { fw: typeof fw }).fw = fw;
void client.connect().then(() => {
  fw.ready = true;
  report('ready', adapter.role);
});
