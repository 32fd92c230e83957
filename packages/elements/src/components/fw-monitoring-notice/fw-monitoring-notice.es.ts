import type { SessionMode } from '@floorwalk/core';
import type { MonitoringNoticeStrings } from './fw-monitoring-notice.strings.js';

/** Spanish strings of `fw-monitoring-notice` (namespace `monitoring-notice`). */
export const monitoringNoticeEs: MonitoringNoticeStrings = {
  heading: 'Supervisión',
  notMonitored: 'Nadie le está supervisando ahora.',
  checking: 'Comprobando si alguien le está supervisando…',
  stale: 'Sin conexión: esto puede no estar al día hasta que vuelva la conexión.',
  mode: (mode: SessionMode): string => ({ listen: 'Escucha', whisper: 'Susurro', barge: 'Intervención', screen: 'Vista de pantalla' })[mode],
  someone: 'Un supervisor',
  who: (mode: SessionMode, who: string): string =>
    ({
      listen: `${who} está escuchando`,
      whisper: `${who} le está susurrando`,
      barge: `${who} se ha unido a su conversación`,
      screen: `${who} está viendo su pantalla`,
    })[mode],
  explain: (mode: SessionMode): string =>
    ({
      listen: 'Le oye a usted y al cliente. Ninguno de los dos le oye.',
      whisper: 'Le oye a usted y al cliente, y puede hablarle a usted. El cliente no le oye.',
      barge: 'Se ha unido a la conversación: usted y el cliente le oyen.',
      screen: 'Puede ver lo que hay en su pantalla, pero no controlarla.',
    })[mode],
  since: (time: string, elapsed: string): string => `Desde las ${time} (${elapsed})`,
  started: (who: string, mode: string, explanation: string): string => `${who} empezó a supervisarle en modo ${mode}. ${explanation}`,
  already: (who: string, mode: string, explanation: string): string => `${who} le está supervisando en modo ${mode}. ${explanation}`,
  changed: (who: string, mode: string, explanation: string): string => `${who} cambió al modo ${mode}. ${explanation}`,
  ended: (who: string): string => `${who} dejó de supervisarle.`,
  viewing: (who: string, explanation: string): string => `${who} está viendo su pantalla. ${explanation}`,
  stoppedViewing: (who: string): string => `${who} dejó de ver su pantalla.`,
  historyHeading: 'Quién le supervisó',
  historyEmpty: 'Nadie le ha supervisado desde que inició sesión.',
  modes: (modes: readonly string[]): string => modes.join(', después '),
  span: (from: string, to: string, duration: string): string => `${from} – ${to} (${duration})`,
  ongoing: (from: string): string => `${from} – ahora`,
  noAgent: 'Esta sesión no tiene registro de agente, así que nadie puede supervisarla.',
  untold: 'Nadie le está supervisando aquí ahora, pero un supervisor puede escuchar, susurrar o unirse a sus conversaciones desde la plataforma sin que esta página se lo indique.',
  noticesOff: 'Su organización ha desactivado los avisos de supervisión. Un supervisor puede escuchar, susurrar o unirse a sus conversaciones, o ver su pantalla, sin que esta página se lo indique.',
  noticesOffAnnounced: 'Los avisos de supervisión están desactivados. Esta página ya no le indicará cuándo le supervisa alguien.',
  unreadable: 'Su plataforma informó de una supervisión que Floorwalk no pudo leer: es posible que le estén supervisando.',
  unreadableResolved: 'Su plataforma indica ahora que la supervisión que Floorwalk no pudo leer no está en curso.',
  noticesOnAnnounced: 'Los avisos de supervisión vuelven a estar activos. Esta página le indicará cuándo le supervisa alguien.',
};
