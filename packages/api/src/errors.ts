// The api package's error catalogue. Validation failures are values (ValidationResult), not errors; these are
// for programming mistakes found while generating CRDs and for the generator's file handling.

export const ApiErrorCode = Object.freeze({
  /** A zod schema uses a construct that has no structural Kubernetes schema (unions, refs, untyped nodes). */
  UnsupportedSchema: 'API_UNSUPPORTED_SCHEMA',
  /** The CRD generator could not write its output. */
  WriteFailed: 'API_CRD_WRITE_FAILED',
} as const);
export type ApiErrorCode = (typeof ApiErrorCode)[keyof typeof ApiErrorCode];

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: ApiErrorCode;

  constructor(code: ApiErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
