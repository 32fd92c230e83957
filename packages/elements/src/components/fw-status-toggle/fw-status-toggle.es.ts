import { whyBusyEs } from '../../internal/common-strings.es.js';
import type { StatusToggleStrings } from './fw-status-toggle.strings.js';

/** Spanish strings of `fw-status-toggle` (namespace `status-toggle`). */
export const statusToggleEs: StatusToggleStrings = {
  label: 'Mi estado',
  menuLabel: 'Elegir un estado',
  option: (state: string, reason: string): string => `${state}: ${reason}`,
  timeInState: (time: string): string => `${time} en este estado`,
  routing: 'Enrutamiento',
  pendingMark: 'Pendiente',
  pending: (status: string): string => `Cambiando a ${status}… esperando la confirmación de la plataforma.`,
  confirmed: (status: string): string => `Estado cambiado a ${status}.`,
  failed: (status: string, why: string): string => `No se pudo cambiar a ${status}. ${why}`,
  whyTimeout: 'La plataforma no confirmó el cambio a tiempo.',
  whyForbidden: 'No tiene permiso para cambiar su estado.',
  whyNotConnected: 'Floorwalk no está conectado a la plataforma.',
  whyRefused: 'La plataforma rechazó el cambio.',
  whyBusy: whyBusyEs,
  noAgent: 'Esta sesión no tiene un registro de agente, así que no hay estado que cambiar.',
  unknownAgent: 'Su registro de agente aún no se ha cargado.',
  notAllowed: 'Su rol no puede cambiar su estado aquí.',
  notLive: (connection: string): string => `Los cambios de estado no están disponibles: ${connection}`,
};
