export {
  createCounter,
  track,
  type Counter,
  type CountReader,
  type CountRecord,
  type CountTracker,
  type QueueCounts,
} from './counter.js';
export { QueueError, isQueueError, type QueueErrorCode } from './errors.js';
export {
  DEFAULT_QUEUE_WATCH_SECONDS,
  MAX_QUEUE_WATCH_SECONDS,
  QUEUE_EPOCH_HEADER,
  QUEUE_PATH,
  addQueueRoute,
  fetchQueue,
  fetchQueueText,
  fetchScalerQueue,
  queueCountsSchema,
  queueUrl,
  scalerQueueSchema,
  type FetchQueueOptions,
  type QueueEpoch,
  type QueueRouteOptions,
  type QueueText,
  type QueueWatch,
  type ScalerQueueCounts,
} from './queue-endpoint.js';
export { parseQueueBody, podCountsOf, type PodCounts } from './queue-body.js';
export { createRateWindow, type RateWindow, type RateWindowOptions } from './rate-window.js';
