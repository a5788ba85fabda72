export { logExists, type NewLogFile, newLogFile, openEventLog } from './open-event-log.js';
export type {
  AppendExpectation,
  AppendOptions,
  AppendResult,
  EventLog,
  IncidentRead,
  IncidentVerifyReport,
  OpenLogOptions,
  StoredSnapshot,
  VerifyProblem,
  VerifyReport,
} from './types.js';
