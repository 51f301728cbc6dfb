// The embedded SMTP sink (a real SMTP server on loopback): a retry is kept once, a reused Message-ID never
// replaces the message the outbox already showed, and what it keeps only its owner can read.
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { createMailer } from '../../activities/mail/mailer';
import { MAX_MESSAGE_BYTES, startSmtpSink } from '../../mail-sink/smtp-sink';
import { freePort } from '../support/free-port';

it('keeps the first message under a Message-ID; a second one with other content replaces nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sink-unit-'));
  const sink = await startSmtpSink(join(dir, 'outbox'), await freePort());
  const transport = createTransport({ host: '127.0.0.1', port: sink.port, secure: false, ignoreTLS: true });
  const delivered: string[] = [];
  sink.onMessage((m) => delivered.push(m.subject));
  try {
    const mail = {
      from: 'uo@example.ru',
      to: 'school@example.ru',
      messageId: '<decree.s1@example.ru>',
      text: 'Постановление',
    };
    await transport.sendMail({ ...mail, subject: 'ПОСТАНОВЛЕНИЕ № 380' });
    await transport.sendMail({ ...mail, subject: 'ПОСТАНОВЛЕНИЕ № 380' }); // an activity retry
    await transport.sendMail({
      ...mail,
      subject: 'Подмена',
      text: 'другой текст',
      attachments: [{ filename: 'x.html', content: '<script>alert(1)</script>' }],
    });
    expect(delivered).toEqual(['ПОСТАНОВЛЕНИЕ № 380', 'ПОСТАНОВЛЕНИЕ № 380', 'ПОСТАНОВЛЕНИЕ № 380']); // every delivery, as kept
    const kept = sink.messages();
    expect(kept.map((m) => [m.messageId, m.subject, m.attachments.length])).toEqual([
      ['<decree.s1@example.ru>', 'ПОСТАНОВЛЕНИЕ № 380', 0],
    ]);
    expect(statSync(join(dir, 'outbox')).mode & 0o777).toBe(0o700);
    for (const f of readdirSync(join(dir, 'outbox'))) expect(statSync(join(dir, 'outbox', f)).mode & 0o777).toBe(0o600);
  } finally {
    transport.close();
    await sink.close();
  }
});

it('outlives senders that drop their connection in the middle of a message, and still takes the next one', async () => {
  const sink = await startSmtpSink(join(mkdtempSync(join(tmpdir(), 'sink-unit-')), 'outbox'), await freePort());
  try {
    for (let i = 0; i < 3; i++) await dropMidMessage(sink.port); // one error listener is used up after the first
    await new Promise((resolve) => setTimeout(resolve, 200)); // the sink reads the resets
    const transport = createTransport({ host: '127.0.0.1', port: sink.port, secure: false, ignoreTLS: true });
    await transport.sendMail({
      from: 'uo@example.ru',
      to: 'school@example.ru',
      messageId: '<after.reset@example.ru>',
      subject: 'После обрыва',
      text: 'x',
    });
    transport.close();
    expect(sink.messages().map((m) => m.subject)).toEqual(['После обрыва']);
  } finally {
    await sink.close();
  }
});

/** An SMTP client that starts a message and then resets the connection, as a SIGKILLed worker does. */
async function dropMidMessage(port: number): Promise<void> {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (c: Buffer) => (received += c.toString()));
  const reply = async (code: string) => {
    while (!new RegExp(`(^|\\n)${code} `).test(received)) await new Promise((resolve) => setTimeout(resolve, 5));
    received = '';
  };
  await reply('220');
  for (const [command, code] of [
    ['EHLO worker', '250'],
    ['MAIL FROM:<uo@example.ru>', '250'],
    ['RCPT TO:<school@example.ru>', '250'],
    ['DATA', '354'],
  ]) {
    socket.write(`${command}\r\n`);
    await reply(code!);
  }
  socket.write('Subject: half\r\n\r\nhalf a message');
  await new Promise((resolve) => setTimeout(resolve, 50));
  socket.resetAndDestroy();
}

it('refuses a message larger than it advertises, keeping nothing of it, and takes the next one', async () => {
  const sink = await startSmtpSink(join(mkdtempSync(join(tmpdir(), 'sink-unit-')), 'outbox'), await freePort());
  const transport = createTransport({ host: '127.0.0.1', port: sink.port, secure: false, ignoreTLS: true });
  try {
    const huge = { filename: 'huge.bin', content: Buffer.alloc(MAX_MESSAGE_BYTES + 1024 * 1024, 0x41) };
    await expect(
      transport.sendMail({
        from: 'x@example.ru',
        to: 'school@example.ru',
        subject: 'Большое',
        text: 'x',
        attachments: [huge],
      }),
    ).rejects.toThrow(/552|size|exceed/i);
    await transport.sendMail({
      from: 'uo@example.ru',
      to: 'school@example.ru',
      messageId: '<after.huge@example.ru>',
      subject: 'После большого',
      text: 'x',
    });
    expect(sink.messages().map((m) => m.subject)).toEqual(['После большого']);
  } finally {
    transport.close();
    await sink.close();
  }
}, 60_000);

it('sends a mail whose From the configuration does not allow from the configured sender, the office as Reply-To', async () => {
  const sink = await startSmtpSink(join(mkdtempSync(join(tmpdir(), 'sink-unit-')), 'outbox'), await freePort());
  const mailer = createMailer(`smtp://127.0.0.1:${sink.port}`, {
    any: false,
    allowed: ['@uo.example', 'no-reply@decree.example'],
    fallback: 'no-reply@decree.example',
  });
  try {
    const mail = { to: ['school@example.ru'], subject: 'Постановление', text: 'x', html: '<p>x</p>' };
    await mailer.send({
      ...mail,
      messageId: '<a@decree.example>',
      from: { name: 'Министр просвещения', address: 'minister@edu.gov.example' },
    });
    await mailer.send({
      ...mail,
      messageId: '<b@decree.example>',
      from: { name: 'Управление образования', address: 'no-reply@uo.example' },
    });
    const [forged, own] = sink.messages().sort((x, y) => x.messageId.localeCompare(y.messageId));
    expect(forged!.from).toBe('"Министр просвещения" <no-reply@decree.example>');
    expect(own!.from).toBe('"Управление образования" <no-reply@uo.example>');
  } finally {
    mailer.close();
    await sink.close();
  }
});
