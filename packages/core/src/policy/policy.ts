import type { Command } from '../commands.js';
import { ErrorCode, FloorwalkError } from '../errors.js';
import type { FloorwalkEvent, SnapshotEvent } from '../events/types.js';
import type { Agent, CheckIn, Interaction, MonitoringSession } from '../model/types.js';
import type { Store } from '../store/store.js';
import type { InteractionRecord } from '../store/interactions.js';
import { redactFreeText, redactInteraction } from './redact.js';
import { DEFAULT_ROLE_PERMISSIONS, POLICY_DEFAULTS, type Permission, type PolicyOptions, type Session } from './permissions.js';
import { applyPolicyChanges, ms, type PolicyChanges, type PolicyField, type PolicyValues } from './values.js';

/**
 * Enforces the session's permissions on both flows: what enters the store (filtered and masked
 * before it lands, so nothing the session may not see is ever held) and which commands leave.
 *
 * @internal
 */
export class Policy {
  readonly session: Session;
  readonly agentId: string | undefined;
  // The values in force, as fields the checks read. Not readonly: an admin's `set-policy`
  // changes them while the client runs; `use` sets them all, by name (so each is typed as the
  // value of that name: a value renamed is a compile error here, not a field left unset).
  monitoringNotice!: PolicyValues['monitoringNotice'];
  monitoringLeaseMs!: PolicyValues['monitoringLeaseMs'];
  helpEscalationMs!: PolicyValues['helpEscalationMs'];
  privateCoachingNotes!: PolicyValues['privateCoachingNotes'];
  checkInNoticeMs!: PolicyValues['checkInNoticeMs'];
  checkInWindowMs!: PolicyValues['checkInWindowMs'];
  /** The activity signal's granularity in ms, or null while the tenant keeps it off. */
  activityGranularityMs!: number | null;
  /** The values in force, frozen; replaced whole on every change. */
  private current!: PolicyValues;
  private readonly permissions: ReadonlySet<Permission>;
  private readonly teams: ReadonlySet<string> | 'all';
  /** The permissions the interaction path asks about on every event, looked up once. */
  private readonly grants: { readonly readOwn: boolean; readonly readTeam: boolean; readonly customerOwn: boolean; readonly customerTeam: boolean };

