import { ErrorCode, type FloorwalkEvent, type Presence } from '@floorwalk/core';
import { CHANNEL_MAP, CONTACT_STATE_MAP, directionOf, isObj, isoToMs, userIdOf } from './contact-map.js';
import type { ContactObs, Details, Host } from './host.js';
import type { Obj } from './map.js';
import type { AgentEventContact, AgentEventSnapshot } from './wire.js';

/*
 * Agent event stream records (the decoded Kinesis records a host relays), loaded with the first
 * records pushed: an agent's page, or a team page that only polls, never loads it.
 */

const AES_TYPES = new Set(['LOGIN', 'LOGOUT', 'STATE_CHANGE', 'HEART_BEAT']);

/** Returns what applies a batch of records to one adapter (its `pushAgentEvents` once loaded). */
export function createAgentEvents(h: Host): (records: unknown) => void {
  const { clean, idOf, kindOf, own, str } = h.kit;
  const names = h.options.agentNames ?? {};
  /** The time of the last record applied per agent: Kinesis orders per shard only. */
  const aesLast = new Map<string, number>();
  /** The events each recent record produced, replayed when it is delivered again. */
  const aesSeen = new Map<string, FloorwalkEvent[]>();
  const loggedOut = new Set<string>();

  const aesContact = (agentId: string, c: AgentEventContact, now: number): ContactObs | string => {
    const id = str(c?.ContactId);
    if (id === undefined) return 'a contact without ContactId';
    const channel = own(CHANNEL_MAP, c.Channel);
    const mapped = own(CONTACT_STATE_MAP, c.State);
    if (channel === undefined || !/^[A-Z]+$/.test(c.Channel as string)) return `contact ${id} has unknown Channel ${JSON.stringify(c.Channel)}`;
    if (mapped == null || !/^[A-Z_]+$/.test(c.State as string)) return `contact ${id} has unknown State ${JSON.stringify(c.State)}`;
    const since = h.fromConnect(isoToMs(c.StateStartTimestamp)) ?? now;
    const queueArn = str(c.Queue?.ARN);
    return clean<ContactObs>({
      id,
      agentId,
      channel,
      direction: directionOf(c.InitiationMethod),
      mapped,
      since,
      heldSince: since,
      connectedAt: h.fromConnect(isoToMs(c.ConnectedToAgentTimestamp)),
      createdAt: h.fromConnect(isoToMs(c.QueueTimestamp)),
      queueId: queueArn === undefined ? undefined : idOf(queueArn),
    });
  };

  const applySnapshot = (agentId: string, snap: AgentEventSnapshot, eventAt: number): void => {
    const status = snap.AgentStatus;
    const name = str(status?.Name);
    if (name === undefined) return h.report(`Agent event for ${agentId} has no AgentStatus.Name.`, { agentId });
    const cfg = snap.Configuration;
    const groups = Object.values(cfg?.AgentHierarchyGroups ?? {}).flatMap((g) => (str(g?.ARN) === undefined ? [] : [idOf(g?.ARN as string)]));
    const inbound = cfg?.RoutingProfile?.InboundQueues;
    // Agent queues (the agent's own transfer queue) have no name and are not routing queues.
    const queues = Array.isArray(inbound) ? inbound.flatMap((q) => (str(q?.ARN) === undefined || q?.Name == null ? [] : [idOf(q.ARN as string)])) : undefined;
    const profile = str(cfg?.RoutingProfile?.ARN);
    const full = [str(cfg?.FirstName), str(cfg?.LastName)].filter((x) => x !== undefined).join(' ');
    const presence: Presence = { ...h.resolveStatus(name, status?.ARN, kindOf(status?.Type)), since: h.fromConnect(isoToMs(status?.StartTimestamp)) ?? eventAt };
    h.putAgent(
      agentId,
      clean<Details>({
        // The host's names win: they are what the rest of its UI shows.
        name: full === '' || own(names, agentId) !== undefined ? undefined : full,
        teamIds: cfg === undefined || cfg === null ? undefined : h.teamsOf(agentId, { groups, profile: profile === undefined ? undefined : idOf(profile), queues }),
        queueIds: queues,
      }),
      presence,
      eventAt,
    );
    const keep = new Set<string>();
    for (const c of Array.isArray(snap.Contacts) ? snap.Contacts : []) {
      const obs = aesContact(agentId, c, eventAt);
      if (typeof obs === 'string') {
        h.report(`Agent event for ${agentId}: ${obs}.`, { agentId });
        if (str(c?.ContactId) !== undefined) keep.add(c.ContactId as string);
        continue;
      }
      keep.add(obs.id);
      h.putContact(obs, eventAt);
    }
    h.endMissing(new Set([agentId]), keep, eventAt);
  };

  return (records) => {
    let list: readonly unknown[];
    try {
      list = Array.isArray(records) ? [...records] : [records];
    } catch (err) {
      // A host's object that throws when read (a revoked proxy, a throwing getter).
      h.sink()?.error(h.fail(ErrorCode.MalformedEvent, 'Agent event records cannot be read.', { cause: String(err) }));
      return;
    }
    for (const raw of list) {
      let r: unknown = raw;
      try {
        // Records are data: a copy as plain JSON cannot throw when read later, nor hold a cycle.
        r = JSON.parse(typeof raw === 'string' ? raw : (JSON.stringify(raw) as string));
      } catch {
        h.report(typeof raw === 'string' ? 'Agent event record is not JSON.' : 'Agent event record is not plain JSON data.', typeof raw === 'string' ? { record: raw.slice(0, 200) } : undefined);
        continue;
      }
      const rec = r as Obj;
      const agentId = isObj(r) ? userIdOf(rec.AgentARN) : undefined;
      const at = isObj(r) ? h.fromConnect(isoToMs(rec.EventTimestamp)) : undefined;
      const eventId = isObj(r) ? str(rec.EventId) : undefined;
      if (agentId === undefined || at === undefined || eventId === undefined || !AES_TYPES.has(rec.EventType as string)) {
        h.report(
          isObj(r) && agentId !== undefined && at !== undefined && eventId !== undefined
            ? `Unknown agent event type ${JSON.stringify(rec.EventType)}.`
            : 'Agent event record lacks a valid AgentARN, EventId, EventTimestamp or EventType.',
          { eventId, eventType: isObj(r) ? rec.EventType : undefined },
        );
        continue;
      }
      const seen = aesSeen.get(eventId);
      if (seen !== undefined) {
        // A redelivered record (Kinesis is at-least-once): the same events, which the store drops.
        if (seen.length > 0) h.sink()?.events(seen);
        continue;
      }
      const snap = rec.CurrentAgentSnapshot;
      if (rec.EventType !== 'LOGOUT' && !isObj(snap)) {
        h.report(`Agent event ${eventId} has no CurrentAgentSnapshot.`, { eventId });
        continue;
      }
      // Checked before anything is recorded, so a rejected record holds no later one back.
      const status = rec.EventType === 'LOGOUT' ? undefined : (snap as AgentEventSnapshot).AgentStatus;
      if (rec.EventType !== 'LOGOUT' && str(isObj(status) ? status.Name : undefined) === undefined) {
        h.report(`Agent event for ${agentId} has no AgentStatus.Name.`, { agentId });
        continue;
      }
      // Kinesis orders per shard only; an older record than one applied would undo newer state.
      if (at < (aesLast.get(agentId) ?? -Infinity)) continue;
      aesLast.set(agentId, at);
      const out = h.out();
      const from = out.length;
      if (rec.EventType === 'LOGOUT') {
        loggedOut.add(agentId);
        h.putAgent(agentId, {}, { state: 'offline', since: at }, at);
        h.endMissing(new Set([agentId]), new Set(), at);
      } else if (rec.EventType === 'HEART_BEAT' && loggedOut.has(agentId)) {
        // Heartbeats go on for up to an hour after LOGOUT, carrying the last snapshot from before it.
      } else {
        loggedOut.delete(agentId);
        applySnapshot(agentId, snap as AgentEventSnapshot, at);
      }
      aesSeen.set(eventId, out.slice(from));
      if (aesSeen.size > 2048) aesSeen.delete(aesSeen.keys().next().value as string);
    }
    h.flush();
  };
}
