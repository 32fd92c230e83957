import type { Channel, Direction, EndReason, Interaction, InteractionState, MonitoringSession, PresenceState, SessionMode } from '@floorwalk/core';
import type { GenesysPresenceDefinition, WireConversation, WireMedia, WireParticipant } from './wire.js';

/*
 * Pure mappings from Genesys payloads to canonical values. Each returns a value or a string
 * naming what was wrong; the adapter turns the string into a MalformedEvent error.
 */

export type Problem = string;

export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** An ISO-8601 time as epoch ms, or undefined when absent or unreadable. */
export function time(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : undefined;
}

/**
 * The three casings of a system presence (`ON_QUEUE` in notifications, `OnQueue` in the
 * definitions API, `On Queue` in the legacy one) folded to the notification form.
 *
 * @example
 * ```ts
 * normaliseSystemPresence('On Queue'); // 'ON_QUEUE'
 * SYSTEM_PRESENCE_STATES[normaliseSystemPresence('Meal')]; // 'meal'
 * ```
 */
export function normaliseSystemPresence(value: string): string {
  const upper = value.trim().replace(/\s+/g, '_').toUpperCase();
  return upper === 'ONQUEUE' ? 'ON_QUEUE' : upper;
}

/** Genesys system presence (any casing) → canonical presence state. */
export const SYSTEM_PRESENCE_STATES: Readonly<Record<string, PresenceState>> = {
  AVAILABLE: 'available',
  ON_QUEUE: 'available',
  BUSY: 'busy',
  BREAK: 'break',
  MEAL: 'meal',
  MEETING: 'meeting',
  TRAINING: 'training',
  AWAY: 'away',
  IDLE: 'away',
  OFFLINE: 'offline',
};

export function presenceState(systemPresence: unknown): PresenceState | undefined {
  return typeof systemPresence === 'string' ? SYSTEM_PRESENCE_STATES[normaliseSystemPresence(systemPresence)] : undefined;
}

/** The label of a definition: English label, name, else the system presence. */
export function definitionLabel(d: GenesysPresenceDefinition): string {
  const labels = d.languageLabels ?? {};
  return labels.en_US ?? labels.en ?? d.name ?? Object.values(labels)[0] ?? d.systemPresence;
}

/** Genesys routing status values; NOT_RESPONDING is the one the model carries per agent. */
export const ROUTING_STATUSES = ['OFF_QUEUE', 'IDLE', 'INTERACTING', 'NOT_RESPONDING', 'COMMUNICATING'] as const;

/**
 * Genesys' media, each the name of a participant's list of that media and of a per-media
 * conversation topic (`...conversations.calls`), with the channel it carries.
 */
export const TOPIC_CHANNELS = { calls: 'voice', callbacks: 'voice', chats: 'chat', emails: 'email', messages: 'message', videos: 'video' } as const satisfies Partial<Record<keyof WireParticipant, Channel>>;

// A screen monitoring first, with no channel: a leg that also has a call reads its state from the call.
const MEDIA: ['screenMonitorings' | keyof typeof TOPIC_CHANNELS, Channel?][] = [['screenMonitorings'], ...(Object.entries(TOPIC_CHANNELS) as [keyof typeof TOPIC_CHANNELS, Channel][])];

/**
 * Media states of a leg ringing, and of one that is over. A live leg in any other documented
 * state but `connected` (`none`, a scheduled callback, a parked leg, an email being sent) or in
 * none at all (every model has `state` optional) is shown offered until the leg carries a
 * `connectedTime` of its own: no board shows an agent handling, nor a handle time, what was never
 * connected, nor an offer with a talk time.
 */
const ALERTING = new Set(['alerting', 'offering', 'dialing', 'contacting']);
export const ENDED = new Set(['disconnected', 'terminated']);
/**
 * Every documented media state (reference §2.5, §2.6), and none at all (`state` is optional in
 * every model): the colleague-call mapping reads the same set.
 */
export const MEDIA_STATES = new Set<unknown>([...ALERTING, ...ENDED, 'connected', 'none', 'scheduled', 'parked', 'transmitting', 'uploading', 'converting', undefined]);

