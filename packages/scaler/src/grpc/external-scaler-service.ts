// The externalscaler.ExternalScaler handlers KEDA calls (SPEC §5). Each unary call parses the ScaledObjectRef,
// answers from memory (the routing table and the last totals) and maps failures through grpc-status.ts;
// StreamIsActive is served by active-streams.ts.
import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import type { ExternalScalerHandlers } from '../generated/externalscaler/ExternalScaler.js';
import { selectMetric } from '../metrics/metric-specs.js';
import type { ScalerAnswers } from '../metrics/scaler-answers.js';
import { parseScaledObjectRef } from '../metrics/scaler-query.js';
import type { ActiveStreams } from './active-streams.js';
import { grpcFailureOf, toServiceError } from './grpc-status.js';
import { isActiveResponse, metricSpecResponse, metricsResponse } from './responses.js';

export interface ExternalScalerServiceOptions {
  readonly answers: ScalerAnswers;
  readonly streams: ActiveStreams;
  /** An unexpected error (a bug), for the log. */
  readonly onInternalError?: (err: unknown, method: string) => void;
}

export function createExternalScalerHandlers(options: ExternalScalerServiceOptions): ExternalScalerHandlers {
  const { answers, streams } = options;

  /** Runs `answer` and reports its result or its error on `callback`. */
  const unary =
    <Req, Res>(method: string, answer: (request: Req) => Res) =>
    (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
      let response: Res;
      try {
        response = answer(call.request);
      } catch (err) {
        const failure = grpcFailureOf(err);
        if (!failure.expected) options.onInternalError?.(err, method);
        callback(toServiceError(failure));
        return;
      }
      callback(null, response);
    };

  return {
    IsActive: unary('IsActive', (ref) => isActiveResponse(answers.isActive(parseScaledObjectRef(ref)))),
    GetMetricSpec: unary('GetMetricSpec', (ref) =>
      metricSpecResponse(answers.metricSpecs(parseScaledObjectRef(ref))),
    ),
    GetMetrics: unary('GetMetrics', (request) =>
      metricsResponse(
        selectMetric(answers.metricValues(parseScaledObjectRef(request.scaledObjectRef)), request.metricName),
      ),
    ),
    StreamIsActive: (call) => streams.open(call),
  };
}
