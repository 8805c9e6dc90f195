export function WatchPage({ id }: { id: string }) {
  return <p className="muted">…{id}</p>;
}
