/*
 * The state of a small Genesys Cloud org, kept in Genesys' own wire shapes so the REST handlers
 * and the notifications serve the same objects. Internal to the mocks entry.
 */

/** System presence definitions with the ids seen in live orgs (reference §3.2), in the casing of `/api/v2/presence/definitions`. */
export const SYSTEM_DEFINITIONS = [
  { id: '6a3af858-942f-489d-9700-5f9bcdcdae9b', systemPresence: 'Available', name: 'Available' },
  { id: 'e08eaf1b-ee47-4fa9-a231-1200e284798f', systemPresence: 'OnQueue', name: 'On Queue' },
  { id: '31fe3bac-dea6-44b7-bed7-47f91660a1a0', systemPresence: 'Busy', name: 'Busy' },
  { id: '5e5c5c66-ea97-4e7f-ac41-6424784829f2', systemPresence: 'Away', name: 'Away' },
  { id: '227b37e2-f1d0-4dd0-8f50-badd7cf6d158', systemPresence: 'Break', name: 'Break' },
  { id: '3fd96123-badb-4f69-bc03-1b1ccc6d8014', systemPresence: 'Meal', name: 'Meal' },
  { id: 'bbdff279-7ae1-48ea-bade-7831d7234c64', systemPresence: 'Meeting', name: 'Meeting' },
  { id: 'd2390a99-8546-bad9-8f0a-219548e8aeb0', systemPresence: 'Training', name: 'Training' },
  { id: '7ffa01cd-7866-4ad7-8faa-31e11b42f51f', systemPresence: 'Idle', name: 'Idle' },
  { id: 'ccf3c10a-aa2c-4845-8e8d-f59fa48c58e5', systemPresence: 'Offline', name: 'Offline' },
] as const;

/** Secondary (org-defined) presences of the mock org. */
export const SECONDARY_DEFINITIONS = [
  { id: '0b1c2d3e-0000-4000-8000-00000000c0f1', systemPresence: 'Break', name: 'Coffee' },
  { id: '0b1c2d3e-0000-4000-8000-00000000c0f2', systemPresence: 'Busy', name: 'Escalation review' },
] as const;

export const DEF_BY_SYSTEM: Readonly<Record<string, string>> = Object.fromEntries(
  SYSTEM_DEFINITIONS.map((d) => [d.systemPresence === 'OnQueue' ? 'ON_QUEUE' : d.systemPresence.toUpperCase(), d.id]),
);
export const ALL_DEFINITIONS: readonly { id: string; systemPresence: string; name: string }[] = [...SYSTEM_DEFINITIONS, ...SECONDARY_DEFINITIONS];

/** Notification casing of a definition's system presence (`ON_QUEUE`, `BREAK`). */
export function upperSystem(defId: string): string | undefined {
  const d = ALL_DEFINITIONS.find((x) => x.id === defId);
  if (d === undefined) return undefined;
  return d.systemPresence === 'OnQueue' ? 'ON_QUEUE' : d.systemPresence.toUpperCase();
}

/** REST casing of a definition's system presence (`Available`, `On Queue` as the user presence API shows it). */
export function restSystem(defId: string): string | undefined {
  const d = ALL_DEFINITIONS.find((x) => x.id === defId);
  if (d === undefined) return undefined;
  return d.systemPresence === 'OnQueue' ? 'On Queue' : d.systemPresence;
}

/** A UUID-shaped id, deterministic per kind and number. */
export function mockId(kind: 'user' | 'team' | 'queue' | 'conversation' | 'participant' | 'media' | 'correlation' | 'appointment' | 'evaluation' | 'form' | 'question' | 'screen', n: number): string {
  const prefix = { user: '0f7d0d6e', team: 'b5f0c1a2', queue: '8c1e2a4b', conversation: '2382cf8f', participant: '7b9c1d2e', media: 'a1f0b2c3', correlation: '3b1f6f5e', appointment: 'c0ac4e11', evaluation: 'e7a10a7e', form: 'f0f0f0f0', question: 'a5a5a5a5', screen: '5c4ee4a0' }[kind];
  return `${prefix}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

export interface OrgUser {
  readonly id: string;
  readonly name: string;
  presenceId: string;
  message: string;
  modified: number;
  routing: string;
  routingStart: number;
  readonly queueIds: Set<string>;
  /** Joined (active) on each of its queues. */
  readonly joined: Set<string>;
  readonly supervisor: boolean;
}

export interface OrgQueue {
  readonly id: string;
  readonly name: string;
  readonly media: readonly ('call' | 'chat' | 'email' | 'message')[];
}

export interface OrgTeam {
  readonly id: string;
  readonly name: string;
  readonly memberIds: string[];
}

/** A participant in the generic conversation model (mutable while the conversation lives). */
export interface OrgParticipant {
  id: string;
  purpose: string;
  name?: string;
  address?: string;
  userId?: string;
  queueId?: string;
  startTime?: string;
  connectedTime?: string;
  endTime?: string;
  startAcwTime?: string;
  endAcwTime?: string;
  wrapupRequired?: boolean;
  wrapupExpected?: boolean;
  wrapup?: { code: string };
  monitoredParticipantId?: string;
  coachedParticipantId?: string;
  bargedParticipantId?: string;
  screenMonitoredParticipantId?: string;
  calls?: OrgMedia[];
  chats?: OrgMedia[];
  emails?: OrgMedia[];
  messages?: OrgMedia[];
  screenMonitorings?: OrgScreenMedia[];
}

/** A `screenMonitorings[]` entry (`ConversationEventTopicScreenMonitoring`). */
export interface OrgScreenMedia {
  id: string;
  state: 'none' | 'connected' | 'disconnected';
  initialState: 'none' | 'connected' | 'disconnected';
  connectedTime?: string;
  disconnectedTime?: string;
  disconnectType?: 'system';
  targetUserId: string;
  screenMonitoringId: string;
  monitoringType: 'Unknown' | 'AgentLevel' | 'ConversationLevel';
  count: number;
}

export interface OrgMedia {
  id: string;
  state: string;
  direction: 'inbound' | 'outbound';
  held?: boolean;
  startHoldTime?: string;
  connectedTime?: string;
  disconnectedTime?: string;
  disconnectType?: string;
  subject?: string;
}

export interface OrgConversation {
  readonly id: string;
  readonly startTime: string;
  readonly participants: OrgParticipant[];
  readonly mediaKey: 'calls' | 'chats' | 'emails' | 'messages' | 'screenMonitorings';
  ended: boolean;
  /** Users alone: no customer, no queue (a user-to-user call, or an agent-level screen view). */
  readonly internal?: boolean;
}
