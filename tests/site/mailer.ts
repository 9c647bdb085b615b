import { createTransport } from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

const FROM = '"Demo Site" <no-reply@demo-site.test>';

/**
 * Sends the site's sign-in emails through a plain SMTP server (a test's sink, MailHog, a relay …), without
 * TLS or authentication: the demo only ever talks to a loopback receiver.
 *
 * @example
 * const mailer = createMailer({ host: '127.0.0.1', port: 2525 });
 * await mailer.send({ to: 'email@example.test', subject: 'Your sign-in code', text, html });
 */
export function createMailer(smtp: { host: string; port: number }): Mailer {
  const transport = createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 10_000,
  });
  return {
    async send(message) {
      await transport.sendMail({ from: FROM, ...message });
    },
    close() {
      transport.close();
    },
  };
}
