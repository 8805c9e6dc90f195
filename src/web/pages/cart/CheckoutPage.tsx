export function CheckoutPage() {
  return <p className="muted">…{'CheckoutPage'}</p>;
}
