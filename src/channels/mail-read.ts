/**
 * What the inbox sources keep of a parsed message, and how they read a code or a link out of it for one
 * request. Shared by the SMTP inbox and the IMAP mailbox.
 */
import type { AddressObject, ParsedMail } from 'mailparser';
import { type CodeCharset, explainExtraction, extractLink } from './extract.js';
import type { CodeKind } from './source.js';

/** The readable parts of a message. */
export interface MailContent {
  subject: string;
  text: string;
  html: string | null;
  /** The code of an `OTP-Token` header (draft-goto-otp-token), when the sender set one. */
  headerCode: string | null;
}

/** What a message answers for one request. */
export interface MailFound {
  code?: string;
  link?: string;
}

/** What one request asks of a message. */
export interface MailReadOptions {
  /** Characters the prompt expects (a preference, see readMail). */
  codeLength?: number | null | undefined;
  /** The prompt field's alphabet; a digits-only field never gets a letter code. */
  charset?: CodeCharset | null | undefined;
  /** Hosts magic links should point at (see `extractLink`). */
  linkHosts?: readonly string[] | undefined;
  /** Codes the site already rejected: the message's next plausible code is offered instead. */
  exclude?: readonly string[] | undefined;
}

/** A message read for one request: the answer, or why there is none (safe to show: no code, no text). */
export interface MailReading {
  found: MailFound | null;
  reason: string | null;
}

function addressList(value: AddressObject | AddressObject[] | undefined): string[] {
  const objects = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const addresses: string[] = [];
  for (const object of objects) {
    for (const entry of object.value) {
      if (entry.address) addresses.push(entry.address.toLowerCase());
      for (const member of entry.group ?? [])
        if (member.address) addresses.push(member.address.toLowerCase());
    }
  }
  return addresses;
}

/**
 * The addresses a message was delivered to as its headers tell: `To`, `Cc`, `Bcc`, and the
 * `Delivered-To` / `X-Original-To` / `Envelope-To` headers that mail servers add (they carry the
 * plus-address when `To` shows a list or an alias). Lower-cased, without duplicates.
 *
 * @example
 * headerRecipients(parsed); // ['run+42@pw2fa.test']
 */
export function headerRecipients(parsed: ParsedMail): string[] {
  const found = [...addressList(parsed.to), ...addressList(parsed.cc), ...addressList(parsed.bcc)];
  for (const name of ['delivered-to', 'x-original-to', 'envelope-to']) {
    const value = parsed.headers.get(name);
    const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
    for (const item of values) {
      if (typeof item === 'string') found.push(...(item.match(/[^\s<>,;"]+@[^\s<>,;"]+/g) ?? []));
      else if (item && typeof item === 'object' && 'value' in item && Array.isArray(item.value)) {
        found.push(...addressList(item as AddressObject));
      }
    }
  }
  return [...new Set(found.map((address) => address.toLowerCase()))];
}

/**
 * The readable parts of a parsed message.
 *
 * @example
 * const content = mailContent(await simpleParser(raw));
 */
export function mailContent(parsed: ParsedMail): MailContent {
  return {
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : null,
    headerCode: parsed.otp?.code ?? null,
  };
}

/**
 * The code (or, for a magic-link prompt, the link) a message answers with, or `null`.
 *
 * `codeLength` is a preference, not a filter: a field's `maxlength` can be generous, so when no code of
 * that length is found any code is taken (the engine then reports a length mismatch clearly instead
 * of waiting for a message that never comes). `charset: 'numeric'` is a filter: a letter code can never
 * be typed into a digits-only field.
 *
 * @example
 * readMail(content, 'email', { codeLength: 6 }); // { code: '482913' }
 * readMail(content, 'magic-link', { linkHosts: ['app.example.com'] }); // { link: 'https://app.example.com/…' }
 */
export function readMail(
  content: MailContent,
  kind: CodeKind,
  options: MailReadOptions = {},
): MailFound | null {
  return explainMail(content, kind, options).found;
}

/**
 * Like {@link readMail}, and when the message answers nothing, why (for the source's timeout error).
 *
 * @example
 * explainMail(content, 'email', {}).reason; // '2 candidates scored alike (6 digits; 6 digits) …'
 */
export function explainMail(
  content: MailContent,
  kind: CodeKind,
  options: MailReadOptions = {},
): MailReading {
  const linkHosts = options.linkHosts ?? [];
  if (kind === 'magic-link') {
    const link =
      (content.html !== null ? extractLink(content.html, { hosts: linkHosts }) : null) ??
      extractLink(content.text, { hosts: linkHosts });
    return link
      ? { found: { link }, reason: null }
      : { found: null, reason: 'no sign-in link in the message' };
  }
  const length = options.codeLength ?? undefined;
  const exclude = options.exclude ?? [];
  const charset = options.charset ?? null;
  const header = content.headerCode;
  if (
    header &&
    (length === undefined || header.length === length) &&
    !exclude.includes(header) &&
    (charset !== 'numeric' || /^[0-9]+$/.test(header))
  ) {
    return { found: { code: header }, reason: null };
  }
  const text = `${content.subject}\n\n${content.text}`;
  const attempts: Array<[string, number | undefined]> = [
    [text, length],
    [content.html ?? '', length],
  ];
  if (length !== undefined) attempts.push([text, undefined], [content.html ?? '', undefined]);
  let reason: string | null = null;
  for (const [body, wanted] of attempts) {
    if (!body.trim()) continue;
    const result = explainExtraction(body, { length: wanted ?? null, charset, exclude });
    if (result.code) return { found: { code: result.code }, reason: null };
    reason ??= result.reason;
  }
  return { found: null, reason: reason ?? 'the message is empty' };
}
