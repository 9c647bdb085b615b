/**
 * Renders the transcribed templates the way their projects send them: placeholders filled with generated
 * values (seeded, so every run is the same), the HTML part inside a transactional-mail frame (preheader,
 * logo link, button, footer with address, phone, copyright year, unsubscribe and tracking links), the
 * text part as plain lines, SMS as they are.
 */
import { seeded } from '../../support/seeded.js';
import type { CorpusItem, Template } from './types.js';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

function pick(random: () => number, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

/** What a project puts in its code placeholder (its generator's default alphabet and length). */
export type CodeShape = 'digits6' | 'digits8' | 'upperAlnum6' | 'allauth6' | 'allauth8dash';

export function makeCode(shape: CodeShape, random: () => number): string {
  switch (shape) {
    case 'digits6':
      return pick(random, DIGITS, 6);
    case 'digits8':
      return pick(random, DIGITS, 8);
    case 'upperAlnum6':
      return pick(random, UPPER + DIGITS, 6);
    case 'allauth6':
      return pick(random, 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789', 6);
    case 'allauth8dash': {
      const code = pick(random, 'ABCDEFGHJKLMNPQRSTUVWXYZ', 8);
      return `${code.slice(0, 4)}-${code.slice(4)}`;
    }
  }
}

/** Fills `{{.Name}}`, `{{ .Name }}` and `{0}`-style placeholders; unknown ones stay visible (a test bug). */
export function fill(text: string, values: Readonly<Record<string, string>>): string {
  return text
    .replace(/\{\{\s*\.(\w+)\s*\}\}/g, (whole, name: string) => values[name] ?? whole)
    .replace(/\{(\d)\}/g, (whole, index: string) => values[index] ?? whole);
}

export interface Frame {
  brand: string;
  /** Site title as mail headers print it, often with a year. */
  title: string;
  home: string;
  footer: string;
  unsubscribe: string;
  pixel: string;
}

export function frame(random: () => number): Frame {
  const year = 2019 + Math.floor(random() * 7);
  const id = pick(random, 'abcdef0123456789', 24);
  return {
    brand: 'Acme',
    title: `Acme Portal ${year}`,
    home: `https://www.acme.example/?utm_source=notification&utm_medium=email&utm_campaign=${id}`,
    footer: `© ${year} Acme Corporation · 1200 Market Street, Suite 400, San Francisco, CA 94103 · +1 (415) 555-0132`,
    unsubscribe: `https://links.acme.example/unsubscribe?u=${id}&list=transactional`,
    pixel: `https://t.acme.example/open/${id}.gif`,
  };
}

/** The HTML part: hidden preheader, logo, heading, body, button, footer — table layout as mail clients need. */
export function htmlMail(
  f: Frame,
  parts: {
    subject: string;
    preheader: string;
    greeting?: string;
    body: string;
    button?: { text: string; href: string };
  },
): string {
  const button = parts.button
    ? `<tr><td align="center" style="padding:24px 0"><table role="presentation"><tr><td style="border-radius:6px;background:#5469d4"><a href="${parts.button.href.replace(/&/g, '&amp;')}" target="_blank" style="display:inline-block;padding:12px 24px;color:#ffffff;text-decoration:none">${parts.button.text}</a></td></tr></table></td></tr>`
    : '';
  return [
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    `<title>${f.title}</title><style>body{margin:0}.btn:hover{opacity:.9} @media (max-width:600px){.c{width:100%!important}}</style></head>`,
    `<body style="background:#f4f4f7"><div style="display:none;max-height:0;overflow:hidden;opacity:0">${parts.preheader}${'&#847;&zwnj;&nbsp;'.repeat(30)}</div>`,
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">',
    '<table class="c" role="presentation" width="600" cellpadding="0" cellspacing="0" style="background:#ffffff">',
    `<tr><td style="padding:24px"><a href="${f.home.replace(/&/g, '&amp;')}"><img src="https://cdn.acme.example/logo@2x.png" width="120" alt="${f.brand}"></a></td></tr>`,
    `<tr><td style="padding:0 24px"><h1 style="font-size:22px">${parts.subject}</h1></td></tr>`,
    parts.greeting ? `<tr><td style="padding:0 24px"><p>${parts.greeting}</p></td></tr>` : '',
    `<tr><td style="padding:0 24px"><p style="font-size:16px;line-height:24px">${parts.body}</p></td></tr>`,
    button,
    `<tr><td style="padding:24px;font-size:12px;color:#8a8a8a"><p>${f.footer}</p>`,
    `<p><a href="${f.unsubscribe.replace(/&/g, '&amp;')}">Unsubscribe</a> · <a href="https://www.acme.example/privacy">Privacy</a></p></td></tr>`,
    `</table></td></tr></table><img src="${f.pixel}" width="1" height="1" alt="" style="display:block"></body></html>`,
  ].join('\n');
}

/** The text part: what the project's plain-text template gives, with the frame's footer. */
export function textMail(
  f: Frame,
  parts: { subject: string; greeting?: string; body: string; button?: { text: string; href: string } },
): string {
  const body = parts.body.replace(/<br\s*\/?>/gi, '\n').replace(/<[^>]{0,200}>/g, '');
  return [
    f.title,
    '',
    parts.subject,
    '',
    ...(parts.greeting ? [parts.greeting, ''] : []),
    body,
    '',
    ...(parts.button ? [`${parts.button.text}: ${parts.button.href}`, ''] : []),
    '--',
    f.footer,
    `Unsubscribe: ${f.unsubscribe}`,
  ].join('\n');
}

/** A seeded random source per item id, so each message gets its own values, the same on every run. */
export function randomFor(id: string): () => number {
  return seeded(hash(id));
}

export function item(
  template: Template,
  form: CorpusItem['form'],
  body: string,
  code: string | null,
  link?: string | null,
): CorpusItem {
  return {
    id: `${template.project}/${template.lang}/${template.key}/${form}`,
    part: template.part,
    project: template.project,
    lang: template.lang,
    source: template.source,
    form,
    body,
    code,
    ...(link === undefined ? {} : { link }),
  };
}
