export {
  type FailureCause,
  LOGIN_ANNOTATION,
  type LoginRecord,
  LoginRecorder,
  loginRecordSchema,
} from './login-record.js';
export { formatSummary, type LoginSummary, summarize, type Timing } from './summary.js';
