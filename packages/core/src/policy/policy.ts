import type { Command } from '../commands.js';
import { ErrorCode, FloorwalkError } from '../errors.js';
import type { FloorwalkEvent, SnapshotEvent } from '../events/types.js';
import type { Agent, Interaction, MonitoringSession } from '../model/types.js';
import type { Store } from '../store/store.js';
import { maskInteraction } from './mask.js';
import { redactFreeText, redactInteraction } from './redact.js';
import { DEFAULT_ROLE_PERMISSIONS, type Permission, type PolicyOptions, type Session } from './permissions.js';

/**
 * Enforces the session's permissions on both flows: what enters the store (filtered and masked
 * before it lands, so nothing the session may not see is ever held) and which commands leave.
 *
 * @internal
 */
export class Policy {
  readonly session: Session;
  readonly agentId: string | undefined;
  readonly monitoringNotice: boolean;
  private readonly permissions: ReadonlySet<Permission>;
  private readonly teams: ReadonlySet<string> | 'all';
  /** The permissions the interaction path asks about on every event, looked up once. */
  private readonly grants: { readonly readOwn: boolean; readonly readTeam: boolean; readonly customerOwn: boolean; readonly customerTeam: boolean };

  constructor(
    session: Session,
    options: PolicyOptions,
    private readonly store: Store,
  ) {
    this.session = session;
    this.agentId = session.agentId ?? (session.role === 'agent' ? session.userId : undefined);
    this.permissions = new Set(options.roles?.[session.role] ?? DEFAULT_ROLE_PERMISSIONS[session.role]);
    this.teams = session.teamIds === 'all' ? 'all' : new Set(session.teamIds);
    this.monitoringNotice = options.monitoringNotice ?? true;
    this.grants = {
      readOwn: this.permissions.has('interaction:read:self'),
      readTeam: this.permissions.has('interaction:read:team'),
      customerOwn: this.permissions.has('customer:read:self'),
      customerTeam: this.permissions.has('customer:read:team'),
    };
  }

  has(permission: Permission): boolean {
    return this.permissions.has(permission);
  }

  /** Whether an agent record belongs to the session's teams (or is the session's own). */
  agentVisible(agent: Agent): boolean {
    if (agent.id === this.agentId) return true;
    return this.permissions.has('presence:read') && this.inTeams(agent);
  }

  teamVisible(teamId: string): boolean {
    return this.teams === 'all' || this.teams.has(teamId);
  }

  /** Whether an agent the store holds is in the session's team scope (not merely its own). */
  private readonly agentInTeamScope = (agentId: string): boolean => this.inTeams(this.store.agents.get(agentId));

  private inTeams(agent: Agent | undefined): boolean {
    if (agent === undefined) return false;
    if (this.teams === 'all') return true;
    for (const team of agent.teamIds) if (this.teams.has(team)) return true;
    return false;
  }


  /** The interaction as this session may hold it (masked if need be), or null when hidden. */
  viewInteraction(interaction: Interaction, inScope: (agentId: string) => boolean = this.agentInTeamScope): Interaction | null {
    const agentId = interaction.agentId;
    const own = agentId !== undefined && agentId === this.agentId;
    const g = this.grants;
    const visible = own ? g.readOwn : g.readTeam && (agentId === undefined || inScope(agentId));
    if (!visible) return null;
    return (own ? g.customerOwn : g.customerTeam) ? redactInteraction(interaction) : maskInteraction(interaction);
  }


  monitoringVisible(session: MonitoringSession, inScope: (agentId: string) => boolean = this.agentInTeamScope): boolean {
    if (session.supervisorId === this.session.userId) return true;
    if (session.agentId === this.agentId) return this.monitoringNotice;
    return this.permissions.has('monitoring:read:team') && inScope(session.agentId);
  }

  private aboutAgentVisible(agentId: string, teamPermission: Permission, inScope: (agentId: string) => boolean = this.agentInTeamScope): boolean {
    return agentId === this.agentId || (this.permissions.has(teamPermission) && inScope(agentId));
  }

  private conversationVisible(conversationId: string): boolean {
    if (conversationId.startsWith('team:')) return this.teamVisible(conversationId.slice(5));
    if (conversationId.startsWith('dm:')) {
      const [a, b] = conversationId.slice(3).split(':');
      return a === this.session.userId || b === this.session.userId;
    }
    return false;
  }

