// The conformance suite must be able to fail: each broken adapter below breaks one promise and
// the matching case has to reject, while a well-behaved scripted adapter passes every case.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode, FloorwalkError, type Adapter, type AdapterSink, type CommandEnvelope, type FloorwalkEvent, type MonitoringSession, type PresenceState, type ReasonCode } from '@floorwalk/core';
import { adapterConformanceCases, type ConformanceHarness } from '@floorwalk/core/testing';
import { call, centreSnapshot, T0 } from './fixtures.js';

interface Breakage {
  wrongSource?: boolean;
  newIdsOnRedelivery?: boolean;
  deliversAfterDisconnect?: boolean;
  acceptsEverything?: boolean;
  throwsSynchronously?: boolean;
  swallowsMalformed?: boolean;
  /** A retry timer left running by disconnect() reports `reconnecting` afterwards. */
  statusAfterDisconnect?: boolean;
  /** Keeps reporting unreadable vendor messages through a sink it held before disconnect(). */
  errorsAfterDisconnect?: boolean;
  /** A harness whose drive() resolves before its messages reach the adapter (a network double). */
  resolvesBeforeDelivery?: boolean;
  /** After the link drops, says `live` before the snapshot can be taken again. */
  liveEarlyOnReconnect?: boolean;
  /** Numbers its events per connection: after a reconnect new facts reuse old ids. */
  idsPerConnection?: boolean;
  /** Finishes a connect() that a disconnect() overtook: says live and delivers to its sink. */
  connectsAfterDisconnect?: boolean;
  /** Stamps events from a clock an hour behind the one its snapshots use (its own, say). */
  stampsFromAnotherClock?: boolean;
  /** Says `live` before it has loaded what its snapshot needs. */
  liveBeforeSnapshot?: boolean;
  /** Returns a promise from execute() that never settles (a request with no time limit). */
  neverSettles?: boolean;
  /** Forgets the commands it has out when disconnect() closes the link: they never settle. */
  dropsOutOnDisconnect?: boolean;
  /** Answers a 404 at once, but waits for good on a request about an agent the vendor has. */
  hangsOnKnownAgent?: boolean;
  /** Rejects with the TypeError that reading the vendor's answer threw, for an agent the vendor has. */
  rawErrorOnKnownAgent?: boolean;
  /** Numbers the events of each burst of vendor messages from 1: the next burst reuses the ids. */
  idsRestartPerDrive?: boolean;
  /** Stamps its snapshots from a clock an hour behind the one its events use (its own, say). */
  snapshotFromAnotherClock?: boolean;
  /** Drops a copy of a vendor message itself rather than passing it on under its first id. */
  dropsCopies?: boolean;
  /** After the link drops, says `live` again while the new link carries no messages (not subscribed yet). */
  deafAfterReconnect?: boolean;
  /** Re-opens a dropped link without saying so: `live` again, never `reconnecting` or `offline`. */
  silentDrop?: boolean;
  /** Resolves a presence change on an agent the vendor has and changes nothing (a stubbed execute). */
  noOpOnKnownAgent?: boolean;
  /** The vendor's own activity takes a1 on breaks too (not a fault of the adapter: a busier platform). */
  backgroundBreaks?: boolean;
  /** Sends every execute() to the vendor as a new request, whatever its key. */
  ignoresKey?: boolean;
  /** Declares no command at all (a read-only board). */
  noCommands?: boolean;
  /** Sends a command marked restored as a new one, without looking at the vendor's state first. */
  resendsRestored?: boolean;
  /** A harness without reload(). */
  noReload?: boolean;
  /** Refuses, typed, every presence change on an agent the vendor has (only agents set their own). */
  refusesPresence?: boolean;
  /** A tenant without a break status: refuses break, typed, and takes the other states. */
  refusesBreak?: boolean;
  /** A double whose clock stands still within a case: every change it applies has one since. */
  stillClock?: boolean;
  /** A harness without applied(). */
  noApplied?: boolean;
  /** Checks start-monitoring's ids and resolves without asking the platform (a stubbed call). */
  monitorsNothing?: boolean;
  /** Starts the session the platform was asked for, but reports it as a barge. */
  reportsWrongMode?: boolean;
  /** Sends every start-monitoring to the vendor as a new request, whatever its key: a session per send. */
  monitorsPerSend?: boolean;
  /** Maps listen right but reports a whisper as a barge (a mode table with one row wrong). */
  whisperAsBarge?: boolean;
  /** Resolves stop-monitoring without asking the platform. */
  stopsNothing?: boolean;
  /** Sends start-monitoring on a chat to the platform, which starts a session that hears nothing. */
  monitorsAnyChannel?: boolean;
  /** Sends start-monitoring on a chat to the platform and passes its refusal on as a VendorError. */
  chatRefusedAsVendorError?: boolean;
  /** Declares no capabilities.monitoringChannels (an adapter written before it existed). */
  noMonitoringChannels?: boolean;
  /** drive() ends every call being monitored, and the platform ends the session itself (not a fault: a platform's own activity). */
  monitoredCallsEndOnDrive?: boolean;
  /** Sends set-presence without the reason code the command carries. */
  dropsReason?: boolean;
  /** Turns the vendor's 429 into a VendorError, as for any other failed status. */
  limitedAsVendorError?: boolean;
  /** Passes Retry-After on as it came, in seconds, where milliseconds are owed. */
  retryAfterInSeconds?: boolean;
  /** The vendor's SDK hands on a 429 without its Retry-After (not a fault of the adapter: twilio-taskrouter's errors). */
  sdkHidesRetryAfter?: boolean;
  /** Makes up a wait where the vendor's SDK gave none. */
  inventsRetryAfter?: boolean;
  /** Reads Retry-After as seconds only: an HTTP-date is unreadable, and it falls back to a 5 s wait of its own. */
  datedAsFallback?: boolean;
  /** Measures an HTTP-date Retry-After against a clock five minutes ahead of the vendor's (no skew correction): every date is past. */
  datedOnOtherClock?: boolean;
  /** A harness without rateLimitByDate(). */
  noRateLimitByDate?: boolean;
  /** Turns the vendor's 401 into a VendorError, as for any other failed status. */
  authAsVendorError?: boolean;
  /** Rejects the vendor's 401 with AuthFailed but marks it retryable. */
  authRetryable?: boolean;
  /** A harness without refuseCredentials(). */
  noRefuseCredentials?: boolean;
  /**
   * The platform reports a presence change at once and its reason code in a second notification
   * a moment later; a snapshot between the two shows the state without it (not a fault of the
   * adapter: a platform that resolves the reason after the state).
   */
  reasonLater?: boolean;
  /** Maps the reason the platform reports back to its label rather than the id it was sent as. */
  reasonAsLabel?: boolean;
  /**
   * An agent's own desktop, b1's: refuses, typed, a command on any other agent without asking the
   * vendor (not a fault of the adapter: an agent may change only their own presence).
   */
  agentSide?: boolean;
  /** Builds snapshot() from the presences it heard, not the vendor's: a change made while the link was down never shows. */
  snapshotFromHeard?: boolean;
  /** A harness fault: interrupt() reports b1 "changed" to the state it already had, which no snapshot can fail. */
  reportsNoChange?: boolean;
}

