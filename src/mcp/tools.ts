import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { CodeSource } from '../channels/index.js';
import type { Vault } from '../vault/index.js';
import type { BrowserConnection } from './page-target.js';
import { progressSender, type ToolExtra } from './progress.js';
import { toolError, toolResult } from './tool-result.js';

/** What every tool works with: the agent's browser, the vault, and the configured channels. */
export interface ToolContext {
  browser: BrowserConnection;
  vault: () => Promise<Vault>;
  sources: CodeSource[];
  /** `two_factor_wait_code` exists only when the server was started with `--allow-codes`. */
  allowCodes: boolean;
  /** False: logins do not wait for a TOTP window of their own (sites that accept a code twice). */
  coordination: boolean;
}

const Label = z.string().min(1).max(200);
const PageUrl = z.string().min(1).max(2048).describe('act on the open page whose URL starts with this');
const Timeout = z.number().int().positive().max(3_600_000).describe('longest wait for a code, in ms');
const KINDS = ['totp', 'sms', 'email', 'code', 'magic-link', 'recovery', 'push-approval', 'passkey'] as const;

async function run(body: () => Promise<Record<string, unknown>>) {
  try {
    return toolResult(await body());
  } catch (error) {
    return toolError(error);
  }
}

/** The engine, loaded on the first call that needs it, so the server starts fast. */
function engine() {
  return import('../playwright/index.js');
}

/** Registers the 2FA tools. None of them returns a secret; only `two_factor_wait_code` returns a code. */
export function registerTools(server: McpServer, context: ToolContext): void {
  server.registerTool(
    'two_factor_handle',
    {
      title: 'Get past the 2FA prompt',
      description:
        'Finds the two-factor prompt on the agent’s page, gets the code (authenticator secret in the vault, e-mail, SMS, relay), types it, submits and checks the site accepted it. Returns what happened, never the code.',
      inputSchema: z
        .object({
          account: Label.optional().describe('vault label of the account (for authenticator codes)'),
          identifier: z
            .string()
            .min(1)
            .max(320)
            .optional()
            .describe('e-mail address or phone number the code is sent to'),
          pageUrl: PageUrl.optional(),
          timeout: Timeout.optional(),
        })
        .strict(),
    },
    (args, extra: ToolExtra) =>
      run(async () => {
        const page = await context.browser.page(args.pageUrl);
        const { TwoFactor, formatEvent } = await engine();
        const tf = new TwoFactor(page, {
          vault: context.vault,
          sources: context.sources,
          signal: extra.signal,
          onEvent: progressSender(extra, formatEvent),
          ...(context.coordination ? {} : { coordinator: false as const }),
          ...(args.account ? { account: args.account } : {}),
          ...(args.identifier ? { identifier: args.identifier } : {}),
          ...(args.timeout ? { timeout: args.timeout } : {}),
        });
        const result = await tf.handle();
        return {
          kind: result.kind,
          channel: result.channel,
          verified: result.verified,
          attempts: result.attempts,
        };
      }),
  );

  server.registerTool(
    'two_factor_detect',
    {
      title: 'Is there a 2FA prompt?',
      description:
        'Looks once at the agent’s page (every frame, shadow DOM) for a two-factor prompt and says which kind and what it says. Never reads the values of inputs.',
      inputSchema: z.object({ pageUrl: PageUrl.optional() }).strict(),
    },
    (args) =>
      run(async () => {
        const page = await context.browser.page(args.pageUrl);
        const { detectPrompt } = await import('../detect/index.js');
        const prompt = await detectPrompt(page);
        if (!prompt) return { found: false, pageUrl: page.url().split('?')[0] };
        return {
          found: true,
          kind: prompt.kind,
          codeLength: prompt.codeLength,
          inputs: prompt.inputs.length,
          hasSubmit: prompt.submit !== null,
          text: prompt.text,
          frameUrl: prompt.frame.url().split('?')[0],
          confidence: prompt.confidence,
        };
      }),
  );

  server.registerTool(
    'two_factor_accounts',
    {
      title: 'Stored 2FA accounts',
      description: 'Lists the accounts in the vault: labels, issuers, types. Never secrets.',
      inputSchema: z.object({}).strict(),
    },
    () =>
      run(async () => {
        const entries = await (await context.vault()).list();
        return {
          accounts: entries.map(({ label, type, issuer, account, digits, period, recoveryCodesLeft }) => ({
            label,
            type: type ?? null,
            issuer: issuer ?? null,
            account: account ?? null,
            digits: digits ?? null,
            period: period ?? null,
            recoveryCodesLeft,
          })),
        };
      }),
  );

  server.registerTool(
    'two_factor_enroll',
    {
      title: 'Enroll an authenticator',
      description:
        'On a site’s "set up your authenticator app" page: reads the QR code or printed key, stores the secret in the vault under `label`, and confirms set-up with the first code. Returns the account, never the secret.',
      inputSchema: z.object({ label: Label, pageUrl: PageUrl.optional() }).strict(),
    },
    (args) =>
      run(async () => {
        const page = await context.browser.page(args.pageUrl);
        const { TwoFactor } = await engine();
        const account = await new TwoFactor(page, { vault: context.vault }).enroll({ label: args.label });
        return {
          label: args.label,
          type: account.type,
          issuer: account.issuer ?? null,
          account: account.account ?? null,
          digits: account.digits,
          period: account.period,
        };
      }),
  );

  if (!context.allowCodes) return;
  server.registerTool(
    'two_factor_wait_code',
    {
      title: 'Wait for a code (returns it)',
      description:
        'Waits on the configured inbox / relay / pull URL for the code sent to `identifier` and returns it, for agents that must type it themselves. Only messages that arrive after the call count.',
      inputSchema: z
        .object({
          identifier: z.string().min(1).max(320),
          kind: z.enum(KINDS).optional(),
          timeout: Timeout.optional(),
        })
        .strict(),
    },
    (args, extra: ToolExtra) =>
      run(async () => {
        const { waitOnSources } = await import('./wait-code.js');
        return waitOnSources(context.sources, {
          identifier: args.identifier,
          kind: args.kind ?? 'code',
          timeoutMs: args.timeout ?? 5 * 60_000,
          signal: extra.signal,
          progress: progressSender(extra, String),
        });
      }),
  );
}
