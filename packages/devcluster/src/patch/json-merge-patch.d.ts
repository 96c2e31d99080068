// Type declarations for json-merge-patch 1.0.2 (RFC 7396), which ships none.
declare module 'json-merge-patch' {
  interface JsonMergePatch {
    apply(target: unknown, patch: unknown): unknown;
    generate(before: unknown, after: unknown): unknown;
    merge(patch1: unknown, patch2: unknown): unknown;
  }
  const mergePatch: JsonMergePatch;
  export default mergePatch;
}
