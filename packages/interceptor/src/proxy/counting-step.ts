// Step 4 of SPEC §4 (step 3 here until static routes arrive): holds one unit of the route's concurrency for
// exactly as long as the rest of the pipeline runs, whatever its outcome (DESIGN habit 6). The decrement is in
// track()'s finally, so a timeout, a backend error or a client that leaves while held all count down.
import { track, type CountTracker } from '@keda-http/queue';
import type { Step } from './step.js';

export function countingStep(counter: CountTracker): Step {
  return (next) => (ex) => track(counter, ex.routed().key, () => next(ex));
}