/** A participant flattened: the per-media model keeps state on the participant, the generic one on its media. */
interface Leg {
  readonly p: WireParticipant;
  readonly channel: Channel | undefined;
  readonly media: WireMedia;
  readonly userId: string | undefined;
  readonly queueId: string | undefined;
}

function leg(raw: unknown): Leg | Problem {
  if (!isObj(raw)) return 'a participant is not an object';
  const p = raw as WireParticipant;
  let channel: Channel | undefined;
  let media: WireMedia = p;
  for (const [key, ch] of MEDIA) {
    const list = p[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) return `participant.${key} is not a list`;
    const last = list.at(-1) as unknown;
    if (last !== undefined) {
      if (!isObj(last)) return `participant.${key} holds a non-object`;
      channel = ch;
      media = last as WireMedia;
    }
  }
  // The set holds only strings and undefined, so a state of any other type is unknown too.
  if (!MEDIA_STATES.has(media.state)) {
    return `unknown media state ${JSON.stringify(media.state)}`;
  }
  // Read with string methods below (startsWith): anything else is malformed, not a crash.
  for (const [key, v] of [['ani', p.ani], ['address', p.address], ['disconnectType', p.disconnectType], ['disconnectType', media.disconnectType]] as const) {
    if (v !== undefined && typeof v !== 'string') return `participant.${key} is not a string`;
  }
  return { p, channel, media, userId: str(p.userId) ?? str(p.user?.id), queueId: str(p.queueId) ?? str(p.queue?.id) ?? str(p.conversationRoutingData?.queue?.id) };
}

/** The agent participant a supervisor's monitor, coach, barge or screen-monitoring leg is on; undefined for any other leg. */
const monitorTarget = (p: WireParticipant): string | undefined => p.monitoredParticipantId ?? p.coachedParticipantId ?? p.bargedParticipantId ?? p.screenMonitoredParticipantId;

/**
 * Whether a leg is a supervisor's: it names the agent's leg it is on, or its screen media the
 * user it watches (someone else; the watched agent's own leg may name them).
 */
const watching = (l: Leg): boolean => monitorTarget(l.p) !== undefined || (str(l.media.targetUserId) ?? l.userId) !== l.userId;

/** What one conversation payload says: the interaction and any supervisor legs on it. */
export interface MappedConversation {
  /** None for an agent-level screen monitoring, a conversation of a supervisor and an agent alone. */
  readonly interaction?: Interaction;
  readonly monitoring: readonly MonitoringSession[];
  /** participant id of each agent leg, by user id: the target of monitor/coach/barge. */
  readonly agentLegs: ReadonlyMap<string, string>;
  /** Voice (call) or message: which monitor endpoint applies. */
  readonly media: 'calls' | 'messages' | 'other';
}

/** `transfer.*` types of a leg that never took the call; REST spells `dnd` `donotdisturb`. */
const UNTAKEN = /^transfer\.(noanswer|notavailable|dnd|donotdisturb)$/;

function endReason(customer: Leg | undefined, agent: Leg, connectedAt: number | undefined): EndReason {
  const type = agent.media.disconnectType ?? customer?.media.disconnectType ?? '';
  // Genesys moved the call on because this leg did not take it (alerting timeout, not available,
  // do not disturb): the leg ended unanswered, which the rules below read, not a transfer by it.
  if (type.startsWith('transfer') && !UNTAKEN.test(type)) return 'transferred';
  if (type === 'error' || type === 'transport.failure') return 'error';
  // Read only for an agent's leg: a conversation no agent took ends abandoned before this.
  if (connectedAt === undefined) return 'missed';
  return 'completed';
}

/**
 * Maps a Genesys conversation (either participant model) to one canonical interaction. The
 * agent is the last agent leg that is not a supervisor's monitor/coach/barge leg.
 * `fallbackAt` dates an interaction whose payload carries no time at all; `vt` reads Genesys'
 * times (onto the page's clock, in the adapter); `held`, the conversations as last mapped, from
 * which the hold time is carried on.
 */
