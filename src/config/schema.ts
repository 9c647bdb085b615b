import { z } from 'zod';

/**
 * `pw2fa.config.json`: the channels a login may wait on, in one place for the MCP server and the fixture.
 * Secrets never live in the file: each is named by the environment variable that holds it.
 */

const Port = z.number().int().min(0).max(65_535);
const EnvName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name such as PW2FA_RELAY_KEY');
const HttpUrl = z.url({ protocol: /^https?$/ }).max(2048);

export const TwoFactorConfigSchema = z
  .object({
    /** The vault; its key comes from PW2FA_VAULT_KEY (or the key file beside it), never from here. */
    vault: z
      .object({ path: z.string().min(1).max(4096) })
      .strict()
      .optional(),
    sources: z
      .object({
        /** An embedded SMTP sink the site under test sends to. */
        smtp: z
          .object({ host: z.string().min(1).max(255).default('127.0.0.1'), port: Port })
          .strict()
          .optional(),
        imap: z
          .object({
            host: z.string().min(1).max(255),
            port: Port,
            secure: z.boolean().optional(),
            user: z.string().min(1).max(512),
            passwordEnv: EnvName,
            mailbox: z.string().min(1).max(512).optional(),
            from: z.string().min(1).max(512).optional(),
          })
          .strict()
          .optional(),
        relay: z
          .object({
            url: HttpUrl,
            apiKeyEnv: EnvName.default('PW2FA_RELAY_KEY'),
            runId: z.string().max(200).optional(),
          })
          .strict()
          .optional(),
        pull: z
          .object({ url: HttpUrl, secretEnv: EnvName, runId: z.string().max(200).optional() })
          .strict()
          .optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

/** The parsed `pw2fa.config.json`. */
export type TwoFactorConfig = z.infer<typeof TwoFactorConfigSchema>;
