// Type tests for floorwalk-jsx.d.ts, run by the root type check: each @ts-expect-error line must
// be an error, so a typing that goes loose (to `any`, or drops an element) fails the check.
import type { Floorwalk } from '@floorwalk/core';
import type { FwAgentSelectEvent, FwPresenceChangedEvent } from '@floorwalk/elements';

export function Checks({ client }: { client: Floorwalk }) {
  return (
    <>
      <fw-team-board client={client} sort="state" onfw-agent-select={(event: FwAgentSelectEvent) => event.agentId.toUpperCase()} />
      {/* @ts-expect-error sort takes one of the board's sort keys */}
      <fw-team-board sort="shoe-size" />
      {/* @ts-expect-error the client is a Floorwalk client, not a string */}
      <fw-provider client="supervisor" />
      {/* @ts-expect-error the board's event carries an agent id, not a presence state */}
      <fw-team-board onfw-agent-select={(event: FwPresenceChangedEvent) => event.state} />
      <fw-status-toggle onfw-presence-changed={(event) => event.state satisfies string} />
      {/* @ts-expect-error not a Floorwalk element's property */}
      <fw-agent-card agentIdd="agent-1" />
    </>
  );
}
