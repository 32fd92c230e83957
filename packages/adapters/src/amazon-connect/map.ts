import type { PresenceState, ReasonCode } from '@floorwalk/core';

/*
 * Pure vendor → canonical mappings the adapter itself uses from the start (statuses, ids, event
 * digests), also lent to the parts it loads on first need. What only those parts read (contacts,
 * ARNs, timestamps) is in contact-map.ts. Tables are plain objects so the README's mapping table
 * can be checked against them.
 */

/** `map[key]` for the map's own keys only: vendor strings never reach `Object.prototype`. */
export function own<T>(map: Readonly<Record<string, T>>, key: unknown): T | undefined {
  return typeof key === 'string' && Object.hasOwn(map, key) ? map[key] : undefined;
}

/** The last path segment of an ARN (`…/agent-state/<id>` → `<id>`); an id passes through. */
export function idOf(arnOrId: string): string {
  return arnOrId.slice(arnOrId.lastIndexOf('/') + 1);
}

/** Agent status types, normalised: Streams' lower case and ListAgentStatuses' upper case. */
export type StatusKind = 'routable' | 'custom' | 'offline';

const KIND: Readonly<Record<string, StatusKind>> = {
  routable: 'routable',
  not_routable: 'custom',
  offline: 'offline',
  ROUTABLE: 'routable',
  CUSTOM: 'custom',
  OFFLINE: 'offline',
};

/** The status kind of a Streams or Connect API type value, or undefined. */
export function kindOf(type: unknown): StatusKind | undefined {
  return own(KIND, type);
}

/**
 * Custom (not routable) status names are the tenant's; these common ones map to the canonical
 * state that fits, and `presenceMap` overrides or extends them. Others become `away`.
 */
const GUESSES: readonly (readonly [RegExp, PresenceState])[] = [
  [/lunch|meal|dinner/i, 'meal'],
  [/break|coffee|comfort|rest/i, 'break'],
  [/meeting|huddle|one.to.one/i, 'meeting'],
  [/training|coaching|learning/i, 'training'],
  [/admin|busy|callback|follow/i, 'busy'],
];

/** Default names of the two built-in statuses every instance has. */
const BUILT_IN: Readonly<Record<string, StatusKind>> = { Available: 'routable', Offline: 'offline' };

/** A resolved presence, before `since` is added. */
export interface MappedPresence {
  readonly state: PresenceState;
  readonly reason?: ReasonCode;
}

/**
 * The canonical presence of an agent status. `kind` comes from Streams or the status catalogue;
 * without it a name is known only if it is built in, in `presenceMap` or matches a common name.
 * Returns `known: false` for a name that fits nothing, mapped to `away` so the agent still shows.
 */
export function presenceOf(
  name: string,
  statusId: string | undefined,
  kind: StatusKind | undefined,
  presenceMap: Readonly<Record<string, PresenceState>>,
): MappedPresence & { readonly known: boolean } {
  const k = kind ?? own(BUILT_IN, name);
  const mapped = own(presenceMap, name);
  const guessed = GUESSES.find(([re]) => re.test(name))?.[1];
  const state: PresenceState = mapped ?? (k === 'routable' ? 'available' : k === 'offline' ? 'offline' : (guessed ?? 'away'));
  const known = mapped !== undefined || k !== undefined || guessed !== undefined;
  if (state === 'available' || state === 'offline') return { state, known };
  return { state, reason: { id: statusId ?? name, label: name }, known };
}

/**
 * A short, stable digest of a string (cyrb53), for event ids derived from content: the same
 * vendor fact maps to the same id however often it is delivered.
 */
export function digest(s: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

export type Obj = Record<string, unknown>;
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Copies without undefined members, so equal content compares and digests equal. */
export function clean<T extends object>(o: T): T {
  const r: Obj = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) r[k] = v;
  return r as T;
}
