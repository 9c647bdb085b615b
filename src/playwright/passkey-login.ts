import { answerWithCode } from './answer-code.js';
import type { HandleResult, PromptRun } from './prompt-run.js';

/** Answers a passkey prompt with the account's stored passkey through the virtual authenticator. */
export async function answerPasskey(run: PromptRun): Promise<HandleResult> {
  return answerWithCode(run); // until this kind has its own answer: a clear PW2FA_NO_SOURCE
}
