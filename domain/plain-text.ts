// Text that people typed into a campaign file and that goes into decrees, mails, the store and Temporal's history.
import { z } from 'zod';

/**
 * Control characters (NUL among them: PostgreSQL refuses it in text, and the campaign would stall at its first
 * write) and the Unicode bidi overrides and isolates, which make a name read differently from what it is.
 * TAB, CR and LF stay: multi-line texts carry them.
 */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;

export function forbiddenCharacterOf(value: string): string | undefined {
  const found = FORBIDDEN.exec(value)?.[0];
  return found === undefined ? undefined : `U+${found.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** A non-empty trimmed text with no control or bidi-override characters. */
export const plainText = z
  .string()
  .trim()
  .min(1, 'поле не должно быть пустым')
  .superRefine((value, ctx) => {
    const char = forbiddenCharacterOf(value);
    if (char)
      ctx.addIssue({
        code: 'custom',
        message: `недопустимый управляющий символ ${char}: уберите его (часто он попадает при копировании из другой программы)`,
      });
  });
