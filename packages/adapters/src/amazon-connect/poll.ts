import { ErrorCode, type FloorwalkError, type Presence, type QueueStats } from '@floorwalk/core';
import type { AmazonConnectTeam } from './adapter.js';
import type { AmazonConnectBackend } from './backend.js';
import { CHANNEL_MAP, CONTACT_STATE_MAP, directionOf, isObj, secondsToMs, userIdOf } from './contact-map.js';
import { connectError, within } from './errors.js';
import type { ContactObs, Host } from './host.js';
import { createPacer, type Pacer } from './pacer.js';
import type { GetCurrentUserDataResponse, UserData, UserDataFilters } from './wire.js';

/*
 * The team side's polling (GetCurrentUserData, GetCurrentMetricData), loaded by connect() when
 * the host configures teams or queues to poll: an agent's page without them never loads it.
 */

const DEFAULT_POLL = 15_000;

/** The page's document; none on Node or in a worker. */
const doc = typeof document === 'undefined' ? undefined : document;

/** Connect's page size, and the most ids one filter takes. */
const PAGE = 100;

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += PAGE) out.push(list.slice(i, i + PAGE));
  return out;
}

/** How far a poll's reading of Connect's clock must move before the adapter takes it. */
const POLL_SKEW_STEP_MS = 5000;

const METRICS = [
  { Name: 'CONTACTS_IN_QUEUE', Unit: 'COUNT' },
  { Name: 'OLDEST_CONTACT_AGE', Unit: 'SECONDS' },
  { Name: 'AGENTS_AVAILABLE', Unit: 'COUNT' },
] as const;

/** The longest pause between two tries of a poll request the backend did not answer, before jitter. */
const RETRY_CAP_MS = 8000;

/** One poll cycle's token: when one call fails, the others stop before their next request. */
interface Run {
  readonly gen: number;
  aborted: boolean;
  /** Until when a request the backend did not answer is tried again: the next cycle's start, or 0 for none. */
  readonly until: number;
}

/** The polling of one adapter. */
export interface Poller {
  /** Runs a poll cycle now, or joins the one running; the next is scheduled after it. */
  cycle(): Promise<void>;
  /** Stops the schedule and rejects every paced call waiting. */
  close(): void;
}

