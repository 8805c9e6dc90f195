import { ingestStartFor } from '../../app/vod/ingest-keys';
import type { Workflows } from '../../ports/workflows';
import { awsRuntime } from './lambda-runtime';

/** EventBridge's "Object Created" event from the uploads bucket. */
export interface S3ObjectCreatedEvent {
  readonly 'detail-type'?: string;
  readonly detail: {
    readonly bucket: { readonly name: string };
    readonly object: { readonly key: string; readonly size?: number };
  };
}

/**
 * "An upload landed" -> whatever the key is for (video ingest), exactly as the local blob store's
 * listener does it (`ingestStartFor`). The execution is named after the upload, so a repeated S3
 * event (EventBridge delivers at least once) never starts a second one. Other keys are ignored.
 */
export function s3UploadHandler(workflows: () => Workflows) {
  return async (event: S3ObjectCreatedEvent): Promise<{ started: boolean; executionName?: string }> => {
    const start = ingestStartFor(event.detail.object.key, event.detail.object.size ?? null);
    if (!start) return { started: false };
    const { started } = await workflows().start(start.machine, start.executionName, start.input);
    return { started, executionName: start.executionName };
  };
}

export const handler = s3UploadHandler(() => awsRuntime().workflows);
