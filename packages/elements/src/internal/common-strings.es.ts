import type { ActivityBucket, Channel, ConnectionStatus, InteractionState, PresenceState, RoutingActivity } from '@floorwalk/core';
import type { CommonStrings } from './common-strings.js';

/** Spanish for busy.ts' `whyBusy`, which each element's Spanish lists as its own `whyBusy`. */
export const whyBusyEs = (seconds: number): string => `La plataforma está ocupada: vuelva a intentarlo ${seconds > 0 ? `en ${seconds} s` : 'en breve'}.`;

/** Spanish for the words every component shares (namespace `common`). */
export const commonEs: CommonStrings = {
  presence: (state: PresenceState): string =>
    ({
      available: 'Disponible',
      busy: 'Ocupado',
      break: 'Descanso',
      meal: 'Comida',
      meeting: 'Reunión',
      training: 'Formación',
      away: 'Ausente',
      offline: 'Desconectado',
    })[state],
  routing: (activity: RoutingActivity): string =>
    ({
      idle: 'Libre',
      offered: 'Sonando',
      interacting: 'En interacción',
      held: 'En espera',
      'wrap-up': 'Cierre',
      'not-responding': 'No responde',
    })[activity],
  channel: (channel: Channel): string =>
    ({ voice: 'Voz', chat: 'Chat', message: 'Mensaje', email: 'Correo', task: 'Tarea', video: 'Vídeo' })[channel],
  interactionState: (state: InteractionState): string =>
    ({
      queued: 'En cola',
      offered: 'Sonando',
      connected: 'Conectada',
      held: 'En espera',
      'wrap-up': 'Cierre',
      ended: 'Finalizada',
    })[state],
  connection: (status: ConnectionStatus): string =>
    ({
      idle: 'Sin conexión',
      connecting: 'Conectando…',
      live: 'En directo',
      reconnecting: 'Reconectando…',
      offline: 'Sin red',
      failed: 'La conexión falló',
    })[status],
  connectionLost: 'Se perdió la conexión. Intentando reconectar.',
  connectionRestored: 'Conexión restablecida.',
  helpRequested: 'Pidió ayuda',
  monitored: 'Bajo supervisión',
  noClient: 'Sin conexión con Floorwalk.',
  activity: (bucket: ActivityBucket): string => ({ active: 'Activo', idle: 'Inactivo', away: 'Fuera del puesto' })[bucket],
  activityMark: (label: string): string => `Actividad: ${label}`,
};
