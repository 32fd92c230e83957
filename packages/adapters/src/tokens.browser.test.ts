// Tokens live only in memory: each vendor adapter takes its credential from a host callback,
// uses it (the mocks check it), and after connecting and issuing a command with the durable
// outbox on, no token string is in localStorage, sessionStorage, cookies or any IndexedDB
// database, the outbox's included.
import { expect } from '@open-wc/testing';
import { setupWorker } from 'msw/browser';
import { createFloorwalk, type Adapter, type Floorwalk } from '@floorwalk/core';
import { createGenesysAdapter } from '@floorwalk/adapters/genesys';
import { createGenesysMock } from '@floorwalk/adapters/genesys/mocks';
import { createAmazonConnectAdapter, createAmazonConnectHttpBackend } from '@floorwalk/adapters/amazon-connect';
import { createAmazonConnectMocks } from '@floorwalk/adapters/amazon-connect/mocks';
import { createTwilioAdapter } from '@floorwalk/adapters/twilio';
import { FakeSyncClient, FakeWorker, generateWorkerItems, twilioBackendHandlers } from '@floorwalk/adapters/twilio/mocks';

const worker = setupWorker();
before(() => worker.start({ quiet: true, onUnhandledRequest: 'bypass' }));
after(() => worker.stop());

const waitFor = async (condition: () => boolean | Promise<boolean>, what: string, ms = 5000): Promise<void> => {
  const until = performance.now() + ms;
  while (!(await condition())) {
    if (performance.now() > until) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Every key and value of every IndexedDB database of this origin, as text. */
async function indexedDbText(): Promise<string> {
  let out = '';
  for (const { name } of await indexedDB.databases()) {
    if (name === undefined) continue;
    const db = await request(indexedDB.open(name));
    for (const storeName of Array.from(db.objectStoreNames)) {
      const store = db.transaction(storeName, 'readonly').objectStore(storeName);
      out += `${name}/${storeName}: ${JSON.stringify(await request(store.getAllKeys()))} ${JSON.stringify(await request(store.getAll()))}\n`;
    }
    db.close();
  }
  return out;
}

function browserStorageText(): string {
  const dump = (s: Storage): string => Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i) ?? '')}`).join('\n');
  return `${dump(localStorage)}\n${dump(sessionStorage)}\n${document.cookie}`;
}

/**
 * Connects a supervisor with the IndexedDB outbox over the adapter, issues a command, and checks
 * every browser store while the intent is stored and after it settled.
 */
async function expectNoTokenAtRest(adapter: Adapter, token: string): Promise<void> {
  // The outbox writes an intent before the adapter executes it: looking from inside execute
  // sees the stored intent every time, however fast the vendor answers.
  let during = '';
  const observed = new Proxy(adapter, {
    get(target, key) {
      if (key === 'execute') {
        return async (command: Parameters<Adapter['execute']>[0]) => {
          during = await indexedDbText();
          return target.execute(command);
        };
      }
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const client: Floorwalk = createFloorwalk({ adapter: observed, session: { userId: 'sup-tokens', role: 'supervisor', teamIds: 'all' }, outbox: true });
  await client.connect();
  await waitFor(() => client.getAgents().length > 1, 'agents');
  // Another agent's presence: a command that goes to the vendor with the credential.
  const target = client.getAgents().find((a) => a.presence.state !== 'available' && a.presence.state !== 'offline')?.id ?? (client.getAgents()[0]?.id as string);
  await client.setAgentPresence(target, 'available').catch(() => undefined);
  expect(during, 'the stored intent was read from IndexedDB').to.contain(target);
  const afterwards = await indexedDbText();
  for (const text of [during, afterwards, browserStorageText()]) expect(text.includes(token), 'a token at rest').to.equal(false);
  await client.disconnect();
}

describe('tokens live only in memory', () => {
  it('genesys: the OAuth token comes from getAccessToken and is never stored', async () => {
    const token = `genesys-secret-${crypto.randomUUID()}`;
    const mock = createGenesysMock({ agents: 6 });
    worker.resetHandlers(...mock.handlers);
    let asked = 0;
    const adapter = createGenesysAdapter({
      ...mock.adapterOptions(),
      getAccessToken: () => {
        asked++;
        return token;
      },
    });
    await expectNoTokenAtRest(adapter, token);
    expect(asked, 'the host callback was asked for the token').to.be.greaterThan(0);
  });

  it('amazon connect: the backend credential comes from the host headers callback and is never stored', async () => {
    const token = `connect-secret-${crypto.randomUUID()}`;
    const mocks = createAmazonConnectMocks({ users: 6 });
    worker.resetHandlers(...mocks.backend.handlers);
    let asked = 0;
    const backend = createAmazonConnectHttpBackend({
      baseUrl: 'https://connect-backend.mock',
      headers: () => {
        asked++;
        return { authorization: `Bearer ${token}` };
      },
    });
    const adapter = createAmazonConnectAdapter({ ...mocks.adapterOptions, backend, pollIntervalMs: 1000 });
    await expectNoTokenAtRest(adapter, token);
    expect(asked).to.be.greaterThan(0);
  });

  it('twilio: the Flex token comes from getToken, the backend checks it, and it is never stored', async () => {
    const token = `flex-secret-${crypto.randomUUID()}`;
    const baseUrl = `${location.origin}/twilio-backend-tokens`;
    const sync = new FakeSyncClient({ workers: generateWorkerItems(6, { teams: 1 }) });
    worker.resetHandlers(...twilioBackendHandlers({ baseUrl, sync, token }).handlers);
    const me = new FakeWorker({ sid: 'WK00000000000000000000000000000999', name: 'sup', supervisor: false });
    let asked = 0;
    const adapter = createTwilioAdapter({
      worker: me,
      sync,
      backendUrl: baseUrl,
      getToken: () => {
        asked++;
        return token;
      },
      queriesPerSecond: 100,
    });
    await expectNoTokenAtRest(adapter, token);
    expect(asked).to.be.greaterThan(0);
  });
});
