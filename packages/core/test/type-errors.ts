// Type tests, checked by `tsc --noEmit` in npm test: each @ts-expect-error line must stay an
// error. If the public types loosen (an unknown event key accepted, a wrong payload allowed),
// the directive itself becomes the error and the type check fails.
import { createFloorwalk, type Floorwalk, type FloorwalkEvent, type Unsubscribe } from '@floorwalk/core';

declare const client: Floorwalk;

// A host keeps its unbind functions by core's own type name.
const unbinds: Unsubscribe[] = [client.on('error', () => undefined), client.subscribe(() => undefined)];
// @ts-expect-error: an unbind takes no listener back
unbinds[0]?.(() => undefined);

// @ts-expect-error: unknown event key
client.on('presence-changed', () => undefined);
// @ts-expect-error: the status listener gets a StatusChange, not a string
client.on('status', (change: string) => change);
// @ts-expect-error: the error listener gets a FloorwalkError, not a number
client.on('error', (error: number) => error);
// @ts-expect-error: unknown command type
void client.execute({ type: 'reboot' });
// @ts-expect-error: a presence state outside the union
void client.setPresence('asleep');
// @ts-expect-error: a monitoring mode outside the union
void client.startMonitoring('a1', 'i1', 'spy');
// @ts-expect-error: check-ins are answered accepted or declined, never pending
void client.answerCheckIn('k1', 'pending');
// @ts-expect-error: a session needs a role
createFloorwalk({ adapter: {} as never, session: { userId: 'x', teamIds: 'all' } });

const presence: FloorwalkEvent = {
  type: 'presence',
  id: 'e1',
  at: 0,
  source: 's',
  agentId: 'a1',
  // @ts-expect-error: presence events carry a presence, and its state is from the union
  presence: { state: 'napping', since: 0 },
};
void presence;

// The right shapes compile.
client.on('status', ({ previous, current }) => void [previous, current]);
client.on('monitoring', (notice) => void (notice.kind === 'unreadable' ? notice.report.supervisorId : notice.session.supervisorId));
// A monitoring notice may be of a report that could not be read: it has no session to read.
// @ts-expect-error: narrow by kind first
client.on('monitoring', (notice) => void notice.session.supervisorId);
void client.setPresence('break', { id: 'coffee', label: 'Coffee' });
