// The open StreamIsActive streams (SPEC §5, §7). Each stream gets an IsActiveResponse at once, then every
// KEDA_HTTP_SCALER_STREAM_INTERVAL_MS; and notify(), called whenever new totals are published (a regular poll or
// an activation long-poll answer), sends `true` at once to every stream whose route just went from inactive to
// active, so KEDA activates a scaled-to-zero workload without waiting for the next interval. A stream ends
// when the client goes away (its timer is cleared: nothing leaks), when the scaler stops, or with the gRPC
// error of a request that cannot be answered (bad metadata, unknown route), as a unary IsActive would fail.
import type { ServerWritableStream } from '@grpc/grpc-js';
import type { IsActiveResponse } from '../generated/externalscaler/IsActiveResponse.js';
import type { ScaledObjectRef__Output } from '../generated/externalscaler/ScaledObjectRef.js';
import { parseScaledObjectRef, type ScalerQuery } from '../metrics/scaler-query.js';
import { grpcFailureOf, toServiceError } from './grpc-status.js';
import { isActiveResponse } from './responses.js';

export type StreamCall = ServerWritableStream<ScaledObjectRef__Output, IsActiveResponse>;

export interface ActiveStreamsOptions {
  readonly intervalMs: number;
  /** IsActive for a query; throws the errors grpc-status.ts maps. */
  readonly isActive: (query: ScalerQuery) => boolean;
  /** An unexpected error (a bug), for the log. */
  readonly onInternalError?: (err: unknown) => void;
}

export interface ActiveStreams {
  /** Serves one StreamIsActive call until the client goes away. */
  open(call: StreamCall): void;
  /** New totals: sends `true` now to every stream that went inactive → active. Returns how many were sent. */
  notify(): number;
  size(): number;
  /** Ends every stream (status OK). */
  closeAll(): void;
}

interface Stream {
  readonly call: StreamCall;
  readonly query: ScalerQuery;
  readonly timer: NodeJS.Timeout;
  /** The last IsActive result seen for this stream (sent or not). */
  active: boolean | undefined;
}

export function createActiveStreams(options: ActiveStreamsOptions): ActiveStreams {
  const streams = new Set<Stream>();

  const finish = (stream: Stream, err?: unknown): void => {
    if (!streams.delete(stream)) return;
    clearInterval(stream.timer);
    if (err === undefined) {
      stream.call.end();
      return;
    }
    const failure = grpcFailureOf(err);
    if (!failure.expected) options.onInternalError?.(err);
    stream.call.emit('error', toServiceError(failure));
  };

  const send = (stream: Stream): void => {
    let active: boolean;
    try {
      active = options.isActive(stream.query);
    } catch (err) {
      finish(stream, err);
      return;
    }
    stream.active = active;
    stream.call.write(isActiveResponse(active));
  };

  return {
    open(call) {
      let query: ScalerQuery;
      try {
        query = parseScaledObjectRef(call.request);
      } catch (err) {
        const failure = grpcFailureOf(err);
        call.emit('error', toServiceError(failure));
        return;
      }
      const stream: Stream = {
        call,
        query,
        timer: setInterval(() => send(stream), options.intervalMs),
        active: undefined,
      };
      streams.add(stream);
      const gone = (): void => finish(stream);
      call.once('cancelled', gone);
      call.once('close', gone);
      call.once('error', gone);
      send(stream);
    },
    notify() {
      let sent = 0;
      for (const stream of streams) {
        let active: boolean;
        try {
          active = options.isActive(stream.query);
        } catch {
          continue; // the next interval send reports the error
        }
        const was = stream.active;
        stream.active = active;
        if (active && was === false) {
          stream.call.write(isActiveResponse(true));
          sent++;
        }
      }
      return sent;
    },
    size: () => streams.size,
    closeAll() {
      for (const stream of [...streams]) finish(stream);
    },
  };
}
