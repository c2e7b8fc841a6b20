import type { ServeModule } from './app.ts';

/**
 * The parts `tocsin serve` wires in, in start-up order (stores, dispatcher, API v2, UI...). Each is
 * set up before the first configuration is loaded; see ServeModule.
 */
export const SERVE_MODULES: readonly ServeModule[] = [];
