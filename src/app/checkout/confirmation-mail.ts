import type { Money } from '../../domain/money';
import type { OrderState } from '../../domain/order';
import type { Mail } from '../../ports/mailer';

const money = (m: Money) => `${m.amount.toLocaleString('en-US')} ${m.currency}`;

/** The order confirmation; its message id is fixed per order, which is what makes a resend a no-op. */
export function confirmationMail(order: OrderState): Mail {
  const lines = order.lines.map((l) => `  ${l.quantity} × ${l.title} (${l.sku})  ${money(l.lineTotal)}`);
  const address = order.shippingAddress;
  const shipping = address
    ? ['', 'Shipping to / お届け先:', `  ${address.name}`, `  ${address.line1}`, ...(address.line2 ? [`  ${address.line2}`] : []),
       `  ${address.postalCode} ${address.city}${address.region ? `, ${address.region}` : ''}`, `  ${address.country}`]
    : [];
  const videos = order.lines.some((l) => l.kind === 'DIGITAL') ? ['', 'Your videos are in My library. / 動画はマイライブラリでご覧いただけます。'] : [];
  return {
    messageId: `order-${order.orderId}-confirmation@marquee`,
    to: { customerId: order.customerId, name: order.customerName || order.customerId },
    subject: `ご注文ありがとうございます / Order confirmed (${order.orderId})`,
    text: [
      `Thank you for your order, ${order.customerName || 'customer'}.`,
      `ご注文を承りました。注文番号: ${order.orderId}`,
      '',
      ...lines,
      '',
      `Total / 合計: ${money(order.total)}`,
      ...shipping,
      ...videos,
      '',
      'Marquee',
    ].join('\n'),
  };
}
