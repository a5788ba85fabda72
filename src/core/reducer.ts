// The fold lives in ./incident/evolve.ts; these names stay for the modules that import them.
import { evolve } from './incident/evolve.js';

export { evolve, foldEvents, reduceIncident } from './incident/evolve.js';

/** Applies one event, returning a new state (the given one is never changed); alias of `evolve`. */
export const applyEvent = evolve;
