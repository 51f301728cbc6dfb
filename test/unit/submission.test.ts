import { parseSubmission } from '../../domain/school-task';
import { submissionFromForm } from '../../web/routes/task-submit';

const officer = { officerName: 'Иванова А.А.', officerPosition: 'зам. директора', comment: '', confirm: true };

describe('task submissions (the Update validator uses this)', () => {
  it('accepts full registration, with numbers from a form', () => {
    const result = parseSubmission('registration-deadline', { ...officer, staffTotal: '40', staffRegistered: '40' });
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ staffTotal: 40, staffRegistered: 40 }) });
  });

  it('refuses more registered staff than staff', () => {
    expect(parseSubmission('registration-deadline', { ...officer, staffTotal: 40, staffRegistered: 41 })).toEqual({
      ok: false,
      message: 'зарегистрированных сотрудников не может быть больше, чем всего сотрудников',
      problems: [
        {
          field: 'staffRegistered',
          message: 'зарегистрированных сотрудников не может быть больше, чем всего сотрудников',
        },
      ],
    });
  });

  it('refuses to mark registration done below 100%', () => {
    expect(parseSubmission('registration-deadline', { ...officer, staffTotal: 40, staffRegistered: 39 })).toEqual({
      ok: false,
      message: 'задача выполняется при 100% регистрации: зарегистрированы не все сотрудники',
      problems: [
        {
          field: 'staffRegistered',
          message: 'задача выполняется при 100% регистрации: зарегистрированы не все сотрудники',
        },
      ],
    });
  });

  it('says every problem at once, in the form’s order: the counts are compared even when the name is missing', () => {
    const result = parseSubmission('registration-deadline', {
      staffTotal: '40',
      staffRegistered: '41',
      confirm: false,
    });
    expect(!result.ok && result.problems.map((p) => p.field)).toEqual(['staffRegistered', 'officerName', 'confirm']);
  });

  it('refuses non-numbers and negative numbers', () => {
    const result = parseSubmission('registration-deadline', { ...officer, staffTotal: 'сорок', staffRegistered: -1 });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/Всего сотрудников: нужно целое число/);
    expect(!result.ok && result.message).toMatch(/Зарегистрировано: не может быть отрицательным/);
  });

  it('needs the officer name and the confirmation', () => {
    const result = parseSubmission('chat-migration', { officerName: ' ', confirm: false });
    expect(result).toEqual({
      ok: false,
      message: 'укажите фамилию и инициалы (не короче 3 символов); подтвердите выполнение задачи отметкой',
      problems: [
        { field: 'officerName', message: 'укажите фамилию и инициалы (не короче 3 символов)' },
        { field: 'confirm', message: 'подтвердите выполнение задачи отметкой' },
      ],
    });
  });

  it('limits the comment length', () => {
    const result = parseSubmission('school-report', { ...officer, comment: 'я'.repeat(2001) });
    expect(result).toMatchObject({ ok: false, message: 'комментарий длиннее 2000 символов' });
  });

  it('maps a form to a payload, dropping unknown fields', () => {
    expect(submissionFromForm({ officerName: 'Иванова А.А.', confirm: 'on', role: 'admin', t: 'token' })).toEqual({
      officerName: 'Иванова А.А.',
      officerPosition: '',
      comment: '',
      confirm: true,
    });
  });
});
