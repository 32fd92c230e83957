// "Loses nothing when the network drops" on the simulator, in Chromium: a supervisor's client on
// the centre and an agent's on a seat of it, both with the outbox on IndexedDB, each behind a
// link that can go down. While down, what the platform sends is lost in transit and the
// adapter reports `reconnecting`; back up, it reports `live` and the client resyncs.
import { expect } from '@open-wc/testing';
import { ErrorCode, FloorwalkError, createFloorwalk, createIndexedDbStorage, type Adapter, type AdapterSink, type CommandEnvelope, type Floorwalk, type IntentSettled } from '@floorwalk/core';
import { createSimulatorAdapter } from '@floorwalk/adapters/simulator';
import { database, tick, until } from '../netdrop.support.js';

const clients: Floorwalk[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.disconnect();
});

interface Link {
  readonly adapter: Adapter;
  readonly sent: CommandEnvelope[];
  down(): void;
  up(): void;
  /** The next command reaches the platform, and its answer is lost. */
  loseNextAnswer(): void;
}

function link(inner: Adapter): Link {
  let sink: AdapterSink | null = null;
  let isDown = false;
  let lose = false;
  const sent: CommandEnvelope[] = [];
  const gone = (): FloorwalkError => new FloorwalkError(ErrorCode.NotConnected, 'The link is down.');
  const adapter = new Proxy(inner, {
    get(target, prop) {
      switch (prop) {
        case 'connect':
          return (s: AdapterSink) => {
            sink = s;
            return target.connect({
              events: (batch) => void (isDown || s.events(batch)),
              status: (status, reason) => void (isDown || s.status(status, reason)),
              error: (e) => s.error(e),
            });
          };
        case 'snapshot':
          return () => (isDown ? Promise.reject(gone()) : target.snapshot());
        case 'ping':
          return target.ping === undefined ? undefined : () => (isDown ? Promise.reject(gone()) : target.ping?.());
        case 'execute':
          return async (c: CommandEnvelope) => {
            sent.push(c);
            if (isDown) throw gone();
            if (!lose) return target.execute(c);
            lose = false;
            await target.execute(c);
            throw new FloorwalkError(ErrorCode.VendorError, 'The answer was lost.');
          };
        default: {
          const v = Reflect.get(target, prop, target) as unknown;
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        }
      }
    },
  });
  return {
    adapter,
    sent,
    down() {
      isDown = true;
      sink?.status('reconnecting');
    },
    up() {
      isDown = false;
      sink?.status('live');
    },
    loseNextAnswer() {
      lose = true;
    },
  };
}

describe('simulator: commands issued while the link is down', () => {
  it('wait on disk and go once each, in order, with their keys; the state missed meanwhile is resynced', async () => {
    const centre = createSimulatorAdapter({ agents: 12, seed: 3, speed: 1 });
    const db = database('sim');
    const supLink = link(centre);
    const sup = createFloorwalk({ adapter: supLink.adapter, clock: centre.clock, session: { userId: 'sup-1', role: 'supervisor', teamIds: 'all' }, outbox: { storage: createIndexedDbStorage(db) } });
    clients.push(sup);
    await sup.connect();
    // Agents whose hand is not up already: the simulated centre raises hands of its own, and a
    // second one for the same agent is refused, which is not what this test is about.
    const [agentId, otherId] = sup.getAgents().filter((a) => sup.getHelpRequests({ agentId: a.id, open: true }).length === 0).map((a) => a.id) as [string, string];
    const agentLink = link(centre.seat({ person: agentId }));
    const agent = createFloorwalk({ adapter: agentLink.adapter, clock: centre.clock, session: { userId: agentId, role: 'agent', teamIds: 'all' }, outbox: { storage: createIndexedDbStorage(db) } });
    clients.push(agent);
    await agent.connect();
    const settled: IntentSettled[] = [];
    for (const c of [sup, agent]) c.on('intent', (s) => settled.push(s));
    const team = `team:${sup.getAgent(agentId)?.teamIds[0] as string}`;

    supLink.down();
    agentLink.down();
    const calls = [
      agent.setPresence('break'),
      agent.raiseHand('The caller wants a supervisor'),
      agent.sendMessage(team, 'Stuck on a refund'),
      sup.addCoachingNote(otherId, 'Warm greeting'),
      sup.setAgentPresence(otherId, 'training'),
    ];
    for (const c of calls) c.catch(() => {});
    await tick(200);
    expect(supLink.sent.length + agentLink.sent.length, 'nothing sent while down').to.equal(0);
    supLink.up();
    agentLink.up();
    await Promise.all(calls);
    expect(agentLink.sent.map((c) => c.type)).to.deep.equal(['set-presence', 'raise-hand', 'send-message']);
    expect(supLink.sent.map((c) => c.type)).to.deep.equal(['add-coaching-note', 'set-presence']);
    expect(settled.map((s) => s.outcome)).to.deep.equal(Array(5).fill('confirmed'));
    // The agent's own message: the simulated team chats too, so any message would not do.
    const mine = () => sup.getMessages(team).filter((m) => m.authorId === agentId && m.body === 'Stuck on a refund');
    // Confirmed is not yet heard: each one's event comes after its answer, so wait for all three.
    const note = () => sup.getCoachingNotes(otherId).filter((n) => n.body === 'Warm greeting');
    await until(() => sup.getHelpRequests({ agentId }).length === 1 && mine().length >= 1 && note().length >= 1, 'the hand, the message and the note');
    expect(sup.getHelpRequests({ agentId })).to.have.length(1);
    expect(mine()).to.have.length(1);
    expect(note()).to.have.length(1);
    await tick(100);
    const left = await new Promise<number>((resolve) => {
      const req = indexedDB.open(db);
      req.onsuccess = () => {
        const count = req.result.transaction('kv').objectStore('kv').count();
        count.onsuccess = () => {
          req.result.close();
          resolve(count.result);
        };
      };
    });
    expect(left, 'settled intents are forgotten').to.equal(0);
  }).timeout(20_000);

  it('a command whose answer was lost has one effect: the simulator keeps the first outcome of a key', async () => {
    const centre = createSimulatorAdapter({ agents: 6, seed: 4, speed: 1 });
    const supLink = link(centre);
    const sup = createFloorwalk({ adapter: supLink.adapter, clock: centre.clock, session: { userId: 'sup-1', role: 'supervisor', teamIds: 'all' }, outbox: { storage: createIndexedDbStorage(database('sim')) } });
    clients.push(sup);
    await sup.connect();
    const otherId = sup.getAgents()[1]?.id as string;
    supLink.loseNextAnswer();
    await sup.addCoachingNote(otherId, 'Once only');
    expect(supLink.sent.length, 'sent again with the same key').to.equal(2);
    expect(new Set(supLink.sent.map((c) => c.key)).size).to.equal(1);
    await tick(200);
    expect(sup.getCoachingNotes(otherId).filter((n) => n.body === 'Once only')).to.have.length(1);
  }).timeout(20_000);
});
