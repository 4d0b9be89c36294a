/**
 * The RFC 9460 codec for DNS HTTPS (type 65) and SVCB (type 64) RDATA: presentation text and wire format.
 *
 * One object model ({@link HttpsRdata}) with four directions (format, parse, encode, decode) and one
 * validator that enforces the library's rules (a strict superset of RFC 9460, BIND and dnspython), so that
 * every record the library emits is accepted by every zone-file parser and provider API it targets.
 * Formatting is canonical: SvcParams sorted by key number, values unquoted unless a value needs quoting.
 *
 * Leaf values may be placeholders (see placeholders.ts): validation skips them, formatting passes them
 * through verbatim, and wire encoding refuses them (the octets are not known yet).
 */
import { isIPv4, isIPv6 } from 'node:net';
import { Http3ConfigError, show } from './errors';
import { containsPlaceholder, isPlaceholder } from './placeholders';

/** SvcParams as a plain object; keys are the IANA names (camelCase for no-default-alpn) */
export interface SvcParams {
  /** key 0: keys the client must understand, by name (e.g. ['alpn', 'key65280']); not port/no-default-alpn */
  readonly mandatory?: readonly string[];
  /** key 1: ALPN ids (e.g. ['h3', 'h2']); the order carries no preference */
  readonly alpn?: readonly string[];
  /** key 2: no-default-alpn (valueless): the default ALPN http/1.1 is not offered */
  readonly noDefaultAlpn?: boolean;
  /** key 3: the port of the alternative endpoint */
  readonly port?: number;
  /** key 4: IPv4 address hints */
  readonly ipv4hint?: readonly string[];
  /** key 5: base64 ECHConfigList (RFC 9848) */
  readonly ech?: string;
  /** key 6: IPv6 address hints (formatted in RFC 5952 form) */
  readonly ipv6hint?: readonly string[];
  /** key 7: DoH URI template, relative, with the dns variable (RFC 9461), e.g. '/dns-query{?dns}' */
  readonly dohpath?: string;
  /** key 8: the service supports Oblivious HTTP (RFC 9540; valueless) */
  readonly ohttp?: boolean;
  /** keyNNNNN generic params: value as presentation char-string content (decoded octets as latin1 string) */
  readonly keys?: Readonly<Record<number, string>>;
}

/** HTTPS/SVCB RDATA: SvcPriority (0 = AliasMode), TargetName ('.' or an absolute name) and SvcParams */
export interface HttpsRdata {
  /** SvcPriority 0-65535: 0 is AliasMode (no SvcParams), 1 and more is ServiceMode (lower is preferred) */
  readonly priority: number;
  /** TargetName: '.' (in ServiceMode the owner name itself) or an absolute name with trailing dot */
  readonly target: string;
  /** SvcParams; {} for none */
  readonly params: SvcParams;
}

// ---------------------------------------------------------------------------------------------------------
// keys

/** presentation names of the registered SvcParamKeys, indexed by key number */
const KEY_NAMES: readonly string[] = ['mandatory', 'alpn', 'no-default-alpn', 'port', 'ipv4hint', 'ech', 'ipv6hint', 'dohpath', 'ohttp'];
/** SvcParams fields of the registered keys, indexed by key number */
const FIELDS = ['mandatory', 'alpn', 'noDefaultAlpn', 'port', 'ipv4hint', 'ech', 'ipv6hint', 'dohpath', 'ohttp'] as const;
const PARAMS_FIELDS: readonly string[] = [...FIELDS, 'keys'];
/** first key number without a registered name */
const FIRST_GENERIC_KEY = KEY_NAMES.length;
const RESERVED_KEY = 65535;
/** keys that are automatically mandatory in HTTPS records (RFC 9460 §9): port, no-default-alpn */
const AUTOMATICALLY_MANDATORY: ReadonlySet<number> = new Set([2, 3]);

const KEY_EXPECTED =
  'keyed by lower-case SvcParamKey names (mandatory, alpn, no-default-alpn, port, ipv4hint, ech, ipv6hint, dohpath, ohttp) ' +
  'or keyNNNNN (NNNNN 0-65534 without leading zeros)';

/**
 * The number of a canonical SvcParamKey name: `'alpn'` gives 1, `'key65280'` gives 65280.
 *
 * Undefined for anything else: upper case, leading zeros, the reserved key65535, or an unknown name.
 */
export function svcParamKeyNumber(name: string): number | undefined {
  const index = KEY_NAMES.indexOf(name);
  if (index >= 0) return index;
  const match = /^key(0|[1-9][0-9]{0,4})$/.exec(name);
  if (!match) return undefined;
  const n = Number(match[1]);
  return n < RESERVED_KEY ? n : undefined;
}

/** The canonical presentation name of a SvcParamKey number: 1 gives `'alpn'`, 65280 gives `'key65280'`. */
export function svcParamKeyName(key: number): string {
  return key < FIRST_GENERIC_KEY ? KEY_NAMES[key] : `key${key}`;
}

/** path of the SvcParams field holding a key: `dns.params.alpn` or `dns.params.keys[65280]` */
function keyPath(paramsPath: string, key: number): string {
  return key < FIRST_GENERIC_KEY ? `${paramsPath}.${FIELDS[key]}` : `${paramsPath}.keys[${key}]`;
}

// ---------------------------------------------------------------------------------------------------------
// small value helpers

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** the 4 octets of a dotted-decimal IPv4 address without leading zeros, or undefined */
function ipv4Octets(text: string): number[] | undefined {
  return isIPv4(text) ? text.split('.').map(Number) : undefined;
}

/** the 16 octets of an IPv6 address (hex groups, '::', optional trailing dotted IPv4; no zone id), or undefined */
function ipv6Octets(text: string): number[] | undefined {
  if (!isIPv6(text) || !/^[0-9A-Fa-f:.]+$/.test(text)) return undefined;
  let head = text;
  const tail: number[] = [];
  if (text.includes('.')) {
    const cut = text.lastIndexOf(':');
    const v4 = ipv4Octets(text.slice(cut + 1));
    if (!v4) return undefined;
    tail.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
    head = text.endsWith('::', cut + 1) ? text.slice(0, cut + 1) : text.slice(0, cut);
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string): number[] => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const left = groups(halves[0]);
  const right = [...groups(halves[1] ?? ''), ...tail];
  const fill = 8 - left.length - right.length;
  if (halves.length === 1 ? fill !== 0 : fill < 1) return undefined;
  const all = [...left, ...new Array<number>(halves.length === 1 ? 0 : fill).fill(0), ...right];
  if (all.some((g) => !Number.isInteger(g) || g < 0 || g > 0xffff)) return undefined;
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

/** RFC 5952 §4 text of 16 IPv6 octets: lower-case hex, no leading zeros, longest (first) zero run of 2+ as '::' */
function ipv6Text(octets: ArrayLike<number>): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((octets[i] << 8) | octets[i + 1]);
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const part = (gs: number[]): string => gs.map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return part(groups);
  return `${part(groups.slice(0, bestStart))}::${part(groups.slice(bestStart + bestLength))}`;
}

