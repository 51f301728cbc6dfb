// Texts users read (emails, pages, the decree's own words) come from templates/*.hbs,
// rendered in an isolated Handlebars environment with Russian helpers.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import Handlebars from 'handlebars';
import { formatRuDate, formatRuDateLong } from '../../domain/dates';

export const TEMPLATES_DIR = join(__dirname, '..', '..', 'templates');

/** Russian plural form: 1 задача, 2 задачи, 5 задач. */
export function ruPlural(n: number, one: string, few: string, many: string): string {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return one;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return few;
  return many;
}

/** 48.68 → «48,68%», as Russian documents write percentages. */
export function ruPercent(value: number): string {
  return `${value.toFixed(2).replace('.', ',')}%`;
}

export interface TextRenderer {
  /** A template file under templates/, HTML-escaped (.html.hbs) or plain (.text.hbs, .subject.hbs). */
  render(name: string, context: object): string;
  /** A template held in data (a clause of the campaign file): plain text, no escaping. */
  renderInline(source: string, context: object): string;
}

function registerHelpers(hb: typeof Handlebars): void {
  hb.registerHelper('ruDate', (iso: string) => formatRuDate(iso));
  hb.registerHelper('ruDateLong', (iso: string) => formatRuDateLong(iso));
  hb.registerHelper('quote', (s: string) => `«${s}»`);
  hb.registerHelper('ruPercent', (v: number) => ruPercent(v));
  hb.registerHelper(
    'plural',
    (n: number, one: string, few: string, many: string) => `${n} ${ruPlural(n, one, few, many)}`,
  );
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hb.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).join(''));
  // Escapes a plain-text body, then turns its http(s) URLs into links (outbox page).
  hb.registerHelper('linkify', (text: string) => {
    const escaped = hb.escapeExpression(text);
    return new hb.SafeString(escaped.replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`));
  });
}

function listTemplates(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) return listTemplates(full);
    return entry.endsWith('.hbs') ? [full] : [];
  });
}

export function createTextRenderer(templatesDir: string = TEMPLATES_DIR): TextRenderer {
  const hb = Handlebars.create();
  registerHelpers(hb);
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  for (const file of listTemplates(templatesDir)) {
    const name = relative(templatesDir, file).replace(/\.hbs$/, '');
    const source = readFileSync(file, 'utf8');
    const noEscape = !name.endsWith('.html');
    if (name.includes('/partials/'))
      hb.registerPartial(
        name
          .split('/')
          .pop()!
          .replace(/\.html$/, ''),
        source,
      );
    else compiled.set(name, hb.compile(source, { noEscape }));
  }
  const inlineCache = new Map<string, Handlebars.TemplateDelegate>();
  return {
    render(name, context) {
      const template = compiled.get(name);
      if (!template) throw new Error(`no template ${name} in ${templatesDir}`);
      return template(context);
    },
    renderInline(source, context) {
      let template = inlineCache.get(source);
      if (!template) {
        // Strict: a misspelt {{field}} in a campaign file is an error at validation, not a blank in the decree.
        template = hb.compile(source, { noEscape: true, strict: true });
        inlineCache.set(source, template);
      }
      return template(context);
    },
  };
}
