import {
  COMMAND_TYPES,
  MONITORING_MODES,
  type Adapter,
  type AdapterSink,
  type Agent,
  type CommandEnvelope,
  type FloorwalkEvent,
  type Interaction,
  type Queue,
  type SnapshotEvent,
} from '@floorwalk/core';

/**
 * A platform whose every display string is hostile: agent names, reason labels, queue and team
 * names, customer names, subjects, help reasons, coaching notes and chat messages all come from
 * `corpus`. It implements the public Adapter contract and nothing else, as any vendor adapter
 * would; commands are echoed back as events, so a chat message sent through `sendMessage`
 * returns carrying its hostile body.
 */
export function createHostileAdapter(corpus: readonly string[], now = Date.now()): Adapter {
  const pick = (i: number): string => corpus[i % corpus.length] as string;
  const sinks = new Set<AdapterSink>();
  let seq = 0;
  const id = (): string => `hostile:${++seq}`;
  const reasons = corpus.map((label, i) => ({ id: `r${i}`, label }));
  const agents: Agent[] = corpus.map((name, i) => ({
    id: `agent-${i + 1}`,
    name,
    teamIds: ['team-1'],
    queueIds: ['q1', 'q2'],
    presence: i % 2 === 0 ? { state: 'break', reason: reasons[i] as { id: string; label: string }, since: now - 60_000 } : { state: 'available', since: now - 60_000 },
  }));
  const stats = { waiting: 3, oldestWaitingSince: now - 90_000, agentsAvailable: 2, offered: 10, answered: 8, abandoned: 1 };
  const queues: Queue[] = [0, 1].map((i) => ({ id: `q${i + 1}`, name: pick(i + 3), channels: ['voice', 'email'], stats }));
  const interactions: Interaction[] = corpus.map((text, i) => ({
    id: `i${i + 1}`,
    channel: i % 2 === 0 ? 'voice' : 'email',
    direction: 'inbound',
    state: 'connected',
    agentId: `agent-${i + 1}`,
    queueId: `q${(i % 2) + 1}`,
    createdAt: now - 120_000,
    offeredAt: now - 110_000,
    connectedAt: now - 100_000,
    customer: { name: text, email: 'x@example.com' },
    subject: pick(i + 1),
  }));
  const base = { at: now, source: 'hostile' };
  const snapshot = (): SnapshotEvent => ({
    type: 'snapshot',
    id: id(),
    ...base,
    scope: { kind: 'all' },
    teams: [{ id: 'team-1', name: pick(2), supervisorIds: ['sup-1'] }],
    agents,
    queues,
    interactions,
    monitoring: [{ id: 'm1', mode: 'listen', supervisorId: pick(5), agentId: 'agent-1', interactionId: 'i1', startedAt: now - 30_000 }],
    helpRequests: corpus.map((reason, i) => ({ id: `h${i + 1}`, agentId: `agent-${i + 1}`, reason, state: 'open', raisedAt: now - 20_000, interactionId: `i${i + 1}` })),
    presenceDefinitions: ['break', 'meal', 'meeting'].map((state) => ({ state, reasons })) as SnapshotEvent['presenceDefinitions'] & object,
  });
  const emit = (events: FloorwalkEvent[]): void => {
    for (const sink of sinks) sink.events(events);
  };
  return {
    id: 'hostile',
    capabilities: { channels: ['voice', 'email'], commands: COMMAND_TYPES, monitoringModes: MONITORING_MODES },
    async connect(sink) {
      sinks.add(sink);
      sink.status('live');
      // Notes and messages arrive as deltas after the snapshot, the way vendors push them.
      queueMicrotask(() =>
        emit(
          corpus.flatMap((text, i): FloorwalkEvent[] => [
            { type: 'coaching-note', id: id(), ...base, note: { id: `n${i}`, agentId: 'agent-1', authorId: 'sup-1', body: text, createdAt: now - i, interactionId: 'i1' } },
            { type: 'chat-message', id: id(), ...base, message: { id: `c${i}`, conversationId: 'team:team-1', authorId: `agent-${i + 1}`, body: text, sentAt: now - i, delivery: 'delivered' } },
          ]),
        ),
      );
    },
    async snapshot() {
      return snapshot();
    },
    async execute(command: CommandEnvelope) {
      if (command.type === 'send-message') {
        emit([{ type: 'chat-message', id: id(), ...base, message: { id: `sent-${command.key}`, conversationId: command.conversationId, authorId: command.issuedBy, body: command.body, sentAt: Date.now(), delivery: 'delivered' } }]);
      }
    },
    async disconnect() {
      sinks.clear();
    },
  };
}