/**
 * The RFC 5952 canonical text of an IPv6 address (`'2001:DB8:0::1'` gives `'2001:db8::1'`).
 *
 * Embedded IPv4 notation is rewritten in hex (`'::ffff:192.0.2.1'` gives `'::ffff:c000:201'`). Returns the
 * input unchanged when it is not an IPv6 address (or is a placeholder).
 */
export function canonicalIpv6(address: string): string {
  const octets = typeof address === 'string' ? ipv6Octets(address) : undefined;
  return octets ? ipv6Text(octets) : address;
}

/** decoded octets of strict base64 (RFC 4648 §4, '=' padding, canonical pad bits), or undefined */
function base64Octets(text: string): Buffer | undefined {
  if (text === '' || !/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) return undefined;
  const octets = Buffer.from(text, 'base64');
  return octets.toString('base64') === text ? octets : undefined;
}

/** true for characters that may appear in a char-string without escaping or quoting (RFC 9460 App. A) */
function isNonSpecial(code: number): boolean {
  return code >= 0x21 && code <= 0x7e && code !== 0x22 && code !== 0x3b && code !== 0x28 && code !== 0x29 && code !== 0x5c;
}

function isVisible(code: number): boolean {
  return code >= 0x21 && code <= 0x7e;
}

/** the shortest presentation char-string for octets (a latin1 string): unquoted unless it holds a space */
function charStringText(octets: string): string {
  const quoted = octets.includes(' ');
  let out = '';
  for (let i = 0; i < octets.length; i++) {
    const code = octets.charCodeAt(i);
    if (isNonSpecial(code) || (quoted && (code === 0x20 || code === 0x3b || code === 0x28 || code === 0x29))) {
      out += octets[i];
    } else if (isVisible(code)) {
      out += `\\${octets[i]}`;
    } else {
      out += `\\${String(code).padStart(3, '0')}`;
    }
  }
  return quoted ? `"${out}"` : out;
}

// ---------------------------------------------------------------------------------------------------------
// domain names

const NAME_EXPECTED = 'an absolute domain name ending in "." (labels of 1-63 letters, digits, "-" or "_"; at most 255 octets)';
const TARGET_EXPECTED = `"." (the owner name itself) or ${NAME_EXPECTED}, e.g. "svc.example.net."`;
const OWNER_EXPECTED = `${NAME_EXPECTED}, e.g. "app.example.com." ("*" allowed as the first label)`;

/** what is wrong with an absolute domain name, or undefined when it is fine */
function nameProblem(name: string, wildcard: boolean): string | undefined {
  if (!name.endsWith('.')) return 'the name must be absolute: end it with "."';
  const labels = name.slice(0, -1).split('.');
  let wire = 1;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (label.length === 0) return 'it has an empty label';
    if (label.length > 63) return `label ${show(label)} is ${label.length} octets long (at most 63)`;
    if (!(wildcard && i === 0 && label === '*') && !/^[A-Za-z0-9_-]+$/.test(label)) {
      return `label ${show(label)} has a character other than letters, digits, "-" and "_" (write internationalized names as A-labels, xn--…)`;
    }
    wire += 1 + label.length;
  }
  if (wire > 255) return `it is ${wire} octets long in wire form (at most 255)`;
  return undefined;
}

function nameWireLength(name: string): number {
  return name === '.' ? 1 : name.length + 1;
}

function checkTarget(value: unknown, path: string): void {
  // a target built around a value known later (`<hostname>.`) is checked when the value resolves
  if (isPlaceholder(value) || (typeof value === 'string' && containsPlaceholder(value))) return;
  if (typeof value !== 'string') throw Http3ConfigError.invalid(path, value, TARGET_EXPECTED);
  if (value === '.') return;
  const problem = nameProblem(value, false);
  if (problem) throw Http3ConfigError.invalid(path, value, TARGET_EXPECTED, problem);
}

// ---------------------------------------------------------------------------------------------------------
// validation

const PRIORITY_EXPECTED = 'an integer between 0 and 65535';
const PORT_EXPECTED = 'an integer between 0 and 65535';
const ALPN_EXPECTED = 'a non-empty list of ALPN ids (e.g. ["h3","h2"])';
const ALPN_ID_EXPECTED =
  'an ALPN id of 1-255 printable ASCII characters without whitespace, quotes, commas, backslashes, semicolons or parentheses ' +
  '(e.g. "h3"), so that it never needs escaping in a zone file (RFC 9460 §7.1.1 lets zone files refuse the others)';
const MANDATORY_EXPECTED = 'a non-empty list of SvcParamKey names (e.g. ["alpn"])';
const MANDATORY_KEY_EXPECTED =
  'a SvcParamKey name: mandatory, alpn, no-default-alpn, port, ipv4hint, ech, ipv6hint, dohpath, ohttp or keyNNNNN (NNNNN 9-65534)';
const IPV4_LIST_EXPECTED = 'a non-empty list of IPv4 addresses (e.g. ["192.0.2.1"])';
const IPV4_EXPECTED = 'an IPv4 address in dotted-decimal form without leading zeros (e.g. "192.0.2.1")';
const IPV6_LIST_EXPECTED = 'a non-empty list of IPv6 addresses (e.g. ["2001:db8::1"])';
const IPV6_EXPECTED = 'an IPv6 address without zone id (e.g. "2001:db8::1")';
const ECH_EXPECTED = 'a base64 ECHConfigList (RFC 9848: RFC 4648 base64 with "=" padding, as published by the TLS server)';
const DOHPATH_EXPECTED = 'a relative URI template of printable ASCII starting with "/" that uses the dns variable (e.g. "/dns-query{?dns}")';
const FLAG_EXPECTED = (key: string): string => `true or false (true publishes the valueless ${key} key)`;
const GENERIC_EXPECTED = 'a string of octets (characters U+0000-U+00FF, e.g. "hello")';

function checkList(value: unknown, path: string, expected: string, item: (v: unknown, p: string) => void): void {
  if (value === undefined || isPlaceholder(value)) return;
  if (!Array.isArray(value) || value.length === 0) throw Http3ConfigError.invalid(path, value, expected);
  value.forEach((v, i) => {
    if (!isPlaceholder(v)) item(v, `${path}[${i}]`);
  });
}

