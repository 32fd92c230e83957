import type { InteractionListStrings } from './fw-interaction-list.strings.js';

/** Spanish strings of `fw-interaction-list` (namespace `interaction-list`). */
export const interactionListEs: InteractionListStrings = {
  caption: 'Interacciones en curso',
  channel: 'Canal',
  direction: 'Dirección',
  state: 'Estado',
  agent: 'Agente',
  queue: 'Cola',
  duration: 'Duración',
  hold: 'Espera',
  customer: 'Cliente',
  directionLabel: (direction) => ({ inbound: 'Entrante', outbound: 'Saliente' })[direction],
  onHold: 'En espera',
  unassigned: 'En cola',
  masked: '(oculto)',
  empty: 'No hay interacciones en curso.',
};
