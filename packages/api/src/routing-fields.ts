// Field schemas that HTTPScaledObject and InterceptorRoute share: header matches, host lists, and the rule
// that a Service reference names exactly one port.
import { z } from 'zod';
import { type CrossFieldRule, listMap } from './schema-building.js';

export const headerMatchSchema = z
  .object({
    name: z.string().min(1).meta({ description: 'Header name, compared case-insensitively.' }),
    value: z
      .string()
      .optional()
      .meta({ description: 'Exact value to require. Without it, the header only has to be present.' }),
  })
  .meta({ description: 'One header a request must carry.' });

export type HeaderMatch = z.output<typeof headerMatchSchema>;

/** A list of header matches, all of which must hold (AND); a list map keyed by `name`. */
export function headersField(description: string) {
  return z
    .array(headerMatchSchema)
    .optional()
    .meta({ description, ...listMap('name') });
}

export const PORT_XOR_MESSAGE = "must define either the 'portName' or the 'port'";

/** Exactly one of `port` and `portName`. */
export const portXor: CrossFieldRule<{ port?: number | undefined; portName?: string | undefined }> = {
  rule: 'has(self.portName) != has(self.port)',
  message: PORT_XOR_MESSAGE,
  holds: (v) => (v.port !== undefined) !== (v.portName !== undefined),
};