/** A scripted platform: presence flips for a1, with vendor sequence numbers as event ids. */
function harness(broken: Breakage = {}): ConformanceHarness {
  let sink: AdapterSink | null = null;
  let firstSink: AdapterSink | null = null;
  let linkUp = true;
  let connects = 0;
  let connected = false;
  let seq = 0;
  let state: PresenceState = 'available';
  let since = T0;
  // a1's reason code, while a1 is in the state it was given with.
  let reason: ReasonCode | undefined;
  // The agents other than a1 move only when asked.
  const others = new Map((centreSnapshot(T0).agents ?? []).filter((a) => a.id !== 'a1').map((a) => [a.id, a.presence]));
  // Outcomes by key: the same key again gets the first answer, also while that is still out.
  const answers = new Map<string, Promise<void>>();
  let last: FloorwalkEvent[] = [];
  // Requests of the adapter's the vendor applied, for harness.applied().
  let applied = 0;
  const unsupported = (c: CommandEnvelope) => new FloorwalkError(ErrorCode.Unsupported, `cannot ${c.type}`);
  // Adapters a reload made, over the same vendor: each hears the vendor's notifications.
  const reloaded = new Set<AdapterSink>();
  /** The presences the vendor's notifications carried, as an adapter that keeps its own copy would have them. */
  const heard = new Map<string, FloorwalkEvent & { type: 'presence' }>();
  const presenceOf = (agentId: string) => (agentId === 'a1' ? { state, since, ...(reason && { reason }) } : others.get(agentId));
  /** The vendor takes a change and notifies, as a platform does; each adapter instance keeps its own keys. */
  const send = (command: CommandEnvelope, answers: Map<string, Promise<void>>): Promise<void> => {
    if (command.type !== 'set-presence') return Promise.reject(unsupported(command));
    const earlier = broken.ignoresKey ? undefined : answers.get(command.key);
    if (earlier !== undefined) return earlier;
    if (broken.refusesBreak && command.state === 'break') return Promise.reject(new FloorwalkError(ErrorCode.InvalidArgument, 'no status maps to break'));
    const wanted = command.state;
    // An earlier page may have sent it: done when the vendor shows it (a correct adapter looks).
    if (command.restored && !broken.resendsRestored && presenceOf(command.agentId)?.state === wanted) return Promise.resolve();
    const answer = new Promise<void>((resolve) =>
      setTimeout(() => {
        applied++;
        if (!broken.stillClock) since += 1_000;
        // The platform keeps the reason code it was sent (a correct adapter sends it).
        const sent = command.reason && !broken.dropsReason ? (broken.reasonAsLabel ? { ...command.reason, id: command.reason.label } : command.reason) : undefined;
        const full = { state: wanted, since, ...(sent && { reason: sent }) };
        // The second notification completes the first; a1 may have moved on by then (drive()).
        const keep = (presence: typeof full): void => {
          if (command.agentId !== 'a1') others.set(command.agentId, presence);
          else if (presence === first || state === wanted) [state, reason] = [presence.state, presence.reason];
        };
        const at = since;
        const first = broken.reasonLater && sent ? { state: wanted, since } : full;
        keep(first);
        vendorSays([{ type: 'presence', id: `v-${++seq}`, at, source: 'scripted', agentId: command.agentId, presence: first }]);
        if (first !== full) {
          setTimeout(() => {
            keep(full);
            vendorSays([{ type: 'presence', id: `v-${++seq}`, at, source: 'scripted', agentId: command.agentId, presence: full }]);
          }, 30);
        }
        resolve();
      }, 0),
    );
    answers.set(command.key, answer);
    return answer;
  };
  // Seconds of the Retry-After the vendor answers the next request with, after rateLimit().
  let limitedFor: number | undefined;
  // The same as an HTTP-date, after rateLimitByDate(): its ms, read on the double's clock at the 429.
  let limitedUntil: number | undefined;
  // The vendor refuses the next request's credentials (a 401), after refuseCredentials().
  let refusing = false;
  // The platform's monitoring sessions, on the connected calls of the centre snapshot.
  const sessions = new Map<string, MonitoringSession>();
  // The platform's idempotency keys of start-monitoring (a correct adapter sends the envelope's key).
  const startedBy = new Set<string>();
  const calls = new Map((centreSnapshot(T0).interactions ?? []).map((i) => [i.id, i.agentId]));
  /** The platform's answer to a monitoring command on a call or session it has; undefined otherwise. */
  const monitor = (command: CommandEnvelope): Promise<void> | undefined => {
    // The chat c1: the platform has no monitoring of it, and a correct adapter asks it nothing.
    if (command.type === 'start-monitoring' && command.interactionId === 'c1' && !broken.monitorsAnyChannel) {
      if (broken.chatRefusedAsVendorError) return Promise.reject(new FloorwalkError(ErrorCode.VendorError, 'the vendor answered 400: not a call'));
      return Promise.reject(new FloorwalkError(ErrorCode.Unsupported, 'scripted monitors calls only; c1 is a chat'));
    }
    if (command.type === 'start-monitoring' && (calls.get(command.interactionId) ?? (command.interactionId === 'c1' ? 'b1' : undefined)) === command.agentId) {
      if (broken.monitorsNothing) return Promise.resolve();
      if (startedBy.has(command.key) && !broken.monitorsPerSend) return Promise.resolve();
      startedBy.add(command.key);
      applied++;
      since += 1_000;
      const session: MonitoringSession = { id: broken.monitorsPerSend ? `m-${command.interactionId}-${applied}` : `m-${command.interactionId}`, mode: command.mode, supervisorId: command.issuedBy, agentId: command.agentId, interactionId: command.interactionId, startedAt: since };
      sessions.set(session.id, session);
      vendorSays([{ type: 'monitoring', id: `v-${++seq}`, at: since, source: 'scripted', session: broken.reportsWrongMode || (broken.whisperAsBarge && session.mode === 'whisper') ? { ...session, mode: 'barge' } : session }]);
      return Promise.resolve();
    }
    const session = command.type === 'stop-monitoring' ? sessions.get(command.sessionId) : undefined;
    if (session === undefined) return undefined;
    if (broken.stopsNothing) return Promise.resolve();
    applied++;
    since += 1_000;
    const ended = { ...session, endedAt: since, endReason: 'stopped' as const };
    sessions.set(session.id, ended);
    vendorSays([{ type: 'monitoring', id: `v-${++seq}`, at: since, source: 'scripted', session: ended }]);
    return Promise.resolve();
  };
  const adapter: Adapter = {
    id: 'scripted',
    capabilities: broken.noCommands
      ? { channels: ['voice'], commands: [], monitoringModes: [] }
      : {
          channels: ['voice', 'chat'],
          commands: ['set-presence', 'start-monitoring', 'stop-monitoring'],
          monitoringModes: ['listen', 'whisper', 'barge'],
          ...(!broken.noMonitoringChannels && { monitoringChannels: {} }),
          agentSeesMonitoring: true,
        },
    async connect(s) {
      // The link takes a moment to open; a correct adapter gives up if disconnect() came meanwhile.
      const asked = ++connects;
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (asked !== connects && !broken.connectsAfterDisconnect) return;
      sink = s;
      firstSink ??= s;
      if (broken.liveBeforeSnapshot) s.status('live');
      connected = true;
      if (!broken.liveBeforeSnapshot) s.status('live');
    },
    async snapshot() {
      if (!connected || !linkUp) throw new FloorwalkError(ErrorCode.NotConnected, 'not connected yet');
      const base = centreSnapshot(since);
      return {
        ...base,
        ...(broken.snapshotFromAnotherClock ? { at: since - 3_600_000 } : {}),
        id: `snap-${++seq}`,
        source: 'scripted',
        agents: base.agents!.map((a) => ({ ...a, presence: (broken.snapshotFromHeard ? heard.get(a.id)?.presence : presenceOf(a.id)) ?? a.presence })),
        monitoring: [...sessions.values()].filter((m) => m.endedAt === undefined),
        // A chat b1 took after the calls: the monitoring cases take the calls first.
        interactions: [...base.interactions!.filter((i) => calls.has(i.id)), { ...call('c1', 'b1', 'connected', { connectedAt: T0 }), channel: 'chat' }],
      };
    },
    execute(command) {
      if (broken.throwsSynchronously) throw new TypeError('boom');
      if (broken.acceptsEverything) return Promise.resolve();
      if (broken.neverSettles) return new Promise(() => {});
      if (broken.agentSide && 'agentId' in command && command.agentId !== 'b1') return Promise.reject(new FloorwalkError(ErrorCode.Forbidden, 'an agent changes only their own presence'));
      const known = command.type === 'set-presence' && (command.agentId === 'a1' || others.has(command.agentId));
      if (known && broken.hangsOnKnownAgent) return new Promise(() => {});
      if (known && broken.rawErrorOnKnownAgent) return Promise.reject(new TypeError("Cannot read properties of undefined (reading 'status')"));
      if (known && broken.noOpOnKnownAgent) return Promise.resolve();
      if (known && broken.refusesPresence) return Promise.reject(new FloorwalkError(ErrorCode.Forbidden, 'only the agent may change their own presence'));
      if (known && limitedFor !== undefined) {
        // The vendor said slow down (a 429 with Retry-After: limitedFor seconds).
        const seconds = limitedFor;
        limitedFor = undefined;
        if (broken.limitedAsVendorError) return Promise.reject(new FloorwalkError(ErrorCode.VendorError, 'the vendor answered 429'));
        if (broken.sdkHidesRetryAfter) return Promise.reject(new FloorwalkError(ErrorCode.RateLimited, 'slow down', broken.inventsRetryAfter ? { details: { retryAfterMs: 5_000 } } : {}));
        return Promise.reject(new FloorwalkError(ErrorCode.RateLimited, 'slow down', { details: { retryAfterMs: broken.retryAfterInSeconds ? seconds : seconds * 1000 } }));
      }
      if (known && limitedUntil !== undefined) {
        // The vendor said slow down until a date: Retry-After's IMF-fixdate, whole seconds.
        const header = new Date(limitedUntil).toUTCString();
        limitedUntil = undefined;
        const now = broken.datedOnOtherClock ? Date.now() + 300_000 : Date.now();
        const wait = broken.datedAsFallback ? 5_000 : Math.max(0, Date.parse(header) - now);
        return Promise.reject(new FloorwalkError(ErrorCode.RateLimited, 'slow down', { details: { retryAfterMs: wait } }));
      }
      if (known && refusing) {
        refusing = false;
        if (broken.authAsVendorError) return Promise.reject(new FloorwalkError(ErrorCode.VendorError, 'the vendor answered 401'));
        return Promise.reject(new FloorwalkError(ErrorCode.AuthFailed, 'the vendor refused the token (401)', broken.authRetryable ? { retryable: true } : {}));
      }
      if (known) return send(command, answers);
      const monitoring = monitor(command);
      if (monitoring !== undefined) return monitoring;
      // The vendor answers a moment later; a link closed meanwhile fails the request.
      const asked = connects;
      return new Promise((_, reject) =>
        setTimeout(() => {
          if (asked !== connects) {
            if (!broken.dropsOutOnDisconnect) reject(new FloorwalkError(ErrorCode.NotConnected, 'the link closed'));
          } else if (command.type === 'start-monitoring' || command.type === 'stop-monitoring') reject(new FloorwalkError(ErrorCode.UnknownEntity, `no ${command.type === 'stop-monitoring' ? 'session' : 'interaction'} to monitor`));
          else if (command.type !== 'set-presence') reject(unsupported(command));
          else reject(new FloorwalkError(ErrorCode.UnknownAgent, `no agent ${command.agentId}`));
        }, 0),
      );
    },
    async disconnect() {
      connects++;
      connected = false;
      const last = sink;
      if (broken.statusAfterDisconnect) setTimeout(() => last?.status('reconnecting'), 0);
      if (!broken.deliversAfterDisconnect) sink = null;
    },
  };
  const vendorSays = (batch: FloorwalkEvent[]) => {
    last = batch;
    for (const e of batch) if (e.type === 'presence') heard.set(e.agentId, e);
    for (const other of reloaded) other.events(batch);
    if (broken.resolvesBeforeDelivery) setTimeout(() => sink?.events(batch), 0);
    else sink?.events(batch);
  };
  return {
    adapter,
    ...(broken.neverSettles || broken.dropsOutOnDisconnect || broken.hangsOnKnownAgent || broken.noOpOnKnownAgent || broken.monitorsNothing || broken.reportsWrongMode || broken.whisperAsBarge || broken.stopsNothing || broken.dropsReason || broken.reasonAsLabel ? { executeTimeoutMs: 50 } : {}),
    async drive() {
      if (!connected && !broken.deliversAfterDisconnect) return;
      if (broken.monitoredCallsEndOnDrive) {
        for (const m of sessions.values()) {
          if (m.endedAt !== undefined) continue;
          since += 1_000;
          const over = { ...m, endedAt: since, endReason: 'interaction-ended' as const };
          sessions.set(m.id, over);
          if (m.interactionId !== undefined) calls.delete(m.interactionId);
          vendorSays([{ type: 'monitoring', id: `v-${++seq}`, at: since, source: 'scripted', session: over }]);
        }
      }
      for (let n = 0; n < 3; n++) {
        since += 60_000;
        // Meetings, not breaks: what the suite asks for on a1 (a break) is then never what the
        // vendor's own activity shows, so a change it did not make cannot stand in for one it did.
        state = state === 'available' ? (broken.backgroundBreaks ? 'break' : 'meeting') : 'available';
        reason = undefined;
        seq++;
        vendorSays([{ type: 'presence', id: broken.idsRestartPerDrive ? `a1-${n + 1}` : `v-${seq}`, at: broken.stampsFromAnotherClock ? since - 3_600_000 : since, source: broken.wrongSource ? 'other' : 'scripted', agentId: 'a1', presence: { state, since } }]);
      }
    },
    async redeliver() {
      if (broken.dropsCopies) return;
      sink?.events(broken.newIdsOnRedelivery ? last.map((e) => ({ ...e, id: `${e.id}-again` })) : last);
    },
    async interrupt() {
      linkUp = false;
      if (!broken.silentDrop) sink?.status('reconnecting');
      if (broken.idsPerConnection) seq = 0;
      const reporter = sink;
      if (broken.deafAfterReconnect) sink = null;
      // Someone changes b1 on the platform meanwhile: its notification is lost with the link.
      since += 1_000;
      const was = others.get('b1')?.state;
      const b1 = broken.reportsNoChange && was !== undefined ? was : was === 'meal' ? 'training' : 'meal';
      others.set('b1', { state: b1, since });
      setTimeout(() => {
        if (broken.liveEarlyOnReconnect) reporter?.status('live');
        linkUp = true;
        if (!broken.liveEarlyOnReconnect) reporter?.status('live');
      }, 5);
      return { agentId: 'b1', state: b1 };
    },
    ...(broken.noApplied ? {} : { applied: () => applied }),
    rateLimit(seconds) {
      limitedFor = seconds;
      return broken.sdkHidesRetryAfter ? 'no-retry-after' : undefined;
    },
    ...(broken.noRateLimitByDate
      ? {}
      : {
          rateLimitByDate(seconds: number) {
            limitedUntil = Date.now() + seconds * 1000;
          },
        }),
    ...(broken.noRefuseCredentials
      ? {}
      : {
          refuseCredentials() {
            refusing = true;
          },
        }),
    ...(broken.noReload
      ? {}
      : {
          reload(): Adapter {
            const answers = new Map<string, Promise<void>>();
            let mine: AdapterSink | undefined;
            return {
              ...adapter,
              async connect(s) {
                mine = s;
                reloaded.add(s);
              },
              execute: (command) =>
                command.type === 'set-presence' && presenceOf(command.agentId) !== undefined
                  ? send(command, answers)
                  : Promise.reject(new FloorwalkError(ErrorCode.UnknownAgent, 'unknown')),
              async disconnect() {
                if (mine !== undefined) reloaded.delete(mine);
              },
            };
          },
        }),
    async sendMalformed() {
      const to = broken.errorsAfterDisconnect ? firstSink : sink;
      if (!broken.swallowsMalformed) to?.error(new FloorwalkError(ErrorCode.MalformedEvent, 'vendor sent {"topicName":'));
    },
  };
}

