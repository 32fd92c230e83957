/*
 * Amazon Connect service payloads as they travel as JSON (AWS REST-JSON protocol): field names
 * in PascalCase, timestamps as epoch seconds with a fraction. The host's backend signs and
 * forwards these unchanged; the mocks serve the same shapes.
 */

/**
 * A timestamp of the metrics APIs: epoch seconds with a fraction on the wire; an AWS SDK v3
 * client returns a `Date` instead, and both are read.
 */
export type ConnectTimestamp = number | Date;

/** `{ Id, Arn }` as the Connect API returns references. */
export interface ConnectReference {
  readonly Id?: string;
  readonly Arn?: string;
}

/** Contact states of `GetCurrentUserData` and of agent event stream records. */
export type ConnectContactState =
  | 'INCOMING'
  | 'PENDING'
  | 'CONNECTING'
  | 'CONNECTED'
  | 'CONNECTED_ONHOLD'
  | 'MISSED'
  | 'ERROR'
  | 'ENDED'
  | 'REJECTED';

/** `UserDataFilters`: exactly one of Queues, RoutingProfiles, Agents, UserHierarchyGroups. */
export interface UserDataFilters {
  readonly Queues?: readonly string[];
  readonly RoutingProfiles?: readonly string[];
  readonly Agents?: readonly string[];
  readonly UserHierarchyGroups?: readonly string[];
  readonly ContactFilter?: { readonly ContactStates?: readonly ConnectContactState[] };
}

/** The body of `POST /metrics/userdata/{InstanceId}`, with the instance id beside it. */
export interface GetCurrentUserDataRequest {
  readonly InstanceId: string;
  readonly Filters: UserDataFilters;
  readonly MaxResults?: number;
  readonly NextToken?: string;
}

/** One contact of a user in `GetCurrentUserData`. */
export interface AgentContactReference {
  readonly ContactId?: string;
  readonly Channel?: string;
  readonly InitiationMethod?: string;
  readonly AgentContactState?: string;
  readonly StateStartTimestamp?: ConnectTimestamp;
  readonly ConnectedToAgentTimestamp?: ConnectTimestamp;
  readonly Queue?: ConnectReference;
}

/** One user of `GetCurrentUserData`. */
export interface UserData {
  readonly User?: ConnectReference;
  readonly RoutingProfile?: ConnectReference;
  readonly HierarchyPath?: Readonly<Record<string, ConnectReference | undefined>>;
  readonly Status?: { readonly StatusStartTimestamp?: ConnectTimestamp; readonly StatusArn?: string; readonly StatusName?: string };
  readonly AvailableSlotsByChannel?: Readonly<Record<string, number>>;
  readonly MaxSlotsByChannel?: Readonly<Record<string, number>>;
  readonly ActiveSlotsByChannel?: Readonly<Record<string, number>>;
  readonly Contacts?: readonly AgentContactReference[];
  readonly NextStatus?: string;
}

/** The response of `GetCurrentUserData`. */
export interface GetCurrentUserDataResponse {
  readonly UserDataList?: readonly UserData[];
  readonly NextToken?: string;
  readonly ApproximateTotalCount?: number;
}

/** A metric of `GetCurrentMetricData`. */
export interface CurrentMetric {
  readonly Name: string;
  readonly Unit: 'COUNT' | 'SECONDS' | 'PERCENT';
}

/** The body of `POST /metrics/current/{InstanceId}`, with the instance id beside it. */
export interface GetCurrentMetricDataRequest {
  readonly InstanceId: string;
  readonly Filters: { readonly Queues?: readonly string[]; readonly Channels?: readonly string[] };
  readonly Groupings?: readonly string[];
  readonly CurrentMetrics: readonly CurrentMetric[];
  readonly MaxResults?: number;
  readonly NextToken?: string;
}

