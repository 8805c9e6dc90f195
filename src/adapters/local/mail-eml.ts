import type { Mail } from '../../ports/mailer';

/** RFC 2047 encoded-word for non-ASCII header text (subjects in Japanese). */
const encodeHeader = (value: string) =>
  /^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;

/** A plain-text RFC 5322 message with a UTF-8 body, as mail clients open it. */
export function toEml(mail: Mail, to: string, from: string, at: Date): string {
  const body = lines(Buffer.from(mail.text, 'utf8').toString('base64'), 76);
  return [
    `Message-ID: <${mail.messageId}>`,
    `Date: ${at.toUTCString()}`,
    `From: Marquee <${from}>`,
    `To: ${encodeHeader(mail.to.name)} <${to}>`,
    `Subject: ${encodeHeader(mail.subject)}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    body,
    '',
  ].join('\r\n');
}

/** `text` cut into lines of `width` (the last one may be shorter), each ending in CRLF but the last. */
function lines(text: string, width: number): string {
  if (text.length <= width) return text;
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += width) parts.push(text.slice(i, i + width));
  return parts.join('\r\n');
}