export function createPoller(h: Host): Poller {
  const { clean, idOf, own, str } = h.kit;
  const interval = Math.max(1000, h.options.pollIntervalMs ?? DEFAULT_POLL);
  const rates = h.options.rates ?? {};
  const userPacer = createPacer(h.clock, rates.userData ?? 2);
  const metricPacer = createPacer(h.clock, rates.metricData ?? 5);
  let polled = new Set<string>();
  let timer: unknown;
  /** The task on its way to arm the next timer (a clock with `inOwnTask`). */
  let hop: object | null = null;
  /** When the last cycle started. */
  let last = 0;
  let cycle: Promise<void> | null = null;
  let cycleGen = -1;
  /** Polling stopped for good: the backend refused our credentials. */
  let halted = false;
  /** The cycle running is the one poll {@link Host.retryAuth} asked for. */
  let retrying = false;
  /** A sign-in's poll waits behind the cycle running: that cycle went out on the credentials from before it. */
  let behind = false;
  /**
   * Settles when the request asking a backend that did not answer again has its answer, or gives
   * up. This link's: close() lets it go, so a new link never waits on an old one's request, which a
   * backend that ignores the abort may hold for the whole request time limit.
   */
  let probe: Promise<void> | null = null;

  /** A poll request the backend did not answer: told, and the link is lost unless a refusal or the CCP already holds it down. */
  const unanswered = (e: FloorwalkError): void => {
    h.sink()?.error(e);
    // The sign-in's poll got no verdict on the session (a 5xx, the network, throttled past
    // its retries): the refusal it was to check may be mended, so it is no longer the truth.
    // This failure is, and the poll is asked again as after any other.
    if (retrying) {
      retrying = false;
      h.failing = null;
      // The CCP failed again meanwhile: its failure is the reason, not the stale refusal.
      if (h.ccpDown !== null) h.sink()?.status('failed', h.ccpDown);
    }
    if (h.failing === null && h.ccpDown === null) {
      // A command out on the lost link may never be answered, and would hold the outbox.
      h.calls.abort(e);
      h.calls = new AbortController();
      h.sink()?.status('reconnecting', e);
    }
    // A refusal stays until a poll is answered: a later failure does not hide it.
    if (h.failing?.code !== ErrorCode.AuthFailed) h.failing = e;
  };

  const paced = async <T>(pacer: Pacer, operation: string, call: () => Promise<T>, run: Run): Promise<T> => {
    const myGen = run.gen;
    /** Frees the requests waiting on {@link probe}, once this one has been it. */
    let free: (() => void) | undefined;
    let mine: Promise<void> | undefined;
    const hold = (): void => {
      if (probe === null) probe = mine = new Promise<void>((resolve) => (free = resolve));
    };
    try {
      // Counted apart: a throttle gets its own tries and backoff, however many went unanswered first.
      for (let throttled = 0, lost = 0; ; ) {
        await pacer.take();
        while (probe !== null && probe !== mine && myGen === h.gen()) await probe;
        if (myGen !== h.gen() || run.aborted) throw h.fail(ErrorCode.Cancelled, 'Poll abandoned.');
        // While the backend has not answered, one request at a time asks it, in a new cycle too:
        // the others wait for its answer rather than pile onto a backend that is down.
        if (h.failing !== null && h.failing.code !== ErrorCode.AuthFailed) hold();
        // What the call reads as its signal: aborted, it was cut by the loss another call found.
        const cut = h.calls.signal;
        try {
          // Past the limit the link counts as lost: the poll, and with it the board, moves on.
          const res = await within(h, operation, call());
          if (myGen !== h.gen()) throw h.fail(ErrorCode.Cancelled, 'Disconnected.');
          return res;
        } catch (err) {
          const e = connectError(err, operation);
          if (myGen !== h.gen()) throw e;
          // Retry-After is a floor, as in the client's backoff: a date already past on the page's
          // clock (one ahead of the server's) reads as no wait, which must not mean at once.
          const after = (e.details?.retryAfterMs as number | undefined) ?? 0;
          if (e.code === ErrorCode.RateLimited) {
            if (throttled >= 4) throw e;
            h.sink()?.error(e);
            pacer.pause(Math.max(after, 1000 * 2 ** throttled++));
            continue;
          }
          // Unanswered (a 5xx, the network, no answer in time): asked again within the cycle, ±20 %
          // apart so a floor of boards does not come back in step, rather than leave the board a
          // whole interval behind. A refusal or a quota is not; nor is a connect()'s first poll,
          // whose failure the client retries on its own schedule.
          const wait = Math.max(after, Math.min(RETRY_CAP_MS, 1000 * 2 ** lost++) * (0.8 + Math.random() * 0.4));
          // The backend as a whole asked for the wait (a gateway's 503), unlike a throttle of one operation.
          userPacer.pause(after);
          metricPacer.pause(after);
          if (e.code !== ErrorCode.VendorError || !e.retryable || h.clock.now() + wait >= run.until) throw e;
          if (!cut.aborted) unanswered(e);
          hold();
          pacer.pause(wait);
        }
      }
    } catch (e) {
      // The cycle fails with this: its other calls send nothing more, a request waiting on this one included.
      run.aborted = true;
      throw e;
    } finally {
      if (probe === mine) probe = null;
      free?.();
    }
  };

  const filtersOf = (t: AmazonConnectTeam): UserDataFilters[] => {
    if (t.agentIds !== undefined) return chunks(t.agentIds).map((Agents) => ({ Agents }));
    if (t.hierarchyGroupId !== undefined) return [{ UserHierarchyGroups: [t.hierarchyGroupId] }];
    if (t.routingProfileIds !== undefined) return chunks(t.routingProfileIds).map((RoutingProfiles) => ({ RoutingProfiles }));
    if (t.queueIds !== undefined) return chunks(t.queueIds).map((Queues) => ({ Queues }));
    return [];
  };

  const pollUsers = async (run: Run): Promise<Map<string, { u: UserData; teams: Set<string> }>> => {
    const found = new Map<string, { u: UserData; teams: Set<string> }>();
    const get = h.backend.getCurrentUserData as NonNullable<AmazonConnectBackend['getCurrentUserData']>;
    for (const team of h.teams) {
      for (const Filters of filtersOf(team)) {
        let token: string | undefined;
        do {
          const NextToken = token;
          const res: GetCurrentUserDataResponse = await paced(
            userPacer,
            'GetCurrentUserData',
            () => get(clean({ InstanceId: h.options.instanceId, Filters, MaxResults: PAGE, NextToken }), { signal: h.calls.signal, skewMs: h.skew }),
            run,
          );
          if (!isObj(res) || (res.UserDataList !== undefined && !Array.isArray(res.UserDataList))) {
            throw h.fail(ErrorCode.MalformedEvent, 'GetCurrentUserData returned no UserDataList.');
          }
          for (const u of res.UserDataList ?? []) {
            const id = str(u?.User?.Id) ?? userIdOf(u?.User?.Arn);
            if (id === undefined) {
              h.report('GetCurrentUserData listed a user without User.Id.');
              continue;
            }
            const entry = found.get(id) ?? { u, teams: new Set<string>() };
            entry.teams.add(team.id);
            found.set(id, entry);
          }
          token = str(res.NextToken);
        } while (token !== undefined);
      }
    }
    return found;
  };

  const applyUser = (id: string, u: UserData, teamIds: ReadonlySet<string>, now: number): void => {
    const name = str(u.Status?.StatusName);
    if (name === undefined) return h.report(`GetCurrentUserData: user ${id} has no Status.StatusName.`, { agentId: id });
    const presence: Presence = { ...h.resolveStatus(name, u.Status?.StatusArn), since: h.fromConnect(secondsToMs(u.Status?.StatusStartTimestamp)) ?? now };
    const groups = Object.values(u.HierarchyPath ?? {}).flatMap((g) => (str(g?.Id) === undefined ? [] : [g?.Id as string]));
    h.putAgent(id, { teamIds: h.teamsOf(id, { groups, profile: str(u.RoutingProfile?.Id), also: teamIds }) }, presence, now);
    const keep = new Set<string>();
    for (const c of Array.isArray(u.Contacts) ? u.Contacts : []) {
      const cid = str(c?.ContactId);
      const channel = own(CHANNEL_MAP, c?.Channel);
      const mapped = own(CONTACT_STATE_MAP, c?.AgentContactState);
      if (cid !== undefined) keep.add(cid);
      if (cid === undefined || channel === undefined || mapped == null || !/^[A-Z_]+$/.test(`${c.Channel}${c.AgentContactState}`)) {
        h.report(`GetCurrentUserData: user ${id} has a contact with an unknown or missing ContactId, Channel or AgentContactState.`, {
          agentId: id,
          contactId: cid,
          state: c?.AgentContactState,
          channel: c?.Channel,
        });
        continue;
      }
      const queue = str(c.Queue?.Id) ?? (str(c.Queue?.Arn) === undefined ? undefined : idOf(c.Queue?.Arn as string));
      // StateStartTimestamp keeps the CONNECTED time while on hold, so a hold has no known start.
      h.putContact(
        clean<ContactObs>({
          id: cid,
          agentId: id,
          channel,
          direction: directionOf(c.InitiationMethod),
          mapped,
          since: mapped.state === 'held' ? undefined : h.fromConnect(secondsToMs(c.StateStartTimestamp)),
          connectedAt: h.fromConnect(secondsToMs(c.ConnectedToAgentTimestamp)),
          queueId: queue,
        }),
        now,
      );
    }
    h.endMissing(new Set([id]), keep, now);
  };

  const pollMetrics = async (run: Run): Promise<void> => {
    const get = h.backend.getCurrentMetricData;
    if (get === undefined || h.queueDefs.length === 0) return;
    for (const Queues of chunks(h.queueDefs.map((q) => q.id))) {
      // A one-queue request needs no grouping, and then OLDEST_CONTACT_AGE comes back in ms.
      const grouped = Queues.length > 1;
      /** The queues a row named, well formed or not; Connect leaves out a queue it has no data for. */
      const seen = new Set<string>();
      /** A row that names no queue may be any unnamed queue's: then none of them is read as empty. */
      let unnamed = false;
      let snapAt = h.clock.now();
      let token: string | undefined;
      do {
        const NextToken = token;
        const res = await paced(
          metricPacer,
          'GetCurrentMetricData',
          () =>
            get(
              clean({
                InstanceId: h.options.instanceId,
                Filters: { Queues, Channels: ['VOICE', 'CHAT', 'TASK'] },
                Groupings: grouped ? ['QUEUE'] : undefined,
                CurrentMetrics: METRICS,
                MaxResults: PAGE,
                NextToken,
              }),
              { signal: h.calls.signal, skewMs: h.skew },
            ),
          run,
        );
        if (!isObj(res) || (res.MetricResults !== undefined && !Array.isArray(res.MetricResults))) {
          throw h.fail(ErrorCode.MalformedEvent, 'GetCurrentMetricData returned no MetricResults.');
        }
        const connectNow = secondsToMs(res.DataSnapshotTime);
        // Without a CCP this is the page's only reading of Connect's clock: when Connect took the
        // metrics, against our time as they arrive, late by the answer's latency (and a later page
        // by its pacing), hence the first page only and a coarse step.
        if (NextToken === undefined && h.self === undefined && connectNow !== undefined) h.takeSkew(connectNow - h.clock.now(), POLL_SKEW_STEP_MS);
        snapAt = h.fromConnect(connectNow) ?? h.clock.now();
        for (const r of res.MetricResults ?? []) {
          const q = r?.Dimensions?.Queue;
          const qid = str(q?.Id) ?? (str(q?.Arn) === undefined ? undefined : idOf(q?.Arn as string)) ?? (grouped ? undefined : Queues[0]);
          if (qid !== undefined) seen.add(qid);
          else unnamed = true;
          const v: Record<string, number> = {};
          let bad = qid === undefined || !Array.isArray(r?.Collections);
          for (const c of Array.isArray(r?.Collections) ? r.Collections : []) {
            const value = c?.Value;
            if (typeof c?.Metric?.Name !== 'string' || (value != null && !(typeof value === 'number' && value >= 0))) bad = true;
            // A null value (or none: JSON leaves nulls out) is Connect's "insufficient data", read as none.
            else if (value != null) v[c.Metric.Name] = value;
          }
          if (bad || !h.stats.has(qid as string)) {
            h.report('GetCurrentMetricData returned a malformed result or an unrequested queue.', { queueId: qid });
            continue;
          }
          queueStats(qid as string, v, grouped, snapAt);
        }
        token = str(res.NextToken);
      } while (token !== undefined);
      // A queue in no row has no data at Connect (its documented empty result): nothing waits there.
      if (!unnamed) for (const qid of Queues) if (!seen.has(qid)) queueStats(qid, {}, grouped, snapAt);
    }
  };

  const queueStats = (qid: string, v: Record<string, number>, grouped: boolean, snapAt: number): void => {
    const waiting = v.CONTACTS_IN_QUEUE ?? 0;
    const age = v.OLDEST_CONTACT_AGE ?? 0;
    const ageMs = grouped ? age * 1000 : age;
    const prev = h.stats.get(qid) as QueueStats;
    h.putStats(qid, { ...prev, waiting, oldestWaitingSince: waiting > 0 && age > 0 ? Math.round(snapAt - ageMs) : null, agentsAvailable: v.AGENTS_AVAILABLE ?? 0 }, snapAt);
  };

  const schedule = (startedAt: number): void => {
    if (h.sink() === null) return;
    // Adding the same listener again adds nothing.
    doc?.addEventListener('visibilitychange', onVisible);
    const arm = (): void => {
      timer = h.clock.setTimeout(() => {
        timer = undefined;
        runCycle().catch(() => undefined);
      }, Math.max(0, startedAt + interval - h.clock.now()));
    };
    if (h.clock.inOwnTask === undefined) return arm();
    // A cycle may end in the task of the timer that started it (a paced request, a backend
    // answering from memory): a timer set there nests in it, and Chromium wakes timers nested 5
    // deep in a tab hidden over 5 minutes once a minute. A task of its own starts a new chain.
    const mine = (hop = {});
    h.clock.inOwnTask(() => {
      if (hop !== mine) return;
      hop = null;
      arm();
    });
  };

  // A hidden tab's timers may still be late (a page the browser froze, other throttling): back
  // in view, a board a poll behind polls at once rather than show old states until its timer
  // wakes, and its schedule starts again from there.
  const onVisible = (): void => {
    if (doc?.visibilityState !== 'visible' || halted || h.clock.now() - last <= interval) return;
    stopTimer();
    runCycle().catch(() => undefined);
  };

  const runCycle = (): Promise<void> => {
    // Only a cycle of this connection is joined: one of the last may never be answered.
    if (cycle !== null && cycleGen === h.gen()) return cycle;
    // A connection's first cycle is its connect()'s poll.
    const first = cycleGen !== h.gen();
    const myGen = (cycleGen = h.gen());
    const started = (last = h.clock.now());
    const users = h.backend.getCurrentUserData !== undefined && h.teams.length > 0;
    const token: Run = { gen: myGen, aborted: false, until: first ? 0 : started + interval };
    cycle = (async () => {
      try {
        const [found] = await Promise.all([users ? pollUsers(token) : null, pollMetrics(token)]);
        if (myGen !== h.gen()) return;
        if (found !== null) {
          for (const [id, { u, teams: t }] of found) applyUser(id, u, t, started);
          // Whoever a complete poll no longer lists has left: Connect lists only signed-in users.
          for (const id of polled) {
            if (found.has(id) || !h.agents.has(id)) continue;
            h.putAgent(id, {}, { state: 'offline', since: started }, started);
            h.endMissing(new Set([id]), new Set(), started);
          }
          polled = new Set(found.keys());
        }
        h.flush();
        // The backend answered every call, a refresh() after a refusal too: whatever it refused
        // before (an expired session the host has since renewed, a permission since granted) no
        // longer holds, and polling goes on.
        const was = h.failing;
        if (was !== null) {
          h.failing = null;
          halted = false;
          // A CCP failure (sign-out, access, a CCP that never loaded) is not the backend's to
          // clear: it is the reason now, where the refusal may have been. So is the CCP's lost
          // link, which stays `reconnecting` until the CCP is back.
          if (h.ccpDown === null) h.sink()?.status(h.ccpLost === undefined ? 'live' : 'reconnecting', h.ccpLost);
          else if (was.code === ErrorCode.AuthFailed) h.sink()?.status('failed', h.ccpDown);
        }
      } catch (err) {
        token.aborted = true;
        if (myGen !== h.gen()) throw h.fail(ErrorCode.Cancelled, 'Disconnected.');
        h.flush();
        const e = connectError(err, 'poll');
        if (e.code === ErrorCode.AuthFailed) {
          halted = true;
          stopTimer();
          // A CCP failure came first: it stays the reason, and this one is told beside it. So is
          // a refusal of the credentials from before a sign-in whose own poll waits behind it: a
          // status would ask the host to sign in again for credentials already replaced.
          if (h.ccpDown === null && !behind) {
            h.sink()?.status('failed', e);
            // The more useful reason than a CCP still loading: connect() need not wait for it.
            h.endWait?.();
          } else h.sink()?.error(e);
          if (h.failing?.code !== ErrorCode.AuthFailed) h.failing = e;
        } else unanswered(e);
        throw e;
      } finally {
        // An old link's re-poll settling late is not this link's.
        if (myGen === h.gen()) retrying = false;
        if (cycleGen === myGen) cycle = null;
        if (myGen === h.gen() && timer === undefined && hop === null && !halted) schedule(started);
      }
    })();
    return cycle;
  };

  const stopTimer = (): void => {
    if (timer !== undefined) h.clock.clearTimeout(timer);
    timer = undefined;
    hop = null;
  };

  h.retryAuth = () => {
    const g = h.gen();
    const ask = (): void => {
      behind = false;
      if (g !== h.gen() || !halted || h.failing?.code !== ErrorCode.AuthFailed) return;
      halted = false;
      retrying = true;
      runCycle().catch(() => undefined);
    };
    // A cycle in flight (a refresh()) went out on the credentials from before the sign-in: its
    // refusal says nothing of the new ones, so the sign-in's poll is asked after it.
    if (cycle !== null && cycleGen === g) {
      behind = true;
      void cycle.then(ask, ask);
    } else ask();
  };

  return {
    cycle: runCycle,
    close() {
      stopTimer();
      doc?.removeEventListener('visibilitychange', onVisible);
      userPacer.cancel();
      metricPacer.cancel();
      probe = null;
      halted = retrying = behind = false;
    },
  };
}