/** One result row of `GetCurrentMetricData`. */
export interface CurrentMetricResult {
  readonly Dimensions?: { readonly Queue?: ConnectReference; readonly Channel?: string };
  readonly Collections?: readonly { readonly Metric?: { readonly Name?: string; readonly Unit?: string }; readonly Value?: number }[];
}

/** The response of `GetCurrentMetricData`. */
export interface GetCurrentMetricDataResponse {
  readonly MetricResults?: readonly CurrentMetricResult[];
  readonly NextToken?: string;
  readonly DataSnapshotTime?: ConnectTimestamp;
  readonly ApproximateTotalCount?: number;
}

/** `PUT /users/{InstanceId}/{UserId}/status` with body `{ AgentStatusId }`. */
export interface PutUserStatusRequest {
  readonly InstanceId: string;
  readonly UserId: string;
  readonly AgentStatusId: string;
}

/** `POST /contact/monitor`. */
export interface MonitorContactRequest {
  readonly InstanceId: string;
  readonly ContactId: string;
  readonly UserId: string;
  readonly AllowedMonitorCapabilities?: readonly ('SILENT_MONITOR' | 'BARGE')[];
  readonly ClientToken?: string;
}

/** The response of `MonitorContact`. */
export interface MonitorContactResponse {
  readonly ContactId?: string;
  readonly ContactArn?: string;
}

/** An agent status of the instance, as `ListAgentStatuses` returns it (`AgentStatusSummary`). */
export interface AgentStatusSummary {
  readonly Id: string;
  readonly Arn?: string;
  readonly Name: string;
  readonly Type: 'ROUTABLE' | 'CUSTOM' | 'OFFLINE';
}

/** The event types of an agent event stream. */
export type AgentEventType = 'LOGIN' | 'LOGOUT' | 'STATE_CHANGE' | 'HEART_BEAT';

/** A contact in an agent event stream snapshot. */
export interface AgentEventContact {
  readonly ContactId?: string;
  readonly InitialContactId?: string;
  readonly Channel?: string;
  readonly InitiationMethod?: string;
  readonly State?: string;
  readonly StateStartTimestamp?: string;
  readonly ConnectedToAgentTimestamp?: string | null;
  readonly QueueTimestamp?: string | null;
  readonly Queue?: { readonly ARN?: string; readonly Name?: string | null } | null;
}

/** An `AgentSnapshot` of an agent event stream record. */
export interface AgentEventSnapshot {
  readonly AgentStatus?: { readonly ARN?: string; readonly Name?: string; readonly StartTimestamp?: string; readonly Type?: string };
  /** Set while the agent's next status waits for their contacts to clear (the model text spells the time `EnqueueTimestamp`). */
  readonly NextAgentStatus?: { readonly ARN?: string; readonly Name?: string; readonly EnqueuedTimestamp?: string; readonly EnqueueTimestamp?: string } | null;
  readonly Configuration?: {
    readonly FirstName?: string;
    readonly LastName?: string;
    readonly Username?: string;
    readonly AgentHierarchyGroups?: Readonly<Record<string, { readonly ARN?: string; readonly Name?: string } | null>> | null;
    readonly RoutingProfile?: {
      readonly ARN?: string;
      readonly Name?: string;
      readonly InboundQueues?: readonly { readonly ARN?: string; readonly Name?: string | null; readonly Channels?: readonly string[] }[];
    } | null;
  } | null;
  readonly Contacts?: readonly AgentEventContact[];
}

/** One agent event stream record, the decoded `Data` of a Kinesis record. */
export interface AgentEventRecord {
  readonly AWSAccountId?: string;
  readonly AgentARN: string;
  readonly InstanceARN?: string;
  readonly EventId: string;
  readonly EventTimestamp: string;
  readonly EventType: AgentEventType;
  readonly Version?: string;
  readonly CurrentAgentSnapshot?: AgentEventSnapshot | null;
  readonly PreviousAgentSnapshot?: AgentEventSnapshot | null;
}
