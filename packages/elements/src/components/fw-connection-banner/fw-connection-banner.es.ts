import type { ConnectionBannerStrings } from './fw-connection-banner.strings.js';

/** Spanish strings of `fw-connection-banner` (namespace `connection-banner`). */
export const connectionBannerEs: ConnectionBannerStrings = {
  connecting: 'Conectando con el centro de contacto…',
  loading: (agents: string): string => `Cargando su equipo… ${agents} por ahora`,
  agents: (count: number, formatted: string): string => (count === 1 ? `${formatted} agente` : `${formatted} agentes`),
  loaded: (agents: string): string => `Equipo cargado: ${agents}.`,
  retrying: (seconds: number, formatted: string): string => `Conexión perdida. Reintento en ${formatted} ${seconds === 1 ? 'segundo' : 'segundos'}.`,
  retryingNow: 'Conexión perdida. Reconectando ahora…',
  slowDown: (seconds: number, formatted: string): string => `La plataforma pidió a Floorwalk que vaya más despacio. Reintento en ${formatted} ${seconds === 1 ? 'segundo' : 'segundos'}.`,
  reconnecting: 'Conexión perdida. Reconectando…',
  offline: 'No tiene conexión. Floorwalk se reconectará cuando vuelva la red.',
  failed: 'Floorwalk no pudo conectarse.',
  stale: 'Lo que ve puede no estar al día. Los cambios que haga se guardan y se envían cuando vuelva la conexión.',
  retryNow: 'Reintentar ahora',
  tryAgain: 'Volver a intentar',
  restored: 'Conexión restablecida.',
  lost: 'Conexión perdida. Intentando reconectar.',
};
