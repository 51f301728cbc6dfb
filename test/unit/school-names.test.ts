import { performance } from 'node:perf_hooks';
import { createSchoolNameIndex, normaliseSchoolName } from '../../domain/school-names';
import { exampleCampaign } from '../support/example-campaign';

const roster = exampleCampaign().schools;
const index = createSchoolNameIndex(roster.map((s) => ({ schoolId: s.id, names: [s.name] })));

describe('school names: one key for every spelling of one school', () => {
  it.each([
    ['МКОУ "Дегвинская СОШ"', 'degva'],
    ['МКОУ ""Дегвинская СОШ""', 'degva'],
    ['МКОУ “Дегвинская СОШ”', 'degva'],
    ['МКОУ „Дегвинская СОШ“', 'degva'],
    ["МКОУ 'Дегвинская СОШ'", 'degva'],
    ['Дегвинская СОШ', 'degva'],
    ['  мкоу   дегвинская\u00a0сош ', 'degva'],
    ['Муниципальное казённое общеобразовательное учреждение «Дегвинская средняя общеобразовательная школа»', 'degva'],
    ['МБОУ «Сергокалинская СОШ № 2»', 'sergokala-2'],
    ['МКОУ Сергокалинская СОШ N2', 'sergokala-2'],
    ['мкоу урахинская сош им. А.А.Тахо-Годи', 'urakhi'],
    ['МКОУ «Урахинская СОШ имени А. А. Тахо Годи»', 'urakhi'],
    ['МКОУ «Ванашимахинская СОШ им С. Омарова»', 'vanashimakhi'],
  ])('%s → %s', (name, id) => {
    expect(index.match(name)).toEqual([id]);
  });

  it('ё and е are one letter; numbers and distinguishing words are kept', () => {
    expect(normaliseSchoolName('МКОУ «Берёзовская СОШ»')).toBe(normaliseSchoolName('Березовская сош'));
    expect(normaliseSchoolName('МКОУ «Сергокалинская СОШ №1»')).not.toBe(
      normaliseSchoolName('МКОУ «Сергокалинская СОШ №2»'),
    );
    expect(normaliseSchoolName('МБОУ «Гимназия №1»')).toBe('гимназия №1');
    expect(normaliseSchoolName('МКОУ «Новая школа»')).toBe('новая школа'); // "Новая" is a name, not "No"
  });

  it('two roster schools with one key both come back: the caller must not guess', () => {
    const twins = createSchoolNameIndex([
      { schoolId: 'a', names: ['МКОУ «СОШ №1»'] },
      { schoolId: 'b', names: ['МБОУ "СОШ № 1"'] },
    ]);
    expect(twins.match('СОШ №1')).toEqual(['a', 'b']);
  });

  it('other spellings of a school (statsNames) match it too', () => {
    const withAliases = createSchoolNameIndex([
      { schoolId: 'degva', names: ['МКОУ «Дегвинская СОШ»', 'Дегвинская школа'] },
    ]);
    expect(withAliases.match('ДЕГВИНСКАЯ ШКОЛА')).toEqual(['degva']);
    expect(withAliases.match('МКОУ "Дегвинская СОШ"')).toEqual(['degva']);
  });

  it('suggests the closest names for a misspelt one, and nothing for an unrelated one', () => {
    expect(index.match('МКОУ «Дегвиская СОШ»')).toEqual([]);
    expect(index.suggest('МКОУ «Дегвиская СОШ»')[0]).toBe('degva');
    expect(index.suggest('Детский сад «Ромашка»')).toEqual([]);
  });

  it('a country roster of 40,000 names: index, 40,000 matches and 100 suggestions in seconds, not minutes', () => {
    const syllables = [
      'ка',
      'ра',
      'ми',
      'ан',
      'тур',
      'мах',
      'даг',
      'сер',
      'го',
      'ли',
      'бек',
      'хан',
      'ну',
      'ор',
      'зен',
      'чи',
    ];
    const village = (i: number) => [i % 16, (i >> 4) % 16, (i >> 8) % 16].map((k) => syllables[k]).join('');
    const names = Array.from({ length: 40_000 }, (_, i) => ({
      schoolId: `s${i}`,
      names: [`МКОУ «${village(i)}инская СОШ №${1 + (i >> 12)}»`],
    }));
    const start = performance.now();
    const country = createSchoolNameIndex(names);
    const matched = names.filter((n, i) => country.match(n.names[0]!.replace(/[«»]/g, '"'))[0] === `s${i}`).length;
    const built = performance.now();
    const suggestions = Array.from({ length: 100 }, (_, i) =>
      country.suggest(`${village(i * 397)}инска СОШ №${1 + ((i * 397) >> 12)}`),
    );
    const suggested = performance.now();
    console.log(
      `40,000 names: index + matches ${(built - start).toFixed(0)} ms, 100 suggestions ${(suggested - built).toFixed(0)} ms`,
    );
    expect(matched).toBe(40_000);
    expect(suggestions.filter((s, i) => s[0] === `s${i * 397}`).length).toBeGreaterThan(90);
    expect(suggested - start).toBeLessThan(20_000);
  });
});
