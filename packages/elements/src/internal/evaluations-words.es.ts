import type { serviceWords } from './evaluations-words.js';

/** Spanish for the words fw-evaluation and fw-review share (evaluations-words.ts); each element's Spanish spreads them in. */
export const serviceWordsEs: typeof serviceWords = {
  you: 'usted',
  pendingMark: 'Pendiente',
  failed: (why: string): string => `No se hizo. ${why}`,
  partFailed: 'No se pudo cargar esta parte. Compruebe la conexión y vuelva a cargar la página.',
  whyForbidden: 'Su rol no lo permite.',
  whyScope: 'Ese agente no está en sus equipos.',
  whyUnknown: 'Ya no está disponible.',
  whyFailed: 'El servicio de evaluaciones falló.',
  whyBusy: (seconds: number): string => `El servicio de evaluaciones está ocupado: vuelva a intentarlo ${seconds > 0 ? `en ${seconds} s` : 'en breve'}.`,
  loadAgain: (why: string, seconds: number): string => `No se pudo cargar. ${why} Se volverá a intentar automáticamente en ${seconds} s.`,
  loadFailed: (why: string): string => `No se pudo cargar. ${why} Vuelva a cargar la página o, si sigue pasando, avise a su administrador.`,
  busyNow: 'El servicio de evaluaciones está ocupado.',
};
