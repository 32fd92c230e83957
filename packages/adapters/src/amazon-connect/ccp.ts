import { ErrorCode, FloorwalkError, type ErrorCodeValue, type InteractionState, type MonitoringMode, type MonitoringSession, type Presence } from '@floorwalk/core';
import { CHANNEL_MAP, CONTACT_STATE_MAP, isObj, userIdOf } from './contact-map.js';
import { within } from './errors.js';
import type { Host } from './host.js';
import type { StreamsAgent, StreamsConnect, StreamsContact, StreamsSubscription, StreamsWebSocketLost } from './streams.js';

/*
 * The agent's own side through Streams (the CCP), loaded by connect() when the host gives a
 * Streams `connect`: a supervisor page that only polls never loads it.
 */

/** A Streams `Date` (or null) to epoch ms. */
function dateToMs(v: unknown): number | undefined {
  return v instanceof Date && !Number.isNaN(v.getTime()) ? v.getTime() : undefined;
}

/**
 * Streams stamps times on Connect's clock and computes `skew` (Connect's clock minus the page's)
 * from each snapshot; only `getStateDuration()` applies it. Its estimate wobbles with each
 * snapshot poll's latency, so it is taken only when it moves by more than this.
 */
const SKEW_STEP_MS = 1000;

/**
 * Who barged in, where the agent's Streams names no one: a stand-in, no user's id, marked so that
 * readers say "a supervisor" in their own language and a report that names them wins over it.
 */
const SOMEONE = { supervisorId: 'unknown', supervisorKnown: false } as const;

const STREAMS_TYPES = new Set(['init', 'routable', 'not_routable', 'offline', 'system', 'error']);

const quietly = (sub: StreamsSubscription): void => {
  try {
    sub.unsubscribe();
  } catch {
    // A Streams that already terminated throws on unsubscribe; nothing is left to stop.
  }
};

/** The Streams side of one adapter. */
export interface CcpSide {
  /**
   * Subscribes to the agent, its contacts and the CCP's health signals (sign-out, access,
   * loading). Resolves once the CCP has shown its agent, within the adapter's 30 s time limit.
   * A CCP failure that comes first, or one held from an earlier link, is reported as `failed`
   * and it resolves, listening for the CCP's recovery, as it does when the backend's refusal
   * comes first ({@link Host.endWait}); only Streams giving up reloading the CCP rejects it.
   */
  subscribe(): Promise<void>;
  /** Unsubscribes from everything, contacts included. */
  close(): void;
}