function checkAlpnId(value: unknown, path: string): void {
  if (typeof value !== 'string') throw Http3ConfigError.invalid(path, value, ALPN_ID_EXPECTED);
  if (value === 'h2c') {
    const reason = 'is cleartext HTTP/2, which is never negotiated with ALPN over TLS or QUIC (RFC 9113 §3)';
    throw Http3ConfigError.refused(path, value, reason, 'use "h2"');
  }
  if (value.length === 0) throw Http3ConfigError.invalid(path, value, ALPN_ID_EXPECTED, 'remove the empty item');
  if (value.length > 255) throw Http3ConfigError.invalid(path, value, ALPN_ID_EXPECTED, `it is ${value.length} characters long`);
  const bad = [...new Set([...value].filter((c) => c === ',' || !isNonSpecial(c.charCodeAt(0))))];
  if (bad.length > 0) {
    const split = bad.includes(',') ? '; list each id as its own item: ["h3","h2"], not ["h3,h2"]' : '';
    const fix = `it contains ${bad.map((c) => show(c)).join(', ')}${split}`;
    throw Http3ConfigError.invalid(path, value, ALPN_ID_EXPECTED, fix);
  }
}

function checkPortNumber(value: unknown, path: string): void {
  if (value === undefined || isPlaceholder(value)) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 65535) {
    throw Http3ConfigError.invalid(path, value, PORT_EXPECTED);
  }
}

function checkFlag(value: unknown, path: string, key: string): void {
  if (value === undefined || typeof value === 'boolean') return;
  if (isPlaceholder(value)) {
    throw Http3ConfigError.refused(
      path,
      value,
      'cannot be a value known only later: it decides whether the key appears in the record at all',
      'set it to true or false',
    );
  }
  throw Http3ConfigError.invalid(path, value, FLAG_EXPECTED(key));
}

function checkEch(value: unknown, path: string): void {
  if (isPlaceholder(value)) return;
  if (typeof value !== 'string') throw Http3ConfigError.invalid(path, value, ECH_EXPECTED);
  const octets = base64Octets(value);
  if (!octets) throw Http3ConfigError.invalid(path, value, ECH_EXPECTED, 'the text is not canonical base64 with "=" padding');
  if (octets.length < 2) throw Http3ConfigError.invalid(path, value, ECH_EXPECTED, 'it decodes to fewer than the 2 octets of the length prefix');
  const declared = octets.readUInt16BE(0);
  if (declared !== octets.length - 2) {
    throw Http3ConfigError.invalid(
      path,
      value,
      ECH_EXPECTED,
      `its 2-octet length prefix is ${declared} but ${octets.length - 2} octets follow (is it a single ECHConfig instead of the list?)`,
    );
  }
  if (declared === 0) throw Http3ConfigError.invalid(path, value, ECH_EXPECTED, 'the ECHConfigList is empty');
}

