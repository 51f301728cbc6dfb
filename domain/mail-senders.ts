// Whose name a campaign's mail may carry in From: is the installation's to decide, not the uploaded file's. An office
// account could otherwise send every school a decree «from» the minister. The configuration lists the addresses
// and domains a campaign file may choose (MAIL_FROM_ALLOWED); the file's sender must be one of them.
export interface MailSenders {
  /** Every address is allowed: only for the embedded SMTP sink, whose mail never leaves the machine. */
  any: boolean;
  /** Exact addresses (lower case) and domains (`@uo-sergokala.example`). */
  allowed: readonly string[];
  /** The configured sender: what a mail whose From is not allowed is sent from instead. */
  fallback: string;
}

export function senderAllowed(senders: MailSenders, address: string): boolean {
  if (senders.any) return true;
  const lower = address.trim().toLowerCase();
  const domain = lower.slice(lower.lastIndexOf('@'));
  return senders.allowed.some((a) => a === lower || a === domain);
}

/** The campaign file's problem with its sender, in the words of the launch page; undefined when allowed. */
export function senderProblem(senders: MailSenders, address: string): string | undefined {
  if (senderAllowed(senders, address)) return undefined;
  return `поле «office.sender.email»: адрес отправителя «${address}» не разрешён настройками системы; разрешены: ${senders.allowed.join(', ')} (MAIL_FROM_ALLOWED у администратора)`;
}
