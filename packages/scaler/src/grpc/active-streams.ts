// The open StreamIsActive streams (SPEC §5, §7). Each stream gets an IsActiveResponse at once, then every
// KEDA_HTTP_SCALER_STREAM_INTERVAL_MS; and notify(), called whenever new totals are published (a regular poll or
// an activation long-poll answer), sends `true` at once to every stream whose route just went from inactive to
// active, so KEDA activates a scaled-to-zero workload without waiting for the next interval. A stream ends
// when the client goes away, when the scaler stops, or with the gRPC error of a request that cannot be
// answered (bad metadata, unknown route), as a unary IsActive would fail.
//
// The periodic sends share one ticker that runs while any stream is open, ten ticks per interval: a stream is
// due every ten ticks (its first periodic send comes 10–11 ticks after it opened, never early). With a timer
// per stream, 1,000 streams sent 5,000 messages a second each in its own socket write; sent together, the
// messages of one tick leave in a few writes (HTTP/2 frames of one event-loop turn are written together).
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
  /** The tick at which the next periodic message is due. */
  dueTick: number;
  /** The last IsActive result seen for this stream (sent or not). */
  active: boolean | undefined;
}

/** Ticks per KEDA_HTTP_SCALER_STREAM_INTERVAL_MS. */
const TICKS_PER_INTERVAL = 10;

export function createActiveStreams(options: ActiveStreamsOptions): ActiveStreams {
  const streams = new Set<Stream>();
  const tickMs = Math.max(1, options.intervalMs / TICKS_PER_INTERVAL);
  let tick = 0;
  let ticker: NodeJS.Timeout | undefined;

  const onTick = (): void => {
    tick++;
    for (const stream of streams) {
      if (stream.dueTick > tick) continue;
      stream.dueTick = tick + TICKS_PER_INTERVAL;
      send(stream);
    }
  };

  const finish = (stream: Stream, err?: unknown): void => {
    if (!streams.delete(stream)) return;
    if (streams.size === 0 && ticker !== undefined) {
      clearInterval(ticker);
      ticker = undefined;
    }
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
      // The tick in progress may be up to one tick old: due one tick later, so no gap is short.
      const stream: Stream = { call, query, dueTick: tick + TICKS_PER_INTERVAL + 1, active: undefined };
      streams.add(stream);
      ticker ??= setInterval(onTick, tickMs);
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
