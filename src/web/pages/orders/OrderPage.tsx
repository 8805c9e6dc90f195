export function OrderPage({ id }: { id: string }) {
  return <p className="muted">…{id}</p>;
}
