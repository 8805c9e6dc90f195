/**
 * Pushes a change to subscribers, AppSync-style: `mutation` names an internal
 * `@aws_iam` publish mutation; every Subscription field that lists it in
 * `@aws_subscribe(mutations: [...])` receives `payload` (filtered by its arguments).
 */
export interface Publisher {
  publish(mutation: string, payload: Record<string, unknown>): Promise<void>;
}
