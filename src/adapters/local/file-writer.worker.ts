/**
 * The background file writer's thread (see file-writer.ts): writes each file in place. No temporary
 * name and rename: under checkout's load every directory operation costs ~0.1-0.4 ms of system time,
 * and a writer that crashes mid-file (it has not said the file is done) writes it again whole.
 */
import { writeFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { WriteReply, WriteRequest } from './file-writer';

parentPort!.on('message', (batch: WriteRequest[]) => {
  const replies = batch.map(({ id, path, content }): WriteReply => {
    try {
      writeFileSync(path, content);
      return { id };
    } catch (error) {
      return { id, error: error instanceof Error ? error.message : String(error) };
    }
  });
  parentPort!.postMessage(replies);
});
