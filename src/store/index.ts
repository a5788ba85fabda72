export { openStore, storageError } from './sqlite-store.js';
export type { EvidenceStore, StoreTx, VerifyReport, VerifyProblem } from './types.js';
