// The embedded SMTP sink: a real SMTP server on loopback that keeps every message for the outbox page.
// A message is stored under a hash of its Message-ID, so a resent message (an activity retry) is kept once, and
// the first one kept is never overwritten.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SunkMessage {
  id: string;
  messageId: string;
  receivedAt: string;
  envelopeTo: string[];
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; contentType: string; size: number; sha256: string }[];
}

export interface SmtpSink {
  port: number;
  messages(): SunkMessage[];
  message(id: string): SunkMessage | undefined;
  attachment(
    id: string,
    index: number,
  ): Promise<{ filename: string; contentType: string; content: Buffer } | undefined>;
  onMessage(listener: (m: SunkMessage) => void): void;
  close(): Promise<void>;
}

async function storeMessage(dir: string, raw: Buffer, envelopeTo: string[]): Promise<SunkMessage> {
  const parsed = await simpleParser(raw);
  const messageId = parsed.messageId ?? createHash('sha256').update(raw).digest('hex');
  const id = createHash('sha256').update(messageId).digest('hex').slice(0, 24);
  const message: SunkMessage = {
    id,
    messageId,
    receivedAt: new Date().toISOString(),
    envelopeTo,
    from: parsed.from?.text ?? '',
    to: Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(', ') : (parsed.to?.text ?? ''),
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename ?? 'attachment',
      contentType: a.contentType,
      size: a.size,
      sha256: createHash('sha256').update(a.content).digest('hex'),
    })),
  };
  // The first message kept under a Message-ID stays: a retry is the same message, and a later different one (a
  // careless or hostile sender reusing the id) must not replace what the outbox already showed.
  if (existsSync(join(dir, `${id}.json`)))
    return JSON.parse(readFileSync(join(dir, `${id}.json`), 'utf8')) as SunkMessage;
  try {
    writeFileSync(join(dir, `${id}.eml`), raw, { flag: 'wx', mode: 0o600 });
    writeFileSync(join(dir, `${id}.json`), JSON.stringify(message), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // the same Message-ID arriving at once twice
  }
  return message;
}

const DROPPED_SENDER = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT']);
/** Our largest mail is a report with its PDF (well under 5 MB); 25 MB is what public mail services accept. */
export const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

export async function startSmtpSink(dir: string, port: number, host = '127.0.0.1'): Promise<SmtpSink> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const listeners: ((m: SunkMessage) => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: MAX_MESSAGE_BYTES, // advertised (SIZE) and enforced: nothing past it is kept in memory
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= MAX_MESSAGE_BYTES) chunks.push(c);
      });
      stream.on('end', () => {
        if ((stream as { sizeExceeded?: boolean }).sizeExceeded || size > MAX_MESSAGE_BYTES) {
          return callback(
            Object.assign(new Error(`message exceeds ${MAX_MESSAGE_BYTES} bytes`), { responseCode: 552 }),
          );
        }
        const to = session.envelope.rcptTo.map((r) => r.address);
        storeMessage(dir, Buffer.concat(chunks), to).then(
          (m) => {
            listeners.forEach((l) => l(m));
            callback();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A sender that drops its connection mid-message (a killed worker) makes smtp-server emit an error: without a
  // listener that is an uncaught exception that ends the whole process. The message was never accepted, so the
  // sender's retry delivers it; nothing is kept and nothing is lost.
  server.on('error', (err: NodeJS.ErrnoException) => {
    if (!DROPPED_SENDER.has(err.code ?? '')) console.error(`[smtp-sink] ${err.message}`);
  });
  const address = server.server.address();
  const read = (id: string) =>
    /^[0-9a-f]{24}$/.test(id) ? (JSON.parse(readFileSync(join(dir, `${id}.json`), 'utf8')) as SunkMessage) : undefined;
  return {
    port: typeof address === 'object' && address ? address.port : port,
    messages: () =>
      readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => read(f.slice(0, -5))!)
        .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt)),
    message: (id) => {
      try {
        return read(id);
      } catch {
        return undefined;
      }
    },
    attachment: (id, index) => attachmentOf(dir, id, index),
    onMessage: (l) => listeners.push(l),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function attachmentOf(dir: string, id: string, index: number) {
  if (!/^[0-9a-f]{24}$/.test(id) || !existsSync(join(dir, `${id}.eml`))) return undefined;
  const parsed = await simpleParser(readFileSync(join(dir, `${id}.eml`)));
  const a = parsed.attachments[index];
  return a ? { filename: a.filename ?? 'attachment', contentType: a.contentType, content: a.content } : undefined;
}
