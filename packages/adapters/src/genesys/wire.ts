/*
 * Structural types of the Genesys Cloud wire formats the adapter reads, after the reference
 * (/work/shared/reference/genesys.md). Every field is optional: these describe what may arrive,
 * and the mapping checks each value before use. No Genesys SDK type is imported.
 */

/** `{ id, systemPresence }` as presence payloads carry it. */
export interface WirePresenceDefinitionRef {
  readonly id?: string;
  readonly systemPresence?: string;
}

/** An org presence definition (`GET /api/v2/presence/definitions`, or the legacy list). */
export interface GenesysPresenceDefinition {
  readonly id: string;
  /** `Available`, `OnQueue`, `On Queue` or `ON_QUEUE`: all casings are accepted. */
  readonly systemPresence: string;
  readonly name?: string;
  readonly languageLabels?: Readonly<Record<string, string>>;
  readonly type?: string;
  readonly deactivated?: boolean;
}

/** Body of `v2.users.{id}.presence`, and the REST `UserPresence` / bulk `UcUserPresence`. */
export interface WireUserPresence {
  readonly userId?: string;
  readonly source?: string;
  readonly presenceDefinition?: WirePresenceDefinitionRef;
  readonly message?: string;
  readonly modifiedDate?: string;
}

/** `{ status, startTime }` of a routing status. */
export interface WireRoutingStatus {
  readonly userId?: string;
  readonly status?: string;
  readonly startTime?: string;
}

/** Body of `v2.users.{id}.activity`. */
export interface WireActivity {
  readonly id?: string;
  readonly routingStatus?: WireRoutingStatus;
  readonly presence?: { readonly presenceDefinition?: WirePresenceDefinitionRef; readonly presenceMessage?: string; readonly modifiedDate?: string };
  readonly activeQueueIds?: readonly string[];
}

/**
 * A media entry (`calls[]`, `chats[]`, ..., `screenMonitorings[]`) of a participant in the generic
 * conversation model.
 */
export interface WireMedia {
  readonly id?: string;
  readonly state?: string;
  readonly direction?: string;
  readonly held?: boolean;
  readonly startHoldTime?: string;
  /** On a parked leg (`state: parked`, messages, emails, per-media calls): when it was last parked; not reset on resume. */
  readonly parkTime?: string;
  readonly connectedTime?: string;
  readonly disconnectedTime?: string;
  readonly disconnectType?: string;
  readonly subject?: string;
  readonly afterCallWork?: { readonly state?: string; readonly startTime?: string; readonly endTime?: string };
  readonly afterCallWorkRequired?: boolean;
  /**
   * On a `screenMonitorings[]` entry (`ConversationEventTopicScreenMonitoring`): the user whose
   * screen is watched. Its other fields: `state` (`none`, `connected`, `disconnected`),
   * `connectedTime`, `disconnectedTime`, `disconnectType` (`system`), `screenMonitoringId`,
   * `monitoringType` (`Unknown`, `AgentLevel`, `ConversationLevel`), `count`.
   */
  readonly targetUserId?: string;
}

/** A participant: the generic model (state on its media) and the per-media model (state on it). */
export interface WireParticipant extends WireMedia {
  readonly purpose?: string;
  readonly name?: string;
  readonly address?: string;
  readonly ani?: string;
  readonly userId?: string;
  readonly user?: { readonly id?: string };
  readonly queueId?: string;
  readonly queue?: { readonly id?: string };
  readonly startTime?: string;
  readonly endTime?: string;
  readonly startAcwTime?: string;
  readonly endAcwTime?: string;
  readonly wrapupRequired?: boolean;
  readonly wrapupExpected?: boolean;
  readonly wrapup?: { readonly code?: string };
  readonly monitoredParticipantId?: string;
  readonly coachedParticipantId?: string;
  readonly bargedParticipantId?: string;
  /** On a supervisor's screen-monitoring leg: the agent's leg whose screen it watches (conversation level). */
  readonly screenMonitoredParticipantId?: string;
  readonly conversationRoutingData?: { readonly queue?: { readonly id?: string } };
  readonly calls?: readonly WireMedia[];
  readonly callbacks?: readonly WireMedia[];
  readonly chats?: readonly WireMedia[];
  readonly emails?: readonly WireMedia[];
  readonly messages?: readonly WireMedia[];
  readonly videos?: readonly WireMedia[];
  readonly screenMonitorings?: readonly WireMedia[];
}

/** A conversation, from a `...conversations[.calls]` topic or `GET /api/v2/conversations/{id}`. */
export interface WireConversation {
  readonly id?: string;
  readonly startTime?: string;
  readonly participants?: readonly WireParticipant[];
}

/** Body of `v2.routing.queues.{id}.users`. */
export interface WireQueueMember {
  readonly id?: string;
  readonly user?: { readonly id?: string };
  readonly queueId?: string;
  readonly joined?: boolean;
}

/** One metric of an observation (topic `v2.analytics.queues.{id}.observations` or the REST query). */
export interface WireMetric {
  readonly metric?: string;
  readonly qualifier?: string;
  readonly stats?: Readonly<Record<string, number>>;
}

/** Body of `v2.analytics.queues.{id}.observations`. */
export interface WireQueueObservation {
  readonly group?: Readonly<Record<string, string>>;
  readonly data?: readonly { readonly interval?: string; readonly metrics?: readonly WireMetric[] }[];
}

/** Body of the `v2.system.*` topics (`SystemMessageSystemMessage`). */
export interface WireSystemMessage {
  readonly channelId?: string;
  readonly systemTopicType?: string;
  readonly reason?: string;
  readonly message?: string;
}

/** The envelope of every WebSocket message. */
export interface WireNotification {
  readonly topicName?: string;
  readonly version?: string;
  readonly eventBody?: unknown;
  readonly metadata?: { readonly CorrelationId?: string };
}

/** `POST /api/v2/notifications/channels` response. */
export interface WireChannel {
  readonly id?: string;
  readonly connectUri?: string;
  readonly expires?: string;
}

/** A REST user with expands (`/api/v2/users`, queue members' `user`). */
export interface WireUser {
  readonly id?: string;
  readonly name?: string;
  readonly presence?: WireUserPresence;
  readonly routingStatus?: WireRoutingStatus;
}
