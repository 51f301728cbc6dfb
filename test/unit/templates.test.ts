import { createTextRenderer, ruPercent, ruPlural } from '../../activities/texts/renderer';
import { renderDecreeText } from '../../activities/texts/decree-text';
import { renderMailParts } from '../../activities/mail/mail-parts';
import { endOfLocalDay, formatRuDate, formatRuDateLong, normalizeDate } from '../../domain/dates';
import { exampleCampaign } from '../support/example-campaign';

const renderer = createTextRenderer();

describe('Russian forms', () => {
  it.each([
    [1, 'задача'],
    [2, 'задачи'],
    [4, 'задачи'],
    [5, 'задач'],
    [11, 'задач'],
    [12, 'задач'],
    [14, 'задач'],
    [21, 'задача'],
    [22, 'задачи'],
    [111, 'задач'],
    [0, 'задач'],
  ])('%i %s', (n, word) => {
    expect(ruPlural(n, 'задача', 'задачи', 'задач')).toBe(word);
  });

  it('writes dates and percentages as Russian documents do', () => {
    expect(formatRuDate('2024-10-22')).toBe('22.10.2024');
    expect(formatRuDateLong('2024-11-02')).toBe('2 ноября 2024 года');
    expect(ruPercent(48.68)).toBe('48,68%');
    expect(normalizeDate('30.10.2024')).toBe('2024-10-30');
    expect(normalizeDate('30.13.2024')).toBeUndefined();
  });

  it('ends a due day at local midnight of the issuer (Moscow is UTC+3)', () => {
    expect(endOfLocalDay('2024-10-30', 'Europe/Moscow').toISOString()).toBe('2024-10-30T20:59:59.999Z');
  });
});

describe('decree text from the campaign', () => {
  const text = renderDecreeText(exampleCampaign(), renderer);

  it('fills the due dates of clauses from their tasks, so the decree and the workflows agree', () => {
    expect(text.clauses.find((c) => c.number === '1.2')?.text).toBe(
      'Обеспечить 100% регистрацию сотрудников организаций в «Сферум» в срок до 30.10.2024 г.',
    );
    expect(text.clauses.find((c) => c.number === '1.9')?.text).toContain(
      'с пометкой «Сферум» в срок до 2 ноября 2024 года.',
    );
  });

  it('quotes the per-school student usage from the roster, highest first, as the decree does', () => {
    expect(text.preamble[5]).toContain('МКОУ «Дегвинская СОШ» - 48,68%, МКОУ «Мургукская СОШ» - 47,37%');
    expect(text.preamble[5]).toContain('МКОУ «Бурдекинская СОШ» - 18,49%, МКОУ «Канасирагинская СОШ» - 18,49%.');
  });
});

describe('mail templates', () => {
  const hostile = '<script>alert(1)</script>';
  const context = {
    school: { name: `МКОУ ${hostile}` },
    decree: { kind: 'ПОСТАНОВЛЕНИЕ', number: '380', title: 'Об активации', sha256: 'ab'.repeat(32) },
    decreeDateRu: '22.10.2024',
    office: { name: 'МКУ «Управление образования»' },
    tasks: [
      {
        taskId: 't1',
        clause: { number: '1.2' },
        title: 'Регистрация',
        dueRu: '30.10.2024',
        url: 'http://127.0.0.1/tasks/t1?t=abc',
      },
    ],
    linksValidUntil: '23.12.2026 16:34',
  };
  const parts = renderMailParts(renderer, 'decree-notice', context);

  it('renders subject, text and HTML in Russian with the task link', () => {
    expect(parts.subject).toBe(`ПОСТАНОВЛЕНИЕ № 380 от 22.10.2024: задачи для МКОУ ${hostile}`);
    expect(parts.text).toContain('п. 1.2: Регистрация');
    expect(parts.text).toContain('Срок: до 30.10.2024 г.');
    expect(parts.text).toContain('Открыть задачу: http://127.0.0.1/tasks/t1?t=abc');
    expect(parts.html).toContain('href="http://127.0.0.1/tasks/t1?t&#x3D;abc"');
  });

  it('escapes hostile data in HTML', () => {
    expect(parts.html).not.toContain(hostile);
    expect(parts.html).toContain('&lt;script&gt;');
  });
});
