/*
 * What a developer would otherwise reach for: Redux Toolkit with entity adapters, one slice, and
 * a store.subscribe listener. It applies the same stale-version rule as Floorwalk (an event
 * older than the entity's version is ignored), because a baseline that skips the rule would be
 * computing a different, wrong answer. It does not validate, filter by scope or mask customer
 * data, so it does strictly less work than the Floorwalk client: the comparison flatters Redux.
 */
import {
  configureStore,
  createEntityAdapter,
  createSlice,
  type EntityState,
  type PayloadAction,
} from '@reduxjs/toolkit';
import type { Agent, FloorwalkEvent, Interaction, Queue, SnapshotEvent } from '@floorwalk/core';

interface AgentRow extends Agent {
  /** Versions (`at` of the last applied event) kept on the row, the idiomatic Redux place. */
  readonly presenceAt: number;
  readonly notRespondingAt?: number;
}
interface InteractionRow extends Interaction {
  readonly version: number;
}
interface QueueRow extends Queue {
  readonly version: number;
}

const agentsAdapter = createEntityAdapter<AgentRow>();
const interactionsAdapter = createEntityAdapter<InteractionRow>();
const queuesAdapter = createEntityAdapter<QueueRow>();

interface FloorState {
  agents: EntityState<AgentRow, string>;
  interactions: EntityState<InteractionRow, string>;
  queues: EntityState<QueueRow, string>;
}

const initialState: FloorState = {
  agents: agentsAdapter.getInitialState(),
  interactions: interactionsAdapter.getInitialState(),
  queues: queuesAdapter.getInitialState(),
};

/** Applies one event to the draft. Shared by the per-event and per-burst reducers. */
function applyEvent(state: FloorState, e: FloorwalkEvent): void {
  switch (e.type) {
    case 'presence': {
      const agent = state.agents.entities[e.agentId];
      if (agent === undefined || e.at < agent.presenceAt) return;
      agentsAdapter.updateOne(state.agents, { id: e.agentId, changes: { presence: e.presence, presenceAt: e.at } });
      return;
    }
    case 'not-responding': {
      const agent = state.agents.entities[e.agentId];
      if (agent === undefined || e.at < (agent.notRespondingAt ?? -Infinity)) return;
      agentsAdapter.updateOne(state.agents, { id: e.agentId, changes: { notResponding: e.notResponding, notRespondingAt: e.at } });
      return;
    }
    case 'queue-stats': {
      const queue = state.queues.entities[e.queueId];
      if (queue === undefined || e.at < queue.version) return;
      queuesAdapter.updateOne(state.queues, { id: e.queueId, changes: { stats: e.stats, version: e.at } });
      return;
    }
    case 'interaction': {
      const held = state.interactions.entities[e.interaction.id];
      if (held !== undefined && e.at < held.version) return;
      // Ended rows stay (state 'ended'): removing them would also drop their version, and a late
      // older event would then resurrect the interaction. removeOne would be slower anyway, as it
      // copies and filters the whole id list each time.
      interactionsAdapter.upsertOne(state.interactions, { ...e.interaction, version: e.at });
      return;
    }
    default:
      return;
  }
}

const floorSlice = createSlice({
  name: 'floor',
  initialState,
  reducers: {
    snapshotLoaded(state, action: PayloadAction<SnapshotEvent>) {
      const s = action.payload;
      agentsAdapter.setAll(state.agents, (s.agents ?? []).map((a) => ({ ...a, presenceAt: s.at })));
      queuesAdapter.setAll(state.queues, (s.queues ?? []).map((q) => ({ ...q, version: s.at })));
      interactionsAdapter.setAll(state.interactions, (s.interactions ?? []).map((i) => ({ ...i, version: s.at })));
    },
    eventReceived(state, action: PayloadAction<FloorwalkEvent>) {
      applyEvent(state, action.payload);
    },
    eventsReceived(state, action: PayloadAction<readonly FloorwalkEvent[]>) {
      for (const e of action.payload) applyEvent(state, e);
    },
  },
});

export const { snapshotLoaded, eventReceived, eventsReceived } = floorSlice.actions;

export function createReduxFloor() {
  return configureStore({
    reducer: { floor: floorSlice.reducer },
    // The serializable/immutable/action-creator checks are development-only middlewares that
    // production builds drop; leaving them on would measure a configuration nobody ships.
    middleware: (getDefault) => getDefault({ serializableCheck: false, immutableCheck: false, actionCreatorCheck: false }),
    devTools: false,
  });
}

export type ReduxFloor = ReturnType<typeof createReduxFloor>;
export type ReduxRootState = ReturnType<ReduxFloor['getState']>;
