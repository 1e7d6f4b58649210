/**
 * The StudentMailer over SMTP (nodemailer): one plain-text message per send, from EMAIL_FROM, through the
 * server named by SMTP_URL (smtp://host:port, smtps://host:port, with user:password@ when the server
 * needs it). `mailerFromEnv` gives none when SMTP_URL is unset (email actions then say so on the firing).
 */
import nodemailer from 'nodemailer';
import { ConfigError, type Env } from '../../src/config/env.ts';
import type { EmailMessage, StudentMailer } from '../../src/rules/ports.ts';

export interface SmtpMailer extends StudentMailer {
  close(): void;
}

export function smtpMailer(options: { url: string; from: string }): SmtpMailer {
  const transport = nodemailer.createTransport(options.url);
  return {
    async send(message: EmailMessage) {
      await transport.sendMail({
        from: options.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
      });
    },
    close: () => transport.close(),
  };
}

/** The mailer the configuration asks for, or undefined without SMTP_URL; SMTP_URL without EMAIL_FROM refuses. */
export function mailerFromEnv(env: Pick<Env, 'SMTP_URL' | 'EMAIL_FROM'>): SmtpMailer | undefined {
  if (env.SMTP_URL === undefined) return undefined;
  if (env.EMAIL_FROM === undefined) {
    throw new ConfigError(['EMAIL_FROM: required when SMTP_URL is set (the sender of student emails)']);
  }
  return smtpMailer({ url: env.SMTP_URL, from: env.EMAIL_FROM });
}
