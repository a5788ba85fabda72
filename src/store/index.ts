export { openStore, storageError } from './sqlite-store.js';
export type { EvidenceStore, IncidentVerifyReport, StoreTx, VerifyReport, VerifyProblem } from './types.js';
