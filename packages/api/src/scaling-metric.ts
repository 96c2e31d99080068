// The scaling metric blocks shared by both kinds: concurrency (requests in flight) and request rate.
import { z } from 'zod';
import { duration, int32 } from './schema-building.js';

export const concurrencyTargetSchema = z
  .object({
    targetValue: int32()
      .min(1)
      .default(100)
      .meta({ description: 'Requests in flight per replica that KEDA aims for.' }),
  })
  .meta({ description: 'Scale on the number of requests in flight.' });

export const requestRateTargetSchema = z
  .object({
    targetValue: int32()
      .min(1)
      .default(100)
      .meta({ description: 'Requests per second per replica that KEDA aims for.' }),
    window: duration()
      .default('1m')
      .meta({ description: 'Sliding window the rate is averaged over, as a duration.' }),
    granularity: duration()
      .default('1s')
      .meta({ description: 'Bucket size within the window, as a duration.' }),
  })
  .meta({ description: 'Scale on requests per second, averaged over a sliding window.' });

export type ConcurrencyTarget = z.output<typeof concurrencyTargetSchema>;
export type RequestRateTarget = z.output<typeof requestRateTargetSchema>;