export function mapConversation(body: unknown, fallbackAt: number, topicChannel?: Channel, vt = time, held?: ReadonlyMap<string, MappedConversation>): MappedConversation | Problem {
  if (!isObj(body)) return 'conversation is not an object';
  const c = body as WireConversation;
  const id = str(c.id);
  if (id === undefined) return 'conversation.id is missing';
  if (!Array.isArray(c.participants)) return 'conversation.participants is not a list';
  const legs: Leg[] = [];
  for (const p of c.participants) {
    const l = leg(p);
    if (typeof l === 'string') return l;
    legs.push(l);
  }
  const customer = legs.find((l) => l.p.purpose === 'customer' || l.p.purpose === 'external') ?? legs.find((l) => l.p.purpose !== 'agent' && l.p.purpose !== 'user' && l.p.purpose !== 'acd');
  // A supervisor watching the agent's screen is no more the conversation's agent than one listening.
  const agents = legs.filter((l) => (l.p.purpose === 'agent' || l.p.purpose === 'user') && l.userId !== undefined && !watching(l));
  const agent = agents.at(-1);
  const channel = agent?.channel ?? customer?.channel ?? legs.find((l) => l.channel !== undefined)?.channel ?? topicChannel;

  const byParticipant = new Map(legs.map((l) => [str(l.p.id), l]));
  const monitoring: MonitoringSession[] = [];
  for (const l of legs) {
    if (!watching(l)) continue;
    const target = monitorTarget(l.p);
    const mode: SessionMode = l.p.bargedParticipantId !== undefined ? 'barge' : l.p.coachedParticipantId !== undefined ? 'whisper' : l.p.monitoredParticipantId !== undefined ? 'listen' : 'screen';
    const monitored = target === undefined ? str(l.media.targetUserId) : byParticipant.get(target)?.userId;
    const supervisorId = l.userId;
    const pid = str(l.p.id);
    if (monitored === undefined || supervisorId === undefined || pid === undefined) continue;
    const startedAt = vt(l.media.connectedTime) ?? vt(l.p.connectedTime) ?? vt(l.p.startTime) ?? fallbackAt;
    const ended = ENDED.has(l.media.state as string) || vt(l.p.endTime) !== undefined;
    monitoring.push({
      id: `${id}:${pid}`,
      mode,
      supervisorId,
      agentId: monitored,
      // A conversation with no media of an interaction is a screen view of the agent as a whole.
      ...(channel !== undefined && { interactionId: id }),
      startedAt,
      ...(ended && { endedAt: Math.max(startedAt, vt(l.p.endTime) ?? vt(l.media.disconnectedTime) ?? fallbackAt) }),
    });
  }
  if (channel === undefined) return monitoring.length > 0 ? { monitoring, agentLegs: new Map(), media: 'other' } : `conversation ${id} has no media this adapter maps`;
  const direction: Direction = (customer?.media.direction ?? agent?.media.direction) === 'outbound' ? 'outbound' : 'inbound';

  const times = legs.flatMap((l) => [vt(l.p.startTime), vt(l.p.connectedTime), vt(l.media.connectedTime)]).filter((t): t is number => t !== undefined);
  const createdAt = vt(c.startTime) ?? (times.length > 0 ? Math.min(...times) : fallbackAt);
  const queueId = agent?.queueId ?? customer?.queueId ?? legs.find((l) => l.queueId !== undefined)?.queueId;

  let state: InteractionState;
  let reason: EndReason | undefined;
  const agentState = agent?.media.state;
  const connectedAt = vt(agent?.media.connectedTime) ?? vt(agent?.p.connectedTime);
  const agentEnded = ENDED.has(agentState as string) || vt(agent?.p.endTime) !== undefined;
  const customerEnded = ENDED.has(customer?.media.state as string);
  let wrapUpAt: number | undefined;
  let endedAt: number | undefined;
  if (agent === undefined || (agentEnded && connectedAt === undefined && !customerEnded)) {
    // Nobody took it yet (or the offer lapsed and it went back to the queue).
    if (customerEnded || customer === undefined) {
      state = 'ended';
      reason = agent === undefined ? 'abandoned' : 'missed';
      endedAt = vt(customer?.p.endTime) ?? vt(customer?.media.disconnectedTime) ?? fallbackAt;
    } else state = 'queued';
  } else if (ALERTING.has(agentState as string)) state = 'offered';
  else if (!agentEnded) state = agentState !== 'connected' && connectedAt === undefined ? 'offered' : agent.media.held === true || agentState === 'parked' ? 'held' : 'connected';
  else {
    const acw = agent.media.afterCallWork?.state;
    const wrapped = agent.p.wrapup?.code !== undefined || acw === 'complete' || acw === 'skipped' || vt(agent.p.endAcwTime) !== undefined;
    const owes = agent.p.wrapupRequired === true || agent.p.wrapupExpected === true || agent.media.afterCallWorkRequired === true || acw === 'pending';
    wrapUpAt = vt(agent.p.startAcwTime) ?? vt(agent.media.afterCallWork?.startTime) ?? vt(agent.media.disconnectedTime) ?? vt(agent.p.endTime) ?? fallbackAt;
    if (owes && !wrapped) state = 'wrap-up';
    else {
      state = 'ended';
      reason = endReason(customer, agent, connectedAt);
      endedAt = vt(agent.p.endAcwTime) ?? vt(agent.media.afterCallWork?.endTime) ?? wrapUpAt;
      if (!owes) wrapUpAt = undefined;
    }
  }

  // Genesys gives no hold total, only whether the agent is held now and since when, which a
  // hang-up clears: each hold the last mapping (`held`) had open and this one does not is
  // added, up to the unhold (now), the agent's disconnect, or where a new hold began.
  const was = held?.get(id)?.interaction;
  const h = was?.heldAt;
  const heldAt = state === 'held' ? vt((agent as Leg).media.startHoldTime) ?? vt((agent as Leg).media.parkTime) ?? h ?? fallbackAt : undefined;
  const holdMs = (was?.holdMs ?? 0) + (h !== undefined && h !== heldAt ? Math.max(0, (heldAt ?? wrapUpAt ?? endedAt ?? fallbackAt) - h) : 0);
  // The generic model's participants carry no startTime (the per-media and REST ones do), and its
  // media no alerting time: the offer is dated when first heard, and kept from then on. The
  // conversation's start would be the customer's, minutes in the queue before the agent's ring.
  const offeredAt = vt(agent?.p.startTime) ?? (was?.agentId === agent?.userId ? was?.offeredAt : undefined) ?? connectedAt ?? fallbackAt;
  const address = customer?.p.ani ?? customer?.p.address;
  const phone = address?.startsWith('tel:') ? address.slice(4) : undefined;
  const email = channel === 'email' && address?.includes('@') ? address.replace(/^mailto:/, '') : undefined;
  const name = str(customer?.p.name);
  const subject = str(customer?.media.subject) ?? str(agent?.media.subject);
  const interaction: Interaction = {
    id,
    channel,
    direction,
    state,
    createdAt,
    ...(queueId !== undefined && { queueId }),
    ...(agent !== undefined && state !== 'queued' && { agentId: agent.userId, offeredAt, ...(connectedAt !== undefined && { connectedAt }) }),
    ...(heldAt !== undefined && { heldAt }),
    ...(holdMs > 0 && { holdMs }),
    ...(wrapUpAt !== undefined && { wrapUpAt }),
    ...(endedAt !== undefined && { endedAt: Math.max(endedAt, createdAt) }),
    ...(reason !== undefined && { endReason: reason }),
    ...(agents.length > 1 && { transfers: agents.length - 1 }),
    ...((name !== undefined || phone !== undefined || email !== undefined) && {
      customer: { ...(name !== undefined && { name }), ...(phone !== undefined && { phone }), ...(email !== undefined && { email }) },
    }),
    ...(subject !== undefined && { subject }),
  };

  const agentLegs = new Map<string, string>();
  for (const a of agents) {
    const pid = str(a.p.id);
    // Every agent leg kept has a user id (see agents above).
    if (pid !== undefined) agentLegs.set(a.userId as string, pid);
  }
  const mediaKind = agent?.p.calls !== undefined || (channel === 'voice' && agent?.p.callbacks === undefined) ? 'calls' : channel === 'message' ? 'messages' : 'other';
  return { interaction, monitoring, agentLegs, media: mediaKind };
}

/** A short stable hash (two 32-bit FNV-1a lanes), for event ids derived from message text. */
export function hash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0).toString(36) + (b >>> 0).toString(36);
}
