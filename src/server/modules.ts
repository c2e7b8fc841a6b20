import { uiRoutes } from '../api/ui-routes.ts';
import type { ServeModule } from './app.ts';
import { alertingModule } from './alerting.ts';

/**
 * The parts `tocsin serve` wires in, in start-up order. Each is set up before the first
 * configuration is loaded; see ServeModule.
 */
export const SERVE_MODULES: readonly ServeModule[] = [alertingModule(), () => uiRoutes()];
