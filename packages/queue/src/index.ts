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
  QUEUE_PATH,
  addQueueRoute,
  fetchQueue,
  fetchScalerQueue,
  queueCountsSchema,
  scalerQueueSchema,
  type FetchQueueOptions,
  type ScalerQueueCounts,
} from './queue-endpoint.js';
export { createRateWindow, type RateWindow, type RateWindowOptions } from './rate-window.js';
