// The part of metav1.ObjectMeta that the add-on reads. Other metadata fields pass through untouched: the
// operator copies labels and annotations, and may need ownerReferences or finalizers as the server sent them.
import { z } from 'zod';

export const objectMetaSchema = z.looseObject({
  name: z.string().min(1),
  namespace: z.string().min(1),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
  generation: z.int().optional(),
  creationTimestamp: z.string().optional(),
  deletionTimestamp: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  finalizers: z.array(z.string()).optional(),
});

export type ObjectMeta = z.output<typeof objectMetaSchema>;
