// Outgoing mail over SMTP (nodemailer). The caller gives the Message-ID, so a retry resends the same message.
import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import { senderAllowed, type MailSenders } from '../../domain/mail-senders';

export interface OutgoingMail {
  messageId: string;
  from: { name?: string; address: string };
  to: string[];
  subject: string;
  text: string;
  html: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
  headers?: Record<string, string>;
}

/** What history keeps of a sent mail (the activity's result): enough for an auditor to prove who got what. */
export interface MailRecord {
  messageId: string;
  to: string[];
  subject: string;
  attachments: { filename: string; sha256: string }[];
}

export function mailRecordOf(mail: OutgoingMail): MailRecord {
  const attachments = (mail.attachments ?? []).map((a) => ({
    filename: a.filename,
    sha256: createHash('sha256').update(a.content).digest('hex'),
  }));
  return { messageId: mail.messageId, to: mail.to, subject: mail.subject, attachments };
}

/** Sends and returns the record the activity hands back to its workflow. */
export async function sendRecorded(mailer: Mailer, mail: OutgoingMail): Promise<MailRecord> {
  await mailer.send(mail);
  return mailRecordOf(mail);
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string; accepted: string[] }>;
  close(): void;
}

/** senders: a mail whose From the configuration does not allow (a campaign launched before the check) goes out from
 *  the configured sender instead, the office's name kept and its address as Reply-To. */
export function createMailer(smtpUrl: string, senders?: MailSenders): Mailer {
  // nodemailer waits minutes by default; an SMTP server that stops answering should fail the attempt
  // well inside the activity's timeout, so Temporal retries it (on this worker or another).
  // A pool of a few connections: a deadline burst sends thousands of reminders, and a new SMTP session per
  // message (TCP, greeting, EHLO) costs more than the message.
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 5,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    async send(mail) {
      const allowed = !senders || senderAllowed(senders, mail.from.address);
      const address = allowed ? mail.from.address : senders.fallback;
      const info = await transport.sendMail({
        messageId: mail.messageId,
        from: mail.from.name ? { name: mail.from.name, address } : address,
        ...(allowed ? {} : { replyTo: mail.from.address }),
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        attachments: mail.attachments,
        headers: mail.headers,
      });
      return {
        messageId: info.messageId,
        accepted: (info.accepted as (string | { address: string })[]).map((a) =>
          typeof a === 'string' ? a : a.address,
        ),
      };
    },
    close: () => transport.close(),
  };
}
