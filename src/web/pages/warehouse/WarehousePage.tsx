export function WarehousePage() {
  return <p className="muted">…{'WarehousePage'}</p>;
}
