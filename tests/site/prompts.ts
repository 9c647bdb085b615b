import { html, page, type SafeHtml } from './html.js';
import { STRINGS, type Strings } from './i18n.js';
import type { PromptVariant } from './variants.js';

export interface PromptPageOptions {
  variant: PromptVariant;
  /** Where the code is POSTed, e.g. `/2fa/totp`. */
  action: string;
  error?: string | undefined;
  /** Link to the recovery-code form, when the user has codes. */
  recoveryHref?: string | undefined;
}

/** The GitHub-like field: one input the browser and password managers recognise as a one-time code. */
export function singleField(t: Strings, digits: number): SafeHtml {
  return html`<label for="code">${t.codeLabel}</label>
<input id="code" class="code-input" name="code" type="text" autocomplete="one-time-code" inputmode="numeric"
  pattern="[0-9]*" maxlength="${digits}" placeholder="${'0'.repeat(digits)}" required autofocus>`;
}

function codeForm(action: string, fields: SafeHtml, submit: string | null): SafeHtml {
  return html`<form method="post" action="${action}" class="stack">
${fields}
${submit === null ? '' : html`<button type="submit" class="button">${submit}</button>`}
</form>`;
}

/** Six `maxlength=1` boxes; /assets/split.js moves focus, spreads a paste and fills the hidden `code`. */
function splitBoxes(t: Strings, digits: number, autosubmit: boolean): SafeHtml {
  const boxes = Array.from(
    { length: digits },
    (_, index) =>
      html`<input class="digit" type="text" inputmode="numeric" maxlength="1" pattern="[0-9]"
        aria-label="Digit ${index + 1} of ${digits}" data-digit${index === 0 ? html` autocomplete="one-time-code" autofocus` : html` autocomplete="off"`}>`,
  );
  return html`<fieldset class="digits" data-split-code${autosubmit ? html` data-autosubmit` : ''}>
<legend>${t.codeLabel}</legend>
${boxes}
</fieldset>
<input type="hidden" name="code">`;
}

function widget(options: PromptPageOptions, t: Strings): { body: SafeHtml; scripts: string[] } {
  const { variant, action } = options;
  const error = options.error ?? '';
  switch (variant.widget) {
    case 'single':
      return { body: codeForm(action, singleField(t, variant.digits), t.verify), scripts: [] };
    case 'split':
      return { body: codeForm(action, splitBoxes(t, variant.digits, false), t.verify), scripts: ['split'] };
    case 'autosubmit':
      return { body: codeForm(action, splitBoxes(t, variant.digits, true), null), scripts: ['split'] };
    case 'paste-only': {
      const field = html`<label for="code">${t.codeLabel}</label>
<input id="code" class="code-input" name="code" type="text" inputmode="numeric" autocomplete="off"
  maxlength="${variant.digits}" required data-paste-only aria-describedby="paste-hint">
<p id="paste-hint" class="hint">For your security, typing is disabled in this field. Paste the code instead.</p>`;
      return { body: codeForm(action, field, t.verify), scripts: ['paste-only'] };
    }
    case 'input-otp':
    case 'react-otp-input':
      return {
        body: html`<div class="react-prompt" data-react-prompt data-action="${action}" data-label="${t.codeLabel}"
  data-verify="${t.verify}" data-digits="${variant.digits}"><p class="muted">Loading…</p></div>`,
        scripts: [variant.widget],
      };
    case 'shadow':
      return {
        body: html`<demo-otp-prompt data-action="${action}" data-label="${t.codeLabel}" data-verify="${t.verify}"
  data-digits="${variant.digits}" data-error="${error}"></demo-otp-prompt>`,
        scripts: ['shadow'],
      };
    case 'delayed':
      return {
        body: html`<div id="delayed-slot" data-delay-ms="1500"><p class="muted"><span class="spinner" aria-hidden="true"></span> Checking your device…</p></div>
<template id="delayed-prompt">${codeForm(action, singleField(t, variant.digits), t.verify)}</template>`,
        scripts: ['delayed'],
      };
  }
}

/**
 * The second step of a sign-in: heading, intro, the variant's widget, the error of the last attempt.
 *
 * @example
 * htmlResponse(promptPage({ variant: PROMPT_VARIANTS.totp, action: '/2fa/totp', error }))
 */
export function promptPage(options: PromptPageOptions): string {
  const t = STRINGS[options.variant.locale];
  const { body, scripts } = widget(options, t);
  // The shadow widget shows its own error inside its shadow root.
  const showError = options.error && options.variant.widget !== 'shadow';
  return page({
    title: t.promptTitle,
    lang: options.variant.locale,
    scripts,
    body: html`<h1>${t.promptTitle}</h1>
<p class="lead">${options.variant.intro ?? t.promptIntro}</p>
${showError ? html`<p class="error" role="alert">${options.error}</p>` : ''}
${body}
${options.recoveryHref ? html`<p class="alt-action"><a href="${options.recoveryHref}">${t.useRecovery}</a></p>` : ''}`,
  });
}
