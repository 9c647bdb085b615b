/** Shapes shared by the corpus files (see README.md for the split). */

export type Part = 'tuning' | 'held-out';

/** Where a wording comes from: a public repository, the file, the commit read, and the key in it. */
export interface Source {
  repo: string;
  path: string;
  commit?: string;
  key?: string;
}

/** One message template (or one real SMS) as transcribed, placeholders unfilled. */
export interface Template {
  part: Part;
  project: string;
  source: Source;
  lang: string;
  key: string;
  subject: string;
  greeting?: string;
  /** Body text; may hold the project's own inline HTML (`<br>`, `<strong>`). */
  text: string;
  /** Text of the call-to-action button, when the mail has one. */
  button?: string;
  /** Body that is already the whole HTML part (Keycloak `…BodyHtml`), placeholders unfilled. */
  html?: string;
  /** How the project sends it; e-mail templates are rendered both as HTML and as text. */
  channel?: 'email' | 'sms';
}

/** A rendered message with what a careful reader would take from it. */
export interface CorpusItem {
  id: string;
  part: Part;
  project: string;
  lang: string;
  source: Source;
  form: 'html' | 'text' | 'sms';
  body: string;
  /** The one-time code to type, or null when the message holds none. */
  code: string | null;
  /** The sign-in / verification link to follow, or null when there is none; absent = not judged. */
  link?: string | null;
}
