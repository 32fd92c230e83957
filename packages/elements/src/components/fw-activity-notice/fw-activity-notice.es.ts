import type { ActivityNoticeStrings } from './fw-activity-notice.strings.js';

/** Spanish strings of `fw-activity-notice` (namespace `activity-notice`). */
export const activityNoticeEs: ActivityNoticeStrings = {
  heading: 'Actividad compartida',
  what: (every: string): string =>
    `Su organización comparte su nivel de actividad desde este dispositivo: Activo, Inactivo o Fuera del puesto, como mucho una vez cada ${every}.`,
  never: 'Nunca se comparte: las teclas que pulsa, lo que escribe, dónde hace clic, lo que hay en su pantalla, los sitios que visita ni cuántas veces hizo algo.',
  current: (bucket: string, time: string): string => `Compartido ahora: ${bucket}, desde las ${time}`,
  nothingYet: 'Todavía no se ha compartido nada.',
  historyHeading: 'Lo que se ha compartido',
  onAnnounced: (every: string): string =>
    `Su actividad se comparte ahora con sus supervisores: Activo, Inactivo o Fuera del puesto, como mucho una vez cada ${every}. No se comparte nada más sobre lo que hace.`,
  offAnnounced: 'Su actividad ya no se comparte.',
};
