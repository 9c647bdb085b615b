export { type GuardedTestInfo, guardAttachments } from './attachment-guard.js';
export { maskInputs } from './mask-inputs.js';
export { MIN_REDACTED_LENGTH, type Range, RedactionRegistry } from './redaction-registry.js';
export { SCRUB_FAILED_ANNOTATION, ScrubError } from './scrub-error.js';
export { type ScrubResult, scrubDirectorySync, scrubFileSync } from './scrub-file.js';
