/**
 * The `Alt-Svc` field value (RFC 7838 §3, HTTP/3 per RFC 9114 §3.1.1): a canonical serializer and a strict parser.
 *
 * Serializing validates every alternative first and writes the one spelling every client parses:
 * `h3=":443"; ma=86400`, entries joined by `", "`, no whitespace before `;`, integers never quoted, the
 * protocol-id percent-encoded canonically (RFC 7838 §3: only octets that are not `tchar`, and `%`, encoded,
 * with uppercase hex).
 *
 * Parsing accepts what both RFC 7838 and Chrome's parser (quiche `SpdyAltSvcWireFormat`) accept, and is
 * stricter where either one is:
 * - any error rejects the whole value, as Chrome ignores the entire header when any part fails to parse;
 * - `ma` must be an unquoted integer 1-4294967295 (Chrome: positive uint32; the RFC would allow a quoted
 *   `ma="60"` and `ma=0`, Chrome drops the header for both; `clear` is the way to withdraw);
 * - `clear` is recognised only as the whole value, case-sensitive (RFC: `%s"clear"`; Chrome compares the whole
 *   value, so `clear` next to alternatives clears nothing there);
 * - whitespace before `;` and around `,` is accepted (RFC 7838 OWS; Chrome skips it too), but not around the
 *   `=` of a parameter (RFC 9110 §5.6.6 has none there; Chrome would skip it);
 * - a `;` with no parameter after it is refused (the ABNF needs a parameter; Chrome would skip it);
 * - empty list elements (`h3=":443",,`) are accepted after an alternative (RFC 9110 §5.6.1, Chrome skips them)
 *   but not before the first one (Chrome reads a leading `,` as part of the protocol-id);
 * - the protocol-id must be a token in canonical percent-encoding (Chrome decodes anything up to `=`, so a
 *   non-canonical spelling silently never matches `h3`);
 * - unknown parameters are ignored and left out of the result (RFC 7838 §3), but a quoted value holding a space,
 *   `,` or `;` is refused (Chrome splits on those even inside quotes); Chrome's legacy `v="46,43"` and, for `hq`,
 *   `quic=51303338` parameters are checked the way Chrome checks them;
 * - `persist` must be the unquoted `1` (RFC 7838 §3.1 defines no other value), `ma` and `persist` at most once;
 * - the same protocol, host and port listed twice is refused (layers that each append Alt-Svc produce this).
 */
import { isIPv4, isIPv6 } from 'node:net';
import { Http3ConfigError } from './errors';
import { isPlaceholder } from './placeholders';

/** one alternative service: the protocol to use and where to reach it */
export interface AltSvcAlternative {
  /** the ALPN protocol name, decoded (e.g. 'h3', 'http/1.1') */
  readonly protocolId: string;
  /** the alt-authority host: a DNS name in A-labels, an IPv4 address or a bracketed IPv6 address; undefined = same host */
  readonly host?: string;
  /** the port, 1-65535 (mandatory in Alt-Svc: RFC 9114 §3.1.1) */
  readonly port: number;
  /** ma, in seconds, 1-4294967295; undefined = not sent (clients then use the RFC default 86400) */
  readonly maxAgeSeconds?: number;
  /** persist=1: keep the alternative across network changes (ignored by Chrome and Firefox); only true or undefined */
  readonly persist?: boolean;
}

/** an Alt-Svc field value: `clear` (withdraw every alternative) or a non-empty list of alternatives, most preferred first */
export type AltSvcValue = { readonly clear: true } | { readonly clear?: false; readonly alternatives: readonly AltSvcAlternative[] };

/** options of {@link formatAltSvc} and {@link parseAltSvc} */
export interface AltSvcFormatOptions {
  /**
   * Allow draft HTTP/3 and QUIC protocol ids (`h3-29`, `h3-Q050`, `hq`, `hq-interop`, `quic`) next to `h3`, `h2` and
   * `http/1.1`. Chrome, Firefox and curl accept only `h3`; Envoy dropped draft-29 in 2022.
   * @default false
   */
  readonly allowDraftVersions?: boolean;
}

/** the max age clients assume when `ma` is not sent (RFC 7838 §3.1): 24 hours */
export const DEFAULT_ALT_SVC_MAX_AGE_SECONDS = 86400;

