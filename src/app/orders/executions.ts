import type { HistoryEvent, Workflows } from '../../ports/workflows';

export interface ExecutionView {
  name: string;
  machine: string;
  status: string;
  startedAt: string;
  stoppedAt: string | null;
  events: { at: string; type: string; state: string | null; detail: string | null }[];
}

const detailText = (event: HistoryEvent) => (event.detail && Object.keys(event.detail).length ? JSON.stringify(event.detail) : null);

/** The checkout execution of an order (named by the order id) with its state history. */
export async function executionsOf(workflows: Workflows, orderId: string): Promise<ExecutionView[]> {
  const execution = await workflows.describe(orderId);
  if (!execution) return [];
  const history = await workflows.history(orderId);
  return [
    {
      name: execution.name,
      machine: execution.machine,
      status: execution.status,
      startedAt: execution.startedAt,
      stoppedAt: execution.stoppedAt ?? null,
      events: history.map((e) => ({ at: e.timestamp, type: e.type, state: e.stateName ?? null, detail: detailText(e) })),
    },
  ];
}
