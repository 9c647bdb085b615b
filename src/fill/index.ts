// The fill room's door: typing, submitting and judging what the page did with the code.
export { looksLikeRejection } from './error-words.js';
export { decideLanding, judgeLanding, type Landing, type LandingFacts } from './landing.js';
export { type RejectionBaseline, rejectionBaseline, type SubmitOutcome, waitForOutcome } from './outcome.js';
export { type SubmitMethod, type SubmitTarget, submitCode } from './submit.js';
export { type CodeInputs, type TypingMethod, typeCode } from './type-code.js';
