import type { Channel, Customer, PresenceDefinition, PresenceState, ReasonCode } from '@floorwalk/core';
import type { Random } from './random.js';

/*
 * The simulated tenant: its reason codes, queues and the small word lists people, customers and
 * messages are made from. Everything is fictional: phone numbers come from ranges reserved for
 * drama (Ofcom's 07700 900xxx, the North American 555-01xx) and emails use example domains.
 */

const MINUTE = 60_000;

/** A reason code an agent may pick, how often, and how long it typically lasts. */
export interface AuxReason {
  readonly state: Exclude<PresenceState, 'available' | 'offline'>;
  readonly reason: ReasonCode;
  /** Relative frequency among all aux reasons. */
  readonly weight: number;
  readonly meanMs: number;
}

export const AUX_REASONS: readonly AuxReason[] = [
  { state: 'break', reason: { id: 'coffee', label: 'Coffee' }, weight: 14, meanMs: 10 * MINUTE },
  { state: 'break', reason: { id: 'comfort', label: 'Comfort break' }, weight: 12, meanMs: 5 * MINUTE },
  { state: 'break', reason: { id: 'screen', label: 'Screen break' }, weight: 10, meanMs: 5 * MINUTE },
  { state: 'meal', reason: { id: 'lunch', label: 'Lunch' }, weight: 10, meanMs: 30 * MINUTE },
  { state: 'meeting', reason: { id: 'huddle', label: 'Team huddle' }, weight: 7, meanMs: 15 * MINUTE },
  { state: 'meeting', reason: { id: 'one-to-one', label: 'One-to-one' }, weight: 4, meanMs: 25 * MINUTE },
  { state: 'training', reason: { id: 'e-learning', label: 'E-learning' }, weight: 6, meanMs: 25 * MINUTE },
  { state: 'away', reason: { id: 'personal', label: 'Personal' }, weight: 8, meanMs: 6 * MINUTE },
  { state: 'busy', reason: { id: 'admin', label: 'Admin' }, weight: 12, meanMs: 8 * MINUTE },
  { state: 'busy', reason: { id: 'callback', label: 'Callback follow-up' }, weight: 9, meanMs: 7 * MINUTE },
];

/** How long an aux state set without a reason (by a supervisor, say) typically lasts. */
export const AUX_STATE_MEAN_MS: Readonly<Record<AuxReason['state'], number>> = {
  break: 10 * MINUTE,
  meal: 30 * MINUTE,
  meeting: 15 * MINUTE,
  training: 25 * MINUTE,
  away: 6 * MINUTE,
  busy: 8 * MINUTE,
};

/** The tenant's reason codes per presence state, as the snapshot reports them. */
export const PRESENCE_DEFINITIONS: readonly PresenceDefinition[] = (
  ['available', 'busy', 'break', 'meal', 'meeting', 'training', 'away', 'offline'] as const
).map((state) => ({ state, reasons: AUX_REASONS.filter((a) => a.state === state).map((a) => a.reason) }));

/** A queue as configured: an id, a display name and the channels it routes. */
export interface SimulatorQueue {
  readonly id: string;
  readonly name: string;
  readonly channels: readonly Channel[];
}

const QUEUE_TEMPLATES: readonly (Omit<SimulatorQueue, 'id'>)[] = [
  { name: 'Sales', channels: ['voice'] },
  { name: 'Support', channels: ['voice', 'chat'] },
  { name: 'Billing', channels: ['voice', 'email'] },
  { name: 'Back office', channels: ['task'] },
  { name: 'Retention', channels: ['voice', 'chat'] },
  { name: 'Technical support', channels: ['voice', 'chat', 'email'] },
  { name: 'Claims', channels: ['email', 'task'] },
  { name: 'Messaging', channels: ['message', 'chat'] },
  { name: 'Video advice', channels: ['video', 'voice'] },
  { name: 'Collections', channels: ['voice'] },
  { name: 'Onboarding', channels: ['chat', 'email'] },
  { name: 'Renewals', channels: ['voice', 'email'] },
];

/** The first `count` default queues, with ids `queue-1`, `queue-2`, … */
export function defaultQueues(count: number): SimulatorQueue[] {
  return Array.from({ length: count }, (_, i) => {
    const template = QUEUE_TEMPLATES[i % QUEUE_TEMPLATES.length] as Omit<SimulatorQueue, 'id'>;
    const round = Math.floor(i / QUEUE_TEMPLATES.length);
    return { id: `queue-${i + 1}`, name: round === 0 ? template.name : `${template.name} ${round + 1}`, channels: template.channels };
  });
}

const TEAM_WORDS = [
  'Aurora', 'Beacon', 'Cedar', 'Delta', 'Ember', 'Falcon', 'Granite', 'Harbour', 'Iris', 'Juniper', 'Kestrel', 'Lagoon',
  'Maple', 'Nova', 'Orchid', 'Pioneer', 'Quartz', 'Ridge', 'Summit', 'Tidal', 'Umber', 'Vista', 'Willow', 'Zephyr',
];

/** Team `index` (0-based) is called "Aurora", …, then "Aurora 2" and so on. */
export function teamName(index: number): string {
  const word = TEAM_WORDS[index % TEAM_WORDS.length] as string;
  const round = Math.floor(index / TEAM_WORDS.length);
  return round === 0 ? word : `${word} ${round + 1}`;
}

