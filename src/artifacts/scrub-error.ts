import { TwoFactorError } from '../errors.js';

/**
 * An artifact could not be scrubbed: it may still hold a code or secret. Carries the file's path so the
 * person reading the report can delete it before uploading. Never carries a value.
 */
export class ScrubError extends TwoFactorError {
  override name = 'ScrubError';
  readonly path: string;

  constructor(path: string, reason: string, options?: { cause?: unknown }) {
    super(
      'PW2FA_SCRUB_FAILED',
      `Could not scrub ${path}: ${reason}. The file may still hold a code or secret the test handled; ` +
        'delete it before uploading the artifacts, or re-run with a writable output folder.',
      options,
    );
    this.path = path;
  }
}

/** The annotation a test gets when one of its artifacts could not be scrubbed; the reporter lists them. */
export const SCRUB_FAILED_ANNOTATION = 'pw2fa-scrub-failed';
