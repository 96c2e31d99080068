/**
 * Strategic merge patch on a kind it does not apply to (custom resources and kinds devcluster does not serve).
 * A real API server answers 415 Unsupported Media Type.
 */
export class StrategicMergeUnsupportedError extends Error {
  override readonly name = 'StrategicMergeUnsupportedError';
  readonly code = 'DEVCLUSTER_SMP_UNSUPPORTED_KIND';
  readonly kind: string;

  constructor(target: { group: string; version: string; kind: string }) {
    const gv = target.group === '' ? target.version : `${target.group}/${target.version}`;
    super(
      `strategic merge patch is not supported for ${target.kind} (${gv}); use a JSON merge patch or a JSON patch`,
    );
    this.kind = target.kind;
  }
}

/** A strategic merge patch the server cannot apply: a bad directive, a list item without its merge key, .... */
export class StrategicMergePatchError extends Error {
  override readonly name = 'StrategicMergePatchError';
  readonly code = 'DEVCLUSTER_SMP_INVALID';
}