function checkDohpath(value: unknown, path: string): void {
  if (isPlaceholder(value)) return;
  if (typeof value !== 'string') throw Http3ConfigError.invalid(path, value, DOHPATH_EXPECTED);
  if (!value.startsWith('/') || ![...value].every((c) => isVisible(c.charCodeAt(0)))) {
    throw Http3ConfigError.invalid(path, value, DOHPATH_EXPECTED);
  }
  // an expression {op? var[,var…]} whose variable list names dns (RFC 6570 modifiers :N and * allowed)
  const usesDns = [...value.matchAll(/\{([+#./;?&]?)([^{}]*)\}/g)].some((m) =>
    m[2].split(',').some((v) => v.replace(/(:[0-9]+|\*)$/, '') === 'dns'),
  );
  if (!usesDns) throw Http3ConfigError.invalid(path, value, DOHPATH_EXPECTED, 'the template has no {?dns} expression (RFC 9461)');
}

function checkGenericValue(value: unknown, path: string): void {
  if (isPlaceholder(value)) return;
  if (typeof value !== 'string' || [...value].some((c) => c.charCodeAt(0) > 0xff)) {
    throw Http3ConfigError.invalid(path, value, GENERIC_EXPECTED, 'encode other text (e.g. UTF-8) to octets first');
  }
}

/** generic key numbers in `params.keys`, checked */
function genericKeys(keys: unknown, path: string): number[] {
  if (keys === undefined) return [];
  if (!isObject(keys)) throw Http3ConfigError.invalid(path, keys, 'an object mapping SvcParamKey numbers to values (e.g. {65280: "x"})');
  return Object.keys(keys).map((k) => {
    const n = /^(0|[1-9][0-9]{0,4})$/.test(k) ? Number(k) : NaN;
    if (n < FIRST_GENERIC_KEY) {
      throw Http3ConfigError.refused(`${path}[${k}]`, keys[k], `uses the number of the named key ${KEY_NAMES[n]}`, `set params.${FIELDS[n]} instead`);
    }
    if (n === RESERVED_KEY) {
      const reason = 'uses key65535, which RFC 9460 reserves ("Invalid key")';
      throw Http3ConfigError.refused(`${path}[${k}]`, keys[k], reason, 'use a private-use key 65280-65534');
    }
    if (!(n < RESERVED_KEY)) {
      throw Http3ConfigError.invalid(path, k, 'keyed by SvcParamKey numbers 9-65534 without leading zeros (e.g. {65280: "x"})');
    }
    checkGenericValue(keys[k], `${path}[${k}]`);
    return n;
  });
}

function isPresent(value: unknown): boolean {
  return value !== undefined && value !== false;
}

/**
 * Check HTTPS/SVCB RDATA against the library's rules (RFC 9460 with the stricter choices of discovery.md B.6).
 *
 * Throws a Http3ConfigError naming the offending path under `prop` (`${prop}.priority`, `${prop}.target`,
 * `${prop}.params.alpn[1]`, `${prop}.params.keys[65280]`, …). Placeholder values are accepted unchecked.
 * The rules are those of the HTTPS mapping: `port` and `no-default-alpn` may not be listed in `mandatory`.
 */
export function validateHttpsRdata(rdata: HttpsRdata, prop: string): void {
  if (!isObject(rdata)) {
    const expected = 'HTTPS RDATA: an object {priority, target, params} (e.g. {priority: 1, target: ".", params: {alpn: ["h3"]}})';
    throw Http3ConfigError.invalid(prop, rdata, expected);
  }
  checkFields(rdata, prop, ['priority', 'target', 'params']);
  const { priority, target, params } = rdata as unknown as Record<string, unknown>;
  if (!isPlaceholder(priority) && (typeof priority !== 'number' || !Number.isInteger(priority) || priority < 0 || priority > 65535)) {
    throw Http3ConfigError.invalid(`${prop}.priority`, priority, PRIORITY_EXPECTED);
  }
  checkTarget(target, `${prop}.target`);
  const p = `${prop}.params`;
  if (!isObject(params)) throw Http3ConfigError.invalid(p, params, 'an object of SvcParams (e.g. {alpn: ["h3","h2"]}, or {} for none)');
  checkFields(params, p, PARAMS_FIELDS);

  checkList(params.mandatory, `${p}.mandatory`, MANDATORY_EXPECTED, (v, path) => {
    const n = typeof v === 'string' ? svcParamKeyNumber(v) : undefined;
    if (n === undefined) throw Http3ConfigError.invalid(path, v, MANDATORY_KEY_EXPECTED);
    if (v !== svcParamKeyName(n)) throw Http3ConfigError.invalid(path, v, MANDATORY_KEY_EXPECTED, `write ${show(svcParamKeyName(n))}`);
  });
  checkList(params.alpn, `${p}.alpn`, ALPN_EXPECTED, checkAlpnId);
  checkFlag(params.noDefaultAlpn, `${p}.noDefaultAlpn`, 'no-default-alpn');
  checkPortNumber(params.port, `${p}.port`);
  checkList(params.ipv4hint, `${p}.ipv4hint`, IPV4_LIST_EXPECTED, (v, path) => {
    if (typeof v !== 'string' || !ipv4Octets(v)) {
      const fix = typeof v === 'string' && ipv6Octets(v) ? 'put IPv6 addresses in ipv6hint' : undefined;
      throw Http3ConfigError.invalid(path, v, IPV4_EXPECTED, fix);
    }
  });
  if (params.ech !== undefined) checkEch(params.ech, `${p}.ech`);
  checkList(params.ipv6hint, `${p}.ipv6hint`, IPV6_LIST_EXPECTED, (v, path) => {
    if (typeof v !== 'string' || !ipv6Octets(v)) {
      const fix = typeof v === 'string' && ipv4Octets(v) ? 'put IPv4 addresses in ipv4hint' : undefined;
      throw Http3ConfigError.invalid(path, v, IPV6_EXPECTED, fix);
    }
  });
  if (params.dohpath !== undefined) checkDohpath(params.dohpath, `${p}.dohpath`);
  checkFlag(params.ohttp, `${p}.ohttp`, 'ohttp');
  const generic = genericKeys(params.keys, `${p}.keys`);

  const present = new Set<number>(generic);
  FIELDS.forEach((field, n) => {
    if (isPresent(params[field])) present.add(n);
  });
  if (priority === 0 && present.size > 0) {
    throw Http3ConfigError.conflict(
      p,
      params,
      `${prop}.priority`,
      0,
      'priority 0 is AliasMode, whose SvcParams recipients must ignore (RFC 9460 §2.4.2) and dnspython refuses ("parameters in AliasMode")',
      'drop the params, or use priority 1 or more (ServiceMode) to publish them',
    );
  }
  checkMandatory(params.mandatory, `${p}.mandatory`, present, p);
  if (params.noDefaultAlpn === true && params.alpn === undefined) {
    throw Http3ConfigError.refused(
      `${p}.noDefaultAlpn`,
      true,
      `needs ${p}.alpn: without it the record offers no protocol at all (RFC 9460 §7.1.1)`,
      'add alpn (e.g. ["h3","h2"]) or drop noDefaultAlpn',
    );
  }
  const length = rdataWireLength(rdata);
  if (length !== undefined && length > 65535) {
    const message = `${prop} must encode to at most 65535 octets of RDATA, got ${length} octets; publish fewer or shorter SvcParams`;
    throw new Http3ConfigError(prop, rdata, message);
  }
}

function checkFields(value: Record<string, unknown>, path: string, fields: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (fields.includes(key) || value[key] === undefined) continue;
    const hint = key === 'no-default-alpn' ? '; write noDefaultAlpn: true' : /^key[0-9]+$/.test(key) ? `; write keys: {${key.slice(3)}: …}` : '';
    throw new Http3ConfigError(
      `${path}.${key}`,
      value[key],
      `${path}.${key} is not a known field (got ${show(value[key])}); the fields of ${path} are: ${fields.join(', ')}${hint}`,
    );
  }
}

function checkMandatory(mandatory: unknown, path: string, present: ReadonlySet<number>, paramsPath: string): void {
  if (!Array.isArray(mandatory)) return;
  const seen = new Set<number>();
  mandatory.forEach((name: unknown, i) => {
    if (isPlaceholder(name)) return;
    const n = svcParamKeyNumber(name as string) as number;
    const itemPath = `${path}[${i}]`;
    if (n === 0) throw Http3ConfigError.refused(itemPath, name, 'cannot list mandatory itself (RFC 9460 §8)', 'remove it from the list');
    if (seen.has(n)) throw Http3ConfigError.refused(itemPath, name, 'is listed twice (RFC 9460 §8)', 'list each key once');
    seen.add(n);
    if (AUTOMATICALLY_MANDATORY.has(n)) {
      throw Http3ConfigError.refused(
        itemPath,
        name,
        'is automatically mandatory in HTTPS records and should not be listed (RFC 9460 §8, §9); ' +
          'BIND accepts it but this library keeps records canonical',
        `remove ${show(name)} from mandatory`,
      );
    }
    if (!present.has(n)) {
      throw Http3ConfigError.refused(
        itemPath,
        name,
        `is declared mandatory but ${keyPath(paramsPath, n)} is absent (RFC 9460 §8)`,
        `add ${keyPath(paramsPath, n)} or remove ${show(name)} from mandatory`,
      );
    }
  });
}

// ---------------------------------------------------------------------------------------------------------
// wire values

/** wire octets of each present SvcParam in increasing key order, or undefined when a value is a placeholder */
function wireParams(params: SvcParams): Array<[number, Uint8Array]> | undefined {
  if (findPlaceholder(params, '') !== undefined) return undefined;
  const out: Array<[number, Uint8Array]> = [];
  const u16 = (n: number): number[] => [n >> 8, n & 0xff];
  if (params.mandatory) {
    const keys = params.mandatory.map((k) => svcParamKeyNumber(k) as number).sort((a, b) => a - b);
    out.push([0, Uint8Array.from(keys.flatMap(u16))]);
  }
  if (params.alpn) out.push([1, Uint8Array.from(params.alpn.flatMap((id) => [id.length, ...Buffer.from(id, 'latin1')]))]);
  if (params.noDefaultAlpn === true) out.push([2, new Uint8Array(0)]);
  if (params.port !== undefined) out.push([3, Uint8Array.from(u16(params.port))]);
  if (params.ipv4hint) out.push([4, Uint8Array.from(params.ipv4hint.flatMap((a) => ipv4Octets(a) as number[]))]);
  if (params.ech !== undefined) out.push([5, new Uint8Array(Buffer.from(params.ech, 'base64'))]);
  if (params.ipv6hint) out.push([6, Uint8Array.from(params.ipv6hint.flatMap((a) => ipv6Octets(a) as number[]))]);
  if (params.dohpath !== undefined) out.push([7, new Uint8Array(Buffer.from(params.dohpath, 'latin1'))]);
  if (params.ohttp === true) out.push([8, new Uint8Array(0)]);
  const keys = params.keys ?? {};
  for (const k of Object.keys(keys).map(Number).sort((a, b) => a - b)) {
    out.push([k, new Uint8Array(Buffer.from((keys as Record<number, string>)[k], 'latin1'))]);
  }
  return out;
}

/** path (under `path`) of the first placeholder in RDATA or SvcParams, or undefined */
function findPlaceholder(value: unknown, path: string): string | undefined {
  if (isPlaceholder(value)) return path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findPlaceholder(value[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
  } else if (isObject(value)) {
    for (const key of Object.keys(value)) {
      const found = findPlaceholder(value[key], /^[0-9]+$/.test(key) ? `${path}[${key}]` : `${path}.${key}`);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function rdataWireLength(rdata: HttpsRdata): number | undefined {
  if (containsPlaceholder(rdata.target)) return undefined;
  const params = wireParams(rdata.params);
  if (!params) return undefined;
  return params.reduce((sum, [, value]) => sum + 4 + value.length, 2 + nameWireLength(rdata.target));
}

/** a named key's wire value read back into its SvcParams field value; throws on malformed octets */
function knownFromWire(key: number, octets: Uint8Array, fail: (problem: string) => Http3ConfigError): unknown {
  const need = (ok: boolean, problem: string): void => {
    if (!ok) throw fail(`the ${KEY_NAMES[key]} value (key ${key}) ${problem}`);
  };
  switch (key) {
    case 0: {
      need(octets.length >= 2 && octets.length % 2 === 0, `is ${octets.length} octets long; it must be 2 octets per listed key, at least one`);
      const keys: number[] = [];
      for (let i = 0; i < octets.length; i += 2) keys.push((octets[i] << 8) | octets[i + 1]);
      keys.forEach((k, i) => {
        need(i === 0 || k > keys[i - 1], 'must list keys in strictly increasing order (RFC 9460 §8)');
        need(k !== RESERVED_KEY, 'lists the reserved key65535');
      });
      return keys.map(svcParamKeyName);
    }
    case 1: {
      const ids: string[] = [];
      for (let i = 0; i < octets.length; ) {
        const length = octets[i];
        need(length > 0, `has an empty ALPN id at octet ${i}`);
        need(i + 1 + length <= octets.length, `has an ALPN id at octet ${i} whose length ${length} runs past the end of the value`);
        ids.push(Buffer.from(octets.subarray(i + 1, i + 1 + length)).toString('latin1'));
        i += 1 + length;
      }
      return ids;
    }
    case 2:
    case 8:
      need(octets.length === 0, `must be empty, got ${octets.length} octets`);
      return true;
    case 3:
      need(octets.length === 2, `must be 2 octets, got ${octets.length}`);
      return (octets[0] << 8) | octets[1];
    case 4: {
      need(octets.length % 4 === 0, `is ${octets.length} octets long, not a multiple of 4`);
      const out: string[] = [];
      for (let i = 0; i < octets.length; i += 4) out.push(Array.from(octets.subarray(i, i + 4)).join('.'));
      return out;
    }
    case 5:
      return Buffer.from(octets).toString('base64');
    case 6: {
      need(octets.length % 16 === 0, `is ${octets.length} octets long, not a multiple of 16`);
      const out: string[] = [];
      for (let i = 0; i < octets.length; i += 16) out.push(ipv6Text(octets.subarray(i, i + 16)));
      return out;
    }
    default:
      return Buffer.from(octets).toString('latin1');
  }
}

/** build SvcParams from [key, value] pairs (any order), fields in increasing key order */
function paramsObject(entries: Array<[number, unknown]>): SvcParams {
  const sorted = [...entries].sort((a, b) => a[0] - b[0]);
  const out: Record<string, unknown> = {};
  const keys: Record<number, string> = {};
  for (const [key, value] of sorted) {
    if (key < FIRST_GENERIC_KEY) out[FIELDS[key]] = value;
    else keys[key] = value as string;
  }
  if (Object.keys(keys).length > 0) out.keys = keys;
  return out as SvcParams;
}

// ---------------------------------------------------------------------------------------------------------
// presentation format

/**
 * Format HTTPS/SVCB RDATA in canonical presentation form: `1 . alpn=h3,h2 port=8443`.
 *
 * SvcParams are sorted by key number and values are unquoted; only a generic or dohpath value with a space
 * is quoted, and special or non-printable octets are escaped (`\"`, `\\`, `\;`, `\DDD`). IPv6 hints are
 * written in RFC 5952 form, mandatory keys in key order. Placeholders pass through verbatim. Validates first
 * (with prop `rdata`): call {@link validateHttpsRdata} with your own prop path for better messages.
 */
export function formatHttpsRdata(rdata: HttpsRdata): string {
  validateHttpsRdata(rdata, 'rdata');
  return formatValidatedRdata(rdata);
}

/** @internal {@link formatHttpsRdata} of RDATA the caller has validated with {@link validateHttpsRdata} */
export function formatValidatedRdata(rdata: HttpsRdata): string {
  const parts: string[] = [String(rdata.priority), rdata.target];
  const params = rdata.params;
  // after validation a string in place of a list can only be a placeholder
  const list = (value: readonly string[] | string, item: (v: string) => string = (v) => v): string =>
    typeof value === 'string' ? value : value.map((v) => (isPlaceholder(v) ? v : item(v))).join(',');
  const keyOrder = (name: string): number => (isPlaceholder(name) ? Infinity : (svcParamKeyNumber(name) as number));
  if (params.mandatory) {
    const sorted = isPlaceholder(params.mandatory) ? params.mandatory : [...params.mandatory].sort((a, b) => keyOrder(a) - keyOrder(b));
    parts.push(`mandatory=${list(sorted)}`);
  }
  if (params.alpn) parts.push(`alpn=${list(params.alpn)}`);
  if (params.noDefaultAlpn === true) parts.push('no-default-alpn');
  if (params.port !== undefined) parts.push(`port=${params.port}`);
  if (params.ipv4hint) parts.push(`ipv4hint=${list(params.ipv4hint)}`);
  if (params.ech !== undefined) parts.push(`ech=${params.ech}`);
  if (params.ipv6hint) parts.push(`ipv6hint=${list(params.ipv6hint, canonicalIpv6)}`);
  if (params.dohpath !== undefined) parts.push(`dohpath=${isPlaceholder(params.dohpath) ? params.dohpath : charStringText(params.dohpath)}`);
  if (params.ohttp === true) parts.push('ohttp');
  const keys = params.keys ?? {};
  for (const k of Object.keys(keys).map(Number).sort((a, b) => a - b)) {
    const value = (keys as Record<number, string>)[k];
    parts.push(value === '' ? `key${k}` : `key${k}=${isPlaceholder(value) ? value : charStringText(value)}`);
  }
  return parts.join(' ');
}

/** @internal refuse an owner name that cannot own an HTTPS record (relative, the root, or not a DNS name) */
export function checkRecordOwner(owner: string): void {
  if (typeof owner !== 'string') throw Http3ConfigError.invalid('owner', owner, OWNER_EXPECTED);
  const problem = owner === '.' ? 'the root name cannot own an HTTPS record' : nameProblem(owner, true);
  if (problem) throw Http3ConfigError.invalid('owner', owner, OWNER_EXPECTED, problem);
}

/**
 * @internal the HTTPS zone-file line of RDATA text from {@link formatValidatedRdata}; the owner is checked unless it
 * holds a placeholder, the TTL must already be in range
 */
export function formatValidatedRecord(owner: string, ttlSeconds: number, rdataText: string): string {
  if (!containsPlaceholder(owner)) checkRecordOwner(owner);
  return `${owner} ${ttlSeconds} IN HTTPS ${rdataText}`;
}

/**
 * Format a zone-file line: `app.example.com. 300 IN HTTPS 1 . alpn=h3,h2`.
 *
 * `owner` must be absolute (trailing dot); a leading `*` label (wildcard) and underscore labels
 * (`_8443._https.example.com.`) are allowed. `ttlSeconds` is an integer 0-2147483647 (RFC 2181 §8).
 * The RDATA is formatted by {@link formatHttpsRdata}; `type` defaults to HTTPS (the same rules apply to SVCB).
 */
export function formatHttpsRecord(owner: string, ttlSeconds: number, rdata: HttpsRdata, type: 'HTTPS' | 'SVCB' = 'HTTPS'): string {
  if (!isPlaceholder(owner)) checkRecordOwner(owner);
  if (!isPlaceholder(ttlSeconds) && (typeof ttlSeconds !== 'number' || !Number.isInteger(ttlSeconds) || ttlSeconds < 0 || ttlSeconds > 2147483647)) {
    throw Http3ConfigError.invalid('ttlSeconds', ttlSeconds, 'an integer number of seconds between 0 and 2147483647 (e.g. 300)');
  }
  if (type !== 'HTTPS' && type !== 'SVCB') throw Http3ConfigError.invalid('type', type, '"HTTPS" or "SVCB"');
  return `${owner} ${ttlSeconds} IN ${type} ${formatHttpsRdata(rdata)}`;
}

/** a char-string read from presentation text: decoded octets (latin1), the raw text, and whether it had escapes */
interface CharString {
  readonly octets: string;
  readonly raw: string;
  readonly escaped: boolean;
}

const RDATA_EXPECTED = 'HTTPS RDATA presentation text "<priority> <target> [key=value …]" (RFC 9460 §2.1, e.g. "1 . alpn=h3,h2")';

/** a cursor over RDATA presentation text with zone-file grouping (parentheses) and RFC 9460 App. A char-strings */
class PresentationReader {
  private pos = 0;
  private depth = 0;

  public constructor(
    private readonly text: string,
    private readonly prop: string,
  ) {}

  /** the syntax error for the whole text */
  public syntax(problem: string): Http3ConfigError {
    return Http3ConfigError.invalid(this.prop, this.text, RDATA_EXPECTED, problem);
  }

  /** skip whitespace and grouping parentheses; true at the end of the text */
  public skipSpace(): boolean {
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
        this.pos++;
      } else if (c === '(') {
        this.depth++;
        this.pos++;
      } else if (c === ')') {
        if (this.depth === 0) throw this.syntax(`unbalanced ")" at character ${this.pos + 1}`);
        this.depth--;
        this.pos++;
      } else if (c === ';') {
        throw this.syntax(`comments are not allowed (";" at character ${this.pos + 1})`);
      } else {
        return false;
      }
    }
    if (this.depth > 0) throw this.syntax('unbalanced "("');
    return true;
  }

  /** a word up to the next whitespace, parenthesis, quote, '=' (when `stopAtEquals`) or ';' */
  public word(stopAtEquals: boolean): string {
    const start = this.pos;
    while (this.pos < this.text.length && !' \t\r\n();"'.includes(this.text[this.pos]) && !(stopAtEquals && this.text[this.pos] === '=')) {
      this.pos++;
    }
    return this.text.slice(start, this.pos);
  }

  /** the next character, or '' at the end */
  public peek(): string {
    return this.text[this.pos] ?? '';
  }

  public advance(): void {
    this.pos++;
  }

  /** true at the end, at whitespace or at a parenthesis */
  public atDelimiter(): boolean {
    return this.pos >= this.text.length || ' \t\r\n()'.includes(this.text[this.pos]);
  }

  public position(): number {
    return this.pos + 1;
  }

  /** a char-string (RFC 9460 Appendix A): contiguous or quoted, with \X and \DDD escapes */
  public charString(): CharString {
    const start = this.pos;
    const quoted = this.peek() === '"';
    if (quoted) this.pos++;
    let octets = '';
    let escaped = false;
    for (;;) {
      if (this.pos >= this.text.length) {
        if (quoted) throw this.syntax(`the quoted value starting at character ${start + 1} is not closed`);
        break;
      }
      const c = this.text[this.pos];
      const code = c.charCodeAt(0);
      if (quoted && c === '"') {
        this.pos++;
        break;
      }
      if (!quoted && this.atDelimiter()) break;
      if (c === '\\') {
        escaped = true;
        octets += this.escape();
        continue;
      }
      if (!quoted && (c === '"' || c === ';')) {
        throw this.syntax(`${show(c)} at character ${this.pos + 1} must be escaped as \\${c} or the value quoted`);
      }
      if (!isVisible(code) && !(quoted && (c === ' ' || c === '\t'))) {
        throw this.syntax(`character ${show(c)} at character ${this.pos + 1} must be written as \\DDD escapes of its octets`);
      }
      octets += c;
      this.pos++;
    }
    if (quoted && !this.atDelimiter()) throw this.syntax(`the quoted value ending at character ${this.pos} must be followed by whitespace`);
    return { octets, raw: this.text.slice(start, this.pos), escaped };
  }

  /** one escape at the current backslash: \DDD (000-255) or \X for a printable or blank X */
  private escape(): string {
    const at = this.pos + 1;
    this.pos++;
    const c = this.text[this.pos];
    if (c === undefined) throw this.syntax('the value ends with a lone "\\"');
    if (c >= '0' && c <= '9') {
      const digits = this.text.slice(this.pos, this.pos + 3);
      if (!/^[0-9]{3}$/.test(digits) || Number(digits) > 255) {
        throw this.syntax(`the escape at character ${at} must be \\DDD with three digits 000-255, got ${show(`\\${digits}`)}`);
      }
      this.pos += 3;
      return String.fromCharCode(Number(digits));
    }
    if (!isVisible(c.charCodeAt(0)) && c !== ' ' && c !== '\t') {
      throw this.syntax(`the escape at character ${at} must be followed by a printable character or \\DDD`);
    }
    this.pos++;
    return c;
  }
}

/** the number of a presentation SvcParamKey (known name or keyNNNNN, NNNNN 0-65534), or throws */
function presentationKey(key: string, paramsPath: string): number {
  const n = svcParamKeyNumber(key);
  if (n !== undefined) return n;
  let fix: string;
  const digits = /^key([0-9]+)$/.exec(key)?.[1];
  if (key === '') fix = 'a parameter has no key before "="';
  else if (key !== key.toLowerCase() && svcParamKeyNumber(key.toLowerCase()) !== undefined) {
    fix = `keys are lower-case: write ${show(key.toLowerCase())}`;
  }
  else if (digits !== undefined && digits.length > 1 && digits.startsWith('0')) fix = `write ${show(`key${Number(digits)}`)} without leading zeros`;
  else if (digits !== undefined && Number(digits) === RESERVED_KEY) fix = 'key65535 is reserved by RFC 9460 ("Invalid key")';
  else if (digits !== undefined) fix = 'key numbers go up to 65534';
  else fix = 'write keys without a registered name as keyNNNNN';
  throw Http3ConfigError.invalid(paramsPath, key, KEY_EXPECTED, fix);
}

/** split an alpn value into ids per RFC 9460 Appendix A.1 (after char-string decoding: "\," and "\\" escapes) */
function splitValueList(value: string, path: string): string[] {
  if (value === '') return [];
  const items: string[] = [];
  let item = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === ',') {
      items.push(item);
      item = '';
    } else if (c === '\\') {
      const next = value[i + 1];
      if (next !== ',' && next !== '\\') {
        const fix = 'in a value-list "\\" may only escape "," or "\\" (RFC 9460 Appendix A.1)';
        throw Http3ConfigError.invalid(path, value, 'a comma-separated list', fix);
      }
      item += next;
      i++;
    } else {
      item += c;
    }
  }
  items.push(item);
  return items;
}

/** a presentation value of a named key as its SvcParams field value (semantic checks are left to validation) */
function knownFromPresentation(key: number, value: CharString | undefined, path: string): unknown {
  const octets = value?.octets ?? '';
  if (value?.escaped && key !== 1 && key !== 7) {
    throw Http3ConfigError.invalid(path, value.raw, `a ${KEY_NAMES[key]} value without escape sequences`, 'RFC 9460 forbids escapes in this value');
  }
  const items = (): string[] => (octets === '' ? [] : octets.split(','));
  switch (key) {
    case 0:
      return items()
        .map((name) => {
          if (isPlaceholder(name)) return name;
          const n = svcParamKeyNumber(name);
          if (n === undefined) throw Http3ConfigError.invalid(`${path}[${octets.split(',').indexOf(name)}]`, name, MANDATORY_KEY_EXPECTED);
          return svcParamKeyName(n);
        })
        .sort((a, b) => (svcParamKeyNumber(a) ?? Infinity) - (svcParamKeyNumber(b) ?? Infinity));
    case 1:
      return splitValueList(octets, path);
    case 2:
    case 8:
      if (octets !== '') throw Http3ConfigError.invalid(path, value?.raw, `empty: ${KEY_NAMES[key]} takes no value`, `write ${KEY_NAMES[key]} alone`);
      return true;
    case 3:
      if (isPlaceholder(octets)) return octets;
      if (!/^(0|[1-9][0-9]*)$/.test(octets)) {
        const fix = /^[0-9]+$/.test(octets) ? 'write it without leading zeros' : undefined;
        throw Http3ConfigError.invalid(path, octets, PORT_EXPECTED, fix);
      }
      return Number(octets);
    case 4:
      return items();
    case 6:
      return items().map(canonicalIpv6);
    default:
      return octets;
  }
}

/**
 * Parse HTTPS/SVCB RDATA presentation text (`1 . alpn=h3,h2 port=8443`) strictly.
 *
 * Accepts SvcParams in any order, quoted or unquoted values, RFC 9460 Appendix A char-string escapes and
 * A.1 value-list escapes, zone-file parentheses, and generic `keyNNNNN` spellings of named keys
 * (`key1=\002h2` is `alpn=h2`). Refuses comments, relative names, upper-case or repeated keys, `key=` with
 * nothing after '=', escapes where RFC 9460 forbids them, and everything {@link validateHttpsRdata} refuses
 * (errors name paths under `prop`). The result has SvcParams in key order and IPv6 hints in RFC 5952 form.
 */
export function parseHttpsRdata(text: string, prop = 'rdata'): HttpsRdata {
  if (typeof text !== 'string') throw Http3ConfigError.invalid(prop, text, RDATA_EXPECTED);
  const reader = new PresentationReader(text, prop);
  if (reader.skipSpace()) throw reader.syntax('the text is empty');
  const priorityText = reader.word(false);
  if (!reader.atDelimiter()) throw reader.syntax(`unexpected ${show(reader.peek())} at character ${reader.position()}`);
  let priority: number | string = priorityText;
  if (!isPlaceholder(priorityText)) {
    if (!/^(0|[1-9][0-9]*)$/.test(priorityText)) throw Http3ConfigError.invalid(`${prop}.priority`, priorityText, PRIORITY_EXPECTED);
    priority = Number(priorityText);
  }
  if (reader.skipSpace()) throw reader.syntax('the TargetName is missing after the priority');
  const target = reader.word(false);
  if (!reader.atDelimiter() || target.includes('\\')) {
    const shown = target + (reader.atDelimiter() ? '' : reader.peek());
    throw Http3ConfigError.invalid(`${prop}.target`, shown, TARGET_EXPECTED, 'quotes and escapes are not allowed');
  }
  checkTarget(target, `${prop}.target`);

  const p = `${prop}.params`;
  const entries: Array<[number, unknown]> = [];
  const seen = new Set<number>();
  while (!reader.skipSpace()) {
    const start = reader.position();
    const key = reader.word(true);
    const n = presentationKey(key, p);
    const path = keyPath(p, n);
    let value: CharString | undefined;
    if (reader.peek() === '=') {
      reader.advance();
      if (reader.atDelimiter()) {
        throw Http3ConfigError.invalid(path, `${key}=`, `a value after "="`, `write ${key} alone for an empty value`);
      }
      value = reader.charString();
    } else if (!reader.atDelimiter()) {
      throw reader.syntax(`unexpected ${show(reader.peek())} at character ${reader.position()}`);
    }
    if (seen.has(n)) {
      const token = value ? `${key}=${value.raw}` : key;
      const reason = `repeats a SvcParamKey (at character ${start}; RFC 9460 §2.1: keys must not repeat)`;
      throw Http3ConfigError.refused(path, token, reason, `give ${svcParamKeyName(n)} once`);
    }
    seen.add(n);
    if (n >= FIRST_GENERIC_KEY) {
      entries.push([n, value?.octets ?? '']);
    } else if (key === KEY_NAMES[n]) {
      entries.push([n, knownFromPresentation(n, value, path)]);
    } else {
      // a named key in its generic spelling (key1=\002h2): the value is its wire form
      const octets = new Uint8Array(Buffer.from(value?.octets ?? '', 'latin1'));
      entries.push([n, knownFromWire(n, octets, (problem) => Http3ConfigError.invalid(path, value?.raw ?? key, `a valid ${key} value`, problem))]);
    }
  }
  const rdata: HttpsRdata = { priority: priority as number, target, params: paramsObject(entries) };
  validateHttpsRdata(rdata, prop);
  return rdata;
}

// ---------------------------------------------------------------------------------------------------------
// wire format

/**
 * Encode HTTPS/SVCB RDATA in wire format (RFC 9460 §2.2): priority, uncompressed TargetName, SvcParams in
 * strictly increasing key order. Validates first (with prop `rdata`); refuses placeholders, whose octets are
 * not known yet.
 */
export function encodeHttpsRdata(rdata: HttpsRdata): Uint8Array {
  validateHttpsRdata(rdata, 'rdata');
  return encodeValidatedRdata(rdata);
}

/** @internal {@link encodeHttpsRdata} of RDATA the caller has validated with {@link validateHttpsRdata} */
export function encodeValidatedRdata(rdata: HttpsRdata): Uint8Array {
  const unknown = findPlaceholder(rdata, 'rdata');
  if (unknown !== undefined) {
    throw Http3ConfigError.refused(unknown, findValue(rdata, unknown), 'is not known yet', 'encode the RDATA after the value is resolved');
  }
  const params = wireParams(rdata.params) as Array<[number, Uint8Array]>;
  const bytes: number[] = [rdata.priority >> 8, rdata.priority & 0xff];
  if (rdata.target !== '.') {
    for (const label of rdata.target.slice(0, -1).split('.')) bytes.push(label.length, ...Buffer.from(label, 'latin1'));
  }
  bytes.push(0);
  for (const [key, value] of params) bytes.push(key >> 8, key & 0xff, value.length >> 8, value.length & 0xff, ...value);
  return Uint8Array.from(bytes);
}

/** the value at a path produced by findPlaceholder */
function findValue(root: unknown, path: string): unknown {
  let value: unknown = root;
  for (const m of path.replace(/^rdata/, '').matchAll(/\.([^.[]+)|\[([0-9]+)\]/g)) {
    value = (value as Record<string, unknown>)[m[1] ?? m[2]];
  }
  return value;
}

/**
 * Decode HTTPS/SVCB RDATA from wire format strictly.
 *
 * Refuses truncation anywhere, compressed or over-long TargetNames, SvcParamKeys that are not strictly
 * increasing, the reserved key 65535, values of the wrong length or shape, and everything
 * {@link validateHttpsRdata} refuses (errors name paths under `prop`).
 */
export function decodeHttpsRdata(wire: Uint8Array, prop = 'rdata'): HttpsRdata {
  if (!(wire instanceof Uint8Array)) throw Http3ConfigError.invalid(prop, wire, 'HTTPS RDATA wire octets (a Uint8Array)');
  const fail = (problem: string): Http3ConfigError =>
    Http3ConfigError.invalid(prop, hex(wire), 'HTTPS RDATA in wire format (RFC 9460 §2.2)', problem);
  if (wire.length < 3) throw fail(`it is ${wire.length} octets long, too short for a priority and a TargetName`);
  const priority = (wire[0] << 8) | wire[1];
  let pos = 2;
  const labels: string[] = [];
  for (;;) {
    if (pos >= wire.length) throw fail('the TargetName runs past the end');
    const length = wire[pos];
    if (length === 0) {
      pos++;
      break;
    }
    if (length > 63) throw fail(`the TargetName has a compression pointer or extended label type at octet ${pos} (RDATA names are uncompressed)`);
    if (pos + 1 + length > wire.length) throw fail(`the TargetName label at octet ${pos} runs past the end`);
    const label = Buffer.from(wire.subarray(pos + 1, pos + 1 + length)).toString('latin1');
    if (!/^[A-Za-z0-9_-]+$/.test(label)) {
      throw fail(`the TargetName label ${show(label)} at octet ${pos} has a character other than letters, digits, "-" and "_"`);
    }
    labels.push(label);
    pos += 1 + length;
  }
  if (pos - 2 > 255) throw fail(`the TargetName is ${pos - 2} octets long (at most 255)`);
  const target = labels.length === 0 ? '.' : `${labels.join('.')}.`;
  const entries: Array<[number, unknown]> = [];
  let previous = -1;
  while (pos < wire.length) {
    if (pos + 4 > wire.length) throw fail(`the SvcParam at octet ${pos} is cut short: ${wire.length - pos} octets left, 4 needed for key and length`);
    const key = (wire[pos] << 8) | wire[pos + 1];
    const length = (wire[pos + 2] << 8) | wire[pos + 3];
    if (key <= previous) {
      throw fail(`SvcParamKey ${key} at octet ${pos} follows key ${previous}: keys must be strictly increasing (RFC 9460 §2.2)`);
    }
    if (key === RESERVED_KEY) throw fail(`SvcParamKey 65535 at octet ${pos} is reserved ("Invalid key")`);
    if (pos + 4 + length > wire.length) {
      throw fail(`the value of ${svcParamKeyName(key)} at octet ${pos} claims ${length} octets but ${wire.length - pos - 4} remain`);
    }
    const value = wire.subarray(pos + 4, pos + 4 + length);
    const path = keyPath(`${prop}.params`, key);
    const valueFail = (problem: string): Http3ConfigError =>
      Http3ConfigError.invalid(path, hex(value), `a well-formed ${svcParamKeyName(key)} value in wire format (RFC 9460)`, problem);
    entries.push([key, key < FIRST_GENERIC_KEY ? knownFromWire(key, value, valueFail) : Buffer.from(value).toString('latin1')]);
    previous = key;
    pos += 4 + length;
  }
  const rdata: HttpsRdata = { priority, target, params: paramsObject(entries) };
  validateHttpsRdata(rdata, prop);
  return rdata;
}
