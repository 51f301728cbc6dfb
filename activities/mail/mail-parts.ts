import type { TextRenderer } from '../texts/renderer';

/** Subject, plain text and HTML of one message, from templates/mail/<name>.{subject,text,html}.hbs. */
export function renderMailParts(renderer: TextRenderer, name: string, context: object): { subject: string; text: string; html: string } {
  return {
    subject: renderer.render(`mail/${name}.subject`, context).trim(),
    text: renderer.render(`mail/${name}.text`, context),
    html: renderer.render(`mail/${name}.html`, context),
  };
}
