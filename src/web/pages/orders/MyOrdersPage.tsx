export function MyOrdersPage() {
  return <p className="muted">…{'MyOrdersPage'}</p>;
}
