import type { Clock } from './clock.js';
import type { CommandEnvelope, CommandType } from './commands.js';
import type { FloorwalkError } from './errors.js';
import type { FloorwalkEvent, SnapshotEvent } from './events/types.js';
import type { Channel, MonitoringMode } from './model/types.js';

/**
 * What an adapter's platform can do. The client rejects a command outside these with
 * `ErrorCode.Unsupported` before it reaches the adapter, and elements hide what cannot work.
 */
export interface AdapterCapabilities {
  /** Channels the platform reports. */
  readonly channels: readonly Channel[];
  /** Commands the adapter executes. */
  readonly commands: readonly CommandType[];
  /** Monitoring modes the platform offers (Amazon Connect, say, has no whisper). */
  readonly monitoringModes: readonly MonitoringMode[];
  /**
   * The channels on which each mode can monitor an interaction, where that is more than voice
   * calls (Genesys lets a supervisor listen to a messaging conversation; Amazon Connect monitors
   * chats too). A mode left out, or the whole field absent: voice only. `start-monitoring` and
   * `change-monitoring-mode` on an interaction of another channel must reject with
   * `Unsupported` before anything is sent, and no session may start; the conformance suite
   * checks it on the interactions the harness's `drive()` leaves connected.
   */
  readonly monitoringChannels?: { readonly [M in MonitoringMode]?: readonly Channel[] };
  /**
   * Whether the platform shows every monitoring session on an agent to that agent's own client
   * (Genesys puts the supervisor's leg in the agent's conversation; Amazon Connect's silent
   * monitoring and Twilio's supervisor leg reach no one but the supervisor). Unless it is `true`,
   * the client refuses `start-monitoring` with `Unsupported` while the tenant's monitoring notices
   * are on, since the agent could not be told. `withBackplane` carries sessions to agents' clients
   * and says `true` for the adapter it wraps.
   */
  readonly agentSeesMonitoring?: boolean;
  /**
   * `true` where monitoring started in the platform's own tools (its supervisor console) may
   * reach no agent's client, though `agentSeesMonitoring` is `true`: `withBackplane` says so over
   * a platform whose agents see no monitoring (Amazon Connect, Twilio), since it carries only
   * sessions started through Floorwalk. `<fw-monitoring-notice>` then says such monitoring may
   * not show, as it does wherever `agentSeesMonitoring` is not `true`.
   */
  readonly outsideMonitoringUntold?: boolean;
}

/**
 * The health of an adapter's link, as it reports it through {@link AdapterSink.status}: `live`
 * after (re)connecting, `reconnecting` while it retries on its own, `offline` when the network is
 * gone, `failed` when it gave up.
 */
export type AdapterStatus = 'live' | 'reconnecting' | 'offline' | 'failed';

/** Where an adapter reports to. Every method is safe to call at any time and never throws. */
export interface AdapterSink {
  /** Deliver canonical events, in order. A batch is applied and announced at once. */
  events(batch: readonly FloorwalkEvent[]): void;
  /** Report the link's health (see {@link AdapterStatus}). */
  status(status: AdapterStatus, reason?: FloorwalkError): void;
  /** Report a problem that did not stop the adapter (a malformed vendor message, say). */
  error(error: FloorwalkError): void;
}

/**
 * The contract between the core and a vendor platform. An adapter maps vendor payloads to
 * canonical events and commands to vendor calls, and nothing else: it holds no UI, no store and
 * no policy. Run `@floorwalk/core/testing`'s conformance suite against every implementation.
 *
 * @example
 * ```ts
 * const adapter: Adapter = {
 *   id: 'acme',
 *   capabilities: { channels: ['voice'], commands: ['set-presence'], monitoringModes: [] },
 *   // No status('live') here: the client declares the first live once connect() resolves and
 *   // its snapshot landed; report `reconnecting`, then `live`, only around a later gap.
 *   async connect(sink) { await socket.open(); socket.onmessage = (m) => sink.events(mapAcme(m)); },
 *   async snapshot() { return mapAcmeSnapshot(await fetchAll()); },
 *   async execute(command) {
 *     try { await acmeApi(command); } catch (err) { throw toFloorwalkError(err, ErrorCode.VendorError, `acme could not ${command.type}`); }
 *   },
 *   async disconnect() { socket.onmessage = null; socket.close(); },
 * };
 * ```
 */
export interface Adapter {
  /** Stable id, used as the `source` of every event it emits. */
  readonly id: string;
  readonly capabilities: AdapterCapabilities;
  /**
   * The platform's notion of now, when it is not the wall clock (the simulator running faster
   * than life). The client computes durations with it unless the host passes its own clock.
   */
  readonly clock?: Clock;
  /** Open the link to the vendor. Resolves once events can flow; rejects with a FloorwalkError. */
  connect(sink: AdapterSink): Promise<void>;
  /** The full current state, as one `snapshot` event of scope `all`. */
  snapshot(): Promise<SnapshotEvent>;
  /**
   * Carry out a command. Resolves when the vendor accepted it; its effect arrives later as
   * events. Rejects with a FloorwalkError, never with anything else. It must settle: give each
   * vendor request a time limit of its own, and reject the requests still out with
   * `NotConnected` when the link drops or `disconnect()` is called. The client stops waiting
   * after its `commandTimeoutMs` (30 s by default) and ignores an answer that comes later.
   */
  execute(command: CommandEnvelope): Promise<void>;
  /** Close the link. No events may be delivered after it resolves. */
  disconnect(): Promise<void>;
  /**
   * Optional: resolve when the vendor answers a cheap round trip (an application-level ping),
   * reject when it does not. The client's liveness check uses it, or a snapshot when absent.
   */
  ping?(): Promise<void>;
}
