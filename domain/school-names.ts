// School names as statistics files spell them, matched to the roster: «МКОУ "Дегвинская СОШ"», «мбоу дегвинская сош»
// and «МКОУ «Дегвинская СОШ»» are one school. The key ignores what varies between exports and keeps what tells
// schools apart (the village, the number, «гимназия», «лицей»). Pure: the parser runs it for 40,000 rows.

/** Long school types, as they appear in full official names, to the abbreviation exports use. */
const SCHOOL_TYPES: [RegExp, string][] = [
  [/средняя общеобразовательная школа/g, 'сош'],
  [/основная общеобразовательная школа/g, 'оош'],
  [/начальная общеобразовательная школа/g, 'нош'],
  [/средняя школа/g, 'сш'],
];
/** The organisational-legal form: which kind of body runs the school, not which school it is. */
const LEGAL_FORM_LONG =
  /(муниципальное|государственное|частное|негосударственное)( (казенное|бюджетное|автономное))? (общеобразовательное|образовательное) учреждение/g;
const LEGAL_FORMS = [
  'мкоу',
  'мбоу',
  'моу',
  'маоу',
  'гбоу',
  'гкоу',
  'гаоу',
  'гоу',
  'чоу',
  'ноу',
  'ано',
  'аноо',
  'мбоо',
  'мкоо',
  'мкооу',
  'мбооу',
  'гбпоу',
  'огбоу',
  'огкоу',
  'кгбоу',
  'кгкоу',
];
/** Quotes of every kind, punctuation and spaces: one separator, so «им.А.А.» and «им А. А.» agree. */
const SEPARATOR_CHARS = '«»“”„‟"\'‘’‚`′″.,;:()[]{}!?/\\‐‑‒–—-';
/** JavaScript's `\s`, spelt out: the separators are looked up per character, not matched by a regular expression. */
const WHITESPACE =
  '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';
const SEPARATOR_CODES = new Set([...SEPARATOR_CHARS, ...WHITESPACE].map((c) => c.charCodeAt(0)));
const ASCII_SEPARATOR = Array.from({ length: 128 }, (_, code) => SEPARATOR_CODES.has(code));
const LEGAL_FORM_WORDS = new RegExp(`(^| )(${LEGAL_FORMS.join('|')})(?= |$)`, 'g');
const LATIN_NUMBER_SIGN = /(^| )no? ?(?=\d)/g;

/** The key two spellings of one school share. Checks before each pass: a country file has 40,000 names. */
export function normaliseSchoolName(name: string): string {
  let s = collapseSeparators(name.toLowerCase());
  if (s.includes('ё')) s = s.replace(/ё/g, 'е');
  if (s.includes('№ ')) s = s.replace(/№ (?=\d)/g, '№');
  if (s.includes('n')) s = s.replace(LATIN_NUMBER_SIGN, '$1№');
  if (s.includes('учреждение')) s = s.replace(LEGAL_FORM_LONG, ' ');
  if (s.includes('школа')) for (const [long, short] of SCHOOL_TYPES) s = s.replace(long, short);
  if (s.includes('имени')) s = s.replace(/(^| )имени(?= |$)/g, '$1им');
  s = s.replace(LEGAL_FORM_WORDS, ' ');
  return s.includes('  ') || s.startsWith(' ') || s.endsWith(' ') ? s.replace(/ {2,}/g, ' ').trim() : s;
}

function isSeparator(code: number): boolean {
  return code < 128 ? ASCII_SEPARATOR[code]! : SEPARATOR_CODES.has(code);
}

/** Every run of separators becomes one space, none at either end: one pass, as a country file has 40,000 names. */
function collapseSeparators(s: string): string {
  let out = '';
  let from = 0;
  let cut = false;
  for (let i = 0; i <= s.length; i++) {
    if (i < s.length && !isSeparator(s.charCodeAt(i))) continue;
    if (i === s.length && !cut) return s;
    cut = true;
    if (i > from) out = out ? `${out} ${s.slice(from, i)}` : s.slice(from, i);
    from = i + 1;
  }
  return out;
}

export interface SchoolNameEntry {
  schoolId: string;
  names: string[];
}

export interface SchoolNameIndex {
  /** Roster school ids whose normalised names equal the normalised name: [] none, [id] a match, 2+ ambiguous (the
   * caller reports a problem, never guesses). */
  match(name: string): string[];
  /** Up to `limit` (default 3) roster school ids whose names are closest to `name`, best first; [] when nothing is
   * reasonably close. */
  suggest(name: string, limit?: number): string[];
}

/** Below this share of common trigrams a name is not worth offering as a suggestion. */
const MIN_SIMILARITY = 0.45;
const CANDIDATES = 50;

export function createSchoolNameIndex(entries: SchoolNameEntry[]): SchoolNameIndex {
  const byKey = new Map<string, string[]>();
  for (const { schoolId, names } of entries) {
    for (const name of names) {
      const key = normaliseSchoolName(name);
      const ids = byKey.get(key);
      if (!ids) byKey.set(key, [schoolId]);
      else if (!ids.includes(schoolId)) ids.push(schoolId);
    }
  }
  let trigrams: TrigramIndex | undefined;
  return {
    match: (name) => byKey.get(normaliseSchoolName(name)) ?? [],
    suggest(name, limit = 3) {
      trigrams ??= buildTrigramIndex(byKey);
      return closest(trigrams, normaliseSchoolName(name), limit);
    },
  };
}

interface TrigramIndex {
  keys: string[];
  ids: string[][];
  postings: Map<string, number[]>;
}

function trigramsOf(key: string): Set<string> {
  const padded = ` ${key} `;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  return grams;
}

/** Built on the first suggestion only: most files match every row and never need it. */
function buildTrigramIndex(byKey: Map<string, string[]>): TrigramIndex {
  const keys = [...byKey.keys()];
  const postings = new Map<string, number[]>();
  keys.forEach((key, k) => {
    for (const gram of trigramsOf(key)) {
      const list = postings.get(gram);
      if (list) list.push(k);
      else postings.set(gram, [k]);
    }
  });
  return { keys, ids: keys.map((k) => byKey.get(k)!), postings };
}

/**
 * Candidates by shared rare trigrams (those of «сош», «инская» are in every name and say nothing), then ranked by
 * the Dice coefficient of all trigrams, so 40,000 names are never compared one by one.
 */
function closest(index: TrigramIndex, key: string, limit: number): string[] {
  const grams = trigramsOf(key);
  const rareBelow = Math.max(50, index.keys.length / 20);
  const lists = [...grams].map((g) => index.postings.get(g) ?? []).filter((l) => l.length > 0);
  const rare = lists.filter((l) => l.length <= rareBelow);
  const shared = new Map<number, number>();
  for (const list of rare.length ? rare : lists) for (const k of list) shared.set(k, (shared.get(k) ?? 0) + 1);
  const candidates = [...shared]
    .sort((a, b) => b[1] - a[1])
    .slice(0, CANDIDATES)
    .map(([k]) => k);
  const best = candidates
    .map((k) => ({ k, score: dice(grams, trigramsOf(index.keys[k]!)) }))
    .filter((c) => c.score >= MIN_SIMILARITY)
    .sort((a, b) => b.score - a.score);
  const ids: string[] = [];
  for (const { k } of best) for (const id of index.ids[k]!) if (!ids.includes(id)) ids.push(id);
  return ids.slice(0, limit);
}

function dice(a: Set<string>, b: Set<string>): number {
  let common = 0;
  for (const g of a) if (b.has(g)) common++;
  return (2 * common) / (a.size + b.size);
}
