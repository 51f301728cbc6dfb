import type { TextRenderer } from '../texts/renderer';
import type { OutgoingMail } from './mailer';

/** Subject, plain text and HTML of one message, from templates/mail/<name>.{subject,text,html}.hbs. */
export function renderMailParts(
  renderer: TextRenderer,
  name: string,
  context: object,
): { subject: string; text: string; html: string } {
  return {
    subject: renderer.render(`mail/${name}.subject`, context).trim(),
    text: renderer.render(`mail/${name}.text`, context),
    html: renderer.render(`mail/${name}.html`, context),
  };
}

/** Every mail of a campaign comes from the office's sender address, under the office's name. */
export function fromOffice(office: { sender: { name?: string; email: string } }): OutgoingMail['from'] {
  return { name: office.sender.name, address: office.sender.email };
}
