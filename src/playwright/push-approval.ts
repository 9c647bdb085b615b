import { answerWithCode } from './answer-code.js';
import type { HandleResult, PromptRun } from './prompt-run.js';

/** Waits for a push sign-in to be approved (by a person or the user's hook). */
export async function awaitPushApproval(run: PromptRun): Promise<HandleResult> {
  return answerWithCode(run); // until this kind has its own answer: a clear PW2FA_NO_SOURCE
}
