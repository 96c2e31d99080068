// GET /queue on the admin server: the counter in the SPEC §4 shape, always with the activation epoch in
// X-KEDA-HTTP-Queue-Epoch. With `?watch=<epoch>` it is a long-poll (the scaler's activation push): it answers
// at once when the epoch differs from <epoch>, otherwise as soon as it changes, or after `timeoutSeconds`
// (default 10, at most 300) with the counts as they are then. The body is always the normal /queue body.
import type { CountReader } from '@keda-http/queue';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ActivityEpoch } from './activity-epoch.js';

export const QUEUE_EPOCH_HEADER = 'x-keda-http-queue-epoch';
export const DEFAULT_QUEUE_WATCH_SECONDS = 10;
export const MAX_QUEUE_WATCH_SECONDS = 300;

const querySchema = z.object({
  watch: z.coerce
    .number({ error: 'watch: expected a whole number (an epoch from X-KEDA-HTTP-Queue-Epoch)' })
    .int({ error: 'watch: expected a whole number (an epoch from X-KEDA-HTTP-Queue-Epoch)' })
    .min(0, { error: 'watch: expected a whole number (an epoch from X-KEDA-HTTP-Queue-Epoch)' })
    .optional(),
  timeoutSeconds: z.coerce
    .number({ error: `timeoutSeconds: expected a number from 0 to ${MAX_QUEUE_WATCH_SECONDS}` })
    .min(0, { error: `timeoutSeconds: expected a number from 0 to ${MAX_QUEUE_WATCH_SECONDS}` })
    .max(MAX_QUEUE_WATCH_SECONDS, {
      error: `timeoutSeconds: expected a number from 0 to ${MAX_QUEUE_WATCH_SECONDS}`,
    })
    .default(DEFAULT_QUEUE_WATCH_SECONDS),
});

export function addQueueWatchRoute(app: FastifyInstance, counts: CountReader, epoch: ActivityEpoch): void {
  app.get('/queue', async (request, reply) => {
    const parsed = querySchema.safeParse(request.query);
    if (!parsed.success) {
      return reply.status(400).send({ error: parsed.error.issues[0]?.message ?? 'bad query' });
    }
    const { watch, timeoutSeconds } = parsed.data;
    if (watch !== undefined) {
      const gone = new AbortController();
      const onClose = (): void => gone.abort();
      reply.raw.once('close', onClose);
      await epoch.changed(watch, timeoutSeconds * 1000, gone.signal);
      reply.raw.off('close', onClose);
    }
    return reply
      .header(QUEUE_EPOCH_HEADER, String(epoch.current()))
      .type('application/json')
      .send(counts.snapshot());
  });
}
