/**
 * The background file writer's thread (see file-writer.ts): writes each file whole under a temporary
 * name, then renames it, so a crash leaves either no file or the complete one.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { WriteReply, WriteRequest } from './file-writer';

parentPort!.on('message', (batch: WriteRequest[]) => {
  const replies = batch.map(({ id, path, content }): WriteReply => {
    try {
      writeFileSync(`${path}.tmp`, content);
      renameSync(`${path}.tmp`, path);
      return { id };
    } catch (error) {
      return { id, error: error instanceof Error ? error.message : String(error) };
    }
  });
  parentPort!.postMessage(replies);
});
