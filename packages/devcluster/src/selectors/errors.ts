/**
 * A label or field selector that cannot be parsed. `fragment` is the part of the input that is wrong, so the API
 * server can answer 400 with a message the user can act on.
 */
export class SelectorParseError extends Error {
  override readonly name = 'SelectorParseError';
  readonly code = 'DEVCLUSTER_SELECTOR_INVALID';
  readonly selector: string;
  readonly fragment: string;

  constructor(options: { kind: 'label' | 'field'; selector: string; fragment: string; reason: string }) {
    super(
      `invalid ${options.kind} selector "${options.selector}": ${options.reason} (at "${options.fragment}")`,
    );
    this.selector = options.selector;
    this.fragment = options.fragment;
  }
}
