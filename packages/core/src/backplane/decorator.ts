import type { Adapter, AdapterCapabilities, AdapterSink } from '../adapter.js';
import type { AuditAction, AuditEntry, AuditOutcome } from '../audit.js';
import { systemClock, type Clock, type TimerHandle } from '../clock.js';
import { checkCommand } from '../commands-check.js';
import type { Command, CommandEnvelope, CommandType } from '../commands.js';
import { ErrorCode, FloorwalkError, isFloorwalkError, toFloorwalkError } from '../errors.js';
import type { FloorwalkEvent, SnapshotEvent } from '../events/types.js';
import type { AgentActivity, ChatMessage, CheckIn, CoachingNote, CoachingSession, HelpRequest, Interaction, MonitoringSession } from '../model/types.js';
import { describePolicy, fieldsOf, type PolicyChanges } from '../policy/values.js';
import type { Backplane, BackplaneChange, BackplaneLogEntry, BackplaneRecord } from './port.js';

/** Options for {@link withBackplane}. */
export interface WithBackplaneOptions {
  /**
   * Time for every timer and entry (escalation, lease expiry, notice). Defaults to the wrapped
   * adapter's clock, else the wall clock. The decorated adapter offers it to the client.
   */
  readonly clock?: Clock;
  /**
   * A team's supervisors in escalation order, where the platform reports none (Genesys teams
   * carry no supervisors, say); they may also use the team's chat, and a hand none of the
   * agent's teams has anyone for is flagged `unseen`. Read again at each roster event. Default:
   * the team's `supervisorIds` as the adapter reports them.
   */
  readonly supervisorsOf?: (teamId: string) => readonly string[] | undefined;
  /**
   * The least notice a check-in proposal must give, enforced where the write happens whatever
   * the command carries (a command may ask for more), as is the tenant policy's
   * `checkInNoticeMs` as set on the backplane (`set-policy`): the strictest of the three holds.
   * Default 0: the command's own value.
   */
  readonly checkInNoticeMs?: number;
  /**
   * The widest start window of a check-in, enforced likewise (a command may ask for less). A
   * check-in still `scheduled` when it has passed (its time's, or the agent's counter-proposal's)
   * lapses: `cancelled` with `lapsed: 'window-passed'`. Default: the tenant policy's
   * `checkInWindowMs` as set on the backplane (`set-policy`), else 10 min. Set it where the
   * tenant's window is given to the clients only (`createFloorwalk({ policy })`): the backplane
   * cannot read that.
   */
  readonly checkInWindowMs?: number;
  /**
   * Whether a coaching note may be private, enforced at the write as the clients' policy does.
   * Default: the tenant policy's `privateCoachingNotes` as set on the backplane (`set-policy`),
   * which wins over this, else allowed here and left to the clients. Set it where the tenant's
   * value is given to the clients only.
   */
  readonly privateCoachingNotes?: boolean;
  /** How long a started check-in waits for the agent to join; then it ends unjoined (`lapsed: 'not-confirmed'`). Default 2 min. */
  readonly checkInConfirmMs?: number;
  /** The longest a live check-in runs; then it ends (`lapsed: 'time-limit'`), as when both sides closed their pages. Default 1 hour. */
  readonly checkInLiveMs?: number;
  /** Escalation delay of help requests whose command carries none. Default none. */
  readonly helpEscalationMs?: number;
  /** Lease of monitoring sessions whose command carries none. Default none. */
  readonly monitoringLeaseMs?: number;
  /**
   * The user this client acts for (its `session.userId`). Where the platform shows a
   * supervisor's leg to no page but the one that added it, and that page forgets it on a reload
   * or reconnect (Twilio), the backplane still names the session's supervisor: a session of this
   * user's that no leg reported here stands for, it has the wrapped adapter look for and take off
   * when its call goes to wrap-up or ends (or, if that was while this client was away, when it
   * comes back to the call still in wrap-up, or to one it saw that is reported no more), and
   * when its lease lapsed while this client was away on a call still live. One the platform
   * refuses for good is written back as running (`outlivesCall`), so the agent is told again.
   * Default none: only a page that holds the leg takes it off.
   */
  readonly userId?: string;
  /** Most chat, note and audit entries each replayed when the adapter connects. Default 500. */
  readonly history?: number;
  /**
   * How long an ended monitoring session or lease, and a closed check-in or coaching session
   * (ended, cancelled, declined, lapsed, done), stays on the backplane before it is deleted, so a
   * late reader (a tab that reconnects) still learns how it ended. Open ones are never deleted.
   * Also the latest a command that creates a check-in or coaching session is carried out after
   * it was issued (a retry past it could bring back one deleted): keep it above the longest a
   * command may wait in an outbox. Default 1 hour. A monitoring stop of that session still without
   * an outcome on the audit trail then (its client went away) is closed `failed`, `target.leg: 'unknown'`.
   */
  readonly keepEndedMs?: number;
}

/** The collaboration commands the backplane can carry. */
const COLLABORATION: readonly CommandType[] = [
  'raise-hand',
  'acknowledge-help',
  'resolve-help',
  'send-message',
  'mark-read',
  'mark-delivered',
  'add-coaching-note',
  'propose-check-in',
  'answer-check-in',
  'counter-check-in',
  'respond-check-in-counter',
  'start-check-in',
  'confirm-check-in',
  'end-check-in',
  'cancel-check-in',
  'schedule-coaching-session',
  'reschedule-coaching-session',
  'cancel-coaching-session',
  'report-activity',
  'set-policy',
];

const CHECK_IN_WINDOW_MS = 10 * 60_000;
const CHECK_IN_CONFIRM_MS = 2 * 60_000;
const CHECK_IN_LIVE_MS = 60 * 60_000;
/** How long a team message waits for its author's move into the team to be reported. */
const ASIDE_MS = 2 * 60_000;
/** Who acts when the backplane itself does something (an escalation, a lapsed lease). */
const PLATFORM = 'backplane';

/** Log and key names: one place, so a host's service can map them. */
const LOG = { chat: 'chat', notes: 'coaching-notes', audit: 'audit' } as const;
const KEY = { help: 'help/', checkIn: 'check-in/', coaching: 'coaching-session/', lease: 'lease/', policy: 'tenant-policy', activity: 'activity/', monitoring: 'monitoring/' } as const;

/** An agent's latest activity bucket; `null` once the tenant turned the signal off, so none lingers. */
type ActivityValue = { readonly agentId: string; readonly activity: AgentActivity } | null;

interface HelpValue {
  readonly request: HelpRequest;
  readonly escalateAfterMs?: number;
  /** The supervisors it escalates through: those of the agent's teams, kept to the roster (see `aimed`). */
  readonly chain: readonly string[];
  /** When a roster change last passed it to another supervisor: their period runs from then. */
  readonly aimedAt?: number;
}

interface LeaseValue {
  readonly session: MonitoringSession;
  readonly leaseMs: number;
  readonly expiresAt: number;
  readonly endedAt?: number;
  readonly endReason?: 'stopped' | 'lease-expired' | 'interaction-ended';
}

type ChatEntry =
  | { readonly kind: 'message'; readonly message: ChatMessage }
  | { readonly kind: 'delivered'; readonly messageId: string }
  /**
   * `upToId`: the newest message the reader had. Each reader of the log places it on its own
   * times (see `stampOf`); `upTo`, the writer's time of it, is for readers that predate it.
   */
  | { readonly kind: 'read'; readonly conversationId: string; readonly userId: string; readonly upTo: number; readonly upToId?: string };

/** A monitoring session as one source last gave it, and when. */
interface Heard {
  readonly s: MonitoringSession;
  at: number;
}

/**
 * One session as its platform reported it (`s`) and as the backplane holds it (`r`): where the
 * report names no supervisor and the record does, the record's name; else the report itself.
 */
const named = (s: MonitoringSession, r: MonitoringSession | undefined): MonitoringSession => {
  if (s.supervisorKnown !== false || r === undefined || r.supervisorKnown === false) return s;
  const { supervisorKnown: _, ...known } = s;
  return { ...known, supervisorId: r.supervisorId };
};

/**
 * What an agent is told of a session both reported first-hand (`s`) and carried (`r`): the
 * report, named by the record. A report still in `listen` ends with the record: that is what
 * Amazon Connect's agent side shows of a supervisor back to silent and of one who left alike,
 * and the record, written by the supervisor's client, knows which. A report in another mode is
 * the platform's own word and stands until it ends the session itself. `s` when nothing changes.
 */
const merged = (s: MonitoringSession, r: MonitoringSession | undefined): MonitoringSession => {
  const out = named(s, r);
  // Ended on both sides: the record says why (the call, a lapse), a platform's report of the leg going does not.
  if (s.endedAt !== undefined && s.endReason === undefined && r?.endReason !== undefined && r.endedAt !== undefined) return { ...out, endReason: r.endReason };
  return r?.endedAt === undefined || s.endedAt !== undefined || s.mode !== 'listen'
    ? out
    : { ...out, endedAt: r.endedAt, ...(r.endReason === undefined ? {} : { endReason: r.endReason }) };
};

/** Thrown inside an update to leave the record as it is, quietly (a timer that lost a race). */
class Unchanged extends Error {}

const fail = (code: FloorwalkError['code'], message: string, details?: Record<string, unknown>): FloorwalkError =>
  new FloorwalkError(code, message, details === undefined ? {} : { details });

/**
 * Decorates an adapter with Floorwalk's own shared data. The result is an {@link Adapter} whose
 * capabilities add the collaboration commands the wrapped one lacks (help requests, chat with
 * receipts, coaching notes and sessions, check-ins, monitoring leases), carries them out on the
 * backplane with the simulator's rules, and merges the backplane's entries into the client's
 * events, so policy, store and elements work unchanged. Commands the wrapped adapter has itself
 * still go to it.
 *
 * Every rule is checked where the write happens, against the version being replaced: a write
 * that lost a race is checked again on what won, so a stale or hostile client cannot skip the
 * notice, the window or the agent's consent, and two supervisors taking one help request give
 * one winner and a `Conflict` naming them to the other. Timers (escalation, lease expiry) run in
 * every connected decorator; the first to write wins, so no single client has to stay.
 *
 * @example
 * ```ts
 * import { createMemoryBackplane, withBackplane } from '@floorwalk/core/backplane';
 *
 * const backplane = createMemoryBackplane();
 * const adapter = withBackplane(createGenesysAdapter(options), backplane, {
 *   supervisorsOf: (teamId) => escalationChains[teamId],
 *   checkInNoticeMs: 24 * 3_600_000,
 * });
 * const client = createFloorwalk({ adapter, session });
 * ```
 */
