import { ErrorCode, FloorwalkError, type CommandEnvelope, type SetPresenceCommand } from '@floorwalk/core';
import type { AmazonConnectBackend } from './backend.js';
import { secondsToMs } from './contact-map.js';
import { AUTH_REFUSED, connectError, within } from './errors.js';
import type { Host } from './host.js';
import type { StatusKind } from './map.js';
import { createPacer } from './pacer.js';
import type { StreamsCallError, StreamsContact } from './streams.js';

/*
 * Command execution, loaded on the first command: a page that only watches never loads it.
 */

/** The commands of one adapter. */
export interface Commander {
  run(cmd: CommandEnvelope): Promise<void>;
  /** Rejects every command waiting for its turn or for Streams' answer, retryably: the link is gone. */
  cancel(): void;
}

/**
 * When a command whose answer was lost was first sent, by idempotency key: a status change
 * (PutUserStatus, Streams setState), a monitoring mode change or a stop. None of them takes a key,
 * so their retries look at what Connect shows before sending again.
 */
const unanswered = new Map<string, number>();

/** Streams' live contact states (`CONTACT_ACTIVE_STATES`, with `paused` as at run time). */
const LIVE = new Set(['incoming', 'pending', 'connecting', 'connected', 'paused']);

export function createCommander(h: Host): Commander {
  const { idOf, kindOf, presenceOf } = h.kit;
  const pacer = createPacer(h.clock, h.options.rates?.commands ?? 2);

  const call = async <T>(operation: string, fn: () => Promise<T>): Promise<T> => {
    await pacer.take();
    try {
      return await within(h, operation, fn());
    } catch (err) {
      throw connectError(err, operation);
    }
  };

  /** The Streams calls waiting for their callback, which a CCP that went away never makes. */
  const waiting = new Set<(err: unknown) => void>();
  /**
   * Under the HTTP calls' limit: a CCP that is still there but never calls back (its iframe
   * reloading, its port wedged) would otherwise hold the command, and the outbox behind it, for
   * good. Past the limit it is a lost answer; a callback after that settles nothing.
   */
  const streamsCall = (what: string, run: (cb: { success: () => void; failure: (e: string | StreamsCallError) => void }) => void): Promise<void> => {
    let end: (err?: unknown) => void = () => undefined;
    const answered = new Promise<void>((resolve, reject) => {
      end = (err) => {
        waiting.delete(end);
        if (err === undefined) resolve();
        else reject(err);
      };
      waiting.add(end);
      try {
        run({
          success: () => end(),
          failure: (e) => {
            const o = typeof e === 'object' && e !== null ? e : undefined;
            // Connect throttled the call: refused, not applied (so no lost answer to look for on
            // the retry), and Streams passes on no Retry-After, so the client's backoff decides.
            if (o !== undefined && (o.type === 'ThrottlingException' || o.statusCode === 429)) {
              return end(new FloorwalkError(ErrorCode.RateLimited, `${what} failed: ${o.message ?? o.type}`, { cause: e, details: { operation: what, vendorError: o.type, sent: false } }));
            }
            // The CCP's session refused (expired, signed out): not retryable, or the outbox would
            // resend it with credentials that cannot work, and the host would never hear to renew.
            if (o !== undefined && (o.statusCode === 401 || o.statusCode === 403 || AUTH_REFUSED.test(o.type ?? ''))) {
              return end(new FloorwalkError(ErrorCode.AuthFailed, `${what} failed: ${o.message ?? o.type}`, { cause: e, details: { operation: what, vendorError: o.type, httpStatus: o.statusCode } }));
            }
            end(h.fail(ErrorCode.VendorError, `${what} failed: ${o === undefined ? e : (o.message ?? o.type)}`, { vendorError: o?.type ?? e }));
          },
        });
      } catch (err) {
        // Streams throws before it sends anything: a StateError when the CCP is not initialised
        // or the contact has left its snapshot, which a later try may find otherwise; a
        // ValueError (or anything else) for what it refuses to take, which it will refuse again.
        const name = err instanceof Error ? err.name : '';
        end(
          new FloorwalkError(ErrorCode.VendorError, `${what} threw: ${err instanceof Error ? err.message : String(err)}`, {
            cause: err,
            retryable: name === 'StateError',
            details: { operation: what, vendorError: name || undefined, sent: false },
          }),
        );
      }
    });
    return within(h, what, answered).finally(() => waiting.delete(end));
  };

  /**
   * After a lost answer (or an earlier page's send): true, the command done, if the vendor shows
   * the status; `Conflict` if the status changed after the first try, which a second would undo.
   */
  const shownOrConflict = (cmd: CommandEnvelope<SetPresenceCommand>, shows: boolean, since: number | undefined, sentAt: number): boolean => {
    if (shows) {
      h.pending.set(cmd.agentId, cmd.state);
      return true;
    }
    if ((since ?? 0) >= sentAt) throw h.fail(ErrorCode.Conflict, `${cmd.agentId}'s status changed since; not sent again.`, { agentId: cmd.agentId });
    return false;
  };
  /** Keeps when a command whose answer was lost was first sent. */
  const lost = (key: string, sentAt: number): void => {
    unanswered.set(key, sentAt);
    if (unanswered.size > 100) unanswered.delete(unanswered.keys().next().value as string);
  };

  /** Keeps the key of a Streams call that failed after it may have reached Connect (not one Streams threw before sending). */
  const lostIfSent =
    (key: string, sentAt: number) =>
    (err: unknown): never => {
      if ((err as FloorwalkError).details?.sent !== false) lost(key, sentAt);
      throw err;
    };
  /** A command that may have been sent before: its answer lost here, or an earlier page's. */
  const maybeSent = (cmd: CommandEnvelope): boolean => cmd.restored === true || unanswered.has(cmd.key);

  const monitorContact = (sessionId: string): StreamsContact => {
    const s = h.sessions.get(sessionId);
    const c = h.self?.getContacts().find((x) => x.contactId === s?.session.interactionId);
    if (s === undefined || s.session.endedAt !== undefined) throw h.fail(ErrorCode.UnknownEntity, `No live monitoring session ${sessionId}.`);
    if (c === undefined) throw h.fail(ErrorCode.Conflict, `Monitoring session ${sessionId} has no contact in this CCP.`);
    return c;
  };

  const run = async (cmd: CommandEnvelope): Promise<void> => {
    switch (cmd.type) {
      case 'set-presence': {
        if (!h.agents.has(cmd.agentId)) throw h.fail(ErrorCode.UnknownAgent, `Unknown agent ${cmd.agentId}.`, { agentId: cmd.agentId });
        const fits = (name: string, id: string, kind: StatusKind): boolean =>
          cmd.reason !== undefined ? cmd.reason.id === id || cmd.reason.label === name : presenceOf(name, id, kind, h.presenceMap).state === cmd.state;
        if (cmd.agentId === h.selfId && h.self !== undefined) {
          const agent = h.self;
          const def = agent.getAgentStates().find((d) => kindOf(d.type) !== undefined && fits(d.name, idOf(d.agentStateARN), kindOf(d.type) as StatusKind));
          if (def === undefined) throw h.fail(ErrorCode.Unsupported, `No agent status of this instance maps to ${cmd.state}.`, { state: cmd.state });
          // Streams sets a status only while the agent handles no live contact; on one, it can only
          // be the next status (`enqueueNextState`), which Connect applies once the contacts are
          // cleared, as the CCP's own "next status" does. Either way it stays pending until seen.
          // setState takes no idempotency key: a try whose answer was lost (or an earlier page's,
          // its answer lost with the page) may have landed, and sent again would undo a status
          // chosen since. Streams holds the status Connect shows; its time is on Connect's clock.
          const sentAt = unanswered.get(cmd.key) ?? (cmd.restored === true ? cmd.issuedAt : undefined);
          if (sentAt !== undefined) {
            const chosen = agent.getAvailabilityState?.();
            const since = chosen?.startTimestamp ?? chosen?.timeStamp;
            // The snapshot's availability state names the status and carries no ARN as it comes.
            const shows = typeof chosen?.agentStateARN === 'string' ? chosen.agentStateARN === def.agentStateARN : chosen?.state === def.name;
            if (shownOrConflict(cmd, shows, since instanceof Date ? h.fromConnect(since.getTime()) : undefined, sentAt)) return;
          }
          const live = agent.getContacts().some((c) => LIVE.has(c.getState().type));
          const at = h.clock.now();
          // Every failure but a throw counts as lost: a CCP that went away, or did not answer
          // within the limit, may have passed the request on, and the failure callback's text
          // does not tell a refusal from a request that reached Connect.
          await streamsCall('setState', (cb) => agent.setState(def, cb, { enqueueNextState: live })).catch(lostIfSent(cmd.key, sentAt ?? at));
          unanswered.delete(cmd.key);
        } else {
          const put = h.backend.putUserStatus;
          if (put === undefined) throw h.fail(ErrorCode.Unsupported, 'Setting another agent’s status needs backend.putUserStatus.');
          const status = [...h.statusById].find(([id, s]) => fits(s.name, id, s.kind));
          if (status === undefined) throw h.fail(ErrorCode.Unsupported, `No agent status of this instance maps to ${cmd.state}.`, { state: cmd.state });
          // An earlier page's outbox entry may have been sent there with its answer lost, and
          // that memory went with the page: read back as for a lost answer here.
          const sentAt = unanswered.get(cmd.key) ?? (cmd.restored === true ? cmd.issuedAt : undefined);
          const get = h.backend.getCurrentUserData;
          if (sentAt !== undefined && get !== undefined) {
            // The last try's answer was lost, so it may have been applied: PutUserStatus takes no
            // ClientToken, and sent again it would undo a status the agent chose since.
            const now = (await call('GetCurrentUserData', () => get({ InstanceId: h.options.instanceId, Filters: { Agents: [cmd.agentId] } }, { signal: h.calls.signal, skewMs: h.skew })))?.UserDataList?.[0]?.Status;
            if (shownOrConflict(cmd, now?.StatusName === status[1].name, h.fromConnect(secondsToMs(now?.StatusStartTimestamp)), sentAt)) return;
          }
          const at = h.clock.now();
          await call('PutUserStatus', () => put({ InstanceId: h.options.instanceId, UserId: cmd.agentId, AgentStatusId: status[0] }, { signal: h.calls.signal, skewMs: h.skew })).catch((err: unknown) => {
            // No HTTP status: the request may have reached Connect and only its answer been lost.
            if ((err as FloorwalkError).details?.httpStatus === undefined) lost(cmd.key, sentAt ?? at);
            throw err;
          });
          unanswered.delete(cmd.key);
        }
        // Accepted only: the presence changes when a later snapshot, poll or record shows it.
        h.pending.set(cmd.agentId, cmd.state);
        return;
      }
      case 'start-monitoring': {
        const target = h.live.get(cmd.interactionId);
        if (!h.agents.has(cmd.agentId)) throw h.fail(ErrorCode.UnknownAgent, `Unknown agent ${cmd.agentId}.`, { agentId: cmd.agentId });
        if (target === undefined || target.agentId !== cmd.agentId) {
          throw h.fail(ErrorCode.UnknownInteraction, `Agent ${cmd.agentId} has no live interaction ${cmd.interactionId}.`, { interactionId: cmd.interactionId });
        }
        // Streams keeps monitor state on voice and chat connections only: a task or email has no
        // leg to listen to, and MonitorContact would fail on it with a raw vendor error.
        if (target.channel !== 'voice' && target.channel !== 'chat') {
          throw h.fail(ErrorCode.Unsupported, `Amazon Connect monitors voice and chat contacts only; ${target.id} is a ${target.channel} contact.`, { interactionId: target.id, channel: target.channel });
        }
        if (h.selfId === undefined) throw h.fail(ErrorCode.NotConnected, 'The supervisor’s Streams agent is not initialised yet.');
        if (h.active.has(cmd.interactionId)) {
          throw h.fail(ErrorCode.Conflict, `Already monitoring ${cmd.interactionId}.`);
        }
        const monitor = h.backend.monitorContact as NonNullable<AmazonConnectBackend['monitorContact']>;
        const supervisor = h.selfId;
        // Set first: the monitoring contact may reach the CCP before MonitorContact answers.
        h.wanted.set(cmd.interactionId, { agentId: cmd.agentId, mode: cmd.mode });
        try {
          await call('MonitorContact', () =>
            monitor(
              {
                InstanceId: h.options.instanceId,
                ContactId: cmd.interactionId,
                UserId: supervisor,
                AllowedMonitorCapabilities: cmd.mode === 'barge' ? ['SILENT_MONITOR', 'BARGE'] : ['SILENT_MONITOR'],
                ClientToken: cmd.key.slice(0, 500),
              },
              // Aborted with the link: a request on a dead route would hold the command for good.
              { signal: h.calls.signal, skewMs: h.skew },
            ),
          );
        } catch (err) {
          h.wanted.delete(cmd.interactionId);
          throw err;
        }
        return;
      }
      case 'change-monitoring-mode': {
        const c = monitorContact(cmd.sessionId);
        const mode = cmd.mode === 'barge' ? 'BARGE' : 'SILENT_MONITOR';
        // Sent before and the CCP shows the mode: done. Sent again, Connect may refuse a change to
        // the mode it holds, and the command would fail although what it asked for is so.
        if (maybeSent(cmd) && c.getAgentConnection()?.getMonitorStatus?.() === mode) {
          unanswered.delete(cmd.key);
          return;
        }
        const update = c.updateMonitorParticipantState;
        if (update === undefined) throw h.fail(ErrorCode.Unsupported, 'This Streams build cannot change the monitoring mode.');
        // MonitorContact's AllowedMonitorCapabilities bound the session: Connect refuses the rest.
        const allowed = c.getAgentConnection()?.getMonitorCapabilities?.();
        if (cmd.mode === 'barge' && allowed != null && !allowed.includes('BARGE')) {
          throw h.fail(ErrorCode.Unsupported, `Monitoring session ${cmd.sessionId} was started without barge; start one in barge mode to barge.`, { allowed: [...allowed] });
        }
        // With the customer (or the agent) gone, the barged supervisor is one of two left, and
        // Connect refuses the change for as long as that lasts: a refusal its failure callback
        // does not tell from a lost answer, which the outbox would retry to no end.
        if (mode === 'SILENT_MONITOR' && c.getAgentConnection()?.getMonitorStatus?.() === 'BARGE' && c.hasTwoActiveParticipants?.() === true) {
          throw h.fail(
            ErrorCode.Conflict,
            `Monitoring session ${cmd.sessionId} cannot go back to listening: only you and one other participant remain, and Connect does not let a barged supervisor listen then. Stay barged, or leave the contact.`,
            { activeParticipants: 2 },
          );
        }
        await streamsCall('updateMonitorParticipantState', (cb) => update.call(c, mode, cb)).catch(lostIfSent(cmd.key, h.clock.now()));
        unanswered.delete(cmd.key);
        return;
      }
      case 'stop-monitoring': {
        let c: StreamsContact;
        try {
          c = monitorContact(cmd.sessionId);
        } catch (err) {
          // A stop that may have been sent (its answer lost, or an earlier page's) whose session
          // has gone since: what it asked for is done. One never sent stays unknown.
          if (maybeSent(cmd) && (err as FloorwalkError).code === ErrorCode.UnknownEntity) {
            unanswered.delete(cmd.key);
            return;
          }
          throw err;
        }
        const conn = c.getAgentConnection();
        if (conn === null) throw h.fail(ErrorCode.Conflict, `Monitoring session ${cmd.sessionId} has no connection to end.`);
        await streamsCall('destroy', (cb) => conn.destroy(cb)).catch(lostIfSent(cmd.key, h.clock.now()));
        unanswered.delete(cmd.key);
        return;
      }
      default:
        throw h.fail(ErrorCode.Unsupported, `Amazon Connect cannot ${cmd.type}.`);
    }
  };

  return {
    run,
    cancel() {
      pacer.cancel();
      for (const end of [...waiting]) end(h.fail(ErrorCode.NotConnected, 'Disconnected before the CCP answered.'));
    },
  };
}
