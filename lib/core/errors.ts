/**
 * The one error type of kube-http3.
 *
 * Every invalid prop and every combination that cannot work is refused by the core, at construction, with
 * a `Http3ConfigError` whose message names the prop (as a path from the construct's props), shows the bad
 * value and says what is allowed or what to do instead. Both frameworks throw the same error with the same
 * message, because both run the same core.
 */
export class Http3ConfigError extends Error {
  /** true when `x` is a Http3ConfigError, even across two loaded copies of this package */
  public static isHttp3ConfigError(x: unknown): x is Http3ConfigError {
    return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[ERROR_SYMBOL] === true;
  }

  /**
   * Define the error for a value that is not of the allowed form.
   *
   * Message: `<prop> must be <expected>, got <value>[; <fix>]`.
   */
  public static invalid(prop: string, value: unknown, expected: string, fix?: string): Http3ConfigError {
    return new Http3ConfigError(prop, value, `${prop} must be ${expected}, got ${show(value)}${fix ? `; ${fix}` : ''}`);
  }

  /**
   * Define the error for a valid value that cannot work here, with the reason and what to do instead.
   *
   * Message: `<prop> <value> <reason>; <instead>`.
   */
  public static refused(prop: string, value: unknown, reason: string, instead: string): Http3ConfigError {
    return new Http3ConfigError(prop, value, `${prop} ${show(value)} ${reason}; ${instead}`);
  }

  /**
   * Define the error for two values that are each valid but cannot be combined.
   *
   * Message: `<prop> <value> cannot be combined with <otherProp> <otherValue>: <reason>; <instead>`.
   */
  public static conflict(
    prop: string,
    value: unknown,
    otherProp: string,
    otherValue: unknown,
    reason: string,
    instead: string,
  ): Http3ConfigError {
    return new Http3ConfigError(
      prop,
      value,
      `${prop} ${show(value)} cannot be combined with ${otherProp} ${show(otherValue)}: ${reason}; ${instead}`,
    );
  }

  /** the path of the offending prop, e.g. `provider.scheme` */
  public readonly prop: string;
  /** the offending value (secret values are replaced by a {@link Redacted} description) */
  public readonly value: unknown;

  public constructor(prop: string, value: unknown, message: string) {
    super(message);
    this.name = 'Http3ConfigError';
    this.prop = prop;
    this.value = value;
    Object.defineProperty(this, ERROR_SYMBOL, { value: true });
  }
}

const ERROR_SYMBOL = Symbol.for('kube-http3.Http3ConfigError');

/** stands in for a secret value (a private key) in error messages, so secrets never reach logs */
export class Redacted {
  public constructor(public readonly description: string) {}
  public toString(): string {
    return `<${this.description}>`;
  }
}

const MAX_SHOWN = 120;

/** render a value for an error message: strings quoted, objects as compact JSON, long values shortened */
export function show(value: unknown): string {
  if (value instanceof Redacted) return value.toString();
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return '[function]';
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}