export function createCcpSide(h: Host, streams: StreamsConnect): CcpSide {
  const { idOf, kindOf, own, str } = h.kit;
  let subs: StreamsSubscription[] = [];
  const local = (v: unknown): number | undefined => h.fromConnect(dateToMs(v));
  /** Subscriptions per watched contact, dropped when the contact goes. */
  const watched = new Map<string, StreamsSubscription[]>();

  const readAgent = (agent: StreamsAgent): void => {
    try {
      const now = h.clock.now();
      const id = userIdOf(agent.getAgentARN());
      if (id === undefined) return h.report('The Streams agent has no agent ARN.');
      h.selfId = id;
      h.self = agent;
      for (const def of agent.getAgentStates()) if (str(def.agentStateARN) !== undefined) h.learnStatus(idOf(def.agentStateARN), def.name, kindOf(def.type));
      const state = agent.getState();
      if (!isObj(state) || typeof state.name !== 'string' || !STREAMS_TYPES.has(state.type)) {
        return h.report(`Unknown Streams agent state type ${JSON.stringify(isObj(state) ? state.type : state)}.`, { state });
      }
      if (state.type === 'init') return;
      const start = dateToMs(state.startTimestamp);
      const duration = start === undefined ? undefined : agent.getStateDuration?.();
      if (typeof duration === 'number') h.takeSkew(duration - (now - (start as number)), SKEW_STEP_MS);
      let presence: Presence | undefined;
      if (state.type === 'system' || state.type === 'error') {
        // Busy, AfterCallWork, MissedCallAgent…: routing activity, with a null ARN. The chosen
        // status stays what the agent picked, which Streams keeps as the availability state.
        // The snapshot's availability state is `{ state, timeStamp }` on the wire, without the
        // type or ARN Streams' typings declare: a status the CCP lists is known by its name.
        const chosen = agent.getAvailabilityState?.();
        const kind = kindOf(chosen?.type) ?? [...h.statusById.values()].find((s) => s.name === chosen?.state)?.kind;
        if (chosen !== undefined && kind !== undefined) {
          const since = local(chosen.startTimestamp) ?? local(chosen.timeStamp) ?? h.agents.get(id)?.presence.since ?? now;
          presence = { ...h.resolveStatus(chosen.state, chosen.agentStateARN, kind), since };
        } else presence = h.agents.get(id)?.presence;
      } else {
        presence = { ...h.resolveStatus(state.name, state.agentStateARN, kindOf(state.type)), since: local(state.startTimestamp) ?? now };
      }
      const name = agent.getName();
      h.putAgent(id, { name: typeof name === 'string' && name !== '' ? name : undefined }, presence, now);
      h.putNotResponding(id, state.type === 'error', local(state.startTimestamp) ?? now);
      const keep = new Set<string>();
      for (const c of agent.getContacts()) {
        keep.add(c.contactId);
        // Contacts there before we subscribed never reach connect.contact() (GH#853).
        if (watched.has(c.contactId)) guarded(c);
        else watchContact(c);
      }
      for (const contactId of [...watched.keys()]) if (!keep.has(contactId)) unwatch(contactId);
      h.endMissing(new Set([id]), keep, now);
      for (const contactId of [...h.active.keys()]) if (!keep.has(contactId)) forgetContact(contactId);
    } catch (err) {
      h.report(`Could not read the Streams agent: ${String(err)}`);
    }
    h.flush();
  };

  const readContact = (c: StreamsContact): void => {
    const now = h.clock.now();
    if (h.selfId === undefined) return;
    const conn = c.getAgentConnection();
    if (conn?.getType() === 'monitoring') return readMonitor(c, now);
    const type = c.getType();
    const channel = own(CHANNEL_MAP, type);
    const st = c.getState();
    const mapped = own(CONTACT_STATE_MAP, st?.type);
    if (channel === undefined || mapped === undefined) {
      return h.report(`Unknown Streams contact ${channel === undefined ? 'type' : 'state'} ${JSON.stringify(channel === undefined ? type : st?.type)}.`, {
        contactId: c.contactId,
      });
    }
    if (mapped === null) return;
    const customer = c.getInitialConnection();
    const held = mapped.state === 'connected' && (customer?.isOnHold() === true || conn?.isOnHold() === true);
    const phone = channel === 'voice' ? customer?.getEndpoint?.()?.phoneNumber : undefined;
    const q = c.getQueue();
    const queueId = str(q?.queueId) ?? (str(q?.queueARN) === undefined ? undefined : idOf(q?.queueARN as string));
    h.putContact(
      {
        id: c.contactId,
        agentId: h.selfId,
        channel,
        direction: type === 'queue_callback' ? 'outbound' : c.isInbound === undefined || c.isInbound() ? 'inbound' : 'outbound',
        mapped: held ? { state: 'held' } : mapped,
        since: local(st.timestamp),
        heldSince: local((customer?.isOnHold() ? customer : conn)?.getState().timestamp),
        createdAt: local(c.getQueueTimestamp?.()),
        queueId,
        customer: phone === undefined ? undefined : { phone },
      },
      now,
    );
    readBarge(c, held ? 'held' : mapped.state, now);
  };

  /**
   * A supervisor barging in on the agent's own contact, whether from Connect's real-time metrics
   * page or through Floorwalk: the agent's Streams shows that much (silent monitoring it never
   * shows). The id is the monitoring connection's, which the supervisor's CCP names its session
   * by too, so a session Floorwalk started and a backplane carries is this same one, not a second.
   */
  const readBarge = (c: StreamsContact, state: InteractionState, now: number): void => {
    const sup = c.getConnections?.().find((x) => x.getType() === 'monitoring');
    const st = sup?.getState().type;
    const barging = sup !== undefined && (st === 'barge' || (st !== 'disconnected' && sup.getMonitorStatus?.() === 'BARGE'));
    const over = state === 'wrap-up' || state === 'ended' || st === 'disconnected';
    let s = h.active.get(c.contactId);
    if (s === undefined) {
      if (!barging || over) return;
      const startedAt = local(sup.getState().timestamp) ?? now;
      const by = userIdOf(sup.getEndpoint?.()?.endpointARN);
      const session: MonitoringSession = {
        id: `mon:${c.contactId}:${sup.connectionId ?? startedAt}`,
        mode: 'barge',
        ...(by === undefined ? SOMEONE : { supervisorId: by }),
        agentId: h.selfId as string,
        interactionId: c.contactId,
        startedAt,
      };
      h.active.set(c.contactId, { session, want: 'barge', asked: true });
      const at = h.stamp(startedAt);
      h.emit({ type: 'monitoring', id: h.eid('m', session.id, at), at, source: h.source, session });
      return;
    }
    if (over) h.active.delete(c.contactId);
    // Back to silent and leaving look alike here: the connection leaves the agent's snapshot. The
    // supervisor may still be listening, so the session stays, as listen, until Streams shows the
    // connection disconnected or the contact ends (or a backplane's record of it ends: withBackplane).
    h.putSession(s, over ? { ...s.session, endedAt: now } : { ...s.session, mode: barging ? 'barge' : 'listen' });
  };

  /** A destroyed contact can no longer be read (Streams throws), so it ends from what we hold. */
  const forgetContact = (contactId: string): void => {
    const now = h.clock.now();
    const held = h.live.get(contactId);
    // The same contact id is the monitored agent's interaction too; only our own ends here.
    if (held !== undefined && held.agentId === h.selfId) h.endOne(held, now);
    const s = h.active.get(contactId);
    if (s !== undefined) {
      h.active.delete(contactId);
      h.putSession(s, { ...s.session, endedAt: now });
    }
    h.wanted.delete(contactId);
  };

  const readMonitor = (c: StreamsContact, now: number): void => {
    const conn = c.getAgentConnection();
    const connState = conn?.getState().type;
    const mode: MonitoringMode = connState === 'barge' || conn?.getMonitorStatus?.() === 'BARGE' ? 'barge' : 'listen';
    const over = connState === 'disconnected' || ['ended', 'missed', 'rejected', 'error'].includes(c.getState().type);
    const supervisorId = h.selfId as string;
    let s = h.active.get(c.contactId);
    if (s === undefined) {
      if (over) return;
      const want = h.wanted.get(c.contactId);
      const agentId = want?.agentId ?? h.live.get(c.contactId)?.agentId;
      // Started elsewhere (the real-time metrics page) on a contact we do not see: no agent to name.
      if (agentId === undefined) return;
      const startedAt = local(conn?.getState().timestamp) ?? now;
      // Named by the monitoring connection, as the barged agent's CCP names it (readBarge).
      const id = `mon:${c.contactId}:${conn?.connectionId ?? `${supervisorId}:${startedAt}`}`;
      const session: MonitoringSession = { id, mode, supervisorId, agentId, interactionId: c.contactId, startedAt };
      s = { session, want: want?.mode ?? mode, asked: false };
      h.sessions.set(id, s);
      h.active.set(c.contactId, s);
      if (h.sessions.size > 256) h.sessions.delete(h.sessions.keys().next().value as string);
      h.wanted.delete(c.contactId);
      const at = h.stamp(startedAt);
      h.emit({ type: 'monitoring', id: h.eid('m', id, at), at, source: h.source, session });
    }
    if (!over && s.want === 'barge' && mode === 'listen' && !s.asked) {
      // MonitorContact always joins silently; barge is a second step on the joined contact.
      s.asked = true;
      // No time limit: nothing waits on this answer (the start-monitoring command settled with
      // MonitorContact), and whether the barge took shows in the snapshots, where the session
      // stays `listen` until it does.
      c.updateMonitorParticipantState?.('BARGE', { failure: (e) => h.sink()?.error(h.fail(ErrorCode.VendorError, `Barge-in failed: ${e}`)) });
    }
    if (over) h.active.delete(c.contactId);
    h.putSession(s, over ? { ...s.session, endedAt: now } : { ...s.session, mode });
  };

  /** One contact's bad data must not keep the others from being read. */
  const guarded = (c: StreamsContact): void => {
    try {
      readContact(c);
    } catch (err) {
      h.report(`Could not read Streams contact ${c.contactId}: ${String(err)}`, { contactId: c.contactId });
    }
  };

  const watchContact = (c: StreamsContact): void => {
    if (watched.has(c.contactId)) return;
    const mine: StreamsSubscription[] = [];
    watched.set(c.contactId, mine);
    const update = (): void => {
      // Since Streams 2.28.1 a contact that vanishes gets `ended` first, and reading it throws.
      if (h.self !== undefined && !h.self.getContacts().some((x) => x.contactId === c.contactId)) {
        forgetContact(c.contactId);
        h.flush();
        return;
      }
      guarded(c);
      h.flush();
    };
    mine.push(
      c.onRefresh(update),
      c.onIncoming(update),
      c.onPending(update),
      c.onConnecting(update),
      c.onConnected(update),
      c.onACW(update),
      c.onEnded(update),
      c.onMissed(update),
      c.onDestroy(() => {
        forgetContact(c.contactId);
        unwatch(c.contactId);
        h.flush();
      }),
    );
    if (c.onError !== undefined) mine.push(c.onError(update));
    update();
  };

  /** Settles this link's wait for the CCP's agent; null once settled. */
  let wait: { ready(): void; refuse(e: FloorwalkError): void } | null = null;
  // The backend refused us first: that is the reason connect() reports, failed, and the link
  // stands, listening for the CCP as after any failure it tells (Streams giving up on it included).
  h.endWait = () => {
    wait?.ready();
    wait = null;
  };
  /**
   * `fresh`: a new snapshot. What `connect.agent()` hands a later subscriber at once is the last
   * one Streams had, which a CCP signed out since still holds: it proves the CCP loaded, not that
   * it works now.
   */
  const seen = (agent: StreamsAgent, fresh: boolean): void => {
    readAgent(agent);
    if (h.ccpDown === null) {
      // The last snapshot, handed at once to a connect() made while the link is lost (heard on
      // an earlier link), says nothing of the link now: live only once it is back.
      if (!fresh && h.ccpLost !== undefined) return;
      wait?.ready();
      wait = null;
      // A snapshot reached the CCP, so it reaches Connect: by polling, its WebSocket back or not.
      if (h.ccpLost !== undefined) back();
    } else if (fresh) {
      const was = h.ccpDown;
      h.ccpDown = null;
      back();
      // The backend's refusal may have been this same lapsed sign-in: its calls carry the host's
      // own session (the HTTP backend's `headers`, read per call), which under single sign-on the
      // CCP's login renews too, so it is asked once more. Only a 401 (no valid credentials) can
      // be that; a 403 or AccessDeniedException is a permission no sign-in grants, and a CCP
      // denied access or never loaded was not signed out.
      if (was.code === ErrorCode.AuthFailed && h.failing?.details?.httpStatus === 401) h.retryAuth?.();
    }
  };

  /**
   * The CCP works again. The backend's own failure still holds: not live until a poll the backend
   * answers clears it (the schedule's, a reconnect's, a refresh()). Live after `reconnecting`, the
   * client reloads its snapshot, and the CCP's next snapshots end or add what changed meanwhile.
   */
  const back = (): void => {
    h.ccpLost = undefined;
    const b = h.failing;
    h.sink()?.status(b === null ? 'live' : b.code === ErrorCode.AuthFailed ? 'failed' : 'reconnecting', b ?? undefined);
  };

  const unwatch = (contactId: string): void => {
    for (const sub of watched.get(contactId) ?? []) quietly(sub);
    watched.delete(contactId);
  };

  return {
    subscribe() {
      const bus = streams.core.getEventBus();
      const core = streams.core;
      // A Streams whose `on*` returns nothing keeps our callback for the page's life: one from
      // an earlier connection must then do nothing.
      const g = h.gen();
      const keep = (sub: StreamsSubscription | void): void => {
        if (typeof sub?.unsubscribe === 'function') subs.push(sub);
      };
      const first = new Promise<void>((ready, refuse) => (wait = { ready, refuse }));
      // Refused by close() also when a Streams call below threw, and nothing awaits it then.
      first.catch(() => undefined);
      let now = true;
      subs.push(
        streams.agent((agent) => {
          subs.push(agent.onRefresh((a) => seen(a, true)));
          seen(agent, !now);
        }),
        // The runtime name is "agent::state_change"; Streams' typings say "state_change".
        bus.subscribe(streams.AgentEvents.STATE_CHANGE, () => {
          if (h.self !== undefined) seen(h.self, true);
        }),
        streams.contact(watchContact),
      );
      now = false;
      /** The CCP cannot serve this page until a person acts: the error says who and what. */
      const down = (signal: string, code: ErrorCodeValue, message: string) => (): void => {
        if (g !== h.gen()) return;
        const was = h.ccpDown;
        // Not retryable: a reconnect finds the same CCP in the same state.
        const e = (h.ccpDown = new FloorwalkError(code, message, { retryable: false, details: { streams: signal } }));
        // Given up reloading: the cure is a page reload, or the host's terminate() and initCCP, which
        // drops every subscription Streams holds, so this link could never hear a recovery.
        if (wait !== null && signal === 'iframe_retries_exhausted') {
          wait.refuse(e);
          wait = null;
          return;
        }
        // The backend's refusal came first: it stays the reason, and this one is told beside it.
        if (was === null && h.failing?.code === ErrorCode.AuthFailed) h.sink()?.error(e);
        else h.sink()?.status('failed', e);
        // A CCP with no session at page load fails here, and the agent logs in a minute later: the
        // link stands, failed, and listens for that sign-in, as a connect() made after the failure does.
        wait?.ready();
        wait = null;
      };
      keep(core.onAuthFail?.(down('auth_fail', ErrorCode.AuthFailed, 'The CCP session expired or was logged out: log in to the CCP again.')));
      keep(
        core.onAccessDenied?.(
          down('access_denied', ErrorCode.Forbidden, 'The CCP refused this user: ask your Amazon Connect administrator for the CCP permission (a security profile with Contact Control Panel access), then log in to the CCP again.'),
        ),
      );
      keep(
        core.onIframeRetriesExhausted?.(
          down(
            'iframe_retries_exhausted',
            ErrorCode.NotConnected,
            "The CCP never loaded in this page: add this page's origin to the instance's Approved origins, allow Amazon Connect's cookies in this browser, check the network, then reload the page.",
          ),
        ),
      );
      keep(
        core.onAuthorizeRetriesExhausted?.(
          down('authorize_retries_exhausted', ErrorCode.AuthFailed, 'The CCP could not authorise this user and stopped asking: reload the page and log in to the CCP.'),
        ),
      );
      keep(
        core.onCTIAuthorizeRetriesExhausted?.(
          down('cti_authorize_retries_exhausted', ErrorCode.AuthFailed, "The CCP's agent calls are refused as unauthorised and it stopped logging in again: reload the page and log in to the CCP."),
        ),
      );
      keep(
        core.onAuthorizeSuccess?.(() => {
          // Signed in again (the CCP's login window): live once its agent data flows, as after a
          // lost link; while the backend refuses us, still failed.
          if (g !== h.gen() || h.ccpDown === null || h.failing?.code === ErrorCode.AuthFailed) return;
          h.sink()?.status('reconnecting', h.ccpDown);
        }),
      );
      keep(
        streams.onWebsocketInitFailure?.(() => {
          if (g !== h.gen()) return;
          // The agent's snapshots still come by polling: the link stands, contact events may lag.
          h.sink()?.error(
            new FloorwalkError(
              ErrorCode.VendorError,
              "The CCP could not open its WebSocket to Amazon Connect, so contact updates may come late: allow WebSocket connections to Amazon Connect through this network's proxy or firewall, then reload the page.",
              { retryable: false, details: { streams: 'websocket_init_failure' } },
            ),
          );
        }),
      );
      // The CCP's WebSocket closed with none open: Streams' worker tells it when the socket closes
      // (at once when the browser drops it; on a silent drop only once the socket gives up), and its
      // agent polls fail beside it, so no snapshot, and no contact event, comes until the link is
      // back. Contacts that began and ended meanwhile are never shown.
      const ws = (name: string | undefined, on: (data: unknown) => void): void => {
        if (name !== undefined) subs.push(bus.subscribe(name, (data) => g === h.gen() && on(data)));
      };
      ws(streams.AgentEvents.WEBSOCKET_CONNECTION_LOST, (data) => {
        const d: StreamsWebSocketLost = isObj(data) ? data : {};
        h.ccpLost = new FloorwalkError(
          ErrorCode.NotConnected,
          "The CCP lost its link to Amazon Connect: this agent's own status and contacts may be out of date until it is back.",
          { details: { streams: 'websocket_connection_lost', code: d.code, reason: d.reason } },
        );
        // A failure told already (sign-out, access, the backend's) stays the reason.
        if (h.ccpDown !== null || h.failing !== null) return;
        // The network that dropped the socket carries the backend's calls too: one out may never
        // be answered, and would hold the outbox (as a poll's loss does: poll.ts).
        h.calls.abort(h.ccpLost);
        h.calls = new AbortController();
        h.sink()?.status('reconnecting', h.ccpLost);
      });
      // Also on the CCP's first WebSocket, before any loss: nothing to mend then.
      ws(streams.AgentEvents.WEBSOCKET_CONNECTION_GAINED, () => {
        if (h.ccpLost === undefined || h.ccpDown !== null) return;
        back();
        // A connect() made during the loss has the agent already (the snapshot it was handed).
        if (h.self !== undefined) h.endWait?.();
      });
      if (h.ccpDown !== null) {
        // Streams tells a failure once, and a reconnect does not mend the CCP: the link stands,
        // failed, until the CCP's own recovery, which it now listens for.
        wait = null;
        h.sink()?.status('failed', h.ccpDown);
        return Promise.resolve();
      }
      // A CCP that never loads would otherwise show as live, with no agent, for the minute Streams spends reloading it.
      return within(h, 'The CCP', first).catch((err: FloorwalkError) => {
        wait = null;
        throw err.details?.operation === 'The CCP'
          ? (h.ccpLost ??
              new FloorwalkError(ErrorCode.NotConnected, 'The CCP showed no agent within 30 s: it is still loading, or waits for a login in its window.', { cause: err }))
          : err;
      });
    },
    close() {
      wait?.refuse(h.fail(ErrorCode.Cancelled, 'Disconnected.'));
      wait = null;
      for (const sub of subs) quietly(sub);
      subs = [];
      for (const contactId of [...watched.keys()]) unwatch(contactId);
    },
  };
}