/** the largest `ma` accepted: Chrome reads `ma` as an unsigned 32-bit integer and drops the header beyond */
export const MAX_ALT_SVC_MAX_AGE_SECONDS = 4294967295;

/** the protocol ids allowed without opting in to draft versions */
export const ALT_SVC_PROTOCOL_IDS: readonly string[] = Object.freeze(['h3', 'h2', 'http/1.1']);

/** the longest ALPN protocol name, in octets (RFC 7301 §3.1) */
const MAX_PROTOCOL_ID_OCTETS = 255;

/** the prop path used when the caller gives none */
const DEFAULT_PROP = 'altSvc';

// the end of every parse error message
const WHOLE = 'any error rejects the whole Alt-Svc value, as in Chrome';

const HOST_EXPECTED = 'a DNS name in A-labels, an IPv4 address or a bracketed IPv6 address';
const MA_EXPECTED = `an unquoted integer from 1 to ${MAX_ALT_SVC_MAX_AGE_SECONDS}`;
const DRAFT_REASON =
  'is a draft HTTP/3 or QUIC version that current clients ignore (Chrome, Firefox and curl accept only "h3"; Envoy dropped draft-29 in 2022)';
const DRAFT_INSTEAD = 'advertise "h3", or set allowDraftVersions: true if the server really speaks this version';

/**
 * True for a draft HTTP/3 or QUIC protocol id: `h3-<draft>` (`h3-29`, `h3-Q050`), `hq`, `hq-<draft>`, `quic`.
 */
export function isDraftProtocolId(protocolId: string): boolean {
  return /^h3-[0-9A-Za-z-]+$/.test(protocolId) || /^hq(-[0-9A-Za-z-]+)?$/.test(protocolId) || protocolId === 'quic';
}

/**
 * Percent-encode an ALPN protocol name into an RFC 7838 protocol-id, canonically: the UTF-8 octets that are
 * `tchar` stay as they are, every other octet and `%` become `%XX` with uppercase hex (`http/1.1` gives
 * `http%2F1.1`, `x%y` gives `x%25y`).
 */