  /**
   * The event as the store may apply it, or null to drop it. Presence and other per-agent deltas
   * pass as they are: the store holds only visible agents and ignores deltas for others.
   */
  filter(event: FloorwalkEvent): FloorwalkEvent | null {
    switch (event.type) {
      case 'presence':
      case 'not-responding':
      case 'agent-removed':
        return event;
      case 'interaction': {
        const view = this.viewInteraction(event.interaction);
        if (view === null) return null;
        return view === event.interaction ? event : { ...event, interaction: view };
      }
      case 'agent':
        return this.agentVisible(event.agent) ? event : null;
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
      case 'coaching-note':
        return event.note.authorId === this.session.userId ||
          (event.note.agentId === this.agentId && this.permissions.has('coaching:read:self')) ||
          (this.permissions.has('coaching:read:team') && this.agentInTeamScope(event.note.agentId))
          ? redactFreeText(event)
          : null;
      case 'check-in':
        return event.checkIn.agentId === this.agentId ||
          event.checkIn.supervisorId === this.session.userId ||
          (this.permissions.has('check-in:propose') && this.agentInTeamScope(event.checkIn.agentId))
          ? redactFreeText(event)
          : null;
      case 'snapshot':
        return redactFreeText(this.filterSnapshot(event));
    }
  }

  /**
   * Filters a snapshot collection by collection. Agents come first because the visibility of
   * the rest depends on which agents are in scope; the snapshot's own agents count as held.
   */
  private filterSnapshot(snapshot: SnapshotEvent): SnapshotEvent {
    const agents = snapshot.agents?.filter((a) => this.agentVisible(a));
    const inSnapshot = new Map((agents ?? []).map((a) => [a.id, a] as const));
    // The same rules as for deltas, with the snapshot's own agents counted as held.
    const inScope = (agentId: string): boolean => this.inTeams(inSnapshot.get(agentId) ?? this.store.agents.get(agentId));
    const interactions: Interaction[] = [];
    for (const interaction of snapshot.interactions ?? []) {
      const view = this.viewInteraction(interaction, inScope);
      if (view !== null) interactions.push(view);
    }
    return {
      ...snapshot,
      ...(snapshot.teams && { teams: snapshot.teams.filter((t) => this.teamVisible(t.id)) }),
      ...(agents && { agents }),
      ...(snapshot.queues && { queues: this.permissions.has('queue:read') ? snapshot.queues : [] }),
      ...(snapshot.interactions && { interactions }),
      ...(snapshot.monitoring && {
        monitoring: snapshot.monitoring.filter((s) => this.monitoringVisible(s, inScope)),
      }),
      ...(snapshot.helpRequests && {
        helpRequests: snapshot.helpRequests.filter((r) => this.aboutAgentVisible(r.agentId, 'help:read:team', inScope)),
      }),
    };
  }

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
          throw new FloorwalkError(ErrorCode.Conflict, `Interaction ${command.interactionId} is ${interaction.state}; only a connected or held interaction can be monitored.`);
        }
        for (const s of this.store.monitoring.values()) {
          if (s.endedAt === undefined && s.supervisorId === self && s.interactionId === command.interactionId) {
            throw new FloorwalkError(ErrorCode.Conflict, `You are already monitoring interaction ${command.interactionId} (session ${s.id}); change its mode instead.`, {
              details: { sessionId: s.id },
            });
          }
        }
        return;
      }
      case 'change-monitoring-mode':
        this.require(`monitor:${command.mode}`, command.type);
        this.requireOwnSession(command.sessionId);
        return;
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
        // An agent may withdraw their own request; responding to others' is a supervisor's job.
        if (command.type === 'resolve-help' && request.agentId === this.agentId) return;
        this.require('help:respond', command.type);
        return this.requireAgentInScope(request.agentId);
      }
      case 'send-message':
        this.require('chat:send', command.type);
        if (!this.conversationVisible(command.conversationId)) throw this.forbidden(`post to conversation ${command.conversationId}`);
        return;
      case 'add-coaching-note':
        this.require('coaching:write', command.type);
        return this.requireAgentInScope(command.agentId);
      case 'propose-check-in':
        this.require('check-in:propose', command.type);
        return this.requireAgentInScope(command.agentId);
      case 'answer-check-in': {
        this.require('check-in:answer', command.type);
        const checkIn = this.store.checkIns.get(command.checkInId);
        if (checkIn === undefined) throw new FloorwalkError(ErrorCode.UnknownEntity, `Check-in ${command.checkInId} is not known to this session.`);
        if (checkIn.agentId !== this.agentId) throw this.forbidden('answer a check-in proposed to someone else');
        return;
      }
    }
  }

  private require(permission: Permission, what: string): void {
    if (!this.permissions.has(permission)) {
      throw new FloorwalkError(ErrorCode.Forbidden, `Role ${this.session.role} may not ${what}: it needs the ${permission} permission.`, {
        details: { permission, role: this.session.role },
      });
    }
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

  private requireOwnSession(sessionId: string): void {
    const s = this.store.monitoring.get(sessionId);
    if (s === undefined || s.endedAt !== undefined) {
      throw new FloorwalkError(ErrorCode.UnknownEntity, `Monitoring session ${sessionId} is not active.`, { details: { sessionId } });
    }
    if (s.supervisorId !== this.session.userId) throw this.forbidden(`control monitoring session ${sessionId}, which another supervisor started`);
  }
}
