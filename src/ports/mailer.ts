/**
 * Outbound email (a local outbox in the event file on the embedded runtime, exported as .eml by `npm run mail`; SES in AWS).
 * `messageId` is the idempotency key: sending the same id twice delivers once.
 */
export interface Mail {
  /** Stable per purpose, e.g. `order-<id>-confirmation@marquee`. */
  readonly messageId: string;
  readonly to: MailRecipient;
  readonly subject: string;
  readonly text: string;
}

/** Who a mail is for: the adapter resolves the address (local: `<username>@localhost`; AWS: the user pool). */
export interface MailRecipient {
  readonly customerId: string;
  readonly name: string;
}

export interface SendResult {
  readonly messageId: string;
  /** false when this message id had been sent before (nothing was sent now). */
  readonly sent: boolean;
}

export interface Mailer {
  send(mail: Mail): Promise<SendResult>;
}