export function encodeProtocolId(protocolName: string, prop = 'protocolId'): string {
  if (typeof protocolName !== 'string' || hasLoneSurrogate(protocolName)) {
    throw Http3ConfigError.invalid(prop, protocolName, 'a string of Unicode text');
  }
  let out = '';
  for (const octet of new TextEncoder().encode(protocolName)) {
    out += isTchar(octet) && octet !== PERCENT ? String.fromCharCode(octet) : `%${octet.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * Decode an RFC 7838 protocol-id into the ALPN protocol name, accepting only the canonical encoding (a token,
 * uppercase hex, no `tchar` other than `%` encoded, UTF-8 text), so that one name has one spelling.
 */
export function decodeProtocolId(protocolId: string, prop = 'protocolId'): string {
  const decoded = decodeCanonical(protocolId);
  if (typeof decoded !== 'string') throw Http3ConfigError.invalid(prop, protocolId, decoded.expected, decoded.fix);
  return decoded;
}

/**
 * Validate an Alt-Svc value and serialize it canonically: `clear`, or `h3=":443"; ma=86400` entries joined by `", "`.
 *
 * Throws a Http3ConfigError naming the prop path (`<prop>.alternatives[<i>].<field>`) for any invalid field.
 * `host` may be a placeholder (a value known later), written as is.
 */
export function formatAltSvc(value: AltSvcValue, prop = DEFAULT_PROP, options: AltSvcFormatOptions = {}): string {
  const allowDrafts = readOptions(options);
  const alternatives = readValue(value, prop);
  if (alternatives === 'clear') return 'clear';
  const seen: Array<{ key: string; index: number }> = [];
  const entries = alternatives.map((alternative, index) => {
    const path = `${prop}.alternatives[${index}]`;
    const alt = readAlternative(alternative, path, allowDrafts);
    const key = identity(alt);
    const before = seen.find((s) => s.key === key);
    if (before) {
      throw Http3ConfigError.invalid(
        path,
        alternative,
        `an alternative not listed before (same protocolId, host and port as alternatives[${before.index}])`,
        'list each alternative once',
      );
    }
    seen.push({ key, index });
    return serializeAlternative(alt);
  });
  return entries.join(', ');
}

/**
 * Parse an Alt-Svc field value strictly (RFC 7838 §3, and Chrome's parser where it is stricter), into the same
 * shape {@link formatAltSvc} takes: `parseAltSvc(formatAltSvc(v))` equals `v`.
 *
 * Any error rejects the whole value. Errors name the entry and the RFC 7838 element: `<prop>[<i>].ma`.
 * Unknown parameters are checked for syntax and left out of the result.
 */
export function parseAltSvc(fieldValue: string, prop = DEFAULT_PROP, options: AltSvcFormatOptions = {}): AltSvcValue {
  const allowDrafts = readOptions(options);
  if (typeof fieldValue !== 'string') throw Http3ConfigError.invalid(prop, fieldValue, 'a string');
  return new Parser(trimOws(fieldValue), prop, allowDrafts).parse();
}

// ---- validation shared by the serializer and the parser ----

/** why a value is refused: an `invalid` error (expected + fix) or a `refused` one (reason + instead) */
type Problem = { readonly expected: string; readonly fix?: string } | { readonly reason: string; readonly instead: string };

/** build the error for a problem; `suffix` is appended to the fix (the parser's "whole value rejected") */
function toError(prop: string, value: unknown, problem: Problem, suffix?: string): Http3ConfigError {
  if ('reason' in problem) return Http3ConfigError.refused(prop, value, problem.reason, suffix ? `${problem.instead}; ${suffix}` : problem.instead);
  return Http3ConfigError.invalid(prop, value, problem.expected, joinFix(problem.fix, suffix));
}

function joinFix(fix: string | undefined, suffix: string | undefined): string | undefined {
  if (fix && suffix) return `${fix}; ${suffix}`;
  return fix ?? suffix;
}

/** the problem with a decoded protocol name, if any: length, then the allow-list */
function checkProtocolName(name: string, allowDrafts: boolean): Problem | undefined {
  if (name === '') return { expected: 'a non-empty ALPN protocol name like "h3"' };
  if (new TextEncoder().encode(name).length > MAX_PROTOCOL_ID_OCTETS) {
    return { expected: `at most ${MAX_PROTOCOL_ID_OCTETS} octets long (the ALPN limit, RFC 7301)` };
  }
  if (ALT_SVC_PROTOCOL_IDS.includes(name)) return undefined;
  if (isDraftProtocolId(name)) return allowDrafts ? undefined : { reason: DRAFT_REASON, instead: DRAFT_INSTEAD };
  const lower = name.toLowerCase();
  const fix =
    ALT_SVC_PROTOCOL_IDS.includes(lower) || (allowDrafts && isDraftProtocolId(lower))
      ? `ALPN protocol names are case-sensitive: use ${JSON.stringify(lower)}`
      : undefined;
  const expected = allowDrafts
    ? 'one of "h3", "h2", "http/1.1", or a draft id (h3-<draft>, hq, hq-<draft>, quic)'
    : 'one of "h3", "h2" or "http/1.1"';
  return fix ? { expected, fix } : { expected };
}

/** the problem with an alt-authority host, if any (the empty host is handled by the callers) */
function checkHost(host: string): Problem | undefined {
  const problem = (fix?: string): Problem => (fix ? { expected: HOST_EXPECTED, fix } : { expected: HOST_EXPECTED });
  if (/["\\,;\s]/.test(host)) {
    return problem('quotes, backslashes, commas, semicolons and whitespace are never part of a host');
  }
  if (/[^\x21-\x7e]/.test(host)) return problem('write an internationalized name in A-labels (xn--...)');
  if (host.startsWith('[')) {
    if (!host.endsWith(']')) return problem('close the IPv6 address with "]"');
    const inner = host.slice(1, -1);
    if (inner.includes('%')) return problem('IPv6 zone identifiers cannot be used in Alt-Svc');
    return isIpv6(inner) ? undefined : problem();
  }
  if (host.includes(':')) return problem(isIpv6(host) ? `put an IPv6 address in brackets: "[${host}]"` : undefined);
  if (host.endsWith('.') && host.length > 1) return problem('drop the trailing dot');
  if (host.length > 253) return problem('a DNS name has at most 253 characters');
  const labels = host.split('.');
  if (/^[0-9]+$/.test(labels[labels.length - 1] as string)) {
    // a name whose last label is numeric is read as an IPv4 address by URL parsers
    return isIPv4(host) ? undefined : problem();
  }
  for (const label of labels) {
    if (label.length > 63) return problem('a DNS label has at most 63 characters');
    if (!/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/.test(label)) return problem();
  }
  return undefined;
}

/** true for the text form of an IPv6 address without a zone id (node:net accepts `%zone`, Alt-Svc hosts cannot carry one) */
function isIpv6(text: string): boolean {
  return /^[0-9A-Fa-f:.]+$/.test(text) && isIPv6(text);
}

function isPort(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 65535;
}

function isMaxAge(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= MAX_ALT_SVC_MAX_AGE_SECONDS;
}

/** the key two alternatives share when they are the same alternative (host names compare case-insensitively) */
function identity(alt: AltSvcAlternative): string {
  return JSON.stringify([alt.protocolId, (alt.host ?? '').toLowerCase(), alt.port]);
}

// ---- the serializer ----

function readOptions(options: AltSvcFormatOptions | undefined): boolean {
  if (options === undefined) return false;
  if (typeof options !== 'object' || options === null) {
    throw Http3ConfigError.invalid('options', options, 'an object { allowDraftVersions? } or left out');
  }
  const allow = options.allowDraftVersions;
  if (allow !== undefined && typeof allow !== 'boolean') {
    throw Http3ConfigError.invalid('options.allowDraftVersions', allow, 'true, false or left out');
  }
  return allow === true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refuseUnknownFields(value: Record<string, unknown>, path: string, fields: readonly string[], what: string): void {
  for (const key of Object.keys(value)) {
    if (!fields.includes(key)) {
      const known = `${fields.slice(0, -1).join(', ')} and ${fields[fields.length - 1]}`;
      throw Http3ConfigError.invalid(`${path}.${key}`, value[key], 'left out', `${what} has only the fields ${known}`);
    }
  }
}

/** validate the top-level value: 'clear' or the (non-empty) alternatives */
function readValue(value: unknown, prop: string): 'clear' | readonly unknown[] {
  if (!isObject(value)) throw Http3ConfigError.invalid(prop, value, 'an object: { clear: true } or { alternatives: [...] }');
  refuseUnknownFields(value, prop, ['clear', 'alternatives'], 'an Alt-Svc value');
  const { clear, alternatives } = value;
  if (clear !== undefined && typeof clear !== 'boolean') {
    throw Http3ConfigError.invalid(`${prop}.clear`, clear, 'true, false or left out');
  }
  if (clear === true) {
    if (alternatives === undefined) return 'clear';
    throw Http3ConfigError.conflict(
      `${prop}.clear`,
      true,
      `${prop}.alternatives`,
      alternatives,
      'clear withdraws every alternative and clients recognise it only as the whole Alt-Svc value',
      'send { clear: true } alone, or the alternatives without clear',
    );
  }
  if (!Array.isArray(alternatives) || alternatives.length === 0) {
    throw Http3ConfigError.invalid(
      `${prop}.alternatives`,
      alternatives,
      'a non-empty list of alternatives',
      'use { clear: true } to withdraw all alternatives',
    );
  }
  return alternatives;
}

/** validate one alternative given to the serializer */
function readAlternative(value: unknown, path: string, allowDrafts: boolean): AltSvcAlternative {
  if (!isObject(value)) {
    throw Http3ConfigError.invalid(path, value, 'an object { protocolId, host?, port, maxAgeSeconds?, persist? }');
  }
  refuseUnknownFields(value, path, ['protocolId', 'host', 'port', 'maxAgeSeconds', 'persist'], 'an alternative');
  const { protocolId, host, port, maxAgeSeconds, persist } = value;
  if (typeof protocolId !== 'string') {
    throw Http3ConfigError.invalid(`${path}.protocolId`, protocolId, 'a string ALPN protocol name like "h3"');
  }
  if (hasLoneSurrogate(protocolId)) throw Http3ConfigError.invalid(`${path}.protocolId`, protocolId, 'a string of Unicode text');
  const protocolProblem = checkProtocolName(protocolId, allowDrafts);
  if (protocolProblem) throw toError(`${path}.protocolId`, protocolId, protocolProblem);
  if (host !== undefined) {
    if (typeof host !== 'string') throw Http3ConfigError.invalid(`${path}.host`, host, `${HOST_EXPECTED}, or left out for the same host`);
    if (host === '') throw Http3ConfigError.invalid(`${path}.host`, host, HOST_EXPECTED, 'leave host out to mean the same host');
    const hostProblem = isPlaceholder(host) ? undefined : checkHost(host);
    if (hostProblem) throw toError(`${path}.host`, host, hostProblem);
  }
  if (typeof port !== 'number' || !isPort(port)) throw Http3ConfigError.invalid(`${path}.port`, port, 'an integer from 1 to 65535');
  if (maxAgeSeconds !== undefined && (typeof maxAgeSeconds !== 'number' || !isMaxAge(maxAgeSeconds))) {
    throw Http3ConfigError.invalid(
      `${path}.maxAgeSeconds`,
      maxAgeSeconds,
      `an integer from 1 to ${MAX_ALT_SVC_MAX_AGE_SECONDS}, or left out (clients then use ${DEFAULT_ALT_SVC_MAX_AGE_SECONDS})`,
      maxAgeSeconds === 0 ? 'use { clear: true } to withdraw alternatives (Chrome rejects ma=0 and ignores the whole header)' : undefined,
    );
  }
  if (persist !== undefined && persist !== true) {
    const fix = persist === false ? 'leave persist out to not send it' : undefined;
    throw Http3ConfigError.invalid(`${path}.persist`, persist, 'true or left out', fix);
  }
  return {
    protocolId,
    host: host as string | undefined,
    port,
    maxAgeSeconds: maxAgeSeconds as number | undefined,
    persist: persist as boolean | undefined,
  };
}

function serializeAlternative(alt: AltSvcAlternative): string {
  // the validated host never holds '"' or '\', so the quoted-string needs no escapes
  let out = `${encodeProtocolId(alt.protocolId)}="${alt.host ?? ''}:${alt.port}"`;
  if (alt.maxAgeSeconds !== undefined) out += `; ma=${alt.maxAgeSeconds}`;
  if (alt.persist) out += '; persist=1';
  return out;
}

// ---- the parser ----

/** the parameters of one alternative that make it into the result */
interface ParsedParams {
  maxAgeSeconds?: number;
  persist?: boolean;
}

const NO_BWS = 'name=value with no whitespace around "=" (RFC 9110 §5.6.6)';

/** one parsed parameter value: the text as written, the value (unescaped), and whether it was quoted */
interface ParamValue {
  readonly raw: string;
  readonly text: string;
  readonly quoted: boolean;
}

/** a recursive-descent reader over one trimmed field value; every error names `<prop>[<entry>]` */
class Parser {
  private pos = 0;
  private entry = 0;
  private entryStart = 0;

  public constructor(
    private readonly text: string,
    private readonly prop: string,
    private readonly allowDrafts: boolean,
  ) {}

  public parse(): AltSvcValue {
    const { text, prop } = this;
    if (text === '') {
      throw Http3ConfigError.invalid(prop, text, '"clear" or a comma-separated list of alternatives like h3=":443"', WHOLE);
    }
    if (text === 'clear') return { clear: true };
    if (text.toLowerCase() === 'clear') {
      throw Http3ConfigError.invalid(prop, text, 'exactly "clear" (lowercase, RFC 7838 §3) to withdraw alternatives', WHOLE);
    }
    if (text.startsWith(',')) {
      throw Http3ConfigError.invalid(
        `${prop}[0]`,
        text,
        'an alternative first, not an empty list element',
        `Chrome reads a leading "," as part of the protocol-id; ${WHOLE}`,
      );
    }
    const alternatives: AltSvcAlternative[] = [];
    const seen = new Map<string, number>();
    while (this.pos < text.length) {
      this.entryStart = this.pos;
      const alt = this.alternative();
      const key = identity(alt);
      const before = seen.get(key);
      if (before !== undefined) {
        throw Http3ConfigError.invalid(
          this.at(),
          this.text.slice(this.entryStart, this.pos),
          `an alternative not listed before (same protocol, host and port as ${prop}[${before}])`,
          `list each alternative once; ${WHOLE}`,
        );
      }
      seen.set(key, this.entry);
      alternatives.push(alt);
      // between alternatives: OWS "," OWS, with empty elements allowed (RFC 9110 §5.6.1)
      this.skipOws();
      if (this.pos < text.length && text[this.pos] !== ',') {
        throw this.syntax('";" before each parameter, or "," before the next alternative');
      }
      while (this.pos < text.length && (text[this.pos] === ',' || isOws(text[this.pos]))) this.pos += 1;
      this.entry += 1;
    }
    return { alternatives };
  }

  /** the path of the current entry, or of one of its elements */
  private at(element?: string): string {
    return `${this.prop}[${this.entry}]${element ? `.${element}` : ''}`;
  }

  /** the error for text that does not follow the grammar, showing the rest of the value from the current entry */
  private syntax(expected: string, element?: string, fix?: string): Http3ConfigError {
    return Http3ConfigError.invalid(this.at(element), this.text.slice(this.entryStart), expected, joinFix(fix, WHOLE));
  }

  private skipOws(): void {
    while (isOws(this.text[this.pos])) this.pos += 1;
  }

  private token(): string {
    const start = this.pos;
    while (this.pos < this.text.length && isTchar(this.text.charCodeAt(this.pos))) this.pos += 1;
    return this.text.slice(start, this.pos);
  }

  /** quoted-string (RFC 9110 §5.6.4) at the cursor: returns the raw text and the unescaped content, or why it failed */
  private quotedString(): { raw: string; content: string } | { expected: string } {
    const start = this.pos;
    this.pos += 1;
    let content = '';
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === undefined) return { expected: 'a quoted string closed by "' };
      const code = ch.charCodeAt(0);
      this.pos += 1;
      if (ch === '"') return { raw: this.text.slice(start, this.pos), content };
      if (ch === '\\') {
        const next = this.text[this.pos];
        if (next === undefined) return { expected: 'a quoted string closed by "' };
        if (!isQuotedPairChar(next.charCodeAt(0))) return { expected: 'a quoted string of visible characters, spaces and tabs' };
        content += next;
        this.pos += 1;
      } else if (isQdtext(code)) {
        content += ch;
      } else {
        return { expected: 'a quoted string of visible characters, spaces and tabs' };
      }
    }
  }

  /** alt-value = protocol-id "=" alt-authority *( OWS ";" OWS parameter ) */
  private alternative(): AltSvcAlternative {
    const { text } = this;
    const rawId = this.token();
    if (text[this.pos] !== '=') {
      if (rawId === 'clear') {
        throw Http3ConfigError.invalid(
          this.at(),
          text,
          'either exactly "clear" or only alternatives',
          `Chrome recognises clear only as the whole value, so next to alternatives it clears nothing; ${WHOLE}`,
        );
      }
      throw this.syntax('protocol-id="[host]:port" with the protocol-id a token (the percent-encoded ALPN name)');
    }
    if (rawId === '') throw this.syntax('protocol-id="[host]:port" with the protocol-id a token (the percent-encoded ALPN name)');
    const protocolId = this.protocolId(rawId);
    this.pos += 1;
    const { host, port } = this.altAuthority();
    const params = this.parameters(protocolId);
    const alt: { -readonly [K in keyof AltSvcAlternative]: AltSvcAlternative[K] } = { protocolId, port };
    if (host !== undefined) alt.host = host;
    if (params.maxAgeSeconds !== undefined) alt.maxAgeSeconds = params.maxAgeSeconds;
    if (params.persist) alt.persist = true;
    return alt;
  }

  private protocolId(rawId: string): string {
    const decoded = decodeCanonical(rawId);
    if (typeof decoded !== 'string') throw toError(this.at('protocol-id'), rawId, decoded, WHOLE);
    const problem = checkProtocolName(decoded, this.allowDrafts);
    if (problem) throw toError(this.at('protocol-id'), decoded, problem, WHOLE);
    return decoded;
  }

  /** alt-authority = quoted-string containing [ uri-host ] ":" port */
  private altAuthority(): { host: string | undefined; port: number } {
    const { text } = this;
    if (text[this.pos] !== '"') {
      throw Http3ConfigError.invalid(this.at('alt-authority'), text.slice(this.pos), 'a quoted "[host]:port"', WHOLE);
    }
    const quoted = this.quotedString();
    if (!('raw' in quoted)) throw Http3ConfigError.invalid(this.at('alt-authority'), text.slice(this.entryStart), quoted.expected, WHOLE);
    const authority = quoted.content;
    let colon: number;
    if (authority.startsWith('[')) {
      const close = authority.indexOf(']');
      colon = close < 0 ? -1 : close + 1;
      if (authority[colon] !== ':') colon = -1;
    } else {
      colon = authority.lastIndexOf(':');
    }
    if (colon < 0) {
      throw Http3ConfigError.invalid(this.at('alt-authority'), quoted.raw, '"[host]:port" with a port (RFC 7838 §3: the port is mandatory)', WHOLE);
    }
    const rawHost = authority.slice(0, colon);
    const rawPort = authority.slice(colon + 1);
    if (!/^[0-9]+$/.test(rawPort) || !isPort(Number(rawPort))) {
      throw Http3ConfigError.invalid(this.at('port'), rawPort, 'an integer from 1 to 65535', WHOLE);
    }
    if (rawHost === '') return { host: undefined, port: Number(rawPort) };
    const problem = checkHost(rawHost);
    if (problem) throw toError(this.at('host'), rawHost, problem, WHOLE);
    return { host: rawHost, port: Number(rawPort) };
  }

  /** *( OWS ";" OWS parameter ), up to the "," that ends the alternative */
  private parameters(protocolId: string): ParsedParams {
    const { text } = this;
    const result: ParsedParams = {};
    const seen = new Set<string>();
    for (;;) {
      const before = this.pos;
      this.skipOws();
      if (this.pos >= text.length || text[this.pos] === ',') {
        this.pos = before;
        return result;
      }
      if (text[this.pos] !== ';') throw this.syntax('";" before each parameter, or "," before the next alternative');
      this.pos += 1;
      this.skipOws();
      const name = this.token();
      if (name === '') throw this.syntax('a parameter after every ";"', undefined, 'RFC 7838 §3 needs one');
      // parameter names are case-insensitive (RFC 9110 §5.6.6); Chrome lower-cases them too
      const lower = name.toLowerCase();
      if (isOws(text[this.pos]) && /^[ \t]*=/.test(text.slice(this.pos))) throw this.syntax(NO_BWS, lower);
      if (text[this.pos] !== '=') throw this.syntax('a parameter of the form name=value', lower);
      this.pos += 1;
      const value = this.parameterValue(lower);
      if ((lower === 'ma' || lower === 'persist') && seen.has(lower)) {
        throw Http3ConfigError.invalid(this.at(lower), value.raw, 'given once per alternative', `a second ${lower} is ambiguous; ${WHOLE}`);
      }
      seen.add(lower);
      this.parameter(lower, value, protocolId, result);
    }
  }

  /** parameter value = token / quoted-string */
  private parameterValue(name: string): ParamValue {
    const { text } = this;
    if (isOws(text[this.pos])) throw this.syntax(NO_BWS, name);
    if (text[this.pos] === '"') {
      const quoted = this.quotedString();
      if (!('raw' in quoted)) throw this.syntax(quoted.expected, name);
      return { raw: quoted.raw, text: quoted.content, quoted: true };
    }
    const token = this.token();
    if (token === '') throw this.syntax('a parameter value (a token or a quoted string)', name);
    return { raw: token, text: token, quoted: false };
  }

  /** interpret one parameter: ma, persist, Chrome's v and quic, or an unknown one (ignored) */
  private parameter(name: string, value: ParamValue, protocolId: string, result: ParsedParams): void {
    if (name === 'ma') {
      const seconds = Number(value.text);
      if (value.quoted || !/^[0-9]+$/.test(value.text) || !isMaxAge(seconds)) {
        let fix: string | undefined;
        if (value.quoted) fix = 'remove the quotes: Chrome rejects a quoted ma';
        else if (/^0+$/.test(value.text)) fix = 'use clear to withdraw alternatives: Chrome rejects ma=0';
        throw Http3ConfigError.invalid(this.at('ma'), value.raw, MA_EXPECTED, joinFix(fix, WHOLE));
      }
      result.maxAgeSeconds = seconds;
    } else if (name === 'persist') {
      if (value.quoted || value.text !== '1') {
        throw Http3ConfigError.invalid(this.at('persist'), value.raw, 'the unquoted value 1 (RFC 7838 §3.1 defines no other)', WHOLE);
      }
      result.persist = true;
    } else if (name === 'v' && protocolId !== 'hq') {
      // chrome's legacy version list: a quoted, comma-separated list of 16-bit positive integers
      const ok = value.quoted && /^[0-9]+(,[0-9]+)*$/.test(value.text) && value.text.split(',').every((v) => isPort(Number(v)));
      if (!ok) {
        const expected = 'a quoted comma-separated list of integers from 1 to 65535 (Chrome\'s QUIC version list)';
        throw Http3ConfigError.invalid(this.at('v'), value.raw, expected, WHOLE);
      }
    } else if (name === 'quic' && protocolId === 'hq') {
      // chrome's IETF-draft form: the QUIC version tag in hex, without leading zeros
      if (value.quoted || !/^[1-9A-Fa-f][0-9A-Fa-f]{0,7}$/.test(value.text)) {
        throw Http3ConfigError.invalid(this.at('quic'), value.raw, 'an unquoted hexadecimal QUIC version tag without leading zeros', WHOLE);
      }
    } else if (value.quoted && /[ \t,;]/.test(value.raw)) {
      throw Http3ConfigError.invalid(
        this.at(name),
        value.raw,
        'a token or a quoted string without spaces, commas or semicolons',
        `Chrome splits parameters on these even inside quotes; ${WHOLE}`,
      );
    }
    // other parameters are ignored (RFC 7838 §3)
  }
}

// ---- characters and the protocol-id encoding ----

const PERCENT = 0x25;
const TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

/** tchar (RFC 9110 §5.6.2), by octet or UTF-16 code unit */
function isTchar(code: number): boolean {
  if (code >= 0x80) return false;
  const ch = String.fromCharCode(code);
  return /[0-9A-Za-z]/.test(ch) || TCHAR_SYMBOLS.includes(ch);
}

/** qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text */
function isQdtext(code: number): boolean {
  if (code === 0x22 || code === 0x5c) return false;
  return code === 0x09 || (code >= 0x20 && code <= 0x7e) || (code >= 0x80 && code <= 0xff);
}

/** the octet after a backslash: HTAB / SP / VCHAR / obs-text */
function isQuotedPairChar(code: number): boolean {
  return code === 0x09 || (code >= 0x20 && code <= 0x7e) || (code >= 0x80 && code <= 0xff);
}

function isOws(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t';
}

/** strip the leading and trailing SP / HTAB that are not part of a field value (RFC 9110 §5.5) */
function trimOws(text: string): string {
  return text.replace(/^[ \t]+|[ \t]+$/g, '');
}

function hasLoneSurrogate(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

const CANONICAL_EXPECTED = 'a protocol-id in canonical percent-encoding (RFC 7838 §3)';

/** decode a protocol-id, or say why it is not a canonical one */
function decodeCanonical(protocolId: string): string | { expected: string; fix?: string } {
  if (typeof protocolId !== 'string' || protocolId === '') return { expected: 'a non-empty token' };
  const octets: number[] = [];
  for (let i = 0; i < protocolId.length; i += 1) {
    const code = protocolId.charCodeAt(i);
    if (!isTchar(code)) {
      return { expected: CANONICAL_EXPECTED, fix: `${JSON.stringify(protocolId[i])} is not a token character: percent-encode it` };
    }
    if (code !== PERCENT) {
      octets.push(code);
      continue;
    }
    const hex = protocolId.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
      return { expected: CANONICAL_EXPECTED, fix: 'every "%" starts a two-digit hex escape; write "%" itself as %25' };
    }
    if (hex !== hex.toUpperCase()) {
      return { expected: CANONICAL_EXPECTED, fix: `write %${hex.toUpperCase()}, not %${hex}: the hex digits must be uppercase` };
    }
    const octet = parseInt(hex, 16);
    if (isTchar(octet) && octet !== PERCENT) {
      return { expected: CANONICAL_EXPECTED, fix: `write ${String.fromCharCode(octet)}, not %${hex}: token characters must not be percent-encoded` };
    }
    octets.push(octet);
    i += 2;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(Uint8Array.from(octets));
  } catch {
    return { expected: 'the percent-encoding of a UTF-8 ALPN protocol name' };
  }
}
