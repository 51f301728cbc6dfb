// The embedded SMTP sink (a real SMTP server on loopback): a retry is kept once, a reused Message-ID never
// replaces the message the outbox already showed, and what it keeps only its owner can read.
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { startSmtpSink } from '../../mail-sink/smtp-sink';
import { freePort } from '../support/free-port';

it('keeps the first message under a Message-ID; a second one with other content replaces nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sink-unit-'));
  const sink = await startSmtpSink(join(dir, 'outbox'), await freePort());
  const transport = createTransport({ host: '127.0.0.1', port: sink.port, secure: false, ignoreTLS: true });
  const delivered: string[] = [];
  sink.onMessage((m) => delivered.push(m.subject));
  try {
    const mail = { from: 'uo@example.ru', to: 'school@example.ru', messageId: '<decree.s1@example.ru>', text: 'Постановление' };
    await transport.sendMail({ ...mail, subject: 'ПОСТАНОВЛЕНИЕ № 380' });
    await transport.sendMail({ ...mail, subject: 'ПОСТАНОВЛЕНИЕ № 380' }); // an activity retry
    await transport.sendMail({ ...mail, subject: 'Подмена', text: 'другой текст', attachments: [{ filename: 'x.html', content: '<script>alert(1)</script>' }] });
    expect(delivered).toEqual(['ПОСТАНОВЛЕНИЕ № 380', 'ПОСТАНОВЛЕНИЕ № 380', 'ПОСТАНОВЛЕНИЕ № 380']); // every delivery, as kept
    const kept = sink.messages();
    expect(kept.map((m) => [m.messageId, m.subject, m.attachments.length])).toEqual([['<decree.s1@example.ru>', 'ПОСТАНОВЛЕНИЕ № 380', 0]]);
    expect(statSync(join(dir, 'outbox')).mode & 0o777).toBe(0o700);
    for (const f of readdirSync(join(dir, 'outbox'))) expect(statSync(join(dir, 'outbox', f)).mode & 0o777).toBe(0o600);
  } finally {
    transport.close();
    await sink.close();
  }
});
