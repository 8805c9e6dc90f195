import { formatMoney, type Money } from '../format/money';

export const Price = ({ money, className }: { money: Money; className?: string }) => (
  <span className={className ? `price ${className}` : 'price'}>{formatMoney(money)}</span>
);
