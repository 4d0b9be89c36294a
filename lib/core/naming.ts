/**
 * Names, labels and defaults shared by every construct.
 */
import { Http3ConfigError } from './errors';
import type { StringMap } from './types';
import { readDns1035Label } from './validate';

/** the namespace used when none is given */
export const DEFAULT_NAMESPACE = 'default';

/** the client-facing port used when none is given: HTTPS on TCP and HTTP/3 on UDP */
export const HTTPS_PORT = 443;

/**
 * The longest construct name: derived names add at most 4 characters (`-tcp`, `-udp`, `-tls`) and
 * Service names are DNS-1035 labels of at most 63.
 */
export const MAX_NAME_LENGTH = 59;

/** read the construct's `name` (required in the core: the adapters default it from the construct id or resource name) */
export function readName(value: unknown, path: string): string {
  if (value === undefined) {
    throw Http3ConfigError.invalid(path, value, 'a DNS-1035 label', 'the adapters default it from the construct id or resource name');
  }
  try {
    return readDns1035Label(value, path, MAX_NAME_LENGTH);
  } catch (e) {
    if (!Http3ConfigError.isHttp3ConfigError(e)) throw e;
    // the value may come from a construct id or Pulumi resource name the user never thought of as a name
    throw new Http3ConfigError(e.prop, e.value, `${e.message}; set the ${path} prop (when it is not set, cdk8s derives it from the construct path and Pulumi uses the resource name)`);
  }
}

/** the labels kube-http3 puts on every object it creates */
export function commonLabels(name: string): StringMap {
  return {
    'app.kubernetes.io/instance': name,
    'app.kubernetes.io/managed-by': 'kube-http3',
  };
}