  constructor(
    session: Session,
    options: PolicyOptions,
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {
    this.session = session;
    this.agentId = session.agentId ?? (session.role === 'agent' ? session.userId : undefined);
    this.permissions = new Set(options.roles?.[session.role] ?? DEFAULT_ROLE_PERMISSIONS[session.role]);
    this.teams = session.teamIds === 'all' ? 'all' : new Set(session.teamIds);
    const signal = options.activitySignal;
    this.use(
      Object.freeze({
        monitoringNotice: options.monitoringNotice ?? true,
        privateCoachingNotes: options.privateCoachingNotes === true,
        activitySignal: Object.freeze({
          enabled: signal?.enabled === true,
          granularityMs: Math.max(1000, ms(signal?.granularityMs, POLICY_DEFAULTS.activityGranularityMs)),
        }),
        checkInNoticeMs: ms(options.checkInNoticeMs, POLICY_DEFAULTS.checkInNoticeMs),
        checkInWindowMs: ms(options.checkInWindowMs, POLICY_DEFAULTS.checkInWindowMs),
        helpEscalationMs: ms(options.helpEscalationMs, POLICY_DEFAULTS.helpEscalationMs),
        monitoringLeaseMs: ms(options.monitoringLeaseMs, POLICY_DEFAULTS.monitoringLeaseMs),
      }),
    );
    this.grants = {
      readOwn: this.permissions.has('interaction:read:self'),
      readTeam: this.permissions.has('interaction:read:team'),
      customerOwn: this.permissions.has('customer:read:self'),
      customerTeam: this.permissions.has('customer:read:team'),
    };
  }

  /** The values in force, frozen. */
  values(): PolicyValues {
    return this.current;
  }

  /** Applies a tenant policy change (checked already); returns the fields whose value changed. */
  apply(changes: PolicyChanges): PolicyField[] {
    const { values, changed } = applyPolicyChanges(this.current, changes);
    if (changed.length > 0) this.use(values);
    return changed;
  }

  /**
   * Puts values in force: the frozen whole, and each field the checks read, which bears the name
   * of its value (the signal's object comes along unread: its granularity is read as below).
   */
  private use(values: PolicyValues): void {
    Object.assign(this, values);
    this.current = values;
    this.activityGranularityMs = values.activitySignal.enabled ? values.activitySignal.granularityMs : null;
  }

  has(permission: Permission): boolean {
    return this.permissions.has(permission);
  }

  /** Whether an agent record belongs to the session's teams (or is the session's own). */
  agentVisible(agent: Agent): boolean {
    if (agent.id === this.agentId) return true;
    return this.permissions.has('presence:read') && this.inTeams(agent);
  }

  /**
   * Whether a team is in the session's scope. An agent's needs both the session's teams (what the
   * host vouched for at sign-in) and the agent's own record from the platform (where they work
   * now), so a move out of a team ends what the session saw through it. `own`: the caller's
   * {@link ownTeams}, looked up once for many teams.
   */
  teamVisible(teamId: string, own = this.ownTeams()): boolean {
    return (this.teams === 'all' || this.teams.has(teamId)) && (own === undefined || own.includes(teamId));
  }

  /**
   * The teams an agent's own record names, or undefined where it narrows nothing: another role's
   * scope is the teams the host asserts, and a platform that names no team for the agent (an
   * agent-side adapter that does not know them, or no record yet) leaves the session's teams.
   * The store's record, not a snapshot's: one older than a move the store holds must not undo it.
   */
  private ownTeams(): readonly string[] | undefined {
    // 'all' names no team a move could leave: the host granted every one (team chat aside, below).
    if (this.session.role !== 'agent' || this.teams === 'all') return undefined;
    const teamIds = this.store.agents.get(this.agentId as string)?.teamIds;
    return teamIds?.length ? teamIds : undefined;
  }

  /** The own teams {@link widened} last saw. */
  private seen: readonly string[] | undefined;

  /**
   * For an agent's session, after its own record may have changed: whether the scope now takes in
   * a team it did not when last asked, whose colleagues were filtered out and no delta will bring.
   * It follows the store's record alone, so a snapshot that brings nothing new never asks again.
   */
  widened(): boolean {
    const was = this.seen;
    const own = (this.seen = this.ownTeams());
    // No teams named: back to the session's, which takes in every team a record could.
    return was !== undefined && !own?.every((t) => was.includes(t) || !this.teamVisible(t, own));
  }

  /** Whether an agent the store holds is in the session's team scope (not merely its own). */
  readonly agentInTeamScope = (agentId: string): boolean => this.inTeams(this.store.agents.get(agentId));

  private inTeams(agent: Agent | undefined): boolean {
    if (agent === undefined) return false;
    const own = this.ownTeams();
    if (this.teams === 'all' && own === undefined) return true;
    // Indexed: a resync asks for every agent, and an iterator is an allocation each.
    const teamIds = agent.teamIds;
    for (let i = 0; i < teamIds.length; i++) if (this.teamVisible(teamIds[i] as string, own)) return true;
    return false;
  }


  /**
   * How this session may hold an interaction: not at all (null), in the clear (`true`, free text
   * still redacted) or with its customer data masked (`false`). The store masks into its own
   * record, so the hottest path builds no masked copy.
   */
  interactionInClear(interaction: Interaction, inScope: (agentId: string) => boolean = this.agentInTeamScope, held?: InteractionRecord): boolean | null {
    const agentId = interaction.agentId;
    const own = agentId !== undefined && agentId === this.agentId;
    const g = this.grants;
    // `held`, the store's record of it, reaches a held agent's record without a lookup while the
    // interaction stays with the agent it had (nearly every update of a busy floor).
    const agent = held !== undefined && held.agentId === agentId ? held.agentRecord : undefined;
    const visible = own
      ? g.readOwn
      : g.readTeam && (agentId === undefined || (agent !== undefined && !agent.gone ? this.inTeams(agent.agent) : inScope(agentId)));
    if (!visible) return null;
    return own ? g.customerOwn : g.customerTeam;
  }


  monitoringVisible(session: MonitoringSession, inScope: (agentId: string) => boolean = this.agentInTeamScope): boolean {
    if (session.supervisorId === this.session.userId) return true;
    if (session.agentId === this.agentId) return this.monitoringNotice;
    return this.permissions.has('monitoring:read:team') && inScope(session.agentId);
  }

  private aboutAgentVisible(agentId: string, teamPermission: Permission, inScope: (agentId: string) => boolean = this.agentInTeamScope): boolean {
    return agentId === this.agentId || (this.permissions.has(teamPermission) && inScope(agentId));
  }

  /**
   * Whether this session may chat or call with a person: someone who shares a team, an agent in
   * the teams it may act on, or a supervisor of one of its teams.
   */
  colleague(userId: string): boolean {
    if (userId === this.session.userId) return false;
    const own = this.ownTeams();
    if (this.teams === 'all' && own === undefined) return true;
    if (this.agentInTeamScope(userId)) return true;
    for (const team of this.store.teams.values()) if (this.teamVisible(team.id, own) && team.supervisorIds.includes(userId)) return true;
    return false;
  }

  /** Whether the store holds a message by `authorId` in the conversation. */
  private wroteHere(conversationId: string, authorId: string): boolean {
    return this.store.conversations.get(conversationId)?.some((m) => m.authorId === authorId) === true;
  }

  /** The other person of a 1:1 conversation id, or undefined if this session is not in it. */
  private dmPartner(conversationId: string): string | undefined {
    const [a, b] = conversationId.slice(3).split(':');
    if (a === this.session.userId) return b;
    if (b === this.session.userId) return a;
    return undefined;
  }

  /** Whether this session may hold and use a conversation: a team's while the team is in scope ({@link teamVisible}). */
  conversationVisible(conversationId: string): boolean {
    if (conversationId.startsWith('team:')) {
      // A team's chat is its members': an agent's own record narrows it even under 'all'.
      const team = conversationId.slice(5);
      const own = this.session.role === 'agent' ? this.store.agents.get(this.agentId as string)?.teamIds : undefined;
      return this.teamVisible(team) && (!own?.length || own.includes(team));
    }
    return conversationId.startsWith('dm:') && this.dmPartner(conversationId) !== undefined;
  }

  /**
   * The event as the store may apply it, or null to drop it. Presence and other per-agent deltas
   * pass as they are: the store holds only visible agents and ignores deltas for others. An
   * interaction is only told apart, held or not, never masked here: the store masks into its own
   * record ({@link interactionInClear}), as it does a snapshot's ({@link filterSnapshotForStore}).
   */
  filter(event: Exclude<FloorwalkEvent, SnapshotEvent>): FloorwalkEvent | null {
    switch (event.type) {
      case 'presence':
      case 'not-responding':
      case 'agent-removed':
        return event;
      case 'interaction':
        return this.interactionInClear(event.interaction) === null ? null : event;
      case 'agent': {
        if (!this.agentVisible(event.agent)) return null;
        const view = this.viewAgent(event.agent);
        return view === event.agent ? event : { ...event, agent: view };
      }
      case 'team':
        return this.teamVisible(event.team.id) ? event : null;
      case 'queue':
      case 'queue-stats':
        return this.permissions.has('queue:read') ? event : null;
      case 'monitoring':
        return this.monitoringVisible(event.session) ? event : null;
      case 'help-request':
        return this.aboutAgentVisible(event.request.agentId, 'help:read:team') ? redactFreeText(event) : null;
      case 'chat-message':
        return this.conversationVisible(event.message.conversationId) ? redactFreeText(event) : null;
      case 'coaching-note': {
        const n = event.note;
        const me = this.session.userId;
        // A private note never reaches the store of the person it is about, whatever the platform
        // sent: nor a team lead's, who reads their team's notes (and may be their agent by user id).
        return n.authorId === me ||
          (!(n.private === true && (n.agentId === this.agentId || n.agentId === me)) &&
            ((n.agentId === this.agentId && this.permissions.has('coaching:read:self')) || (this.permissions.has('coaching:read:team') && this.agentInTeamScope(n.agentId))))
          ? redactFreeText(event)
          : null;
      }
      case 'check-in':
        return event.checkIn.agentId === this.agentId ||
          event.checkIn.supervisorId === this.session.userId ||
          (this.permissions.has('check-in:propose') && this.agentInTeamScope(event.checkIn.agentId))
          ? redactFreeText(event)
          : null;
      case 'chat-read':
        return this.conversationVisible(event.conversationId) ? event : null;
      case 'coaching-session': {
        const c = event.session;
        const me = this.session.userId;
        // Who may cancel or move a team's sessions holds them, or could never act on them.
        return c.organiserId === me || c.attendeeIds.includes(me) || this.aboutAgentVisible(c.agentId, 'coaching:read:team') || this.aboutAgentVisible(c.agentId, 'coaching:manage:team')
          ? event
          : null;
      }
      case 'colleague-call':
        return event.call.participantIds.includes(this.session.userId) ? event : null;
      case 'activity':
        if (event.agentId === this.agentId) return event;
        return this.activityGranularityMs !== null && this.permissions.has('activity:read:team') ? event : null;
      case 'audit':
        return this.auditVisible(event.entry) ? event : null;
      case 'policy':
        // Every session applies the tenant's values, and an agent must be able to know them.
        return event;
    }
  }

  /** The agent without their activity bucket, unless this session may see it (their own, or the signal is on and it reads team activity). */
  private viewAgent(agent: Agent): Agent {
    if (agent.activity === undefined || agent.id === this.agentId) return agent;
    if (this.activityGranularityMs !== null && this.permissions.has('activity:read:team')) return agent;
    const { activity: _, ...rest } = agent;
    return rest;
  }

  /**
   * {@link filter} for a snapshot, leaving the masking of its interactions to the store, which
   * masks into its own records as it does for deltas: `masks[i]` says whether the store must
   * hold interaction `i` of the result masked. Free text is redacted as {@link filter} does.
   */
  filterSnapshotForStore(snapshot: SnapshotEvent): { readonly snapshot: SnapshotEvent; readonly masks: readonly boolean[] } {
    const masks: boolean[] = [];
    return { snapshot: redactFreeText(this.filterSnapshot(snapshot, masks)), masks };
  }

  /** Admins read the whole trail; an agent the entries about them; everyone their own actions. */
  auditVisible(entry: { readonly actor: string; readonly subject?: string }): boolean {
    return this.permissions.has('audit:read') || entry.actor === this.session.userId || (entry.subject !== undefined && entry.subject === this.agentId);
  }

  /**
   * Filters a snapshot collection by collection. Agents come first because the visibility of
   * the rest depends on which agents are in scope; the snapshot's own agents count as held.
   */
  private filterSnapshot(snapshot: SnapshotEvent, masks: boolean[]): SnapshotEvent {
    // One pass over the agents (thousands in a resync): visibility, the view, and whether every
    // visible agent is in the session's teams.
    // The snapshot's own lists are passed on when the session sees all of them as they are (a
    // supervisor of the whole floor): a copy is started only at the first item left out or changed.
    let agents: readonly Agent[] | undefined;
    let members = true;
    if (snapshot.agents !== undefined) {
      const list = snapshot.agents;
      let copy: Agent[] | undefined;
      const readPresence = this.permissions.has('presence:read');
      for (let i = 0; i < list.length; i++) {
        const agent = list[i] as Agent;
        const member = this.inTeams(agent);
        // agentVisible's rule, with the team answer above.
        const view = agent.id === this.agentId || (readPresence && member) ? this.viewAgent(agent) : undefined;
        if (view !== agent && copy === undefined) copy = list.slice(0, i);
        if (view === undefined) continue;
        copy?.push(view);
        if (!member) members = false;
      }
      agents = copy ?? list;
    }
    // The same rules as for deltas, with the snapshot's visible agents counted as held.
    this.listed = agents;
    this.members = members;
    this.inSnapshot = undefined;
    const all = snapshot.interactions ?? [];
    let interactions: Interaction[] | undefined;
    for (let i = 0; i < all.length; i++) {
      const interaction = all[i] as Interaction;
      // The store masks: one to mask goes as it is (the store withholds its subject), with whether
      // to mask it. Every view is redacted here, so the snapshot's are not scanned again.
      const clear = this.interactionInClear(interaction, this.inScope);
      const view = clear === null ? null : clear ? redactInteraction(interaction) : interaction;
      if (view !== interaction) interactions ??= all.slice(0, i);
      if (view !== null) {
        interactions?.push(view);
        masks.push(!clear);
      }
    }
    const out = {
      ...snapshot,
      ...(snapshot.teams && { teams: snapshot.teams.filter((t) => this.teamVisible(t.id)) }),
      ...(agents && { agents }),
      ...(snapshot.queues && { queues: this.permissions.has('queue:read') ? snapshot.queues : [] }),
      ...(snapshot.interactions && { interactions: interactions ?? all }),
      ...(snapshot.monitoring && {
        // One it hides from the agent (notices off) the snapshot cannot say ended: kept as held.
        monitoring: snapshot.monitoring.filter((s) => this.monitoringVisible(s, this.inScope)).concat([...this.store.monitoring.values()].filter((s) => s.agentId === this.agentId && !this.monitoringVisible(s))),
      }),
      ...(snapshot.helpRequests && {
        helpRequests: snapshot.helpRequests.filter((r) => this.aboutAgentVisible(r.agentId, 'help:read:team', this.inScope)),
      }),
    };
    // Not kept: the snapshot's agents would outlive it.
    this.listed = undefined;
    return out;
  }

  /*
   * {@link filterSnapshot}'s scope for the snapshot being filtered: its visible agents count as
   * held. One function for the client's life, not one per snapshot: a new function per resync
   * was compiled afresh by every resync, on the shared cores.
   */
  private listed: readonly Agent[] | undefined;
  private members!: boolean;
  /** Whether each of the snapshot's visible agents is in the session's teams, by id, built when first asked. */
  private inSnapshot: Map<string, boolean> | undefined;
  private readonly inScope = (agentId: string): boolean => {
    const held = this.store.agents.get(agentId);
    // When every visible agent of the snapshot is in the teams, a held agent in the teams is
    // in scope whether the snapshot lists it or not, which is nearly every interaction's agent
    // in a resync: no map of the snapshot's agents is needed.
    if (this.members && held !== undefined && this.inTeams(held)) return true;
    if (this.inSnapshot === undefined) {
      this.inSnapshot = new Map();
      for (const agent of this.listed ?? []) this.inSnapshot.set(agent.id, this.inTeams(agent));
    }
    return this.inSnapshot.get(agentId) ?? this.inTeams(held);
  };

  /**
   * Rejects a command the session may not run, whatever the UI showed. Returns nothing when the
   * command is allowed; throws a FloorwalkError with `Forbidden`, `OutOfScope` or an
   * unknown-entity code otherwise.
   */
  authorise(command: Command): void {
    const self = this.session.userId;
    switch (command.type) {
      case 'set-presence':
        if (command.agentId === this.agentId) return this.require('presence:write:self', command.type);
        this.require('presence:write:team', command.type);
        return this.requireAgentInScope(command.agentId);
      case 'start-monitoring': {
        this.require(`monitor:${command.mode}`, command.type);
        this.requireAgentInScope(command.agentId);
        const interaction = this.store.interactions.get(command.interactionId);
        if (interaction === undefined || interaction.agentId !== command.agentId) {
          throw new FloorwalkError(ErrorCode.UnknownInteraction, `Interaction ${command.interactionId} is not a live interaction of agent ${command.agentId}.`, {
            details: { interactionId: command.interactionId, agentId: command.agentId },
          });
        }
        if (interaction.state !== 'connected' && interaction.state !== 'held') {
          throw new FloorwalkError(ErrorCode.Conflict, `Interaction ${command.interactionId} is ${interaction.state}: only a connected or held one can be monitored.`);
        }
        for (const s of this.store.monitoring.values()) {
          // A screen view is no way of joining the call: a supervisor watching the screen may listen too.
          if (s.endedAt === undefined && s.supervisorId === self && s.interactionId === command.interactionId && s.mode !== 'screen') {
            throw new FloorwalkError(ErrorCode.Conflict, `You are already monitoring interaction ${command.interactionId} (session ${s.id}); change its mode instead.`, {
              details: { sessionId: s.id },
            });
          }
        }
        return;
      }
      case 'change-monitoring-mode': {
        this.require(`monitor:${command.mode}`, command.type);
        // A session outlives its agent's move out of the teams, to be stopped, not stepped up to a barge.
        return this.stillInScope(this.requireOwnSession(command.sessionId).agentId, 'the session can be stopped, not changed');
      }
      case 'renew-monitoring': {
        // The client's own rule (LeaseRenewer), held for a host that sends renewals itself: a
        // listen or whisper on someone who left lapses; a barge keeps the customer's party.
        const s = this.requireOwnSession(command.sessionId);
        return s.mode === 'barge' ? undefined : this.stillInScope(s.agentId, 'the session can be stopped, not renewed');
      }
      case 'stop-monitoring':
        this.requireOwnSession(command.sessionId);
        return;
      case 'raise-hand':
        this.require('help:raise', command.type);
        if (command.agentId !== this.agentId) throw this.forbidden('raise a hand for someone else');
        return;
      case 'acknowledge-help':
      case 'resolve-help': {
        // Permission before existence: "you may not" is more useful than "not found" to a
        // role that cannot see help requests at all.
        if (command.type === 'acknowledge-help' || !this.permissions.has('help:raise')) this.require('help:respond', command.type);
        const request = this.store.helpRequests.get(command.requestId);
        if (request === undefined) {
          throw new FloorwalkError(ErrorCode.UnknownEntity, `Help request ${command.requestId} is not known to this session.`);
        }
        if (command.type === 'acknowledge-help' && request.state !== 'open') {
          const who = request.acknowledgedBy;
          throw new FloorwalkError(
            ErrorCode.Conflict,
            request.state === 'acknowledged' ? `Help request ${request.id} was already taken by ${who ?? 'another supervisor'}.` : `Help request ${request.id} is already ${request.state}.`,
            { details: { requestId: request.id, state: request.state, ...(who !== undefined && { acknowledgedBy: who }) } },
          );
        }
        // An agent may withdraw their own request; responding to others' is a supervisor's job.
        if (command.type === 'resolve-help' && request.agentId === this.agentId) return;
        this.require('help:respond', command.type);
        return this.requireAgentInScope(request.agentId);
      }
      case 'send-message':
      case 'mark-read':
      case 'mark-delivered': {
        this.require('chat:send', command.type);
        if (!this.conversationVisible(command.conversationId)) throw this.forbidden(`use conversation ${command.conversationId}`);
        const partner = command.conversationId.startsWith('dm:') ? this.dmPartner(command.conversationId) : undefined;
        // Anyone who wrote to this session may be answered, wherever they sit (a site manager
        // over every team is no team's listed supervisor); starting a chat needs a shared team.
        if (command.type === 'send-message' && partner !== undefined && !this.colleague(partner) && !this.wroteHere(command.conversationId, partner)) {
          throw this.forbidden(`chat with ${partner}, who shares no team with this session`);
        }
        return;
      }
      case 'add-coaching-note':
        this.require('coaching:write', command.type);
        if (command.private === true && !this.privateCoachingNotes) {
          throw new FloorwalkError(ErrorCode.Forbidden, 'Private coaching notes are off (policy privateCoachingNotes).', {
            details: { policy: 'privateCoachingNotes' },
          });
        }
        return this.requireAgentInScope(command.agentId);
      case 'propose-check-in': {
        this.require('check-in:propose', command.type);
        this.requireAgentInScope(command.agentId);
        const notice = command.scheduledFor - this.now();
        if (notice < this.checkInNoticeMs) {
          throw new FloorwalkError(
            ErrorCode.NoticeTooShort,
            `A check-in needs at least ${Math.ceil(this.checkInNoticeMs / 60_000)} minutes' notice.`,
            { details: { noticeMs: notice, requiredMs: this.checkInNoticeMs } },
          );
        }
        return;
      }
      case 'answer-check-in':
      case 'counter-check-in':
      case 'confirm-check-in': {
        this.require('check-in:answer', command.type);
        const checkIn = this.ownCheckIn(command.checkInId, 'agent');
        if (command.type === 'confirm-check-in') {
          if (checkIn.phase !== 'starting') throw this.checkInState(checkIn, 'confirm');
          return;
        }
        if (checkIn.answer !== 'pending' || (checkIn.phase ?? 'scheduled') !== 'scheduled') throw this.checkInState(checkIn, command.type === 'counter-check-in' ? 'counter' : 'answer');
        if (command.type === 'counter-check-in') {
          if (command.scheduledFor <= this.now()) throw new FloorwalkError(ErrorCode.InvalidArgument, 'counter-check-in: scheduledFor must be in the future.', { details: { field: 'scheduledFor' } });
        } else if (command.answer === 'accepted' && checkIn.scheduledFor + this.checkInWindowMs < this.now()) {
          throw this.outside(checkIn, checkIn.scheduledFor, this.checkInWindowMs);
        }
        return;
      }
      case 'respond-check-in-counter': {
        this.require('check-in:propose', command.type);
        const checkIn = this.ownCheckIn(command.checkInId, 'supervisor');
        if (checkIn.counterFor === undefined || checkIn.answer !== 'pending') throw this.checkInState(checkIn, 'respond to a counter-proposal on');
        // Refusing cancels it, which must stay possible once the agent left; accepting books them.
        if (command.accept) this.stillInScope(checkIn.agentId, 'the counter-proposal can be refused, not accepted');
        // Accepted once its window has gone by, it could never start.
        if (command.accept && checkIn.counterFor + this.checkInWindowMs < this.now()) throw this.outside(checkIn, checkIn.counterFor, this.checkInWindowMs);
        return;
      }
      case 'start-check-in': {
        this.require('check-in:propose', command.type);
        const checkIn = this.ownCheckIn(command.checkInId, 'supervisor');
        this.stillInScope(checkIn.agentId, 'the check-in can be cancelled, not started');
        if (checkIn.answer !== 'accepted') {
          throw new FloorwalkError(ErrorCode.Conflict, `Check-in ${checkIn.id} cannot start: the agent has not accepted it (${checkIn.answer}).`, {
            details: { checkInId: checkIn.id, answer: checkIn.answer },
          });
        }
        if ((checkIn.phase ?? 'scheduled') !== 'scheduled') throw this.checkInState(checkIn, 'start');
        const window = command.windowMs ?? this.checkInWindowMs;
        if (Math.abs(this.now() - checkIn.scheduledFor) > window) throw this.outside(checkIn, checkIn.scheduledFor, window);
        return;
      }
      case 'end-check-in':
      case 'cancel-check-in': {
        if (!this.permissions.has('check-in:propose')) this.require('check-in:answer', command.type);
        const checkIn = this.ownCheckIn(command.checkInId, 'either');
        const phase = checkIn.phase ?? 'scheduled';
        if (command.type === 'end-check-in' ? phase !== 'starting' && phase !== 'live' : phase !== 'scheduled') {
          throw this.checkInState(checkIn, command.type === 'end-check-in' ? 'end' : 'cancel');
        }
        return;
      }
      case 'schedule-coaching-session':
        this.require('coaching:write', command.type);
        this.requireAgentInScope(command.agentId);
        this.future(command);
        // An attendee reads the session (its agent and topic): as for a call, colleagues only.
        return this.colleagues(command.attendeeIds ?? [], 'invite');
      case 'reschedule-coaching-session':
      case 'cancel-coaching-session': {
        const c = this.store.coachingSessions.get(command.sessionId);
        if (c === undefined) throw new FloorwalkError(ErrorCode.UnknownEntity, `Coaching session ${command.sessionId} is not known to this session.`);
        // Its organiser may change it; the agent it is about may decline it, not move it; anyone
        // else needs the team's sessions in hand, and the agent in scope.
        if (c.organiserId !== self && !(c.agentId === this.agentId && command.type === 'cancel-coaching-session')) {
          this.require('coaching:manage:team', command.type);
          this.requireAgentInScope(c.agentId);
        }
        if (c.state !== 'scheduled') throw new FloorwalkError(ErrorCode.Conflict, `Coaching session ${c.id} is ${c.state}.`, { details: { state: c.state } });
        if (command.type === 'reschedule-coaching-session') {
          // Its organiser too: owning a session is no scope over an agent who has left the teams.
          // Cancelling stays open to them, so a session with someone no longer theirs does not linger.
          this.stillInScope(c.agentId, 'the session can be cancelled, not moved');
          this.future(command);
        }
        return;
      }
      case 'start-colleague-call':
        this.require('call:colleague', command.type);
        return this.colleagues(command.participantIds, 'call');
      case 'end-colleague-call': {
        this.require('call:colleague', command.type);
        const call = this.store.colleagueCalls.get(command.callId);
        if (call === undefined || call.endedAt !== undefined) throw new FloorwalkError(ErrorCode.UnknownEntity, `Colleague call ${command.callId} is not active.`);
        if (!call.participantIds.includes(this.session.userId)) throw this.forbidden(`end a call it is not on`);
        return;
      }
      case 'set-policy':
        return this.require('policy:write', command.type);
      case 'report-activity':
        this.require('activity:report:self', command.type);
        if (command.agentId !== this.agentId) throw this.forbidden('report activity for someone else');
        if (this.activityGranularityMs === null) {
          throw new FloorwalkError(ErrorCode.Forbidden, 'The activity signal is off (policy activitySignal).', { details: { policy: 'activitySignal' } });
        }
        return;
    }
  }

  /** A coaching session's time must be ahead: one in the past could never happen. */
  private future(command: { readonly type: string; readonly at: number }): void {
    if (command.at <= this.now()) throw new FloorwalkError(ErrorCode.InvalidArgument, `${command.type}: at must be in the future.`, { details: { field: 'at' } });
  }

  /** A check-in known to the session, of which this session is the agent, the supervisor, or either. */
  private ownCheckIn(id: string, side: 'agent' | 'supervisor' | 'either'): CheckIn {
    const checkIn = this.store.checkIns.get(id);
    if (checkIn === undefined) throw new FloorwalkError(ErrorCode.UnknownEntity, `Check-in ${id} is not known to this session.`, { details: { checkInId: id } });
    const agent = checkIn.agentId === this.agentId;
    const supervisor = checkIn.supervisorId === this.session.userId;
    if (side === 'agent' ? !agent : side === 'supervisor' ? !supervisor : !agent && !supervisor) {
      throw this.forbidden(`act on check-in ${id} as its ${side === 'either' ? 'agent or supervisor' : side}`);
    }
    return checkIn;
  }

  /** A check-in start outside its window; a time whose window has passed could never start. */
  private outside(checkIn: CheckIn, at: number, window: number): FloorwalkError {
    return new FloorwalkError(ErrorCode.OutsideWindow, `Check-in ${checkIn.id} may start only within ${Math.round(window / 60_000)} minutes of ${new Date(at).toISOString()}.`, {
      details: { checkInId: checkIn.id, scheduledFor: at, windowMs: window },
    });
  }

  private checkInState(checkIn: CheckIn, what: string): FloorwalkError {
    return new FloorwalkError(ErrorCode.Conflict, `Cannot ${what} check-in ${checkIn.id}: it is ${checkIn.phase ?? 'scheduled'} (${checkIn.answer}).`, {
      details: { checkInId: checkIn.id, phase: checkIn.phase ?? 'scheduled', answer: checkIn.answer },
    });
  }

  private require(permission: Permission, what: string): void {
    if (!this.permissions.has(permission)) {
      throw new FloorwalkError(ErrorCode.Forbidden, `Role ${this.session.role} may not ${what}: it needs the ${permission} permission.`, {
        details: { permission, role: this.session.role },
      });
    }
  }

  private colleagues(ids: readonly string[], verb: string): void {
    for (const id of ids) if (!this.colleague(id)) throw this.forbidden(`${verb} ${id}, who shares no team with this session`);
  }

  private forbidden(what: string): FloorwalkError {
    return new FloorwalkError(ErrorCode.Forbidden, `This session may not ${what}.`, { details: { role: this.session.role } });
  }

  private requireAgentInScope(agentId: string): void {
    if (!this.store.agents.has(agentId)) {
      throw new FloorwalkError(ErrorCode.UnknownAgent, `Agent ${agentId} is not known to this session.`, { details: { agentId } });
    }
    if (!this.agentInTeamScope(agentId)) {
      throw new FloorwalkError(ErrorCode.OutOfScope, `Agent ${agentId} is outside the teams this session may act on.`, { details: { agentId } });
    }
  }

  /**
   * An agent named by something the session owns (its monitoring session, check-in, coaching
   * session), who may have left its teams since: still in them, or refused with `OutOfScope`
   * (`UnknownAgent` for a supervisor of every team, who loses an agent only to its removal).
   */
  private stillInScope(agentId: string, instead: string): void {
    if (!this.agentInTeamScope(agentId)) {
      const all = this.teams === 'all';
      throw new FloorwalkError(all ? ErrorCode.UnknownAgent : ErrorCode.OutOfScope, `Agent ${agentId} ${all ? 'is not known to this session' : 'has left the teams this session may act on'}: ${instead}.`, { details: { agentId } });
    }
  }

  private requireOwnSession(sessionId: string): MonitoringSession {
    const s = this.store.monitoring.get(sessionId);
    if (s === undefined || s.endedAt !== undefined) {
      throw new FloorwalkError(ErrorCode.UnknownEntity, `Monitoring session ${sessionId} is not active.`, { details: { sessionId } });
    }
    if (s.supervisorId !== this.session.userId) throw this.forbidden(`control monitoring session ${sessionId}, which another supervisor started`);
    // Reported from the platform's data so the agent is told; started and stopped in the platform's own tools.
    if (s.mode === 'screen') throw new FloorwalkError(ErrorCode.Unsupported, `Monitoring session ${sessionId} is a screen view: Floorwalk does not switch or stop one.`, { details: { sessionId } });
    return s;
  }
}
