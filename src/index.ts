export {
  type ExtractCodeOptions,
  type ExtractLinkOptions,
  extractCode,
  extractLink,
  messageText,
} from './channels/extract.js';
export {
  type CodeAnswer,
  type CodeFunction,
  FunctionSource,
  type FunctionSourceOptions,
} from './channels/function-source.js';
export { ImapMailbox, type ImapMailboxOptions } from './channels/imap-mailbox.js';
export {
  type CodeRequiredEvent,
  type CodeRequiredPayload,
  codeRequiredEvent,
  type NotifyOptions,
  type NotifyResult,
  notifyCodeRequired,
} from './channels/notify.js';
export { PullSource, type PullSourceOptions } from './channels/pull-source.js';
export { RelaySource, type RelaySourceOptions } from './channels/relay-source.js';
export {
  SIGNATURE_HEADER,
  SKYVERN_SIGNATURE_HEADER,
  signBody,
  verifySignature,
} from './channels/signature.js';
export type { InboxMessageInfo } from './channels/smtp-inbox.js';
export { SmtpInbox, type SmtpInboxOptions } from './channels/smtp-inbox.js';
export type { CodeKind, CodeRequest, CodeSource, ReceivedCode } from './channels/source.js';
export {
  type RecoveryCodeReceived,
  recoveryCodesLeft,
  VaultSource,
  type VaultSourceOptions,
} from './channels/vault-source.js';
export type { Coordinator, Lease, QueuePlace, SpendResult } from './coordination/coordinator.js';
export { defaultCoordinator, redisUrlFromEnv } from './coordination/default-coordinator.js';
export { LocalCoordinator } from './coordination/local-coordinator.js';
export { redactRedisUrl } from './coordination/redis-connection.js';
export { RedisCoordinator, type RedisCoordinatorOptions } from './coordination/redis-coordinator.js';
export {
  accountScope,
  type TotpTurn,
  type TotpTurnOptions,
  type TotpWait,
  takeTotpTurn,
} from './coordination/totp-turn.js';
export {
  type CodeCharset,
  classifyChannel,
  type DetectPromptOptions,
  describePage,
  detectEnrollment,
  detectPrompt,
  type Enrollment,
  type ExplainedCandidate,
  type ExplainedFrame,
  explainPrompt,
  type Prompt,
  type PromptExplanation,
  type PromptKind,
  waitForPrompt,
} from './detect/index.js';
export type { TwoFactorErrorCode } from './errors.js';
export { isTwoFactorError, TwoFactorAbortError, TwoFactorError, TwoFactorTimeoutError } from './errors.js';
export { looksLikeRejection } from './fill/error-words.js';
export { type SubmitOutcome, waitForOutcome } from './fill/outcome.js';
export { type SubmitMethod, submitCode } from './fill/submit.js';
export { type CodeInputs, type TypingMethod, typeCode } from './fill/type-code.js';
export { isBase32Candidate, resolveConfusions } from './image/base32-candidate.js';
export {
  type EnrollmentReading,
  type EnrollmentSource,
  type ReadEnrollmentOptions,
  readEnrollment,
  readEnrollmentCandidates,
} from './image/enrollment.js';
export { type OcrCandidate, type OcrOptions, ocrSecret, ocrSecretCandidates } from './image/ocr.js';
export { terminateOcr } from './image/ocr-worker.js';
export { type ReadQrOptions, readQr } from './image/qr.js';
export type { ImageInput } from './image/raster.js';
export type { OtpAccount, OtpAlgorithm } from './otp/account.js';
export { OTP_DEFAULTS } from './otp/account.js';
export { normalizeBase32 } from './otp/base32.js';
export { type FreshCode, type FreshCodeOptions, freshCode, msUntilFreshWindow } from './otp/freshness.js';
export { type GeneratedCode, generateCode } from './otp/generate.js';
export { formatMigration, migrationBatch, parseMigration } from './otp/migration.js';
export { accountFromSecret, formatOtpauth, parseOtpauth } from './otp/uri.js';
export type { CustomFill } from './playwright/attempt.js';
export type { ChromiumLocation, ChromiumSource } from './playwright/browser.js';
export { chromiumLaunchOptions, findChromium } from './playwright/browser.js';
export type { EnrollOptions } from './playwright/enroll.js';
export type { EnrolledPasskey, EnrollPasskeyOptions } from './playwright/enroll-passkey.js';
export type { AuthenticatorKind } from './playwright/passkey-authenticator.js';
export { type ArmedPasskeys, type ArmOptions, armPasskeys } from './playwright/passkeys.js';
export { formatEvent, type ProgressStream, progressReporter } from './playwright/progress.js';
export type { ApprovalHook, ApprovalRequest, RecoveryOptions } from './playwright/prompt-run.js';
export {
  DEFAULT_SESSION_MAX_AGE_MS,
  SessionCache,
  type SessionLogin,
  type StorageState,
} from './playwright/session-cache.js';
export { APPROVAL_HOOK_CHANNEL, type StepRunner, type TwoFactorEvent } from './playwright/steps.js';
export {
  DEFAULT_CODE_TIMEOUT_MS,
  DEFAULT_PROMPT_TIMEOUT_MS,
  type HandleOptions,
  type HandleResult,
  TwoFactor,
  type TwoFactorEngineOptions,
} from './playwright/two-factor.js';
export { PROMPT_CANDIDATE_SELECTOR } from './playwright/watch.js';
export {
  type HistoryOptions,
  type PushOptions,
  RelayClient,
  type RelayClientOptions,
  RelayRejectedError,
} from './relay/client.js';
export { createRelayHandler, type RelayHandler, type RelayHandlerOptions } from './relay/handler.js';
export { MemoryRelayStore, type MemoryRelayStoreOptions } from './relay/memory-store.js';
export { RedisRelayStore, type RedisRelayStoreOptions } from './relay/redis-store.js';
export { RelayServer, type RelayServerOptions } from './relay/server.js';
export {
  DEFAULT_CODE_TTL_MS,
  type HistoryQuery,
  identifierKey,
  type NewRelayCode,
  type OtpType,
  type RelayCode,
  type RelayEvent,
  type RelayStore,
  type TakeQuery,
  type WaitingRun,
} from './relay/store.js';
export type { JsonValue, VaultEntry, VaultEntryInfo } from './vault/entry.js';
export { generateKey as generateVaultKey } from './vault/keys.js';
export type { VaultKeySource, VaultOpenOptions } from './vault/settings.js';
export { type BrokenEntry, Vault, type VaultUpdater } from './vault/vault.js';
