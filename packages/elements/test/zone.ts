// The page's time zone, set through the `emulate-timezone` command in web-test-runner.config.mjs:
// tests of a DST change need a zone that has one, whatever the machine's own zone is.
import { executeServerCommand } from '@web/test-runner-commands';

/** Reads dates and times in `zone` in this page from now on, until `resetZone`. */
export async function emulateZone(zone: string): Promise<void> {
  await executeServerCommand<boolean, { zone: string }>('emulate-timezone', { zone });
  // The command takes effect in the renderer; check it did, rather than assume it.
  if (Intl.DateTimeFormat().resolvedOptions().timeZone !== zone) throw new Error(`The page did not take the zone ${zone}.`);
}

/** Back to the machine's own zone. */
export async function resetZone(): Promise<void> {
  await executeServerCommand('reset-timezone');
}