const FIRST_NAMES = [
  'Aisha', 'Ben', 'Carmen', 'Dev', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jamal', 'Kasia', 'Liam', 'Maya', 'Nikhil',
  'Olu', 'Priya', 'Quentin', 'Rosa', 'Sam', 'Tariq', 'Uma', 'Viktor', 'Wen', 'Ximena', 'Yusuf', 'Zara', 'Aoife', 'Bruno',
  'Chloe', 'Dmitri', 'Esi', 'Freya', 'Gabriel', 'Hana', 'Ivan', 'Jun', 'Kofi', 'Lucia', 'Mateo', 'Noor', 'Oscar', 'Pia',
  'Rhys', 'Sofia', 'Tomasz', 'Valentina', 'Will', 'Yara',
];

const LAST_NAMES = [
  'Adeyemi', 'Bianchi', 'Chen', 'Dubois', 'Evans', 'Fernandes', 'García', 'Hughes', 'Ivanova', 'Jensen', 'Kowalski',
  'Lindqvist', 'Murphy', "O'Neill", 'Patel', 'Quinn', 'Rossi', 'Singh', 'Tanaka', 'Umarov', 'Varga', 'Walsh', 'Xu',
  'Yilmaz', 'Zimmermann', 'Ahmed', 'Brennan', 'Costa', 'Da Silva', 'Eriksen', 'Fischer', 'Gupta', 'Hassan', 'Ito',
  'Kim', 'Lopez', 'Mensah', 'Novak', 'Okafor', 'Park', 'Reyes', 'Schmidt', 'Torres', 'Nguyen', 'Wójcik', 'Young',
];

/**
 * The name of the next agent a centre hires, unlike every one before: `taken` holds the numbers
 * of the names given so far, and gets this one's. The first and last names are drawn as they
 * always were (two draws, so the rest of a seeded run is unchanged); where that pair is taken, the
 * next free pair goes (the next last name, then the next first name's). With every pair taken
 * (past 48 × 46 agents) the pairs go round again as "Aisha Adeyemi 2", then 3, and so on.
 */
export function personName(random: Random, taken: Set<number>): string {
  const lasts = LAST_NAMES.length;
  const pairs = FIRST_NAMES.length * lasts;
  const round = taken.size - (taken.size % pairs);
  let k = random.int(FIRST_NAMES.length) * lasts + random.int(lasts);
  while (taken.has(round + k)) k = (k + 1) % pairs;
  taken.add(round + k);
  return `${FIRST_NAMES[(k / lasts) | 0]} ${LAST_NAMES[k % lasts]}${round ? ` ${round / pairs + 1}` : ''}`;
}

const US_AREA_CODES = ['202', '312', '415', '617', '646', '713'];
const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net'];

const EMAIL_SUBJECTS = [
  'Invoice query for last month',
  'Refund not received',
  'Change of address',
  'Cannot log in to my account',
  'Question about my contract renewal',
  'Complaint about a delivery',
  'Direct debit date change',
  'Request for a copy of my statement',
  'Upgrade options',
  'Cancel my subscription',
];

const TASK_SUBJECTS = [
  'Approve goodwill credit',
  'Review returned item',
  'Update customer records',
  'Process refund',
  'Verify identity documents',
  'Follow up on callback request',
];

/** A customer for a new interaction on `channel`, plus its subject where the channel has one. */
export function customerFor(channel: Channel, random: Random): { customer: Customer; subject?: string } {
  const first = random.pick(FIRST_NAMES);
  const last = random.pick(LAST_NAMES);
  const name = `${first} ${last}`;
  switch (channel) {
    case 'voice':
    case 'message':
    case 'video': {
      const phone = random.chance(0.5)
        ? `+447700900${String(random.int(1000)).padStart(3, '0')}`
        : `+1${random.pick(US_AREA_CODES)}55501${String(random.int(100)).padStart(2, '0')}`;
      return { customer: { name, phone } };
    }
    case 'email': {
      const local = `${first}.${last}`.toLowerCase().normalize('NFD').replace(/[^a-z.]/g, '');
      return { customer: { name, email: `${local}@${random.pick(EMAIL_DOMAINS)}` }, subject: random.pick(EMAIL_SUBJECTS) };
    }
    case 'task':
      return { customer: { name }, subject: random.pick(TASK_SUBJECTS) };
    case 'chat':
      return { customer: { name } };
  }
}

export const HELP_REASONS = [
  'Customer wants a refund above my limit',
  'Customer is asking for a manager',
  'Not sure which plan fits this customer',
  'Billing screen shows an error',
  'Complaint about a previous call',
  'Need approval for a goodwill credit',
  'Policy question about returns',
  'Customer is threatening to cancel',
  'Possible fraud on the account',
  'Customer is very upset',
];

export const CHAT_REPLIES = [
  'On it.',
  'Thanks, will do.',
  'Can we talk after this call?',
  'Sure, give me five minutes.',
  'Got it, thanks!',
  'Just finishing a customer, back shortly.',
  'Yes, that makes sense.',
  'Could you send me the link again?',
];

const REASONS_BY_KEY = new Map<string, AuxReason>(AUX_REASONS.map((a) => [`${a.state}:${a.reason.id}`, a]));

/** The tenant's aux reason for `state` with this id, if there is one. */
export function auxReason(state: PresenceState, reasonId: string): AuxReason | undefined {
  return REASONS_BY_KEY.get(`${state}:${reasonId}`);
}
