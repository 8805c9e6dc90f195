export function CmsOrdersPage() {
  return <p className="muted">…{'CmsOrdersPage'}</p>;
}
