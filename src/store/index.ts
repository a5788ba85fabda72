export { logExists, openEventLog } from './open-event-log.js';
export type {
  AppendExpectation,
  AppendResult,
  EventLog,
  IncidentRead,
  IncidentVerifyReport,
  OpenLogOptions,
  VerifyProblem,
  VerifyReport,
} from './types.js';
