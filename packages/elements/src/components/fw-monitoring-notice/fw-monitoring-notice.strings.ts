import type { SessionMode } from '@floorwalk/core';
import { defineCatalog } from '../../internal/localize.js';

/** English strings of `fw-monitoring-notice`, namespace `monitoring-notice`; the translators' source. */
export const monitoringNoticeCatalog = defineCatalog('monitoring-notice', {
  /** The element's heading. */
  heading: 'Monitoring',
  /** Shown when no one monitors the agent now. */
  notMonitored: 'No one is monitoring you now.',
  /** Shown until the platform has said who monitors the agent now (a reload, notices back on). */
  checking: 'Checking whether anyone is monitoring you…',
  /** Shown while the client has no link (an outage, a reconnect): the sessions shown are the last known. */
  stale: 'Not connected: this may be out of date until the connection is back.',
  /** A mode's short name. */
  mode: (mode: SessionMode): string => ({ listen: 'Listen', whisper: 'Whisper', barge: 'Barge', screen: 'Screen view' })[mode],
  /** Who, where the platform did not say (`supervisorKnown: false`); it starts a sentence. */
  someone: 'A supervisor',
  /** One active session: "sup-1 is listening". */
  who: (mode: SessionMode, who: string): string =>
    ({
      listen: `${who} is listening`,
      whisper: `${who} is whispering to you`,
      barge: `${who} has joined your conversation`,
      screen: `${who} is viewing your screen`,
    })[mode],
  /** What a mode means, in plain words. */
  explain: (mode: SessionMode): string =>
    ({
      listen: 'They can hear you and the customer. Neither of you can hear them.',
      whisper: 'They can hear you and the customer, and talk to you. The customer cannot hear them.',
      barge: 'They have joined the conversation: you and the customer can both hear them.',
      screen: 'They can see what is on your screen, but cannot control it.',
    })[mode],
  /** When an active session began: "Since 9:04 (2:05)". */
  since: (time: string, elapsed: string): string => `Since ${time} (${elapsed})`,
  /** Announced at once (assertively) when a session starts. */
  started: (who: string, mode: string, explanation: string): string => `${who} started monitoring you in ${mode} mode. ${explanation}`,
  /** Announced when the element finds the agent already monitored (opened, reloaded, reconnected, notices back on). */
  already: (who: string, mode: string, explanation: string): string => `${who} is monitoring you in ${mode} mode. ${explanation}`,
  /** Announced on a mode change: assertively into whisper or barge (the supervisor is heard from then on), politely back to listen. */
  changed: (who: string, mode: string, explanation: string): string => `${who} switched to ${mode} mode. ${explanation}`,
  /** Announced politely when a session ends. */
  ended: (who: string): string => `${who} stopped monitoring you.`,
  /** Announced at once when a supervisor starts viewing the agent's screen, or is found viewing it (no mode to name). */
  viewing: (who: string, explanation: string): string => `${who} is viewing your screen. ${explanation}`,
  /** Announced politely when they stop. */
  stoppedViewing: (who: string): string => `${who} stopped viewing your screen.`,
  /** The history's heading. */
  historyHeading: 'Who monitored you',
  historyEmpty: 'No one has monitored you since you signed in.',
  /** The modes a session went through, as seen here: "Listen, then Whisper". */
  modes: (modes: readonly string[]): string => modes.join(', then '),
  /** A history entry's time span: "9:02 – 9:05 (3 minutes)". */
  span: (from: string, to: string, duration: string): string => `${from} – ${to} (${duration})`,
  /** A history entry still going. */
  ongoing: (from: string): string => `${from} – now`,
  /** Without an agent record there is nothing to show. */
  noAgent: 'This session has no agent record, so no one can monitor it.',
  /** Shown in place of `notMonitored` where the platform may not tell the agent's client of monitoring started in its own tools. */
  untold: "No one is monitoring you here now, but a supervisor may listen to, whisper in or join your conversations from the platform without this page telling you.",
  /** Shown in place of the sessions while the tenant's policy turns notices off. */
  noticesOff: 'Your organisation has turned off monitoring notices. A supervisor may listen to, whisper in or join your conversations, or view your screen, without this page telling you.',
  /** Announced at once when notices go off. */
  noticesOffAnnounced: 'Monitoring notices are now off. You will no longer be told here when a supervisor monitors you.',
  /**
   * Shown, and announced at once, while the platform has reported monitoring of the agent that
   * Floorwalk could not read (a malformed report): they may be monitored, by whom or how unknown.
   */
  unreadable: 'Your platform reported monitoring that Floorwalk could not read: you may be monitored.',
  /** Announced politely when the platform's word replaced that report and shows no such session running. */
  unreadableResolved: 'Your platform now shows that the monitoring Floorwalk could not read is not going on.',
  /** Announced when notices come back on. */
  noticesOnAnnounced: 'Monitoring notices are back on. You will be told here when a supervisor monitors you.',
}, ['mode', 'who', 'explain']);

/** The shape of the notice's strings, for translations. */
export type MonitoringNoticeStrings = typeof monitoringNoticeCatalog.en;
