// The incident state lives in ./incident/state.ts; this path stays for the modules that import it.
export * from './incident/state.js';
