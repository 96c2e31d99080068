// One reconcile of one InterceptorRoute (SPEC §1.2). The operator never creates a ScaledObject for it (the
// user writes one with `interceptorRoute: <name>`); it only reports whether the route is usable: Ready=True
// "InterceptorRoute reconciled", or Ready=False InvalidSpec naming the fields (schema rules, then the
// target and fallback Services and their ports), with a Warning Event.
import { validateInterceptorRoute } from '@keda-http/api';
import {
  INTERCEPTOR_ROUTE_RECONCILED,
  desiredInterceptorRouteStatus,
  type ReconcileOutcome,
} from './desired-status.js';
import type { ReconcileContext } from './reconcile-context.js';
import { interceptorRoutes } from './resources.js';
import { interceptorRouteServiceRefs, serviceIssues } from './spec-checks.js';
import { forgetStatus, writeStatus } from './status-writer.js';

export async function reconcileInterceptorRoute(
  ctx: ReconcileContext,
  namespace: string,
  name: string,
): Promise<void> {
  const object = ctx.interceptorRoute(namespace, name);
  if (object === undefined) return forgetStatus(ctx, interceptorRoutes, namespace, name);
  if (object.metadata?.deletionTimestamp) return;
  const validated = validateInterceptorRoute(object);
  let outcome: ReconcileOutcome;
  if (!validated.ok) {
    outcome = { type: 'invalid', issues: validated.issues };
  } else {
    const issues = serviceIssues(namespace, interceptorRouteServiceRefs(validated.value), ctx.service);
    outcome =
      issues.length > 0
        ? { type: 'invalid', issues }
        : { type: 'reconciled', message: INTERCEPTOR_ROUTE_RECONCILED };
  }
  await writeStatus(ctx, {
    resource: interceptorRoutes,
    object,
    desired: (current) => desiredInterceptorRouteStatus(current, outcome, ctx.now()),
  });
}
