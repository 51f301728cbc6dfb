// Reads a campaign file (YAML or JSON) and validates it; every problem is named by its field path, in Russian.
import { readFileSync } from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { campaignSchema, type Campaign } from '../domain/campaign-schema';
import { renderDecreeText } from '../activities/texts/decree-text';
import { createTextRenderer, type TextRenderer } from '../activities/texts/renderer';

export class CampaignFileError extends Error {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`Файл кампании ${file} не принят:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CampaignFileError';
  }
}

const ruLocale = z.locales.ru().localeError;

function fieldPath(path: PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}

function parseDocument(source: string, file: string): unknown {
  try {
    return parseYaml(source);
  } catch (err) {
    if (err instanceof YAMLParseError) {
      const where = err.linePos ? `строка ${err.linePos[0].line}, столбец ${err.linePos[0].col}` : 'место неизвестно';
      throw new CampaignFileError(file, [`синтаксическая ошибка YAML (${where}): ${err.message.split('\n')[0]}`]);
    }
    throw err;
  }
}

function checkTemplates(campaign: Campaign, file: string, renderer: TextRenderer): void {
  try {
    renderDecreeText(campaign, renderer);
  } catch (err) {
    throw new CampaignFileError(file, [`текст постановления содержит неверную подстановку {{…}}: ${(err as Error).message.split('\n')[0]}`]);
  }
}

export function parseCampaign(source: string, file = '<campaign>', renderer: TextRenderer = createTextRenderer()): Campaign {
  const document = parseDocument(source, file);
  if (document === null || typeof document !== 'object') throw new CampaignFileError(file, ['файл пуст или не содержит описания кампании']);
  const result = campaignSchema.safeParse(document, { error: ruLocale });
  if (!result.success) {
    throw new CampaignFileError(file, result.error.issues.map((i) => `поле «${fieldPath(i.path) || '(корень)'}»: ${i.message}`));
  }
  checkTemplates(result.data, file, renderer);
  return result.data;
}

export function loadCampaignFile(file: string, renderer?: TextRenderer): Campaign {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CampaignFileError(file, [`файл не удаётся прочитать: ${(err as NodeJS.ErrnoException).code ?? String(err)}`]);
  }
  return parseCampaign(source, file, renderer);
}
