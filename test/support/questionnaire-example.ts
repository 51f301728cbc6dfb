// The questionnaire example (examples/monitoring-questionnaire) and a form answering it fully, as a browser posts it.
import { join } from 'node:path';

export const QUESTIONNAIRE_EXAMPLE_FILE = join(
  __dirname,
  '..',
  '..',
  'examples',
  'monitoring-questionnaire',
  'campaign.yaml',
);

/** Every question answered; one class row (5А). Tests add rows or change answers over it. */
export const ANSWERED_FORM: Record<string, string | string[]> = {
  'q.staff-total': '42',
  'q.staff-active': '40',
  'q.main-channel': 'ИКОП «Сферум»',
  'q.used-features': ['Чаты классов', 'Видеозвонки'],
  'q.foreign-left': 'no',
  'q.order-date': '01.11.2024',
  'r.classes.0.row': '5А',
  'r.classes.0.pupils': '25',
  'r.classes.0.in-chat': '24',
  'r.classes.0.teacher-in-chat': 'yes',
  respondent: 'Ибрагимова С.М., заместитель директора',
};
