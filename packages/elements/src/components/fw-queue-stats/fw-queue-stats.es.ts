import type { QueueStatsStrings } from './fw-queue-stats.strings.js';

/** Spanish strings of `fw-queue-stats` (namespace `queue-stats`). */
export const queueStatsEs: QueueStatsStrings = {
  caption: 'Estadísticas de colas',
  queue: 'Cola',
  // Not "En espera": the Spanish for on hold, which the board and interaction list count beside it.
  waiting: 'En cola',
  longestWait: 'Mayor tiempo en cola',
  available: 'Agentes disponibles',
  serviceLevel: 'Nivel de servicio',
  noneWaiting: 'nadie en cola',
  noData: 'aún sin datos',
  overThreshold: 'por encima del umbral',
  belowTarget: 'por debajo del objetivo',
  empty: 'No hay colas que mostrar.',
  unknownQueue: (id: string): string => `La cola ${id} no está en su vista.`,
  serviceLevelNote:
    'Nivel de servicio: de las interacciones de hoy que ya dejaron de esperar, la proporción atendida en lugar de abandonada.',
  waitAlert: (queue: string, wait: string): string => `${queue}: mayor tiempo en cola ${wait}, por encima del umbral.`,
  serviceLevelAlert: (queue: string, level: string): string => `${queue}: nivel de servicio ${level}, por debajo del objetivo.`,
};