test('a well-behaved adapter passes every conformance case, and skips none', async () => {
  const cases = adapterConformanceCases('scripted', () => harness());
  assert.ok(cases.length >= 9);
  for (const c of cases) {
    await c.run();
    assert.equal(c.skipped, undefined, c.name);
  }
});

const breakages: [keyof Breakage, RegExp, RegExp][] = [
  ['wrongSource', /valid canonical events/, /source other/],
  ['newIdsOnRedelivery', /redelivered/, /new event id v-\d+-again, not one its first delivery had.*derive each id from the vendor's message id or sequence number/],
  ['deliversAfterDisconnect', /after disconnect/, /4 events arrived after disconnect\(\) \(v-\d+, v-\d+, v-\d+\): once disconnect\(\) is called, report nothing more: close the vendor's link/],
  ['acceptsEverything', /outside its capabilities/, /resolved; it should have rejected/],
  ['throwsSynchronously', /unknown targets/, /threw synchronously/],
  ['throwsSynchronously', /outside its capabilities/, /execute\(change-monitoring-mode\) threw synchronously/],
  ['swallowsMalformed', /malformed vendor payload/, /not reported/],
  ['statusAfterDisconnect', /after disconnect/, /sink was called after disconnect\(\): status reconnecting: once disconnect\(\) is called, report nothing more.*clear retry timers/],
  ['errorsAfterDisconnect', /after disconnect/, /sink was called after disconnect\(\): error vendor sent/],
  ['resolvesBeforeDelivery', /valid canonical events/, /drive\(\) must resolve only once its messages reached the adapter/],
  ['liveEarlyOnReconnect', /dropped link/, /reported live, rejected .*not connected yet/],
  ['idsPerConnection', /dropped link/, /named one fact before the link dropped and another after it/],
  ['connectsAfterDisconnect', /while still connecting/, /after a disconnect\(\) made while connecting: event v-1.*status live: once disconnect\(\) is called, report nothing more.*also one that opens after disconnect\(\) was called/],
  ['stampsFromAnotherClock', /snapshot then deltas/, /client has available .*\(3 of the 3 events drive\(\) caused are stamped before the snapshot the client loaded.*not the local one/],
  ['liveBeforeSnapshot', /reports live/, /reported live, rejected .*not connected yet.*: report live only once snapshot\(\) can succeed/],
  ['neverSettles', /unknown targets/, /execute\(set-presence\) did not settle within 50 ms: resolve or reject every execute\(\)/],
  ['neverSettles', /outside its capabilities/, /execute\(change-monitoring-mode\) did not settle within 50 ms/],
  ['dropsOutOnDisconnect', /out when disconnect/, /execute\(set-presence\), out when disconnect\(\) was called, did not settle within 50 ms/],
  ['hangsOnKnownAgent', /agent it knows/, /execute\(set-presence break\) on a1, an agent in the snapshot, did not settle within 50 ms/],
  ['rawErrorOnKnownAgent', /agent it knows/, /on a1, an agent in the snapshot, rejected with TypeError: .*not a FloorwalkError/],
  ['idsRestartPerDrive', /valid canonical events/, /event id a1-1 was used for two different events .*not from the content \(agent and state\) or a counter of the adapter's own/],
  ['snapshotFromAnotherClock', /resync after a gap/, /after a resync: agent a1: client has .*the snapshot the client resynced from is stamped \d+, before \d+ of the events it already held.*not the local one/],
  ['dropsCopies', /redelivered/, /pass a copy of a vendor message on under its first id/],
  ['deafAfterReconnect', /dropped link/, /drive\(\) after the link came back produced no events: report live only once the new link carries/],
  ['snapshotFromHeard', /while the link was down/, /while the link was down the vendor set b1 to meal, but neither the snapshot asked for at live \(it shows available\) nor an event within 1 s after it says so: build snapshot\(\) from the vendor's state/],
  ['reportsNoChange', /while the link was down/, /the vendor set b1 to available while the link was down, but the snapshot just before the drop already showed available: the case cannot tell a snapshot read afresh from one served from before the drop/],
  ['silentDrop', /dropped link/, /reported no reconnecting or offline within 5 s of interrupt\(\) \(it reported: live\): report the drop when the link goes/],
  ['noOpOnKnownAgent', /agent it knows/, /execute\(set-presence break\) on a1, an agent in the snapshot, resolved, but within 50 ms \(and two drive\(\) calls\) neither an event nor a fresh snapshot showed a1 in break/],
  ['resendsRestored', /restored/, /execute\(set-presence\) with key conformance-\w+ resolved, and the same envelope sent again restored by a new adapter over the same vendor, made 2 changes of a1 to break .*look at the vendor's state \(what the command would do\) before sending it again/],
  ['dropsReason', /agent it knows/, /execute\(set-presence break\) on a1, an agent in the snapshot, with reason coffee \(the first the snapshot's presenceDefinitions offer for break\) was reported as break with no reason: send command.reason to the platform/],
  ['limitedAsVendorError', /rate-limits/, /execute\(set-presence break\) on a1, answered with the vendor's slow down \(Retry-After: 7\), rejected with VendorError 4001: the vendor answered 429: reject a 429 with ErrorCode.RateLimited and details.retryAfterMs/],
  ['retryAfterInSeconds', /rate-limits/, /rejected with RateLimited and details.retryAfterMs 7, not 7000: reject a 429/],
  ['monitorsNothing', /starts monitoring/, /execute\(start-monitoring listen on i1 of a1\) resolved, but within 50 ms \(and two drive\(\) calls\) neither a monitoring event nor a fresh snapshot's monitoring showed a session on i1: resolve only once the platform started it/],
  ['reportsWrongMode', /starts monitoring/, /the session m-i1 started in listen is reported in barge \(still, after 50 ms and two drive\(\) calls\)/],
  ['monitorsPerSend', /starts monitoring/, /execute\(start-monitoring listen on i1 of a1\), sent twice at once and again after its answer with one key, started 3 sessions on i1 \(m-i1-\d+, m-i1-\d+, m-i1-\d+\): the same key must have one effect/],
  // The first mode alone was checked: a wrong row for whisper passed.
  ['whisperAsBarge', /starts monitoring/, /the session m-i1 started in whisper is reported in barge \(still, after 50 ms and two drive\(\) calls\): map the platform's mode back as it was asked for/],
  ['stopsNothing', /starts monitoring/, /execute\(stop-monitoring\) of m-i1, the session start-monitoring reported, resolved, but within 50 ms .*no monitoring event showed it ended and a fresh snapshot still lists it open/],
  ['monitorsAnyChannel', /refuses to monitor/, /execute\(start-monitoring listen on c1, a chat interaction of b1\) resolved; it should have rejected/],
  ['chatRefusedAsVendorError', /refuses to monitor/, /execute\(start-monitoring listen on c1, a chat interaction of b1\) rejected with code 4001 \(the vendor answered 400: not a call\), expected Unsupported: check the interaction's channel before asking the platform/],
  ['datedAsFallback', /HTTP-date Retry-After/, /answered with 429 and Retry-After: <the HTTP-date 9 s ahead>, rejected with RateLimited and details.retryAfterMs 5000, not within 2 s under 9000: read Retry-After as delay-seconds or an HTTP-date/],
  ['datedOnOtherClock', /HTTP-date Retry-After/, /rejected with RateLimited and details.retryAfterMs 0, not within 2 s under 9000/],
  ['authAsVendorError', /credentials the vendor refuses/, /execute\(set-presence break\) on a1, its credentials refused by the vendor \(401\), rejected with VendorError 4001: the vendor answered 401: reject with ErrorCode.AuthFailed \(not VendorError\), retryable false/],
  ['authRetryable', /credentials the vendor refuses/, /rejected with AuthFailed marked retryable: reject with ErrorCode.AuthFailed/],
  ['ignoresKey', /one effect/, /execute\(set-presence\) with key conformance-\w+, sent three times \(twice at once, then once after its answer\), made 3 changes of a1 to break/],
];

// twilio-taskrouter and Streams hand an adapter the 429 but not its Retry-After: the wait it
// cannot know is not asked of it, and one it makes up is not taken for the vendor's.
test('a vendor SDK that passes on no Retry-After: RateLimited without retryAfterMs passes, a made-up wait or another code fails', async () => {
  const find = (broken: Breakage) => adapterConformanceCases('scripted', () => harness({ sdkHidesRetryAfter: true, ...broken })).find((c) => /rate-limits/.test(c.name));
  const ok = find({});
  assert.ok(ok);
  await ok.run();
  assert.equal(ok.skipped, undefined);
  await assert.rejects(find({ inventsRetryAfter: true })!.run(), /\(its SDK passes on no Retry-After\), rejected with RateLimited and details.retryAfterMs 5000, not undefined: reject a 429 with ErrorCode.RateLimited and no details.retryAfterMs/);
  await assert.rejects(find({ limitedAsVendorError: true })!.run(), /\(its SDK passes on no Retry-After\), rejected with VendorError 4001: the vendor answered 429: reject a 429 with ErrorCode.RateLimited and no details.retryAfterMs/);
});

// The platform ends a session itself when its call ends: under a drive() that ends it, the end a
// stop-monitoring that did nothing was waiting for is the platform's, and no stop was checked.
test("a stop-monitoring that does nothing does not pass on the end the platform made when a drive() ended the call; it skips and says why", async () => {
  const find = (broken: Breakage) => adapterConformanceCases('scripted', () => harness({ monitoredCallsEndOnDrive: true, ...broken })).find((c) => /starts monitoring/.test(c.name));
  const lazy = find({ stopsNothing: true });
  assert.ok(lazy);
  await lazy.run();
  assert.match(lazy.skipped ?? '', /execute\(stop-monitoring\) of m-i1, the session start-monitoring reported, resolved and the session ended, but it was reported ended with endReason interaction-ended: a platform ends a session by itself when its call ends/);
  // A stop that works shows the end before any drive(): checked, no skip.
  const right = find({});
  await right!.run();
  assert.equal(right!.skipped, undefined);
});

// Two faults at once: the platform takes a1 on breaks by itself, and execute() changes nothing.
// The suite must ask for a change the platform does not make on its own: a1 goes to break and
// back to available by itself, so the suite asks for busy.
test('the suite tells its own presence change from the platform\'s: a no-op execute() on a platform whose agent takes breaks by itself', async () => {
  const target = adapterConformanceCases('scripted', () => harness({ noOpOnKnownAgent: true, backgroundBreaks: true })).find((c) => /agent it knows/.test(c.name));
  assert.ok(target);
  await assert.rejects(target.run(), /execute\(set-presence busy\) on a1, an agent in the snapshot, resolved, but within 50 ms .*showed a1 in busy \(a state the vendor's own activity does not bring it to\)/);
});

test('the suite says why a command case checked nothing: an adapter that declares no command', async () => {
  const cases = adapterConformanceCases('scripted', () => harness({ noCommands: true }));
  const known = cases.find((c) => /agent it knows/.test(c.name));
  const once = cases.find((c) => /one effect/.test(c.name));
  assert.ok(known && once);
  await known.run();
  await once.run();
  assert.equal(known.skipped, 'the adapter does not declare set-presence');
  assert.match(once.skipped ?? '', /declares none of send-message, raise-hand and set-presence/);
});

test('the suite says why the credentials and dated rate-limit cases checked nothing: a harness without their hooks', async () => {
  const cases = adapterConformanceCases('scripted', () => harness({ noRateLimitByDate: true, noRefuseCredentials: true }));
  const dated = cases.find((c) => /HTTP-date Retry-After/.test(c.name));
  const auth = cases.find((c) => /credentials the vendor refuses/.test(c.name));
  assert.ok(dated && auth);
  await dated.run();
  await auth.run();
  assert.match(dated.skipped ?? '', /the harness has no rateLimitByDate\(\)/);
  assert.match(auth.skipped ?? '', /the harness has no refuseCredentials\(\)/);
});

test('the suite says why a case checked nothing: a harness without reload() or interrupt()', async () => {
  const cases = adapterConformanceCases('scripted', () => ({ ...harness({ noReload: true }), interrupt: undefined }));
  const restored = cases.find((c) => /restored/.test(c.name));
  const dropped = cases.find((c) => /dropped link/.test(c.name));
  assert.ok(restored && dropped);
  await restored.run();
  await dropped.run();
  assert.match(restored.skipped ?? '', /no reload\(\)/);
  assert.match(dropped.skipped ?? '', /no interrupt\(\)/);
});

test('after a refused state the suite asks for the next, so a platform without breaks is checked on another state', async () => {
  const cases = adapterConformanceCases('scripted', () => harness({ refusesBreak: true }));
  const presence = cases.filter((c) => /agent it knows|one effect|restored/.test(c.name));
  assert.equal(presence.length, 3);
  for (const c of presence) {
    await c.run();
    assert.equal(c.skipped, undefined, c.name);
  }
  // Checked, not passed over: a key sent again as a new request is caught on the next state.
  const once = adapterConformanceCases('scripted', () => harness({ refusesBreak: true, ignoresKey: true })).find((c) => /one effect/.test(c.name));
  assert.ok(once);
  await assert.rejects(once.run(), /made 3 changes of a1 to busy/);
});

test('a double whose clock stands still: a key applied three times shows one since, and applied() tells', async () => {
  const find = (broken: Breakage, name: RegExp) => adapterConformanceCases('scripted', () => harness({ stillClock: true, ...broken })).find((c) => name.test(c.name));
  // Without applied() the three changes look like one: the suite cannot tell.
  await find({ ignoresKey: true, noApplied: true }, /one effect/)?.run();
  await assert.rejects(find({ ignoresKey: true }, /one effect/)!.run(), /sent three times \(twice at once, then once after its answer\), had 3 requests applied by the vendor double \(harness.applied\(\)\)/);
  await assert.rejects(find({ resendsRestored: true }, /restored/)!.run(), /sent again restored by a new adapter over the same vendor, had 2 requests applied by the vendor double/);
  // A correct adapter on the same double passes.
  for (const c of adapterConformanceCases('scripted', () => harness({ stillClock: true })).filter((c) => /one effect|restored/.test(c.name))) await c.run();
});

// A platform may report the state first and resolve its reason code after (a second
// notification, or a poll between the two): the reason counts wherever it shows within the wait.
test('a reason code that follows its state in a second notification passes; one that never comes, or another, fails at the end of the wait', async () => {
  const find = (broken: Breakage) => adapterConformanceCases('scripted', () => harness({ reasonLater: true, ...broken })).find((c) => /agent it knows/.test(c.name));
  const right = find({});
  assert.ok(right);
  await right.run();
  assert.equal(right.skipped, undefined);
  await assert.rejects(find({ dropsReason: true })!.run(), /execute\(set-presence break\) on a1, an agent in the snapshot, with reason coffee \(the first the snapshot's presenceDefinitions offer for break\) was reported as break with no reason: send command.reason to the platform.*\(no event or fresh snapshot within 50 ms and two drive\(\) calls showed it\)/);
  await assert.rejects(find({ reasonAsLabel: true })!.run(), /with reason coffee \(the first the snapshot's presenceDefinitions offer for break\) was reported as break with reason Coffee: .*map the reason it reports back to the id of its presenceDefinitions \(no event or fresh snapshot within 50 ms/);
});

// An agent's own desktop refuses a command on another agent before asking the vendor: the 429
// armed for its next request never comes on those, so the suite asks about the next agent.
test('the rate-limit case commands an agent the adapter can command: an agent side that refuses the others is checked on its own agent, and one that refuses all skips', async () => {
  const find = (broken: Breakage) => adapterConformanceCases('scripted', () => harness(broken)).find((c) => /rate-limits/.test(c.name));
  const own = find({ agentSide: true });
  assert.ok(own);
  await own.run();
  assert.equal(own.skipped, undefined);
  // Checked on b1, not passed over: a wrong answer to the 429 still fails.
  await assert.rejects(find({ agentSide: true, limitedAsVendorError: true })!.run(), /execute\(set-presence break\) on b1, answered with the vendor's slow down \(Retry-After: 7\), rejected with VendorError 4001/);
  await assert.rejects(find({ agentSide: true, retryAfterInSeconds: true })!.run(), /on b1, .*details.retryAfterMs 7, not 7000/);
  const none = find({ refusesPresence: true });
  await none!.run();
  assert.match(none!.skipped ?? '', /set-presence break on a1 was refused \(Forbidden 2000: only the agent may change their own presence\); set-presence available on a2 was refused \(Forbidden 2000.*; set-presence break on b1 was refused .*: every agent tried was refused before the vendor was asked, so no 429 came/);
});

test('a refused set-presence is reported as a skip with the refusal, not as a pass', async () => {
  const known = adapterConformanceCases('scripted', () => harness({ refusesPresence: true })).find((c) => /agent it knows/.test(c.name));
  assert.ok(known);
  await known.run();
  assert.match(known.skipped ?? '', /set-presence break \(reason coffee\) on a1 was refused \(Forbidden 2000: only the agent may change their own presence\)/);
  // The next states are asked for too, a bounded number of them, and each refusal is listed.
  assert.match(known.skipped ?? '', /set-presence busy on a1 was refused \(Forbidden 2000/);
  assert.equal(known.skipped?.match(/was refused/g)?.length, 4);
});

for (const [breakage, caseName, complaint] of breakages) {
  test(`the suite catches an adapter that breaks: ${breakage} (${caseName.source})`, async () => {
    const target = adapterConformanceCases('scripted', () => harness({ [breakage]: true })).find((c) => caseName.test(c.name));
    assert.ok(target, `a case matching ${caseName}`);
    await assert.rejects(target.run(), complaint);
  });
}

// An adapter written before monitoringChannels existed keeps passing: what it does on a chat is
// reported as a skip that names the fix, and a declaration makes it a failure.
test('an adapter that declares no monitoringChannels and monitors a chat is told so in a skip, not failed', async () => {
  const find = (broken: Breakage) => adapterConformanceCases('scripted', () => harness(broken)).find((c) => /refuses to monitor/.test(c.name));
  const old = find({ noMonitoringChannels: true, monitorsAnyChannel: true });
  assert.ok(old);
  await old.run();
  assert.match(old.skipped ?? '', /execute\(start-monitoring listen on c1, a chat interaction of b1\) resolved, where a platform that monitors voice only refuses it as Unsupported: .*declare capabilities.monitoringChannels.listen with chat/);
  const refuses = find({ noMonitoringChannels: true });
  await refuses!.run();
  assert.equal(refuses!.skipped, undefined, 'an undeclared adapter that refuses as Unsupported passes');
});
