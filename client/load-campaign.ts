// Reads a campaign file (YAML or JSON) and validates it; every problem is named by its field path, in Russian.
import { readFileSync } from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { campaignSchema, type Campaign } from '../domain/campaign-schema';
import { renderDecreeText } from '../activities/texts/decree-text';
import { createTextRenderer, type TextRenderer } from '../activities/texts/renderer';

export class CampaignFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Файл кампании ${file} не принят:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CampaignFileError';
  }
}

const ruLocale = z.locales.ru().localeError;

function fieldPath(path: PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    '',
  );
}

/** The country's 40,000 schools are about 20 MB of YAML. */
export const MAX_CAMPAIGN_FILE_BYTES = 32 * 1024 * 1024;
/** A campaign file nests about six levels; far deeper is a file made to exhaust the parser. */
const MAX_NESTING = 64;
/** Anchors and aliases (&x, *x) are fine in moderation; thousands are a «billion laughs». */
const MAX_ALIASES = 100;

/** Cheap checks on the text before the parser sees it: its size and how deep it nests. */
function shapeProblem(source: string): string | undefined {
  const bytes = Buffer.byteLength(source);
  if (bytes > MAX_CAMPAIGN_FILE_BYTES)
    return `файл больше ${MAX_CAMPAIGN_FILE_BYTES / 1024 / 1024} МБ (${(bytes / 1024 / 1024).toFixed(1)} МБ): столько не занимает даже кампания на всю страну`;
  let depth = 0;
  let line = 1;
  let indent = 0;
  let atLineStart = true;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 10) {
      line++;
      indent = 0;
      atLineStart = true;
      continue;
    }
    if (atLineStart && c === 32) {
      if (++indent > 2 * MAX_NESTING) return `строка ${line}: вложенность глубже ${MAX_NESTING} уровней`;
      continue;
    }
    atLineStart = false;
    if (c === 91 || c === 123)
      depth++; // [ {
    else if ((c === 93 || c === 125) && depth > 0) depth--;
    if (depth > MAX_NESTING) return `строка ${line}: вложенность глубже ${MAX_NESTING} уровней`;
  }
  return undefined;
}

function parseDocument(source: string, file: string): unknown {
  const shape = shapeProblem(source);
  if (shape) throw new CampaignFileError(file, [shape]);
  // A JSON file (as the region generator writes) reads a hundred times faster as JSON; a broken one falls through
  // to the YAML parser, whose message names the line.
  if (/^\s*\{/.test(source)) {
    try {
      return JSON.parse(source) as unknown;
    } catch {
      // reported below with its position
    }
  }
  try {
    return parseYaml(source, { maxAliasCount: MAX_ALIASES });
  } catch (err) {
    if (err instanceof YAMLParseError) {
      const where = err.linePos ? `строка ${err.linePos[0].line}, столбец ${err.linePos[0].col}` : 'место неизвестно';
      throw new CampaignFileError(file, [`синтаксическая ошибка YAML (${where}): ${err.message.split('\n')[0]}`]);
    }
    // The parser's refusal of an alias bomb (a ReferenceError) or of anything else it cannot build.
    throw new CampaignFileError(file, [
      `файл не удаётся разобрать: слишком много ссылок (*имя) на якоря или иная ошибка построения (${(err as Error).message.split('\n')[0]})`,
    ]);
  }
}

function checkTemplates(campaign: Campaign, file: string, renderer: TextRenderer): void {
  try {
    renderDecreeText(campaign, renderer);
  } catch (err) {
    throw new CampaignFileError(file, [
      `текст постановления содержит неверную подстановку {{…}}: ${(err as Error).message.split('\n')[0]}`,
    ]);
  }
}

export function parseCampaign(
  source: string,
  file = '<campaign>',
  renderer: TextRenderer = createTextRenderer(),
): Campaign {
  const document = parseDocument(source, file);
  if (document === null || typeof document !== 'object')
    throw new CampaignFileError(file, ['файл пуст или не содержит описания кампании']);
  const result = campaignSchema.safeParse(document, { error: ruLocale });
  if (!result.success) {
    throw new CampaignFileError(
      file,
      result.error.issues.map((i) => `поле «${fieldPath(i.path) || '(корень)'}»: ${i.message}`),
    );
  }
  checkTemplates(result.data, file, renderer);
  return result.data;
}

export function loadCampaignFile(file: string, renderer?: TextRenderer): Campaign {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CampaignFileError(file, [
      `файл не удаётся прочитать: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    ]);
  }
  return parseCampaign(source, file, renderer);
}
