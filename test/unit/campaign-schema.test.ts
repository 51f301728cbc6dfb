import { readFileSync } from 'node:fs';
import { CampaignFileError, loadCampaignFile, parseCampaign } from '../../client/load-campaign';
import { campaignEndDate, taskClauses } from '../../domain/campaign-clauses';
import { MAX_SCHOOLS } from '../../domain/campaign-schema';
import { EXAMPLE_CAMPAIGN_FILE, exampleCampaign } from '../support/example-campaign';

const exampleSource = readFileSync(EXAMPLE_CAMPAIGN_FILE, 'utf8');

function problemsOf(source: string): string[] {
  try {
    parseCampaign(source, 'broken.yaml');
  } catch (err) {
    if (err instanceof CampaignFileError) return err.problems;
    throw err;
  }
  throw new Error('the file was accepted');
}

describe('campaign file: the example of decree №380', () => {
  const campaign = exampleCampaign();

  it('has the decree requisites, its 12 schools and the three task clauses', () => {
    expect(campaign.decree.number).toBe('380');
    expect(campaign.decree.date).toBe('2024-10-22');
    expect(campaign.schools).toHaveLength(12);
    expect(taskClauses(campaign).map((c) => [c.number, c.task.kind, c.task.due])).toEqual([
      ['1.2', 'registration-deadline', '2024-10-30'],
      ['1.3', 'chat-migration', '2024-11-15'],
      ['1.9', 'school-report', '2024-11-02'],
    ]);
    expect(campaignEndDate(campaign)).toBe('2024-11-15');
  });

  it('keeps the student usage figures quoted in the decree, 18.49% to 48.68%', () => {
    const usage = campaign.schools.map((s) => s.studentUsagePercent);
    expect(Math.max(...(usage as number[]))).toBe(48.68);
    expect(Math.min(...(usage as number[]))).toBe(18.49);
  });

  it('uses only reserved example domains for contacts', () => {
    const emails = campaign.schools
      .flatMap((s) => [s.head.email, s.officer.email])
      .concat(campaign.office.reportMailbox);
    for (const email of emails) expect(email).toMatch(/\.example$/);
  });
});

describe('campaign file: broken files are rejected with the field named, in Russian', () => {
  it('names the line of a YAML syntax error', () => {
    expect(problemsOf('id: x\ndecree: [unclosed\n')[0]).toMatch(
      /синтаксическая ошибка YAML \(строка \d+, столбец \d+\)/,
    );
  });

  it('rejects an empty file', () => {
    expect(problemsOf('')).toEqual(['файл пуст или не содержит описания кампании']);
  });

  it('names a missing required field', () => {
    const problems = problemsOf(exampleSource.replace('  number: "380"\n', ''));
    expect(problems).toEqual([expect.stringMatching(/^поле «decree\.number»: /)]);
  });

  it('names a malformed email with its index', () => {
    const problems = problemsOf(exampleSource.replace('sferum@murguk.example', 'sferum-at-murguk'));
    expect(problems).toEqual(['поле «schools[1].officer.email»: неверный адрес электронной почты']);
  });

  it('rejects a date that does not exist', () => {
    const problems = problemsOf(exampleSource.replace('due: 30.10.2024', 'due: 31.02.2024'));
    expect(problems).toEqual([
      expect.stringMatching(/^поле «decree\.clauses\[2\]\.task\.due»: «31\.02\.2024» не является датой/),
    ]);
  });

  it('rejects a due date before the decree date', () => {
    const problems = problemsOf(exampleSource.replace('due: 30.10.2024', 'due: 01.10.2024'));
    expect(problems).toEqual([
      'поле «decree.clauses[2].task.due»: срок 2024-10-01 раньше даты постановления 2024-10-22',
    ]);
  });

  it('rejects a duplicate school id', () => {
    const problems = problemsOf(exampleSource.replace('- id: murguk', '- id: degva'));
    expect(problems).toEqual(['поле «schools[1].id»: школа с таким id уже есть: «degva»']);
  });

  it('rejects an unknown task kind, listing the known ones', () => {
    const problems = problemsOf(exampleSource.replace('kind: chat-migration', 'kind: chats'));
    expect(problems[0]).toMatch(
      /^поле «decree\.clauses\[3\]\.task\.kind»: вид задачи должен быть одним из: registration-deadline, chat-migration, school-report, questionnaire$/,
    );
  });

  it('rejects a misspelt substitution in the decree text', () => {
    const problems = problemsOf(exampleSource.replace('в срок до {{due}} г.', 'в срок до {{duee}} г.'));
    expect(problems[0]).toMatch(/^текст постановления содержит неверную подстановку/);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf(
      exampleSource.replace('sferum@murguk.example', 'x').replace('- id: urakhi', '- id: Urakhi!'),
    );
    expect(problems).toHaveLength(2);
  });

  it('refuses control characters and bidi overrides in texts, naming the character', () => {
    const withNul = problemsOf(
      exampleSource.replace('name: МКОУ «Мургукская СОШ»', 'name: "МКОУ «Мургукская\\0 СОШ»"'),
    );
    expect(withNul).toEqual([
      expect.stringMatching(/^поле «schools\[1\]\.name»: недопустимый управляющий символ U\+0000/),
    ]);
    const withBidi = problemsOf(exampleSource.replace('name: МКОУ «Мургукская СОШ»', 'name: "МКОУ \\u202Eшос\\u202C"'));
    expect(withBidi).toEqual([
      expect.stringMatching(/^поле «schools\[1\]\.name»: недопустимый управляющий символ U\+202E/),
    ]);
  });

  it('refuses a file made to exhaust the parser: an alias bomb, deep nesting, too many schools, too many bytes', () => {
    const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++)
      laughs.push(
        `${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(9)
          .fill(`*${'abcdefghij'[i - 1]}`)
          .join(',')}]`,
      );
    expect(problemsOf(laughs.join('\n'))).toEqual([
      expect.stringMatching(/^файл не удаётся разобрать: слишком много ссылок/),
    ]);
    expect(problemsOf(`x: ${'['.repeat(100_000)}`)).toEqual(['строка 1: вложенность глубже 64 уровней']);
    const indented = Array.from({ length: 100 }, (_, i) => `${' '.repeat(2 * i)}k${i}:`).join('\n');
    expect(problemsOf(indented)).toEqual([expect.stringMatching(/^строка \d+: вложенность глубже 64 уровней$/)]);
    expect(problemsOf(' '.repeat(33 * 1024 * 1024))[0]).toMatch(/^файл больше 32 МБ/);
    const school = exampleCampaign().schools[0]!;
    const crowded = {
      ...exampleCampaign(),
      schools: Array.from({ length: MAX_SCHOOLS + 1 }, (_, i) => ({ ...school, id: `s${i}`, statsId: `s${i}` })),
    };
    expect(problemsOf(JSON.stringify(crowded))).toContain(
      `поле «schools»: не больше ${MAX_SCHOOLS} школ в одной кампании (в стране около 40 000)`,
    );
  });

  it('names an unreadable file', () => {
    expect(() => loadCampaignFile('/nonexistent/campaign.yaml')).toThrow(/файл не удаётся прочитать: ENOENT/);
  });
});
