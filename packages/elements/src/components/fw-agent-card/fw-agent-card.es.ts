import type { AgentCardStrings } from './fw-agent-card.strings.js';

/** Spanish strings of `fw-agent-card` (namespace `agent-card`). */
export const agentCardEs: AgentCardStrings = {
  cardLabel: 'Detalles del agente',
  noAgent: 'Ningún agente seleccionado.',
  unknownAgent: (id: string): string => `El agente ${id} no está en su vista: fuera de sus equipos o aún no cargado.`,
  presenceWithReason: (state: string, reason: string): string => `${state}: ${reason}`,
  timeInState: (time: string): string => `${time} en este estado`,
  routing: 'Enrutamiento',
  helpRequested: (reason: string): string => `Ayuda solicitada: ${reason}`,
  monitored: (mode: string): string => `Bajo supervisión (${mode})`,
  mode: (mode) => ({ listen: 'escuchando', whisper: 'susurrando', barge: 'intervenido', screen: 'viendo la pantalla' })[mode],
  current: 'Interacciones actuales',
  noCurrent: 'No hay interacciones actuales.',
  recent: 'Interacciones recientes',
  noRecent: 'Aún no se ha visto ninguna interacción finalizada.',
  direction: (direction) => ({ inbound: 'Entrante', outbound: 'Saliente' })[direction],
  wait: 'En cola',
  talk: 'Conversación',
  hold: 'En espera',
  wrapUp: 'Cierre',
  handle: 'Gestión',
  endedAt: (time: string): string => `a las ${time}`,
  today: 'Tiempo en cada estado hoy',
  status: 'Estado',
  time: 'Tiempo',
  observedSince: (time: string): string =>
    `Contado desde las ${time}, cuando esta vista empezó a observar, más todo el estado actual; los cambios anteriores no se conocen.`,
};
