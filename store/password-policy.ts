// What a staff password must be: long, and not one that attackers try first. zxcvbn-ts (Dropbox's estimator, kept
// up as a TypeScript port) carries the lists of common passwords, names and words and sees through repeats,
// sequences and keyboard walks, which a plain list would not (`aaaaaaaaaaaa`, `qwertyuiop12`).
import { zxcvbn, zxcvbnOptions } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 1024;
/** 3 of 4: «safely unguessable», about 10^10 guesses; a generated password scores 4. */
const MIN_SCORE = 3;

let configured = false;

/** The problem with a password, in Russian, or undefined when it may be used. */
export function passwordProblem(password: string, login: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `Пароль: не короче ${MIN_PASSWORD_LENGTH} символов`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Пароль: не длиннее ${MAX_PASSWORD_LENGTH} символов`;
  if (!configured) {
    zxcvbnOptions.setOptions({ dictionary, graphs: adjacencyGraphs });
    configured = true;
  }
  // Only the first 100 characters are estimated: the estimate's cost grows fast with length, and 100 suffice.
  const { score } = zxcvbn(password.slice(0, 100), [login, 'decree', 'sferum', 'сферум', 'admin']);
  if (score < MIN_SCORE)
    return 'Пароль: слишком простой или слишком распространённый (повторы, последовательности, словарные слова, логин). Возьмите несколько несвязанных слов или оставьте поле пустым, и система создаст пароль';
  return undefined;
}

/** Logins are compared without case: `Office1` and `office1` are one account. */
export const normalizeLogin = (login: string) => login.trim().toLowerCase();
