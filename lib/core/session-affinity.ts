/**
 * Session affinity for stateful clients behind QUIC: keep a client on one backend pod.
 *
 * QUIC terminates at the gateway pods, and the load balancer in front of them hashes UDP by 5-tuple, so a
 * client whose address changes (connection migration, NAT rebinding) can reach another gateway pod and must
 * reconnect. Affinity keyed on something the client sends again after reconnecting (a header, a cookie)
 * brings it back to the same backend pod; affinity keyed on the client IP does not survive the new address.
 */
import { Http3ConfigError } from './errors';
import { NoteSeverity, note, type ReportNote } from './report';
import { isPlainObject, readEnum, readInteger, readObject, readString } from './validate';

/** what affinity is keyed on */
export type SessionAffinityType = 'header' | 'cookie' | 'source-ip';

/** the `sessionAffinity` prop */
export type SessionAffinityOptions =
  | {
    /** consistent hashing on a request header the client always sends (e.g. a session or user id) */
    readonly type: 'header';
    /** the header name, lowercase */
    readonly name: string;
  }
  | {
    /** consistent hashing on a cookie; the gateway sets it when the client has none */
    readonly type: 'cookie';
    /** the cookie name */
    readonly name: string;
    /**
     * The cookie lifetime in seconds (implementations that generate the cookie).
     *
     * @default 3600
     */
    readonly ttlSeconds?: number;
  }
  | {
    /** consistent hashing on the client source IP: breaks whenever a QUIC connection migrates */
    readonly type: 'source-ip';
  };

/** the affinity, read and checked */
export type SessionAffinity =
  | { readonly type: 'header'; readonly name: string }
  | { readonly type: 'cookie'; readonly name: string; readonly ttlSeconds: number }
  | { readonly type: 'source-ip' };

const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;
const COOKIE_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/** read the `sessionAffinity` prop and check that the implementation supports its type */
export function readSessionAffinity(
  value: unknown,
  path: string,
  supported: readonly SessionAffinityType[],
  implementation: string,
): SessionAffinity | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) {
    throw Http3ConfigError.invalid(path, value, 'an object: { type: "header", name } | { type: "cookie", name, ttlSeconds? } | { type: "source-ip" }');
  }
  const type = readEnum(value.type, `${path}.type`, ['header', 'cookie', 'source-ip'] as const);
  if (!supported.includes(type)) {
    throw Http3ConfigError.conflict(
      `${path}.type`,
      type,
      'gateway.implementation',
      implementation,
      supported.length > 0
        ? `kube-http3 renders ${implementation} affinity only for ${supported.map((t) => JSON.stringify(t)).join(', ')}`
        : `kube-http3 has no session affinity for ${implementation}`,
      supported.length > 0 ? `use type ${supported.map((t) => JSON.stringify(t)).join(' or ')}` : 'remove sessionAffinity, or choose an implementation that has it',
    );
  }
  if (type === 'source-ip') {
    readObject(value, path, ['type']);
    return { type };
  }
  if (type === 'header') {
    const o = readObject(value, path, ['type', 'name']);
    const name = readString(o.name, `${path}.name`);
    if (!HEADER_NAME.test(name)) throw Http3ConfigError.invalid(`${path}.name`, name, 'a lowercase HTTP header name (a token, e.g. "x-session-id")');
    return { type, name };
  }
  const o = readObject(value, path, ['type', 'name', 'ttlSeconds']);
  const name = readString(o.name, `${path}.name`);
  if (!COOKIE_NAME.test(name)) throw Http3ConfigError.invalid(`${path}.name`, name, 'a cookie name (an HTTP token, e.g. "session")');
  return { type, name, ttlSeconds: readInteger(o.ttlSeconds, `${path}.ttlSeconds`, 1, 2147483647, 3600) };
}

/** what the affinity does and does not survive */
export function sessionAffinityNotes(affinity: SessionAffinity | undefined): ReportNote[] {
  if (!affinity) return [];
  if (affinity.type === 'source-ip') {
    return [note(
      NoteSeverity.WARNING,
      'session-affinity-source-ip',
      'affinity on the client IP breaks when a QUIC connection migrates (a phone moving from Wi-Fi to cellular, NAT rebinding): the client then lands on another backend pod; key affinity on a header or cookie instead',
    )];
  }
  return [note(
    NoteSeverity.INFO,
    'session-affinity',
    `affinity on the ${affinity.type} ${JSON.stringify(affinity.name)} survives a client address change: a migrated QUIC connection may still reach another gateway pod and reconnect, but the ${affinity.type} brings it back to the same backend pod`,
  )];
}
