// Business failures by type, with the Russian message a user reads. One table, used by workflows and web.
export const USER_ERRORS = {
  InvalidSubmission: 'Данные не приняты',
  TaskAlreadyDone: 'Задача уже выполнена, повторная отправка не требуется',
  LinkForged: 'Ссылка недействительна: она повреждена или подделана',
  LinkExpired: 'Срок действия ссылки истёк',
  LinkWrongTask: 'Ссылка относится к другой задаче',
  TaskNotFound: 'Задача не найдена',
  LinkReplaced: 'Ссылка заменена более новой: откройте задачу по ссылке из последнего письма',
  InvalidExtension: 'Запрос на перенос срока не принят',
  ExtensionPending: 'Предыдущий запрос на перенос срока ещё рассматривается',
  ExtensionNotPending: 'Этот запрос на перенос срока уже рассмотрен или не найден',
  TaskClosed: 'Задача закрыта: действие больше не требуется',
  TaskWithdrawn: 'Задача отозвана управлением образования, отправка не требуется',
  CorrectionClosed: 'Срок исправления отчёта истёк: принятая редакция остаётся в силе',
  InvalidReport: 'Отчёт не принят',
  InvalidDraft: 'Черновик не сохранён',
  InvalidAnswers: 'Ответы не приняты',
  InvalidChecklist: 'Перечень чатов не сохранён',
  InsufficientStatistics: 'Статистика не покрывает и половины школ кампании: отчёт не составлен',
} as const;

export type UserErrorType = keyof typeof USER_ERRORS;