export function withBackplane(adapter: Adapter, backplane: Backplane, options: WithBackplaneOptions = {}): Adapter {
  const inner = adapter;
  const clock = options.clock ?? inner.clock ?? systemClock;
  const history = Math.max(0, options.history ?? 500);
  const keepEndedMs = Math.max(0, options.keepEndedMs ?? 3_600_000);
  let sink: AdapterSink | null = null;
  let generation = 0;
  let unwatch: (() => void) | null = null;

  // What the platform reported: who exists, in which teams, on which interactions.
  const agents = new Map<string, readonly string[]>();
  const teams = new Map<string, readonly string[]>();
  const interactions = new Map<string, string | undefined>();
  /**
   * Interactions the platform reports connected or held (true: a leg found on one is live) or in
   * wrap-up (false: the conference can go on without the agent, after a transfer).
   */
  const onCall = new Map<string, boolean>();
  /**
   * Whether anyone names supervisors here (the host, or the platform for some team at some point):
   * only then can the backplane tell that nobody sees a hand. Kept once true, so a platform whose
   * last supervisor leaves is still one that names them.
   */
  let namesSupervisors = options.supervisorsOf !== undefined;
  // What the backplane holds, mirrored for synchronous reads.
  const messages = new Map<string, ChatMessage>();
  /** Per conversation, the newest message shown. */
  const newest = new Map<string, ChatMessage>();
  /**
   * Each message's time on this page's clock, by id, and per conversation the latest given. A
   * writer's stamp is their own clock's, minutes off on a badly set machine: a reply from a slow
   * one would sort above what it answers, and a read marker (a time) would take in, or leave out,
   * messages the reader never saw. So every reader orders by the backplane's log: a message heard
   * live takes the time it arrived, one replayed from the log its stamp held between the one
   * before it and now (never in the future), always after the one before it. Kept across
   * reconnects, so a replay restates none. Markers name the message read up to, placed here by id.
   */
  const stamps = new Map<string, number>();
  const latest = new Map<string, number>();
  const leases = new Map<string, LeaseValue>();
  const helps = new Map<string, HelpValue>();
  /** Agents the platform reports signed out, and since when. */
  const signedOut = new Map<string, number>();
  /** Each agent's last shared activity bucket, put back into every snapshot the platform takes. */
  const activities = new Map<string, AgentActivity>();
  /** The tenant policy values admins changed at run time, every field ever set. */
  let policyValues: PolicyChanges | undefined;
  const seen = new Set<string>();
  const timers = new Map<string, TimerHandle>();
  /**
   * What the backplane held at connect, delivered once the first snapshot has been taken in: a
   * client owes receipts for messages only once it is live.
   */
  let replay: { gen: number; events: FloorwalkEvent[] } | null = null;
  /** Leases asked for by this client's start-monitoring, until the platform reports the session. */
  const wantedLeases = new Map<string, number>();
  /**
   * Where the wrapped platform shows an agent no monitoring session (Amazon Connect, Twilio), the
   * backplane does: the client whose platform reports a session (the supervisor's) writes it as
   * it starts, changes mode and ends, and every client reads it. `carried` mirrors the records,
   * ended ones too, with their times.
   */
  const carries = inner.capabilities.agentSeesMonitoring !== true;
  const carried = new Map<string, Heard>();
  /**
   * Sessions this client's own platform reports (an agent's CCP shows a barge, say), as last
   * reported, with the time of the last event shown of them. A record of the same id is the same
   * session: the two are merged ({@link merged}), never shown side by side.
   */
  const firstHand = new Map<string, Heard>();

  const commands = (): CommandType[] => {
    const own = inner.capabilities.commands;
    // Sessions the platform schedules live there: the backplane could not move or cancel them.
    const added = COLLABORATION.filter((c) => !own.includes(c) && !(c.endsWith('coaching-session') && own.includes('schedule-coaching-session')));
    if (own.includes('start-monitoring') && !own.includes('renew-monitoring')) added.push('renew-monitoring');
    return [...own, ...added];
  };
  const ours = (type: CommandType): boolean => !inner.capabilities.commands.includes(type) && commands().includes(type);

  const deliver = (events: FloorwalkEvent[]): void => {
    if (events.length > 0) sink?.events(events);
  };
  const report = (err: unknown, what: string): void => {
    if (err instanceof Unchanged) return;
    sink?.error(toFloorwalkError(err, ErrorCode.VendorError, `The backplane could not ${what}`));
  };

  // ---- timers -----------------------------------------------------------------------------

  const arm = (key: string, at: number, run: () => void): void => {
    const held = timers.get(key);
    if (held !== undefined) clock.clearTimeout(held);
    timers.set(
      key,
      clock.setTimeout(() => {
        timers.delete(key);
        if (sink !== null) run();
      }, Math.max(0, at - clock.now())),
    );
  };
  const disarm = (key: string): void => {
    const held = timers.get(key);
    if (held !== undefined) clock.clearTimeout(held);
    timers.delete(key);
  };

  // ---- writes -----------------------------------------------------------------------------

  /**
   * Reads a record, lets `next` judge it and writes the result if nobody wrote in between; when
   * somebody did, judges again what they wrote. `next` throws to refuse.
   */
  const update = async <T>(key: string, author: string, next: (held: BackplaneRecord<T> | undefined) => T): Promise<BackplaneRecord<T>> => {
    for (let attempt = 0; ; attempt++) {
      const held = await backplane.get<T>(key);
      const value = next(held);
      try {
        return await backplane.put<T>({ key, value, author, at: clock.now(), expectedVersion: held?.version ?? 0 });
      } catch (err) {
        if (!(isFloorwalkError(err) && err.code === ErrorCode.Conflict) || attempt >= 4) throw err;
      }
    }
  };

  const audit = (record: BackplaneRecord, action: AuditAction, actor: string, subject: string, target: Record<string, string>): Promise<unknown> => {
    const entry: AuditEntry = { id: `bp:${record.key}:${record.version}:${record.at}:${action}`, at: record.at, actor, action, outcome: 'succeeded', target, subject };
    return backplane.append({ log: LOG.audit, id: entry.id, value: entry, author: actor, at: record.at }).catch((err: unknown) => report(err, 'write an audit entry'));
  };

  // ---- what the platform reports ------------------------------------------------------------

  const observe = (event: FloorwalkEvent): void => {
    switch (event.type) {
      case 'snapshot':
        if (event.scope.kind === 'all') {
          if (event.agents !== undefined) agents.clear();
          if (event.teams !== undefined) teams.clear();
        }
        for (const t of event.teams ?? []) {
          teams.set(t.id, t.supervisorIds);
          namesSupervisors ||= t.supervisorIds.length > 0;
        }
        for (const a of event.agents ?? []) {
          agents.set(a.id, a.teamIds);
          presence(a);
        }
        if (event.scope.kind === 'all' && event.interactions !== undefined) onCall.clear();
        for (const i of event.interactions ?? []) {
          interactions.set(i.id, i.agentId);
          endWithCall(i, event.at);
        }
        for (const s of event.monitoring ?? []) observeMonitoring(s, event.at);
        reaim();
        return;
      case 'agent':
        agents.set(event.agent.id, event.agent.teamIds);
        presence(event.agent);
        reaim(event.agent.id);
        return;
      case 'presence':
        presence({ id: event.agentId, presence: event.presence });
        return;
      case 'agent-removed':
        agents.delete(event.agentId);
        return;
      case 'team':
        teams.set(event.team.id, event.team.supervisorIds);
        namesSupervisors ||= event.team.supervisorIds.length > 0;
        reaim();
        return;
      case 'interaction':
        interactions.set(event.interaction.id, event.interaction.agentId);
        endWithCall(event.interaction, event.at);
        // Ended interactions stay known for notes about them; the oldest go past a bound.
        if (interactions.size > 20_000) interactions.delete(interactions.keys().next().value as string);
        return;
      case 'monitoring':
        observeMonitoring(event.session, event.at);
        return;
      default:
        return;
    }
  };

  /**
   * Shares a session as its platform reported it; once it has ended, that is final. A report
   * that names no supervisor never overwrites one the record names.
   */
  const carry = (s: MonitoringSession, author: string): void => {
    const { leaseExpiresAt: _, ...reported } = s;
    void update<MonitoringSession>(KEY.monitoring + s.id, author, (held) => {
      const was = held?.value;
      const session = named(reported, was);
      if (was !== undefined && (was.endedAt !== undefined || (session.endedAt === undefined && was.mode === session.mode && was.supervisorId === session.supervisorId))) throw new Unchanged();
      // Ended past the grace: deleted already, or due to be; not written again.
      if (was === undefined && session.endedAt !== undefined && session.endedAt + keepEndedMs <= clock.now()) throw new Unchanged();
      return session;
    }).catch((err: unknown) => report(err, 'share a monitoring session'));
  };

  /**
   * Opens the lease this client asked for once the platform reports its session; closes it when
   * the platform ends it. `at`: the report's time.
   */
  const observeMonitoring = (s: MonitoringSession, at: number): void => {
    if (carries) {
      // Never earlier than what was shown of it, from whichever clock: the store drops older.
      firstHand.set(s.id, { s, at: Math.max(at, firstHand.get(s.id)?.at ?? at, carried.get(s.id)?.at ?? at) });
      // Written by the agent's client where it cannot name the supervisor.
      carry(s, s.supervisorKnown === false ? s.agentId : s.supervisorId);
    }
    const key = KEY.lease + s.id;
    if (s.endedAt === undefined && s.mode !== 'screen' && leases.get(s.id)?.endReason === 'lease-expired') return outlived(s);
    // Reported running after its call ended it, by a page that takes legs off: that page's stop
    // was refused for good (Twilio's at wrap-up; one it may get past it tries again itself).
    if (s.endedAt === undefined && carries && carried.get(s.id)?.s.endReason === 'interaction-ended' && inner.capabilities.commands.includes('stop-monitoring')) return reopen(s);
    outliving.delete(s.id);
    if (s.endedAt !== undefined) return kept.delete(s.id), closeLease(s);
    const wanted = `${s.supervisorId}|${s.interactionId}`;
    const leaseMs = wantedLeases.get(wanted);
    // The supervisor's screen view of that interaction is reported too, and is not what they started.
    if (leaseMs === undefined || s.mode === 'screen') return;
    wantedLeases.delete(wanted);
    const now = clock.now();
    const { leaseExpiresAt: _, ...session } = s;
    void backplane
      .put<LeaseValue>({ key, value: { session, leaseMs, expiresAt: now + leaseMs }, author: s.supervisorId, at: now, expectedVersion: 0 })
      .catch((err: unknown) => {
        if (!(isFloorwalkError(err) && err.code === ErrorCode.Conflict)) report(err, 'open a monitoring lease');
      });
  };

  /** Closes the lease of a session that ended, with its reason. */
  const closeLease = (s: MonitoringSession): void => {
    const lease = leases.get(s.id);
    if (lease === undefined || lease.endedAt !== undefined) return;
    void update<LeaseValue>(KEY.lease + s.id, s.supervisorId, (held) => {
      if (held === undefined || held.value.endedAt !== undefined) throw new Unchanged();
      return { ...held.value, endedAt: s.endedAt as number, endReason: s.endReason ?? 'stopped' };
    }).catch((err: unknown) => report(err, 'close a monitoring lease'));
  };

  /**
   * A carried session ends with its call. Twilio reports a conference leg's end only to the page
   * that added it, and forgets it on every reconnect or reload (so does Connect's CCP on a reload):
   * left running, the record told the agent they were monitored after the call, renewed for as
   * long as the supervisor's page stayed open. Whichever client sees the call go to wrap-up or
   * end writes the end. The leg may outlast it (after a transfer the conference goes on with the
   * next agent, who was never told of it): the supervisor's own client takes it off, where its
   * platform reports no leg for the session to end with the call (see `userId`).
   */
  const endWithCall = (i: Interaction, at: number): void => {
    if (i.state === 'connected' || i.state === 'held' || i.state === 'wrap-up') onCall.set(i.id, i.state !== 'wrap-up');
    else onCall.delete(i.id);
    if (!carries || (i.state !== 'wrap-up' && i.state !== 'ended')) return;
    for (const { s } of carried.values()) {
      // One reopened over its call's end (its leg refused to go: see outlived) runs until stopped.
      if (s.endedAt !== undefined || s.interactionId !== i.id || s.outlivesCall === true) continue;
      const ended: MonitoringSession = { ...s, endedAt: Math.max(at, s.startedAt), endReason: 'interaction-ended' };
      carry(ended, PLATFORM);
      closeLease(ended);
      if (unheld(s)) outlived(ended);
    }
  };

  /**
   * A session of this client's user that no report of this client's platform stands for: its leg,
   * if any, was forgotten here. Only where the platform can stop one: a client that cannot (no
   * backend) would take the refusal for the platform's, and reopen a lapse over a leg never seen.
   */
  const unheld = (s: MonitoringSession): boolean => s.supervisorId === options.userId && !firstHand.has(s.id) && inner.capabilities.commands.includes('stop-monitoring');

  /**
   * A lease's session in the mode it was last carried in: the lease keeps the session as it
   * started, and a lapse told (or a session reopened) in that mode would tell the agent of a
   * listen where a supervisor whispers or barges.
   */
  const leased = (v: LeaseValue): MonitoringSession => {
    const mode = carried.get(v.session.id)?.s.mode;
    return mode === undefined || mode === v.session.mode ? v.session : { ...v.session, mode };
  };

  /** This user's session, lapsed while the client was away, on a call still live: its leg is looked for and taken off. */
  const reclaim = (v: LeaseValue): void => {
    if (carries && v.endReason === 'lease-expired' && unheld(v.session) && onCall.get(v.session.interactionId as string) === true) outlived(leased(v));
  };

  /**
   * This user's sessions that ended with a call while the client was away (another client wrote
   * the end), the call now in wrap-up or, where this client saw it before, reported no more (it
   * ended too): their legs, forgotten here, may still be on the conference, which goes on after a
   * transfer. Looked for and taken off, as at a wrap-up seen live (where the platform can still
   * tell where: see its README). Reopened only if the platform refuses (see outlived).
   */
  const reclaimEnded = (): void => {
    if (!carries) return;
    for (const { s } of carried.values()) {
      const call = s.interactionId as string;
      if (s.endedAt !== undefined && s.endReason === 'interaction-ended' && unheld(s) && onCall.get(call) !== true && interactions.has(call)) outlived(s);
    }
  };

  /**
   * Sessions a platform still runs after their lease lapsed and everyone was told they ended: the
   * lapse's stop was refused (only the supervisor's own client can drop their leg on Amazon
   * Connect and Twilio) or failed (that client was cut off, not gone). Whichever client's
   * platform reports the leg ends it now, as the lapse meant; one that cannot says it runs, so
   * the agent is never left believing no one is there (on a report that proves a leg, not the
   * listen an agent's CCP keeps after a barge). Held until the platform reports it ended.
   * Also the leg of a session of this client's user that no report here stands for (`unheld`),
   * ended by its call or lapsed: the platform looks for it, and a failure of that is told.
   */
  const outliving = new Set<string>();
  /** Leases taken for lapsed at connect, their records gone: how they ended is not known here. */
  const presumed = new Set<string>();
  /**
   * Writes a stop's entry under the id of the stop meant and its outcome (`as`): the log keeps an
   * id once, whoever writes it.
   */
  const share = (entry: AuditEntry, as: string = entry.outcome): void => {
    const id = `bp:stop:${entry.commandKey as string}:${as}`;
    void backplane.append({ log: LOG.audit, id, value: { ...entry, id }, author: entry.actor, at: entry.at }).catch((e: unknown) => report(e, 'write an audit entry'));
  };
  /**
   * Every monitoring stop is audited, `requested` then its outcome (docs/privacy.md), and one this
   * client issues itself on a supervisor's leg goes through no client's command path: written
   * here, to the shared trail, so the agent it concerns can read it. No leg found is done; one
   * the platform had nowhere to look for (`searched: false`: the call is over and nothing here
   * still names where the leg was) is not, and says so.
   */
  const auditStop = (s: MonitoringSession, key: string, settled?: { readonly err?: unknown }): void => {
    const at = clock.now();
    const err = settled?.err;
    const found = err === undefined || !(isFloorwalkError(err) && err.code === ErrorCode.UnknownEntity);
    const nowhere = isFloorwalkError(err) && err.details?.searched === false;
    const outcome: AuditOutcome = settled === undefined ? 'requested' : (found || nowhere) && err !== undefined ? 'failed' : 'succeeded';
    const entry: AuditEntry = {
      id: `bp:stop:${key}:${outcome}`,
      at,
      actor: PLATFORM,
      action: 'monitoring.stop',
      outcome,
      target: { sessionId: s.id, interactionId: s.interactionId ?? '', supervisorId: s.supervisorId, reason: s.endReason ?? 'lease-expired', ...(!found && { leg: nowhere ? 'not-searched' : 'not-found' }) },
      subject: s.agentId,
      commandKey: key,
      ...(outcome === 'failed' && { reason: toFloorwalkError(err, ErrorCode.VendorError, 'The platform refused the stop').message }),
    };
    share(entry);
  };
  /**
   * Has the wrapped platform take a supervisor's leg off, audited. `key` names the stop meant (a
   * lapse, a call's end), not one try: tries again after a rate limit or a lost link (`retried`:
   * the caller will) and looks at each snapshot share it, so the trail holds one `requested` (the
   * log keeps an entry id once) and the outcome it came to, not a pair per try.
   */
  const stopLeg = (s: MonitoringSession, key: string, retried = false): Promise<void> => {
    // A lapse presumed at connect (its record deleted while this client was away) may be a stop
    // another page made: no leg found then means nothing happened, and the trail says nothing.
    const quiet = presumed.has(s.id);
    if (!quiet) auditStop(s, key);
    trying.add(key);
    return inner.execute({ type: 'stop-monitoring', sessionId: s.id, key, issuedBy: s.supervisorId, issuedAt: clock.now() }).then(
      () => (trying.delete(key), quiet && auditStop(s, key), auditStop(s, key, {})),
      (err: unknown) => {
        trying.delete(key);
        const gone = isFloorwalkError(err) && err.code === ErrorCode.UnknownEntity;
        if (!(retried && isFloorwalkError(err) && err.retryable) && !(quiet && gone)) {
          if (quiet) auditStop(s, key);
          auditStop(s, key, { err });
        }
        throw err;
      },
    );
  };
  /**
   * Stops on the trail (`requested`, by key) with no outcome yet. One whose client went away
   * before its next try (after a rate limit or a lost link) or before its answer would read as
   * under way for good: it is closed `failed`, `target.leg: 'unknown'`: by its supervisor's client
   * at its first snapshot after a connect that does not look at it again, else when the session's
   * record is deleted (see armPrune). Never one this client still has out; but another page of the
   * supervisor's may still be waiting to try it (out a Retry-After), and nothing here can tell.
   * So the close has an id of its own (`unfinished`), never the one an outcome is written under:
   * the outcome a page still trying comes to (a refusal and its reason, a success) follows it on
   * the trail rather than being dropped as an id the log already holds.
   */
  const unsettled = new Map<string, AuditEntry>();
  const trying = new Set<string>();
  const track = (id: string, e: AuditEntry): void => {
    if (!id.startsWith('bp:stop:') || typeof e?.commandKey !== 'string' || typeof e.target?.sessionId !== 'string') return;
    if (e.outcome !== 'requested') return void unsettled.delete(e.commandKey);
    unsettled.set(e.commandKey, e);
    // The oldest goes past the bound, closed as a pruned session's are: dropped silently, it would
    // stay `requested` on the agent's trail for good. One this client still has out writes its own outcome.
    if (unsettled.size > 1_000) {
      const [key, oldest] = unsettled.entries().next().value as [string, AuditEntry];
      if (trying.has(key)) unsettled.delete(key);
      else close(key, oldest);
    }
  };
  const close = (key: string, e: AuditEntry): void => {
    unsettled.delete(key);
    const reason = 'Not finished: the client that asked went away before it was tried again or answered, or still waits to try it again (its outcome then follows).';
    share({ ...e, at: clock.now(), outcome: 'failed', target: { ...e.target, leg: 'unknown' }, reason }, 'unfinished');
  };
  const abandon = (which: (e: AuditEntry) => boolean): void => {
    for (const [key, e] of unsettled) if (!trying.has(key) && which(e)) close(key, e);
  };
  const outlived = (s: MonitoringSession, tries = 0): void => {
    const canStop = inner.capabilities.commands.includes('stop-monitoring');
    // A report in listen from a client that cannot stop the leg proves no leg: Connect's agent
    // side shows a supervisor who left as one back to silent. The lapse's end stands, as merged()
    // has the record's end win over such a report. A try again goes on only while nothing ended it.
    if (tries > 0 ? !outliving.has(s.id) : outliving.has(s.id) || (carries && !canStop && s.mode === 'listen')) return;
    outliving.add(s.id);
    const gen = generation;
    const stop = canStop ? stopLeg(s, `${s.endReason ?? 'lease-expired'}:${s.id}`, !firstHand.has(s.id) && carries) : Promise.reject(new Error('no stop'));
    stop.catch((err: unknown) => {
      // The platform says the leg is gone (its end is on its way), or has reported its end since,
      // or this client left meanwhile (a stop failed by the disconnect may have landed): nothing
      // to reopen, and a record reopened then would run for good.
      if ((isFloorwalkError(err) && err.code === ErrorCode.UnknownEntity) || gen !== generation || !outliving.has(s.id)) return;
      if (!firstHand.has(s.id) && carries) {
        // Looked for, not reported: a rate limit or a lost link says nothing of whether the leg is
        // there, and a session reopened over none would stay shown for good. Told, and asked again.
        report(err, 'take a monitoring leg off the platform');
        if (isFloorwalkError(err) && err.retryable) {
          const wait = err.details?.retryAfterMs;
          return arm(`leg/${s.id}`, clock.now() + (typeof wait === 'number' ? wait : Math.min(60_000, 1_000 * 2 ** tries)), () => outlived(s, tries + 1));
        }
      }
      if (!carries) {
        // This client's platform tells it first-hand; the others' tell them as they report it.
        const now = clock.now();
        return deliver([{ ...base(`bp:outlived:${s.id}:${now}`, now), type: 'monitoring', session: s }]);
      }
      reopen(s);
    });
  };
  /**
   * Writes back as running a session whose record ended (a lapse, its call) while its leg may
   * still be there, so the agent is told again; one whose record was deleted since is written
   * anew. Ended with its call, it is kept from ending with it again (see endWithCall). Its lease,
   * closed with the end (or deleted), runs again for the length it had: renewed while this client
   * holds it (see `kept`), and a client that goes away lets it lapse, so the agent is not told for
   * good of a session no one holds.
   */
  const reopen = (s: MonitoringSession): void => {
    if (firstHand.get(s.id)?.s.endedAt === undefined && (firstHand.has(s.id) || unheld(s))) kept.add(s.id);
    // The length it was leased for, as this client last read it: its record may have been deleted since.
    const leaseMs = leases.get(s.id)?.leaseMs ?? options.monitoringLeaseMs;
    void update<MonitoringSession>(KEY.monitoring + s.id, s.supervisorKnown === false ? s.agentId : s.supervisorId, (held) => {
      const was = held?.value;
      // None: deleted `keepEndedMs` after its end. The leg is there (a refusal is no 404): written again.
      if (was !== undefined && was.endReason !== 'lease-expired' && was.endReason !== 'interaction-ended') throw new Unchanged();
      const { endedAt: _, endReason: __, leaseExpiresAt: ___, ...running } = named(s, was);
      return (was ?? s).endReason === 'interaction-ended' ? { ...running, outlivesCall: true } : running;
    })
      .then((record) =>
        update<LeaseValue>(KEY.lease + s.id, s.supervisorId, (held) => {
          // Deleted with it: let again, or the agent would be told of it for good once this client goes.
          if (held === undefined && leaseMs !== undefined && leaseMs > 0) return { session: record.value, leaseMs, expiresAt: clock.now() + leaseMs };
          // None (started without one) or running already: nothing to let again.
          if (held?.value.endedAt === undefined) throw new Unchanged();
          const { endedAt: _, endReason: __, ...lease } = held.value;
          return { ...lease, expiresAt: clock.now() + lease.leaseMs };
        }),
      )
      .catch((err: unknown) => report(err, 'reopen a monitoring session that outlived its end'));
  };
  /**
   * Sessions reopened here over a leg the platform refused to take off, which this client holds
   * (its platform reports the leg, or it is its user's): while it stays connected, someone holds
   * the session, so their lease is renewed here when nothing else renews it. Otherwise each lapse
   * would be refused again, and the agent told "ended", then "started", every lease period, for a
   * leg that never changed. Once this client goes, the lease lapses once, for good.
   */
  const kept = new Set<string>();
  const keep = (v: LeaseValue): void => {
    const id = v.session.id;
    const key = `keep/${id}`;
    if (!kept.has(id) || v.endedAt !== undefined || firstHand.get(id)?.s.endedAt !== undefined || carried.get(id)?.s.endedAt !== undefined) return disarm(key);
    // Each write of the lease arms it again: a renewal from the supervisor's client puts it off.
    arm(key, Math.min(v.expiresAt, clock.now() + v.leaseMs / 3), () =>
      void update<LeaseValue>(KEY.lease + id, v.session.supervisorId, (held) => {
        if (held === undefined || held.value.endedAt !== undefined || !kept.has(id)) throw new Unchanged();
        return { ...held.value, expiresAt: clock.now() + held.value.leaseMs };
      }).catch((err: unknown) => report(err, 'renew a monitoring lease')),
    );
  };

  /** The session as the platform reported it, with the lease the backplane keeps for it. */
  const withLease = (s: MonitoringSession): MonitoringSession => {
    const lease = leases.get(s.id);
    return lease === undefined || lease.endedAt !== undefined || s.endedAt !== undefined ? s : { ...s, leaseExpiresAt: lease.expiresAt };
  };

  const innerSink = (gen: number): AdapterSink => ({
    events(batch) {
      if (gen !== generation || sink === null) return;
      const out: FloorwalkEvent[] = [];
      for (const e of batch) {
        try {
          observe(e);
        } catch {
          // A malformed event is the client's to report; it is passed on as it came.
        }
        // The wrapped adapter's own stop of a leg (Twilio's page that holds it, at the call's end):
        // on the shared trail, where the agent reads it, back to every client through the watch.
        if (carries && e?.type === 'audit' && e.entry?.action === 'monitoring.stop' && typeof e.entry.commandKey === 'string') {
          share(e.entry);
          continue;
        }
        if (e?.type !== 'monitoring' || e.session === null || typeof e.session !== 'object') {
          out.push(e);
          if (aside.size > 0 && (e?.type === 'agent' || e?.type === 'snapshot')) release(out);
          continue;
        }
        // Taken in by observe() just now where the backplane carries sessions: shown merged with its record.
        const heard = firstHand.get(e.session.id);
        out.push(heard?.s === e.session ? { ...e, at: heard.at, session: withLease(merged(heard.s, carried.get(heard.s.id)?.s)) } : { ...e, session: withLease(e.session) });
      }
      sink.events(out);
    },
    status(status, reason) {
      if (gen === generation) sink?.status(status, reason);
    },
    error(error) {
      if (gen === generation) sink?.error(error);
    },
  });

  // ---- what the backplane holds, as canonical events ---------------------------------------

  const source = inner.id;
  const base = (id: string, at: number) => ({ id, at, source });
  const signalOff = (): boolean => policyValues?.activitySignal?.enabled === false;
  const off = (): never => {
    throw fail(ErrorCode.Forbidden, 'The tenant turned the activity signal off.', { policy: 'activitySignal' });
  };
  const unchanged = (): never => {
    throw new Unchanged();
  };

  const fromRecord = (record: BackplaneRecord, out: FloorwalkEvent[]): void => {
    // With its time: versions start again at 1 for a key deleted and written again, and the store
    // drops an event id it has seen (a session reopened after its record was deleted, say).
    const id = `bp:${record.key}:${record.version}:${record.at}`;
    if (record.key === KEY.policy) {
      // Everything in force, not only the last change: a client that missed one catches up.
      policyValues = record.value as PolicyChanges;
      // Off: no bucket held here goes into another snapshot, before or after the records are cleared.
      if (signalOff()) activities.clear();
      out.push({ ...base(id, record.at), type: 'policy', changes: policyValues, changedBy: record.author });
    } else if (record.key.startsWith(KEY.help)) {
      const v = record.value as HelpValue;
      helps.set(v.request.id, v);
      out.push({ ...base(id, record.at), type: 'help-request', request: v.request });
      armEscalation(record.key, v);
      withdrawIfGone(record.key, v.request);
    } else if (record.key.startsWith(KEY.checkIn)) {
      const c = record.value as CheckIn;
      out.push({ ...base(id, record.at), type: 'check-in', checkIn: c });
      armCheckInLapse(record.key, c);
      // Closed for good (record.at: when): deleted after the grace, as ended sessions are.
      if (c.phase === 'ended' || c.phase === 'cancelled') armPrune(record, record.at);
    } else if (record.key.startsWith(KEY.coaching)) {
      const s = record.value as CoachingSession;
      out.push({ ...base(id, record.at), type: 'coaching-session', session: s });
      if (s.state === 'scheduled') armCoachingEnd(record.key, s);
      else if (s.state === 'done' || s.state === 'cancelled') armPrune(record, record.at);
      else disarm(record.key);
    } else if (record.key.startsWith(KEY.activity)) {
      const v = record.value as ActivityValue;
      if (v === null || signalOff()) {
        activities.delete(record.key.slice(KEY.activity.length));
        // Landed after the switch (a report judged before it reached this client): cleared, not passed on.
        if (v !== null) void update<ActivityValue>(record.key, PLATFORM, (held) => (held === undefined || held.value === null ? unchanged() : null)).catch((err: unknown) => report(err, 'clear an activity bucket'));
      } else {
        activities.set(v.agentId, v.activity);
        out.push({ ...base(id, record.at), type: 'activity', agentId: v.agentId, activity: v.activity });
      }
    } else if (record.key.startsWith(KEY.lease)) {
      const v = record.value as LeaseValue;
      leases.set(v.session.id, v);
      keep(v);
      if (v.endedAt === undefined) armLease(record.key, v);
      else armPrune(record, v.endedAt);
      // The platform reports sessions it ended; a lapse is the backplane's to tell, the agent included.
      if (v.endReason === 'lease-expired') {
        out.push({ ...base(id, record.at), type: 'monitoring', session: { ...leased(v), endedAt: v.endedAt as number, endReason: 'lease-expired' } });
        // Lapsed by another client (on time where this one's timers ran late, or one that cannot
        // drop the leg) while this client's platform still reports it: dropped from here now,
        // not at the platform's next report of it, which may never come. One of this user's that
        // it does not report may still be there, forgotten: looked for (again at each snapshot).
        const heard = firstHand.get(v.session.id)?.s;
        if (heard !== undefined && heard.endedAt === undefined && heard.mode !== 'screen') outlived(heard);
        else if (!restoring) reclaim(v);
      }
    } else if (record.key.startsWith(KEY.monitoring)) {
      const session = record.value as MonitoringSession;
      if (session.endedAt !== undefined) armPrune(record, session.endedAt);
      if (!carries) return;
      const before = carried.get(session.id)?.s;
      carried.set(session.id, { s: session, at: record.at });
      const heard = firstHand.get(session.id);
      if (heard === undefined) return void out.push({ ...base(id, record.at), type: 'monitoring', session: withLease(session) });
      // Its call's end heard only after the platform refused to take its leg off (see observeMonitoring).
      if (heard.s.outlivesCall && !heard.s.endedAt && session.endReason === 'interaction-ended') reopen(heard.s);
      // Reported first-hand too: shown only where the record changes what the agent is told, or
      // no longer does (a session reopened after it outlived its lease).
      const shown = merged(heard.s, session);
      if (shown === heard.s && merged(heard.s, before) === heard.s) return;
      heard.at = Math.max(heard.at, record.at);
      out.push({ ...base(id, heard.at), type: 'monitoring', session: withLease(shown) });
    }
  };

  /** The history read at connect() is being taken in: see fromChat. */
  let replaying = false;
  /**
   * The records read at connect() are being taken in, leases before the sessions they are of: a
   * lapse is looked at again by snapshot(), once every record is in (see `leased`).
   */
  let restoring = false;
  /** Team messages from an agent the roster puts elsewhere, by log entry id, until a move shows them or they expire. */
  const aside = new Map<string, { at: number; value: ChatEntry & { kind: 'message' }; until: number }>();
  /** After a roster change: what was held aside and is now the author's to post is shown. */
  const release = (out: FloorwalkEvent[]): void => {
    for (const [entryId, held] of aside) {
      if (held.until <= clock.now()) aside.delete(entryId);
      else if (inConversation(held.value.message.conversationId, held.value.message.authorId)) {
        aside.delete(entryId);
        fromChat(entryId, held.at, held.value, out);
      }
    }
  };
  const stampOf = (m: ChatMessage): number => {
    let at = stamps.get(m.id);
    if (at === undefined) {
      const now = clock.now();
      at = Math.max((latest.get(m.conversationId) ?? -Infinity) + 1, replaying ? Math.min(m.sentAt, now) : now);
      stamps.set(m.id, at);
      latest.set(m.conversationId, at);
      if (stamps.size > 10_000) stamps.delete(stamps.keys().next().value as string);
    }
    return at;
  };
  const fromChat = (entryId: string, at: number, value: ChatEntry, out: FloorwalkEvent[]): void => {
    const id = `bp:${LOG.chat}:${entryId}`;
    if (value.kind === 'message') {
      // Placed in the log's order before it is judged, so a marker naming it finds it.
      const sentAt = stampOf(value.message);
      // Written by a client that skipped the check (any page writes to a shared backplane): not
      // shown. A replay is judged when its snapshot brings the roster, not on the one held from
      // before (an agent who joined the team meanwhile).
      if (!replaying && !inConversation(value.message.conversationId, value.message.authorId)) {
        // An agent the roster puts in another team may have moved into this one already, and the
        // platform not said so yet (Connect polls): held a while, shown if the move comes.
        if (value.message.conversationId.startsWith('team:') && agents.has(value.message.authorId)) {
          aside.set(entryId, { at, value, until: clock.now() + ASIDE_MS });
          if (aside.size > 100) aside.delete(aside.keys().next().value as string);
        }
        return;
      }
      const message: ChatMessage = { ...value.message, sentAt };
      messages.set(message.id, message);
      if (sentAt > (newest.get(message.conversationId)?.sentAt ?? -Infinity)) newest.set(message.conversationId, message);
      if (messages.size > 10_000) messages.delete(messages.keys().next().value as string);
      // Every event of a message is at its time here: a receipt stamped by a slow clock is still news.
      out.push({ ...base(id, sentAt), type: 'chat-message', message });
    } else if (value.kind === 'delivered') {
      const held = messages.get(value.messageId);
      if (held === undefined || held.delivery !== 'sent') return;
      const message: ChatMessage = { ...held, delivery: 'delivered' };
      messages.set(held.id, message);
      out.push({ ...base(id, held.sentAt), type: 'chat-message', message });
    } else {
      // As for messages: a marker from outside the conversation would count as a reader, and in a
      // DM mark the pair's messages read. A 1:1's pair needs no roster, so it is judged in a replay too.
      if ((!replaying || value.conversationId.startsWith('dm:')) && !inConversation(value.conversationId, value.userId)) return;
      // A message this page never placed came before every one it holds (the log's replay starts
      // after it): nothing here is read by it.
      const upTo = value.upToId === undefined ? value.upTo : stamps.get(value.upToId);
      if (upTo === undefined) return;
      out.push({ ...base(id, at), type: 'chat-read', conversationId: value.conversationId, userId: value.userId, upTo });
      if (!value.conversationId.startsWith('dm:')) return;
      for (const m of messages.values()) {
        if (m.conversationId !== value.conversationId || m.authorId === value.userId || m.sentAt > upTo || m.delivery === 'read') continue;
        const message: ChatMessage = { ...m, delivery: 'read' };
        messages.set(m.id, message);
        out.push({ ...base(`${id}:${m.id}`, m.sentAt), type: 'chat-message', message });
      }
    }
  };

  /** A record deleted: what mirrors it goes, and a later record under its key is news again. */
  const forget = (key: string, version: number): void => {
    disarm(key);
    for (let v = 1; v <= version; v++) seen.delete(`r:${key}:${v}`);
    const id = key.slice(key.indexOf('/') + 1);
    if (key.startsWith(KEY.lease)) leases.delete(id);
    else if (key.startsWith(KEY.monitoring)) {
      carried.delete(id);
      firstHand.delete(id);
    }
  };

  const fromChange = (change: BackplaneChange, out: FloorwalkEvent[]): void => {
    if (change.kind === 'deleted') return forget(change.key, change.version);
    const tag = change.kind === 'record' ? `r:${change.record.key}:${change.record.version}` : `l:${change.entry.log}:${change.entry.id}`;
    if (seen.has(tag)) return;
    seen.add(tag);
    if (seen.size > 50_000) seen.delete(seen.values().next().value as string);
    try {
      if (change.kind === 'record') return fromRecord(change.record, out);
      const e = change.entry;
      if (e.log === LOG.chat) fromChat(e.id, e.at, e.value as ChatEntry, out);
      else if (e.log === LOG.notes) out.push({ ...base(`bp:${e.log}:${e.id}`, e.at), type: 'coaching-note', note: e.value as CoachingNote });
      else if (e.log === LOG.audit) {
        track(e.id, e.value as AuditEntry);
        out.push({ ...base(`bp:${e.log}:${e.id}`, e.at), type: 'audit', entry: e.value as AuditEntry });
      }
    } catch (err) {
      // A foreign or corrupt entry: reported, and the rest carries on.
      report(err, `read entry ${tag}`);
    }
  };

  // ---- rules the backplane applies by itself ------------------------------------------------

  /** Notes an agent signing out (or back in), and withdraws the hands they left up. */
  const presence = (a: { id: string; presence: { state: string; since: number } }): void => {
    if (a.presence.state !== 'offline') return void signedOut.delete(a.id);
    signedOut.set(a.id, a.presence.since);
    for (const [id, v] of helps) withdrawIfGone(KEY.help + id, v.request);
  };

  /**
   * A hand left up when its agent signed out is withdrawn (`cancelled`, by the platform): no one
   * is there to help, and it would keep escalating round the supervisors. One whose call only
   * ended stays up: the need for help may outlive the call.
   */
  const withdrawIfGone = (key: string, r: HelpRequest): void => {
    const since = signedOut.get(r.agentId);
    if (since === undefined || r.raisedAt > since || (r.state !== 'open' && r.state !== 'acknowledged')) return;
    void update<HelpValue>(key, PLATFORM, (held) => {
      const h = held?.value.request;
      if (held === undefined || h === undefined || (h.state !== 'open' && h.state !== 'acknowledged')) throw new Unchanged();
      return { ...held.value, request: { ...h, state: 'cancelled', resolvedAt: clock.now() } };
    }).then(
      (record) => audit(record, 'help.withdrawn', PLATFORM, r.agentId, { requestId: r.id, reason: 'signed-out' }),
      (err: unknown) => report(err, 'withdraw a help request'),
    );
  };

  /**
   * A hand as the roster has it now: escalating through the supervisors of the agent's teams
   * (not those of the team it was raised in), waiting on one of them, and `unseen` while there are
   * none. Where neither the platform nor the host names any supervisor, nobody can tell who sees
   * it, and it is never flagged. A taken hand whose taker the roster no longer puts over the agent
   * (listed, or on the chain until now, and off it) is open again: the agent would wait on someone
   * refused every action on them, and the supervisors who can see it would leave it as taken. One
   * taken by a person listed nowhere (an admin) stays theirs: nothing here says they lost sight.
   * `v` itself when nothing changes.
   */
  const aimed = (v: HelpValue): HelpValue => {
    const r = v.request;
    const teamIds = agents.get(r.agentId);
    if (teamIds === undefined || (r.state !== 'open' && r.state !== 'acknowledged')) return v;
    const chain = chainOf(teamIds);
    const unseen = chain.length === 0 && namesSupervisors;
    const taker = r.acknowledgedBy;
    const lost = taker !== undefined && namesSupervisors && !chain.includes(taker) && (knowsPerson(taker) || v.chain.includes(taker));
    const to = r.assignedTo !== undefined && chain.includes(r.assignedTo) ? r.assignedTo : chain[0];
    if (!lost && unseen === (r.unseen === true) && to === r.assignedTo && chain.join('\n') === v.chain.join('\n')) return v;
    const { unseen: _, assignedTo: __, ...kept } = r;
    const { acknowledgedBy: _b, acknowledgedAt: _a, ...rest } = kept;
    return {
      ...v,
      chain,
      // Released, it escalates again from now: whoever it waits on gets a full period.
      ...(to === r.assignedTo && !lost ? {} : { aimedAt: clock.now() }),
      request: { ...(lost ? { ...rest, state: 'open' as const } : kept), ...(to === undefined ? {} : { assignedTo: to }), ...(unseen ? { unseen } : {}) },
    };
  };

  /**
   * Audits a hand aimed anew (`was`: as it stood before; none when just raised): who it waits on
   * now and who can see it (`help.reaim`), or that nobody can (`help.unseen`) or someone can again
   * (`help.seen`); a taken hand let go of is `help.released`, `from` its taker (and `help.unseen`
   * too when nobody is left). Who was told of a hand, and when, is the agent's to read in their trail.
   */
  const auditAim = (record: BackplaneRecord<HelpValue>, was: HelpRequest | undefined): Promise<unknown> => {
    const r = record.value.request;
    const flipped = (r.unseen === true) !== (was?.unseen === true);
    const entry = (action: AuditAction, from: string | undefined): Promise<unknown> =>
      audit(record, action, PLATFORM, r.agentId, { requestId: r.id, from: from ?? '', to: r.assignedTo ?? '', supervisors: record.value.chain.join(',') });
    const released = was?.state === 'acknowledged' && r.state === 'open';
    return Promise.all([
      released && entry('help.released', was.acknowledgedBy),
      (flipped || !released) && entry(flipped ? (r.unseen ? 'help.unseen' : 'help.seen') : 'help.reaim', was?.assignedTo),
    ]);
  };

  /**
   * After a roster change (a team move, a supervisor joining or leaving a team's list), re-aims
   * every open hand (of `agentId`, when only they moved), audited. Every client that hears of the
   * change does; the first write wins and the others find nothing left to change (nor audit).
   */
  const reaim = (agentId?: string): void => {
    for (const [id, v] of helps) {
      if ((agentId !== undefined && v.request.agentId !== agentId) || aimed(v) === v) continue;
      let was: HelpRequest | undefined;
      void update<HelpValue>(KEY.help + id, PLATFORM, (held) => {
        const next = held === undefined ? undefined : aimed(held.value);
        if (next === undefined || next === held?.value) throw new Unchanged();
        was = held?.value.request;
        return next;
      }).then(
        (record) => auditAim(record, was),
        (err: unknown) => report(err, 're-aim a help request'),
      );
    }
  };

  const armEscalation = (key: string, v: HelpValue): void => {
    const r = v.request;
    const after = v.escalateAfterMs;
    // Unseen, there is nobody to pass it to: escalating round no one would only write noise.
    if (r.state !== 'open' || r.unseen === true || after === undefined || after <= 0) return disarm(key);
    const due = r.escalations ?? 0;
    arm(key, Math.max(r.escalatedAt ?? r.raisedAt, v.aimedAt ?? 0) + after, () => {
      void update<HelpValue>(key, PLATFORM, (held) => {
        const h = held?.value.request;
        // Re-aimed since this timer was armed (its record not here yet): the new supervisor's period has not run.
        if (held === undefined || h === undefined || h.state !== 'open' || h.unseen === true || (h.escalations ?? 0) !== due || held.value.aimedAt !== v.aimedAt) throw new Unchanged();
        const chain = held.value.chain;
        const from = h.assignedTo;
        const next = chain.length === 0 ? from : chain[(Math.max(0, chain.indexOf(from ?? '')) + 1) % chain.length];
        return { ...held.value, request: { ...h, escalations: due + 1, escalatedAt: clock.now(), ...(next === undefined ? {} : { assignedTo: next }) } };
      }).then(
        (record) => audit(record, 'help.escalate', PLATFORM, r.agentId, { requestId: r.id, from: r.assignedTo ?? '', to: record.value.request.assignedTo ?? '' }),
        (err: unknown) => report(err, 'escalate a help request'),
      );
    });
  };

  /** Deletes a finished record once late readers have had their grace; a newer version re-arms or disarms it. */
  const armPrune = (record: BackplaneRecord, endedAt: number): void => {
    arm(record.key, endedAt + keepEndedMs, () => {
      backplane.delete(record.key, record.version).then(
        // No client looks for a deleted session's leg any more: a stop of it left unanswered is over.
        () => (record.key.startsWith(KEY.lease) || record.key.startsWith(KEY.monitoring)) && abandon((e) => e.target.sessionId === record.key.slice(record.key.indexOf('/') + 1)),
        (err: unknown) => {
          // Deleted by another client first, or written again since: nothing to do here.
          if (!(isFloorwalkError(err) && err.code === ErrorCode.Conflict)) report(err, 'delete an ended record');
        },
      );
    });
  };

  const armLease = (key: string, v: LeaseValue): void => {
    arm(key, v.expiresAt, () => {
      let early: LeaseValue | undefined;
      void update<LeaseValue>(key, PLATFORM, (held) => {
        if (held === undefined || held.value.endedAt !== undefined) throw new Unchanged();
        // A timer a little ahead of the clock (Node's and browsers' may fire a millisecond early):
        // looked at again at the lease's own time, or nobody would ever lapse it.
        if (held.value.expiresAt > clock.now()) {
          early = held.value;
          throw new Unchanged();
        }
        return { ...held.value, endedAt: clock.now(), endReason: 'lease-expired' };
      }).then(
        async (record) => {
          const s = leased(record.value);
          if (carries) carry({ ...s, endedAt: record.value.endedAt as number, endReason: 'lease-expired' }, PLATFORM);
          // Leases are opened only on sessions started on an interaction (never a screen view).
          await audit(record, 'monitoring.lease-expired', PLATFORM, s.agentId, { sessionId: s.id, interactionId: s.interactionId as string, supervisorId: s.supervisorId, reason: 'lease-expired' });
          // Leave the platform's side too; the platform may refuse a stranger, and the agent was told anyway.
          // A leg this client's own platform reports is dropped by outlived() when the lapse's record comes back (before this, on the memory backplane), which also says it runs if refused: not asked twice.
          if (inner.capabilities.commands.includes('stop-monitoring') && !outliving.has(s.id)) {
            await stopLeg({ ...s, endReason: 'lease-expired' }, `lease-expired:${s.id}`).catch(() => undefined);
          }
        },
        (err: unknown) => {
          if (early !== undefined && !timers.has(key)) armLease(key, early);
          report(err, 'end a lapsed monitoring lease');
        },
      );
    });
  };

  const windowMs = (): number => options.checkInWindowMs ?? policyValues?.checkInWindowMs ?? CHECK_IN_WINDOW_MS;
  /** When a check-in in its phase lapses unless someone moves it on first (see `CheckIn.lapsesAt`). */
  const lapseTime = (c: CheckIn): number | undefined => {
    switch (c.phase ?? 'scheduled') {
      case 'scheduled':
        return Math.max(c.scheduledFor, c.counterFor ?? 0) + windowMs();
      case 'starting':
        return (c.startedAt as number) + (options.checkInConfirmMs ?? CHECK_IN_CONFIRM_MS);
      case 'live':
        return (c.confirmedAt as number) + (options.checkInLiveMs ?? CHECK_IN_LIVE_MS);
      default:
        return undefined;
    }
  };
  /** A check-in as written: with the time it lapses while it is open, so every client reads the same one. */
  const dated = (c: CheckIn): CheckIn => {
    const { lapsesAt: _, ...rest } = c;
    const at = lapseTime(rest);
    return at === undefined ? rest : { ...rest, lapsesAt: at };
  };

  /**
   * Closes a check-in nobody closes once its time comes: one not started in its window, one the
   * agent did not join, one live past the longest a check-in runs. As with coaching sessions, every
   * client's copy re-arms as the record lands (a reload's replay included) and the first to write
   * wins; the others find it moved on. Never live without the agent: a start unjoined ends.
   */
  const armCheckInLapse = (key: string, c: CheckIn): void => {
    const at = c.lapsesAt ?? lapseTime(c);
    // Closed, or a foreign record with no times: nothing to close.
    if (at === undefined || Number.isNaN(at)) return disarm(key);
    arm(key, at, () => {
      let early: CheckIn | undefined;
      void update<CheckIn>(key, PLATFORM, (held) => {
        const v = held?.value;
        const due = v === undefined ? undefined : (v.lapsesAt ?? lapseTime(v));
        if (v === undefined || due === undefined || !(due <= clock.now())) {
          // Another clock's timer, a little ahead: looked at again at the record's own time.
          if (v !== undefined && due !== undefined && due > clock.now()) early = v;
          throw new Unchanged();
        }
        const { lapsesAt: _, ...rest } = v;
        return v.phase === 'starting' || v.phase === 'live'
          ? { ...rest, phase: 'ended', endedAt: clock.now(), lapsed: v.phase === 'live' ? 'time-limit' : 'not-confirmed' }
          : { ...rest, phase: 'cancelled', cancelledBy: PLATFORM, lapsed: 'window-passed' };
      }).then(
        (record) => checkInAudit(record, record.value.phase === 'ended' ? 'check-in.end' : 'check-in.cancel', PLATFORM, { reason: record.value.lapsed as string }),
        (err: unknown) => {
          if (early !== undefined && !timers.has(key)) armCheckInLapse(key, early);
          report(err, 'close a lapsed check-in');
        },
      );
    });
  };

  const armCoachingEnd = (key: string, s: CoachingSession): void => {
    arm(key, s.at + s.durationMs, () => {
      void update<CoachingSession>(key, PLATFORM, (held) => {
        if (held === undefined || held.value.state !== 'scheduled') throw new Unchanged();
        return { ...held.value, state: 'done' };
      }).catch((err: unknown) => report(err, 'close a coaching session'));
    });
  };

  // ---- commands -----------------------------------------------------------------------------

  const knownAgent = (agentId: string): readonly string[] => {
    const teamIds = agents.get(agentId);
    if (teamIds === undefined) throw fail(ErrorCode.UnknownAgent, `No agent ${agentId} on this platform.`, { agentId });
    return teamIds;
  };
  const chainOf = (teamIds: readonly string[]): string[] => [...new Set(teamIds.flatMap((t) => options.supervisorsOf?.(t) ?? teams.get(t) ?? []))];
  const knowsPerson = (id: string): boolean =>
    agents.has(id) || [...teams.keys()].some((t) => (options.supervisorsOf?.(t) ?? teams.get(t) ?? []).includes(id));
  /**
   * Who may post in a conversation, read it and have their messages shown: a 1:1's two people; a
   * team's members and supervisors (`supervisorsOf`, else the team's own list). Least privilege
   * where the platform can tell: anyone it lists elsewhere (an agent of another team, another
   * team's supervisor) is refused; a person it lists nowhere (an admin, a supervisor on a platform
   * that names none) comes on the word of their client's policy, as for coaching sessions.
   */
  const inConversation = (conversationId: string, by: string): boolean => {
    const team = conversationId.slice(5);
    const [a, b] = conversationId.slice(3).split(':');
    return conversationId.startsWith('team:') ? agents.get(by)?.includes(team) === true || chainOf([team]).includes(by) || !knowsPerson(by) : by === a || by === b;
  };
  const conversation = (conversationId: string, by: string): void => {
    const team = conversationId.slice(5);
    if (conversationId.startsWith('team:') && !teams.has(team)) throw fail(ErrorCode.UnknownEntity, `No team ${team} on this platform.`, { id: team });
    if (!inConversation(conversationId, by)) throw fail(ErrorCode.Forbidden, `${by} is not in conversation ${conversationId}.`);
  };
  /**
   * Refuses `by` acting over an agent they are not over now, as far as the platform can tell: a
   * person it lists (an agent, a team's supervisor) must supervise one of the agent's teams at the
   * moment of the command, whatever they own already; a person it lists nowhere (an admin, QA, a
   * supervisor on a platform that names none) comes on the word of their client's policy. Where it
   * names no supervisor of the agent's teams it cannot tell either: on Twilio, whose teams name
   * none, every Flex supervisor is also a worker, listed as an agent of no team of the agent's.
   */
  const over = (by: string, agentId: string, what: string): void => {
    const chain = chainOf(knownAgent(agentId));
    if (chain.length > 0 && knowsPerson(by) && !chain.includes(by)) throw fail(ErrorCode.OutOfScope, `${by} does not supervise agent ${agentId}: ${what}.`, { agentId });
  };
  const checkInKey = (id: string): string => KEY.checkIn + id;
  const existing = <T>(held: BackplaneRecord<T> | undefined, kind: string, id: string): T => {
    if (held === undefined) throw fail(ErrorCode.UnknownEntity, `No ${kind} ${id}.`, { id });
    return held.value;
  };
  /**
   * The record an end or cancel closes, or done already: closed by this person (a retry whose
   * answer was lost), or gone though it bears an id the backplane makes and the command was issued
   * over `keepEndedMs` ago, when what its first try closed may have been deleted since (as
   * {@link create} reasons). Issued within the grace, what it closed would still be here.
   */
  const closable = <T>(held: BackplaneRecord<T> | undefined, kind: string, id: string, prefix: string, command: CommandEnvelope, closed: (v: T) => boolean): T => {
    const v = held === undefined && id.startsWith(prefix) && clock.now() - command.issuedAt > keepEndedMs ? unchanged() : existing(held, kind, id);
    if (held?.author === command.issuedBy && closed(v)) unchanged();
    return v;
  };
  const checkInConflict = (c: CheckIn, what: string): FloorwalkError =>
    fail(ErrorCode.Conflict, `Cannot ${what} check-in ${c.id}: it is ${c.phase ?? 'scheduled'} (${c.answer}).`, { checkInId: c.id, phase: c.phase, answer: c.answer });
  const only = (by: string, who: string, what: string): void => {
    if (by !== who) throw fail(ErrorCode.Forbidden, `Only ${who} ${what}.`);
  };

  /**
   * A new record under a key derived from the command's idempotency key: a retried command finds
   * its own, whoever wrote it since (`owner`: who created it). Records deleted once closed
   * (`pruned`: the command's issuedAt) are not created by a command older than the grace: what it
   * created may have closed and been deleted since, and would come back.
   */
  const create = async <T>(key: string, value: T, by: string, owner: (v: T) => string, pruned?: number): Promise<BackplaneRecord<T> | null> => {
    try {
      if (pruned !== undefined && clock.now() - pruned > keepEndedMs && (await backplane.get(key)) === undefined) {
        throw fail(ErrorCode.Conflict, `Issued over ${keepEndedMs} ms ago: what it created may have been deleted.`, { issuedAt: pruned });
      }
      return await backplane.put<T>({ key, value, author: by, at: clock.now(), expectedVersion: 0 });
    } catch (err) {
      const held = isFloorwalkError(err) && err.code === ErrorCode.Conflict ? await backplane.get<T>(key) : undefined;
      if (held !== undefined && owner(held.value) === by) return null;
      throw err;
    }
  };

  /**
   * Writes a check-in as `next` judges it, with the time it lapses in its new phase. Past that
   * time only an end or a cancel (`closing`) may change it, whether or not a timer has closed it yet.
   */
  const updateCheckIn = (id: string, by: string, next: (held: BackplaneRecord<CheckIn> | undefined) => CheckIn, closing = false): Promise<BackplaneRecord<CheckIn>> =>
    update<CheckIn>(checkInKey(id), by, (held) => {
      const c = held?.value;
      if (!closing && c !== undefined) lapsed(c, c.lapsesAt);
      return dated(next(held));
    });
  /** Refuses a change past `at`, when the check-in lapsed (or, for a time being accepted, its window passed). */
  const lapsed = (c: CheckIn, at: number | undefined): void => {
    if (at !== undefined && at <= clock.now()) throw fail(ErrorCode.OutsideWindow, `Check-in ${c.id} lapsed at ${new Date(at).toISOString()}.`, { checkInId: c.id, lapsesAt: at });
  };

  const checkInAudit = (record: BackplaneRecord<CheckIn>, action: AuditAction, actor: string, extra: Record<string, string> = {}): Promise<unknown> =>
    audit(record, action, actor, record.value.agentId, { checkInId: record.value.id, ...extra });

  const run = async (command: CommandEnvelope): Promise<void> => {
    const by = command.issuedBy;
    const now = clock.now();
    switch (command.type) {
      case 'raise-hand': {
        knownAgent(command.agentId);
        only(by, command.agentId, 'raises their own hand');
        const interactionId = command.interactionId;
        if (interactionId !== undefined && interactions.get(interactionId) !== command.agentId) {
          throw fail(ErrorCode.UnknownInteraction, `Interaction ${interactionId} is not an interaction of agent ${command.agentId}.`, { interactionId, agentId: command.agentId });
        }
        const open = (await backplane.list<HelpValue>(KEY.help)).find(
          (r) => r.value.request.agentId === command.agentId && (r.value.request.state === 'open' || r.value.request.state === 'acknowledged') && r.key !== KEY.help + `help-${command.key}`,
        );
        if (open !== undefined) throw fail(ErrorCode.Conflict, `Agent ${command.agentId} already has help request ${open.value.request.id} open.`, { requestId: open.value.request.id });
        const id = `help-${command.key}`;
        const after = command.escalateAfterMs ?? options.helpEscalationMs;
        const request: HelpRequest = {
          id,
          agentId: command.agentId,
          reason: command.reason,
          state: 'open',
          raisedAt: now,
          key: command.key,
          ...(interactionId === undefined ? {} : { interactionId }),
        };
        // Aimed as any hand is: raised where nobody supervises, it is unseen from the start.
        const { aimedAt: _, ...value } = aimed({ request, chain: [], ...(after === undefined ? {} : { escalateAfterMs: after }) });
        const created = await create<HelpValue>(KEY.help + id, value, by, (v) => v.request.agentId);
        // Nobody told of it from the start: on the trail as when it goes unseen later.
        if (created !== null && created.value.request.unseen) await auditAim(created, undefined);
        return;
      }
      case 'acknowledge-help':
      case 'resolve-help': {
        const key = KEY.help + command.requestId;
        const acknowledging = command.type === 'acknowledge-help';
        await update<HelpValue>(key, by, (held) => {
          const v = existing(held, 'help request', command.requestId);
          const r = v.request;
          // The same supervisor again (an outbox replay): done already.
          if (acknowledging && r.state === 'acknowledged' && r.acknowledgedBy === by) throw new Unchanged();
          if (acknowledging && r.state !== 'open') {
            throw fail(ErrorCode.Conflict, `Help request ${r.id} is already ${r.state}${r.acknowledgedBy === undefined ? '' : ` by ${r.acknowledgedBy}`}.`, {
              state: r.state,
              ...(r.acknowledgedBy === undefined ? {} : { acknowledgedBy: r.acknowledgedBy }),
            });
          }
          if (!acknowledging && r.state !== 'open' && r.state !== 'acknowledged') throw fail(ErrorCode.Conflict, `Help request ${r.id} is already ${r.state}.`, { state: r.state });
          // The agent withdraws their own; anyone else answers for the agent's teams.
          if (by !== r.agentId) over(by, r.agentId, 'only their teams\' supervisors answer it');
          const at = clock.now();
          const request: HelpRequest = acknowledging
            ? { ...r, state: 'acknowledged', acknowledgedBy: by, acknowledgedAt: at }
            : { ...r, state: by === r.agentId ? 'cancelled' : 'resolved', resolvedAt: at };
          return { ...v, request };
        });
        return;
      }
      case 'send-message': {
        conversation(command.conversationId, by);
        const direct = command.conversationId.startsWith('dm:');
        const message: ChatMessage = { id: `msg-${command.key}`, key: command.key, conversationId: command.conversationId, authorId: by, body: command.body, sentAt: now, delivery: direct ? 'sent' : 'delivered' };
        await backplane.append<ChatEntry>({ log: LOG.chat, id: message.id, value: { kind: 'message', message }, author: by, at: now });
        return;
      }
      case 'mark-delivered': {
        conversation(command.conversationId, by);
        // Receipts are advisory: unknown or foreign ids are skipped, not refused.
        const owed = command.messageIds.filter((id) => {
          const m = messages.get(id);
          return m !== undefined && m.conversationId === command.conversationId && m.authorId !== by && m.delivery === 'sent';
        });
        await Promise.all(owed.map((messageId) => backplane.append<ChatEntry>({ log: LOG.chat, id: `delivered-${messageId}`, value: { kind: 'delivered', messageId }, author: by, at: now })));
        return;
      }
      case 'mark-read': {
        conversation(command.conversationId, by);
        const top = newest.get(command.conversationId);
        const seen = command.upTo;
        if (top === undefined) return;
        // The reader's newest, as this page placed it: what came after it in the log they lacked
        // (also when the intent is replayed from an earlier page, whose times were its own).
        const had = seen === undefined ? top : messages.get(seen.id);
        let upTo = had?.sentAt ?? top.sentAt;
        if (had === undefined && seen !== undefined && seen.sentAt <= upTo) {
          // Read up to what the reader had, never what reached only the backplane (a replay from
          // the outbox included). A marker is a time: where a message the reader did not have
          // shares the time of their newest, the marker stays below that time.
          let below = -Infinity;
          let tied = false;
          for (const m of messages.values()) {
            if (m.conversationId !== command.conversationId) continue;
            if (m.sentAt < seen.sentAt) below = Math.max(below, m.sentAt);
            else if (m.sentAt === seen.sentAt && m.id > seen.id && m.authorId !== by) tied = true;
          }
          upTo = tied ? below : seen.sentAt;
          if (upTo === -Infinity) return;
        }
        await backplane.append<ChatEntry>({
          log: LOG.chat,
          id: `read-${command.conversationId}-${by}-${had?.id ?? upTo}`,
          value: { kind: 'read', conversationId: command.conversationId, userId: by, upTo, ...(had === undefined ? {} : { upToId: had.id }) },
          author: by,
          at: now,
        });
        return;
      }
      case 'add-coaching-note': {
        over(by, command.agentId, 'notes are for their teams\' supervisors');
        if (command.private === true && (policyValues?.privateCoachingNotes ?? options.privateCoachingNotes) === false) {
          throw fail(ErrorCode.Forbidden, 'Private coaching notes are off.', { policy: 'privateCoachingNotes' });
        }
        const interactionId = command.interactionId;
        if (interactionId !== undefined && interactions.get(interactionId) !== command.agentId) {
          throw fail(ErrorCode.UnknownInteraction, `Interaction ${interactionId} is not an interaction of agent ${command.agentId}.`, { interactionId, agentId: command.agentId });
        }
        const note: CoachingNote = {
          id: `note-${command.key}`,
          agentId: command.agentId,
          authorId: by,
          body: command.body,
          createdAt: now,
          ...(interactionId === undefined ? {} : { interactionId }),
          ...(command.private === true ? { private: true } : {}),
        };
        await backplane.append<CoachingNote>({ log: LOG.notes, id: note.id, value: note, author: by, at: now });
        return;
      }
      case 'schedule-coaching-session': {
        over(by, command.agentId, 'sessions are for their teams\' supervisors');
        if (command.at <= now) throw fail(ErrorCode.InvalidArgument, 'at must be in the future.', { field: 'at', value: command.at });
        for (const id of command.attendeeIds ?? []) if (!knowsPerson(id)) throw fail(ErrorCode.UnknownEntity, `No person ${id} on this platform.`, { id });
        const session: CoachingSession = {
          id: `coaching-${command.key}`,
          topic: command.topic,
          at: command.at,
          durationMs: command.durationMs,
          attendeeIds: [...new Set([command.agentId, ...(command.attendeeIds ?? []).filter((id) => id !== by)])],
          organiserId: by,
          agentId: command.agentId,
          state: 'scheduled',
        };
        await create(KEY.coaching + session.id, session, by, (v) => v.organiserId, command.issuedAt);
        return;
      }
      case 'reschedule-coaching-session':
      case 'cancel-coaching-session': {
        const moving = command.type === 'reschedule-coaching-session';
        if (moving && command.at <= now) throw fail(ErrorCode.InvalidArgument, 'at must be in the future.', { field: 'at', value: command.at });
        // Every client's copy of the record re-arms (or drops) its closing timer as it lands.
        await update<CoachingSession>(KEY.coaching + command.sessionId, by, (held) => {
          const s = moving ? existing(held, 'coaching session', command.sessionId) : closable(held, 'coaching session', command.sessionId, 'coaching-', command, (v) => v.state === 'cancelled');
          // The platform knows agents and team supervisors; anyone else (an admin) comes on the
          // word of the client that checked their role. The agent may decline, not move it.
          if (by !== s.organiserId && (by === s.agentId ? moving : knowsPerson(by) && !chainOf(knownAgent(s.agentId)).includes(by))) {
            throw fail(ErrorCode.Forbidden, `${by} may not change coaching session ${s.id}.`);
          }
          // Its organiser too: a session with an agent who has left their teams can be cancelled, not moved.
          if (moving) over(by, s.agentId, 'the session can be cancelled, not moved');
          if (s.state !== 'scheduled') throw fail(ErrorCode.Conflict, `Coaching session ${s.id} is ${s.state}.`, { sessionId: s.id, state: s.state });
          return moving ? { ...s, at: command.at, durationMs: command.durationMs ?? s.durationMs } : { ...s, state: 'cancelled' };
        });
        return;
      }
      case 'propose-check-in': {
        over(by, command.agentId, 'check-ins are for their teams\' supervisors');
        if (command.scheduledFor <= now) throw fail(ErrorCode.InvalidArgument, 'scheduledFor must be in the future.', { field: 'scheduledFor', value: command.scheduledFor });
        // The strictest of the host's rule, the tenant's as set here and what the command asks: a
        // client cannot lower it, nor one queued under the policy before an admin raised it.
        const required = Math.max(command.minNoticeMs ?? 0, options.checkInNoticeMs ?? 0, policyValues?.checkInNoticeMs ?? 0);
        if (command.scheduledFor - now < required) {
          throw fail(ErrorCode.NoticeTooShort, `A check-in needs at least ${required} ms of notice.`, { noticeMs: command.scheduledFor - now, requiredMs: required });
        }
        const checkIn: CheckIn = {
          id: `checkin-${command.key}`,
          agentId: command.agentId,
          supervisorId: by,
          scheduledFor: command.scheduledFor,
          proposedAt: now,
          noticeMs: command.scheduledFor - now,
          answer: 'pending',
          phase: 'scheduled',
          ...(command.topic === undefined ? {} : { topic: command.topic }),
        };
        const record = await create(checkInKey(checkIn.id), dated(checkIn), by, (v) => v.supervisorId, command.issuedAt);
        if (record !== null) await checkInAudit(record, 'check-in.propose', by, { scheduledFor: new Date(checkIn.scheduledFor).toISOString() });
        return;
      }
      case 'answer-check-in': {
        const record = await updateCheckIn(command.checkInId, by, (held) => {
          const c = existing(held, 'check-in', command.checkInId);
          // Consent is the agent's own: nobody answers for them.
          only(by, c.agentId, `answers check-in ${c.id}`);
          if (c.answer === command.answer && c.answeredAt !== undefined) throw new Unchanged();
          if (c.answer !== 'pending' || c.phase !== 'scheduled') throw fail(ErrorCode.Conflict, `Check-in ${c.id} was already ${c.answer}.`, { answer: c.answer });
          // Accepted for a time whose window has passed (the agent countered a later one), it could never start.
          if (command.answer === 'accepted') lapsed(c, c.scheduledFor + windowMs());
          const at = clock.now();
          return command.answer === 'accepted' ? { ...c, answer: 'accepted', answeredAt: at } : { ...c, answer: 'declined', answeredAt: at, phase: 'cancelled', cancelledBy: by };
        });
        await checkInAudit(record, command.answer === 'accepted' ? 'check-in.accept' : 'check-in.decline', by);
        return;
      }
      case 'counter-check-in': {
        if (command.scheduledFor <= now) throw fail(ErrorCode.InvalidArgument, 'scheduledFor must be in the future.', { field: 'scheduledFor', value: command.scheduledFor });
        const record = await updateCheckIn(command.checkInId, by, (held) => {
          const c = existing(held, 'check-in', command.checkInId);
          only(by, c.agentId, `answers check-in ${c.id}`);
          if (c.answer !== 'pending' || c.phase !== 'scheduled') throw checkInConflict(c, 'counter');
          return { ...c, counterFor: command.scheduledFor, counteredAt: clock.now() };
        });
        await checkInAudit(record, 'check-in.counter', by, { scheduledFor: new Date(command.scheduledFor).toISOString() });
        return;
      }
      case 'respond-check-in-counter': {
        const record = await updateCheckIn(command.checkInId, by, (held) => {
          const c = existing(held, 'check-in', command.checkInId);
          only(by, c.supervisorId, `responds on check-in ${c.id}`);
          if (c.counterFor === undefined || c.answer !== 'pending') throw checkInConflict(c, 'respond to a counter-proposal on');
          // Refusing cancels, which stays open once the agent left; accepting books them.
          if (command.accept) over(by, c.agentId, 'the counter-proposal can be refused, not accepted');
          const { counterFor, ...rest } = c;
          const time = counterFor as number;
          if (command.accept) lapsed(c, time + windowMs());
          const at = clock.now();
          return command.accept
            ? { ...rest, scheduledFor: time, answer: 'accepted', answeredAt: at }
            : { ...rest, phase: 'cancelled', cancelledBy: by };
        });
        await checkInAudit(record, command.accept ? 'check-in.counter-accept' : 'check-in.counter-refuse', by);
        return;
      }
      case 'start-check-in': {
        const windows = [command.windowMs, options.checkInWindowMs].filter((w): w is number => w !== undefined);
        const window = windows.length === 0 ? CHECK_IN_WINDOW_MS : Math.min(...windows);
        const record = await updateCheckIn(command.checkInId, by, (held) => {
          const c = existing(held, 'check-in', command.checkInId);
          only(by, c.supervisorId, `starts check-in ${c.id}`);
          over(by, c.agentId, 'the check-in can be cancelled, not started');
          if (c.answer !== 'accepted') throw fail(ErrorCode.Conflict, `Check-in ${c.id} cannot start: the agent has not accepted it (${c.answer}).`, { answer: c.answer });
          if (c.phase !== 'scheduled') throw checkInConflict(c, 'start');
          const at = clock.now();
          if (Math.abs(at - c.scheduledFor) > window) {
            throw fail(ErrorCode.OutsideWindow, `Check-in ${c.id} may start only within ${window} ms of its time.`, { scheduledFor: c.scheduledFor, windowMs: window });
          }
          return { ...c, phase: 'starting', startedAt: at };
        });
        await checkInAudit(record, 'check-in.start', by);
        return;
      }
      case 'confirm-check-in': {
        const record = await updateCheckIn(command.checkInId, by, (held) => {
          const c = existing(held, 'check-in', command.checkInId);
          only(by, c.agentId, `confirms check-in ${c.id}`);
          if (c.phase === 'live') throw new Unchanged();
          if (c.phase !== 'starting') throw checkInConflict(c, 'confirm');
          return { ...c, phase: 'live', confirmedAt: clock.now() };
        });
        await checkInAudit(record, 'check-in.confirm', by);
        return;
      }
      case 'end-check-in':
      case 'cancel-check-in': {
        const ending = command.type === 'end-check-in';
        const record = await updateCheckIn(command.checkInId, by, (held) => {
          const c = closable(held, 'check-in', command.checkInId, 'checkin-', command, (v) => v.phase === (ending ? 'ended' : 'cancelled'));
          if (by !== c.agentId && by !== c.supervisorId) throw fail(ErrorCode.Forbidden, `Only the agent or supervisor of check-in ${c.id} may change it.`);
          const phase = c.phase ?? 'scheduled';
          if (ending ? phase !== 'starting' && phase !== 'live' : phase !== 'scheduled') throw checkInConflict(c, ending ? 'end' : 'cancel');
          return ending ? { ...c, phase: 'ended', endedAt: clock.now() } : { ...c, phase: 'cancelled', cancelledBy: by };
        }, true);
        await checkInAudit(record, ending ? 'check-in.end' : 'check-in.cancel', by);
        return;
      }
      case 'set-policy': {
        // The client let only an admin send this; the values travel to every client on the backplane.
        const changes = command.changes;
        let before: PolicyChanges = {};
        const record = await update<PolicyChanges>(KEY.policy, by, (held) => {
          before = held?.value ?? {};
          const signal = changes.activitySignal;
          const kept = before.activitySignal?.granularityMs;
          return {
            ...before,
            ...changes,
            ...(signal !== undefined && signal.granularityMs === undefined && kept !== undefined ? { activitySignal: { ...signal, granularityMs: kept } } : {}),
          };
        });
        const fields = fieldsOf(changes);
        const from: PolicyChanges = { ...command.previous, ...Object.fromEntries(fields.filter((f) => before[f] !== undefined).map((f) => [f, before[f]])) };
        const target = { tenantPolicy: describePolicy(changes, fields), previous: describePolicy(from, fields) };
        // Policy entries name no agent: admins read them; agents are told by the policy event.
        const write = (action: AuditAction): Promise<unknown> => {
          const entry: AuditEntry = { id: `bp:${record.key}:${record.version}:${record.at}:${action}`, at: record.at, actor: by, action, outcome: 'succeeded', target };
          return backplane.append({ log: LOG.audit, id: entry.id, value: entry, author: by, at: record.at }).catch((err: unknown) => report(err, 'write an audit entry'));
        };
        await write('policy.set');
        if (changes.monitoringNotice === false && from.monitoringNotice !== false) await write('policy.monitoring-notice-off');
        if (changes.activitySignal?.enabled === false) {
          // Off means nothing is kept either: every agent's last bucket is cleared.
          const held = await backplane.list<ActivityValue>(KEY.activity);
          await Promise.all(held.filter((r) => r.value !== null).map((r) => update<ActivityValue>(r.key, by, () => null)));
        }
        return;
      }
      case 'report-activity': {
        knownAgent(command.agentId);
        only(by, command.agentId, "reports their own activity, from their own device");
        if (signalOff()) off();
        const activity: AgentActivity = { bucket: command.bucket, since: now };
        // Judged again on the version read, after which the switch may have arrived.
        await update<ActivityValue>(KEY.activity + command.agentId, by, () => (signalOff() ? off() : { agentId: command.agentId, activity }));
        return;
      }
      case 'renew-monitoring': {
        await update<LeaseValue>(KEY.lease + command.sessionId, by, (held) => {
          if (held === undefined || held.value.endedAt !== undefined) throw fail(ErrorCode.UnknownEntity, `No active monitoring session ${command.sessionId}.`, { id: command.sessionId });
          const s = held.value.session;
          only(by, s.supervisorId, `renews monitoring session ${command.sessionId}`);
          // As the clients' own rule: a listen or whisper on an agent who left lapses; a barge keeps the customer's party.
          if (s.mode !== 'barge') over(by, s.agentId, 'the session can be stopped, not renewed');
          return { ...held.value, expiresAt: clock.now() + held.value.leaseMs };
        });
        return;
      }
      default:
        throw fail(ErrorCode.Unsupported, `The backplane cannot ${command.type}.`, { command: command.type });
    }
  };

  const decorated: Adapter = {
    id: inner.id,
    get capabilities(): AdapterCapabilities {
      // What it carries are the sessions started through Floorwalk: the platform's own console still tells no agent.
      return { ...inner.capabilities, commands: commands(), agentSeesMonitoring: true, ...(carries && { outsideMonitoringUntold: true }) };
    },
    ...(options.clock !== undefined || inner.clock !== undefined ? { clock } : {}),
    async connect(out) {
      const gen = ++generation;
      sink = out;
      for (const handle of timers.values()) clock.clearTimeout(handle);
      timers.clear();
      seen.clear();
      messages.clear();
      activities.clear();
      carried.clear();
      firstHand.clear();
      outliving.clear();
      kept.clear();
      unsettled.clear();
      onCall.clear();
      newest.clear();
      unwatch?.();
      // Watched before the replay, so nothing written meanwhile is missed; `seen` drops the overlap.
      // Chat written meanwhile waits for the history, to be placed after it, in the log's order.
      const early: BackplaneLogEntry[] = [];
      let reading = true;
      unwatch = backplane.watch((change) => {
        if (gen !== generation || sink === null) return;
        if (reading && change.kind === 'log' && change.entry.log === LOG.chat) return void early.push(change.entry);
        const events: FloorwalkEvent[] = [];
        fromChange(change, events);
        deliver(events);
      });
      let held: [BackplaneRecord[], ...BackplaneLogEntry[][]];
      try {
        await inner.connect(innerSink(gen));
        if (gen !== generation) return;
        held = await Promise.all([
          backplane.list(''),
          backplane.read(LOG.chat, { limit: history }),
          backplane.read(LOG.notes, { limit: history }),
          backplane.read(LOG.audit, { limit: history }),
        ]);
      } catch (err) {
        // A failed link hears nothing more until the next connect().
        if (gen === generation) {
          unwatch?.();
          unwatch = null;
          sink = null;
        }
        throw toFloorwalkError(err, ErrorCode.VendorError, 'The backplane could not be read');
      }
      if (gen !== generation) return;
      const [records, chat = [], notes = [], trail = []] = held;
      const events: FloorwalkEvent[] = [];
      restoring = true;
      try {
        for (const record of records) fromChange({ kind: 'record', record }, events);
      } finally {
        restoring = false;
      }
      // A lease running when this client left, its record gone now: it ended and was deleted
      // (`keepEndedMs`) meanwhile. Taken as lapsed, so a leg of this user's on a call still live is
      // looked for once at the snapshot (see reclaim), as within the grace; nothing else reads of it.
      const listed = new Set(records.map((r) => r.key));
      presumed.clear();
      for (const [id, v] of leases) {
        if (listed.has(KEY.lease + id)) continue;
        if (v.endedAt === undefined) leases.set(id, { ...v, endedAt: clock.now(), endReason: 'lease-expired' });
        else leases.delete(id);
        // How it ended is not known (another page may have stopped it): only a leg found is audited.
        if (v.endedAt === undefined) presumed.add(id);
      }
      // The replay judges the whole log on the roster the snapshot brings: nothing waits aside.
      aside.clear();
      replaying = true;
      reading = false;
      for (const entry of [...[...chat, ...early].sort((a, b) => a.seq - b.seq), ...notes, ...trail]) fromChange({ kind: 'log', entry }, events);
      replaying = false;
      replay = { gen, events };
    },
    async snapshot(): Promise<SnapshotEvent> {
      const snap = await inner.snapshot();
      observe(snap);
      // The calls live now are known: a lapse read at connect, before them, is looked at again.
      for (const v of leases.values()) reclaim(v);
      reclaimEnded();
      // Stops of this user's that the client that asked left unfinished, and that nothing here looks
      // at again: at the first snapshot of a connection only, as a liveness check's would close one
      // this page's adapter is still trying (its own stop at wrap-up, waiting out a rate limit).
      if (replay?.gen === generation && inner.capabilities.commands.includes('stop-monitoring')) abandon((e) => e.target.supervisorId === options.userId && options.userId !== undefined && !outliving.has(e.target.sessionId as string));
      const open = [...helps.values()].map((v) => v.request).filter((r) => r.state === 'open' || r.state === 'acknowledged');
      const own = new Set(open.map((r) => r.id));
      const held = replay;
      replay = null;
      // A macrotask, so the caller has applied the snapshot (and gone live) before history arrives.
      // Sessions the platform reported meanwhile are in the snapshot below, merged with their records;
      // messages are judged on the roster it brought.
      if (held !== null) globalThis.setTimeout(() => held.gen === generation && deliver(held.events.filter((e) => (e.type !== 'monitoring' || !firstHand.has(e.session.id)) && (e.type !== 'chat-message' || inConversation(e.message.conversationId, e.message.authorId)) && (e.type !== 'chat-read' || inConversation(e.conversationId, e.userId)))), 0);
      return {
        ...snap,
        helpRequests: [...(snap.helpRequests ?? []).filter((r) => !own.has(r.id)), ...open],
        ...(snap.agents === undefined || activities.size === 0
          ? {}
          : { agents: snap.agents.map((a) => (a.activity === undefined && activities.has(a.id) ? { ...a, activity: activities.get(a.id) as AgentActivity } : a)) }),
        ...(policyValues === undefined ? {} : { policy: { ...snap.policy, ...policyValues } }),
        // Where the backplane carries sessions, it knows every running one (the replay above
        // filled `carried`), so the list is given even when empty: a client that held a session
        // whose record ended and was deleted while it was away is told it ended.
        ...(snap.monitoring === undefined && !carries
          ? {}
          : {
              monitoring: [
                ...(snap.monitoring ?? []).map((s) => merged(s, carried.get(s.id)?.s)),
                ...[...carried.values()].map((c) => c.s).filter((c) => c.endedAt === undefined && (snap.monitoring === undefined || !firstHand.has(c.id))),
              ].map(withLease),
            }),
      };
    },
    async execute(command) {
      if (command === null || typeof command !== 'object' || typeof command.key !== 'string' || command.key === '') {
        throw fail(ErrorCode.InvalidArgument, 'execute: the command must be an envelope with a non-empty key.');
      }
      if (!ours(command.type)) {
        if (command.type === 'start-monitoring' && ours('renew-monitoring')) {
          const leaseMs = command.leaseMs ?? options.monitoringLeaseMs;
          const wanted = `${command.issuedBy}|${command.interactionId}`;
          // Noted before the platform is asked, as its report of the session may come first.
          if (leaseMs !== undefined && leaseMs > 0) wantedLeases.set(wanted, leaseMs);
          // Refused: no session comes to take it, and a later one started without a lease must not.
          return inner.execute(command).catch((err: unknown) => {
            if (wantedLeases.get(wanted) === leaseMs) wantedLeases.delete(wanted);
            throw err;
          });
        }
        return inner.execute(command);
      }
      checkCommand(command as Command);
      if (sink === null) throw fail(ErrorCode.NotConnected, 'The adapter is not connected.');
      try {
        await run(command);
      } catch (err) {
        // A repeat of what already happened (the same person, the same answer) has its one effect.
        if (err instanceof Unchanged) return;
        throw toFloorwalkError(err, ErrorCode.Internal, `The backplane could not ${command.type}`);
      }
    },
    async disconnect() {
      generation++;
      sink = null;
      unwatch?.();
      unwatch = null;
      for (const handle of timers.values()) clock.clearTimeout(handle);
      timers.clear();
      wantedLeases.clear();
      await inner.disconnect();
    },
    ...(inner.ping === undefined ? {} : { ping: () => (inner.ping as () => Promise<void>)() }),
  };
  return decorated;
}
