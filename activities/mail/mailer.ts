// Outgoing mail over SMTP (nodemailer). The caller gives the Message-ID, so a retry resends the same message.
import nodemailer from 'nodemailer';

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

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string; accepted: string[] }>;
  close(): void;
}

export function createMailer(smtpUrl: string): Mailer {
  // nodemailer waits minutes by default; an SMTP server that stops answering should fail the attempt
  // well inside the activity's timeout, so Temporal retries it (on this worker or another).
  // A pool of a few connections: a deadline burst sends thousands of reminders, and a new SMTP session per
  // message (TCP, greeting, EHLO) costs more than the message.
  const transport = nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: 5, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  return {
    async send(mail) {
      const info = await transport.sendMail({
        messageId: mail.messageId,
        from: mail.from.name ? { name: mail.from.name, address: mail.from.address } : mail.from.address,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        attachments: mail.attachments,
        headers: mail.headers,
      });
      return { messageId: info.messageId, accepted: (info.accepted as (string | { address: string })[]).map((a) => (typeof a === 'string' ? a : a.address)) };
    },
    close: () => transport.close(),
  };
}
