/**
 * The short order number people read and say: the id's last 8 hex digits. Ids start with their
 * time in milliseconds, so their first digits are the same for every order of the same minute;
 * the last ones are random.
 */
export const orderNumber = (orderId: string) => orderId.slice(-8);
