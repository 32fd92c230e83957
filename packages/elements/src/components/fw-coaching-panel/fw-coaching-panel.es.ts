import { whyBusyEs } from '../../internal/common-strings.es.js';
import type { MonitoringMode, SessionMode } from '@floorwalk/core';
import type { CoachingPanelStrings } from './fw-coaching-panel.strings.js';

/** Spanish strings of `fw-coaching-panel` (namespace `coaching-panel`). */
export const coachingPanelEs: CoachingPanelStrings = {
  heading: (agent: string): string => `Coaching: ${agent}`,
  headingNoAgent: 'Coaching',
  controls: 'Modo de supervisión',
  mode: (mode: SessionMode): string => ({ listen: 'Escuchar', whisper: 'Susurrar', barge: 'Intervenir', screen: 'Pantalla' })[mode],
  explain: (mode: MonitoringMode): string =>
    ({
      listen: 'Oír al agente y al cliente en silencio.',
      whisper: 'Hablar solo con el agente; el cliente no le oye.',
      barge: 'Unirse a la conversación; el cliente también le oye.',
    })[mode],
  stop: 'Dejar de supervisar',
  interaction: (channel: string, state: string, time: string): string => `${channel}, ${state}, ${time}`,
  current: (mode: MonitoringMode): string =>
    ({ listen: 'Está escuchando.', whisper: 'Está susurrando al agente.', barge: 'Se ha unido a la conversación.' })[mode],
  notMonitoring: 'No está supervisando esta interacción.',
  others: (list: string): string => `También supervisan: ${list}`,
  other: (who: string, mode: string): string => `${who} (${mode})`,
  away: (agent: string, mode: string, barge: boolean): string =>
    `Sigue supervisando a ${agent} (${mode}), que ya no está a su alcance. ${barge ? 'Continúa hasta que la termine o acabe la llamada.' : 'Terminará sola en breve.'}`,
  kept: (agent: string, mode: string): string =>
    `Sigue supervisando a ${agent} (${mode}), cuya llamada terminó: la plataforma no le retiró. Continúa hasta que la termine.`,
  someone: 'un supervisor',
  transparency: 'El agente recibe un aviso cuando empieza, cambia de modo o termina.',
  transparencySelf: 'Recibe un aviso cuando un supervisor empieza, cambia de modo o deja de supervisarle.',
  pendingMark: 'Pendiente',
  pending: (what: string): string => `${what}… esperando la confirmación de la plataforma.`,
  doing: (action: 'start' | 'change' | 'stop', mode: string): string =>
    ({ start: `Iniciando ${mode}`, change: `Cambiando a ${mode}`, stop: 'Terminando' })[action],
  confirmed: (action: 'start' | 'change' | 'stop', mode: string, agent: string): string =>
    ({
      start: `Supervisando a ${agent} en modo ${mode.toLowerCase()}.`,
      change: `Cambiado al modo ${mode.toLowerCase()}.`,
      stop: `Dejó de supervisar a ${agent}.`,
    })[action],
  failed: (what: string, why: string): string => `No se pudo completar: ${what}. ${why}`,
  partFailed: 'No se pudo cargar parte de la página. Compruebe la conexión y vuelva a cargar la página.',
  whyEnded: 'La interacción ha terminado.',
  whyTimeout: 'La plataforma no confirmó a tiempo.',
  whyForbidden: 'No tiene permiso para esto.',
  whyConflict: 'La interacción o la sesión cambiaron entretanto.',
  whyNotConnected: 'Floorwalk no está conectado a la plataforma.',
  whyRefused: 'La plataforma lo rechazó.',
  whyBusy: whyBusyEs,
  notOffered: (mode: string): string => `${mode}: la plataforma no lo ofrece.`,
  untold: 'Supervisión desactivada: no se avisaría al agente.',
  notAllowed: (mode: string): string => `${mode}: su rol no lo permite aquí.`,
  noAgentId: 'Elija un agente.',
  unknownAgent: (id: string): string => `El agente ${id} no está a su alcance: fuera de sus equipos, o aún no cargado.`,
  notLive: (connection: string): string => `La supervisión no está disponible: ${connection}`,
  noInteraction: (agent: string): string => `${agent} no tiene ninguna interacción conectada que supervisar.`,
  noMonitoring: 'Esta plataforma no admite supervisión.',
  roleCannot: 'Su rol no puede supervisar a este agente.',
};
