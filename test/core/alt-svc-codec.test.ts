import fc from 'fast-check';
import { parseDictionary } from 'structured-headers';
import {
  ALT_SVC_PROTOCOL_IDS,
  AltSvcAlternative,
  AltSvcFormatOptions,
  AltSvcValue,
  DEFAULT_ALT_SVC_MAX_AGE_SECONDS,
  MAX_ALT_SVC_MAX_AGE_SECONDS,
  decodeProtocolId,
  encodeProtocolId,
  formatAltSvc,
  isDraftProtocolId,
  parseAltSvc,
} from '../../lib/core/alt-svc-codec';
import { Http3ConfigError } from '../../lib/core/errors';
import { placeholder } from '../../lib/core/placeholders';

// the end of every parse error message
const W = 'any error rejects the whole Alt-Svc value, as in Chrome';
const HOST = 'a DNS name in A-labels, an IPv4 address or a bracketed IPv6 address';
const DRAFT =
  'is a draft HTTP/3 or QUIC version that current clients ignore (Chrome, Firefox and curl accept only "h3"; Envoy dropped draft-29 in 2022); ' +
  'advertise "h3", or set allowDraftVersions: true if the server really speaks this version';
const CANONICAL = 'must be a protocol-id in canonical percent-encoding (RFC 7838 §3)';
const MA = 'must be an unquoted integer from 1 to 4294967295';
const DRAFTS: AltSvcFormatOptions = { allowDraftVersions: true };

/** the error `fn` throws; fails when it throws none or something other than a Http3ConfigError */
function thrown(fn: () => unknown): Http3ConfigError {
  try {
    fn();
  } catch (e) {
    expect(Http3ConfigError.isHttp3ConfigError(e)).toBe(true);
    return e as Http3ConfigError;
  }
  throw new Error('expected a Http3ConfigError, nothing was thrown');
}

const h3 = (extra: Partial<AltSvcAlternative> = {}): AltSvcAlternative => ({ protocolId: 'h3', port: 443, ...extra });
const alts = (...alternatives: AltSvcAlternative[]): AltSvcValue => ({ alternatives });

describe('formatAltSvc', () => {
  test.each<[string, AltSvcValue, AltSvcFormatOptions | undefined, string]>([
    ['the recommended default', alts(h3({ maxAgeSeconds: 86400 })), undefined, 'h3=":443"; ma=86400'],
    ['no ma: not sent (clients use 86400)', alts(h3()), undefined, 'h3=":443"'],
    [
      'entries joined by ", " in preference order',
      alts(h3({ maxAgeSeconds: 86400 }), { protocolId: 'h2', port: 443 }),
      undefined,
      'h3=":443"; ma=86400, h2=":443"',
    ],
    ['http/1.1 percent-encoded with uppercase hex', alts({ protocolId: 'http/1.1', port: 80 }), undefined, 'http%2F1.1=":80"'],
    [
      'host, ma and persist',
      alts(h3({ host: 'alt.example.com', maxAgeSeconds: 3600, persist: true })),
      undefined,
      'h3="alt.example.com:443"; ma=3600; persist=1',
    ],
    ['persist without ma', alts(h3({ persist: true })), undefined, 'h3=":443"; persist=1'],
    ['an IPv4 host', alts(h3({ host: '192.0.2.1', port: 8443 })), undefined, 'h3="192.0.2.1:8443"'],
    ['a bracketed IPv6 host', alts(h3({ host: '[2001:db8::1]' })), undefined, 'h3="[2001:db8::1]:443"'],
    ['an IPv6 host with an IPv4 tail', alts(h3({ host: '[::ffff:192.0.2.1]' })), undefined, 'h3="[::ffff:192.0.2.1]:443"'],
    ['an A-label host', alts(h3({ host: 'xn--bcher-kva.example' })), undefined, 'h3="xn--bcher-kva.example:443"'],
    ['a mixed-case host, kept as given', alts(h3({ host: 'Alt.Example.COM' })), undefined, 'h3="Alt.Example.COM:443"'],
    ['the smallest port and ma', alts(h3({ port: 1, maxAgeSeconds: 1 })), undefined, 'h3=":1"; ma=1'],
    ['the largest port and ma', alts(h3({ port: 65535, maxAgeSeconds: 4294967295 })), undefined, 'h3=":65535"; ma=4294967295'],
    ['the same protocol on two ports', alts(h3(), h3({ port: 8443 })), undefined, 'h3=":443", h3=":8443"'],
    ['clear: false with alternatives', { clear: false, alternatives: [h3()] }, undefined, 'h3=":443"'],
    ['clear', { clear: true }, undefined, 'clear'],
    [
      'h3-29 when opted in',
      alts(h3({ maxAgeSeconds: 2592000 }), { protocolId: 'h3-29', port: 443, maxAgeSeconds: 2592000 }),
      DRAFTS,
      'h3=":443"; ma=2592000, h3-29=":443"; ma=2592000',
    ],
    [
      'other draft ids when opted in',
      alts({ protocolId: 'h3-Q050', port: 443 }, { protocolId: 'hq-interop', port: 443 }),
      DRAFTS,
      'h3-Q050=":443", hq-interop=":443"',
    ],
  ])('%s', (_name, value, options, expected) => {
    expect(formatAltSvc(value, 'altSvc', options)).toBe(expected);
  });

  test('the default max age is the RFC 7838 default', () => {
    expect(DEFAULT_ALT_SVC_MAX_AGE_SECONDS).toBe(86400);
    expect(formatAltSvc(alts(h3({ maxAgeSeconds: DEFAULT_ALT_SVC_MAX_AGE_SECONDS })))).toBe('h3=":443"; ma=86400');
    expect(MAX_ALT_SVC_MAX_AGE_SECONDS).toBe(2 ** 32 - 1);
    expect(ALT_SVC_PROTOCOL_IDS).toEqual(['h3', 'h2', 'http/1.1']);
  });

  test('a placeholder host (known later) is written as is', () => {
    expect(formatAltSvc(alts(h3({ host: placeholder(0) })))).toBe('h3="{{kube-http3:input:0}}:443"');
  });

  test('the prop path defaults to altSvc and follows the caller', () => {
    expect(thrown(() => formatAltSvc(alts(h3({ port: 0 })))).message).toBe('altSvc.alternatives[0].port must be an integer from 1 to 65535, got 0');
    expect(thrown(() => formatAltSvc(alts(h3({ port: 0 })), 'gateway.altSvc')).message).toBe(
      'gateway.altSvc.alternatives[0].port must be an integer from 1 to 65535, got 0',
    );
  });

  const p = 'altSvc.alternatives[0]';
  test.each<[string, unknown, AltSvcFormatOptions | undefined, string]>([
    // the value
    ['not an object', null, undefined, 'altSvc must be an object: { clear: true } or { alternatives: [...] }, got null'],
    ['an array', [h3()], undefined, 'altSvc must be an object: { clear: true } or { alternatives: [...] }, got [{"protocolId":"h3","port":443}]'],
    [
      'an unknown field',
      { alternative: [h3()] },
      undefined,
      'altSvc.alternative must be left out, got [{"protocolId":"h3","port":443}]; an Alt-Svc value has only the fields clear and alternatives',
    ],
    ['clear not a boolean', { clear: 'yes' }, undefined, 'altSvc.clear must be true, false or left out, got "yes"'],
    [
      'clear mixed with alternatives',
      { clear: true, alternatives: [h3()] },
      undefined,
      'altSvc.clear true cannot be combined with altSvc.alternatives [{"protocolId":"h3","port":443}]: clear withdraws every alternative and ' +
        'clients recognise it only as the whole Alt-Svc value; send { clear: true } alone, or the alternatives without clear',
    ],
    [
      'clear with an empty list',
      { clear: true, alternatives: [] },
      undefined,
      'altSvc.clear true cannot be combined with altSvc.alternatives []: clear withdraws every alternative and ' +
        'clients recognise it only as the whole Alt-Svc value; send { clear: true } alone, or the alternatives without clear',
    ],
    [
      'no alternatives',
      { alternatives: [] },
      undefined,
      'altSvc.alternatives must be a non-empty list of alternatives, got []; use { clear: true } to withdraw all alternatives',
    ],
    [
      'neither clear nor alternatives',
      {},
      undefined,
      'altSvc.alternatives must be a non-empty list of alternatives, got undefined; use { clear: true } to withdraw all alternatives',
    ],
    [
      'clear: false without alternatives',
      { clear: false },
      undefined,
      'altSvc.alternatives must be a non-empty list of alternatives, got undefined; use { clear: true } to withdraw all alternatives',
    ],
    // an alternative
    [
      'an alternative that is a string',
      alts('h3=":443"' as never),
      undefined,
      `${p} must be an object { protocolId, host?, port, maxAgeSeconds?, persist? }, got "h3=\\":443\\""`,
    ],
    [
      'an unknown field (ma for maxAgeSeconds)',
      alts({ ...h3(), ma: 60 } as never),
      undefined,
      `${p}.ma must be left out, got 60; an alternative has only the fields protocolId, host, port, maxAgeSeconds and persist`,
    ],
    // protocolId
    [
      'a protocolId that is not a string',
      alts({ protocolId: 3, port: 443 } as never),
      undefined,
      `${p}.protocolId must be a string ALPN protocol name like "h3", got 3`,
    ],
    ['an empty protocolId', alts(h3({ protocolId: '' })), undefined, `${p}.protocolId must be a non-empty ALPN protocol name like "h3", got ""`],
    [
      'a protocolId over 255 octets',
      alts(h3({ protocolId: 'x'.repeat(256) })),
      undefined,
      `${p}.protocolId must be at most 255 octets long (the ALPN limit, RFC 7301), got "${'x'.repeat(118)}…`,
    ],
    [
      'an uppercase protocolId',
      alts(h3({ protocolId: 'H3' })),
      undefined,
      `${p}.protocolId must be one of "h3", "h2" or "http/1.1", got "H3"; ALPN protocol names are case-sensitive: use "h3"`,
    ],
    [
      'an uppercase HTTP/1.1',
      alts(h3({ protocolId: 'HTTP/1.1' })),
      undefined,
      `${p}.protocolId must be one of "h3", "h2" or "http/1.1", got "HTTP/1.1"; ALPN protocol names are case-sensitive: use "http/1.1"`,
    ],
    ['an unknown protocol', alts(h3({ protocolId: 'spdy/3' })), undefined, `${p}.protocolId must be one of "h3", "h2" or "http/1.1", got "spdy/3"`],
    [
      'an unknown protocol with drafts allowed',
      alts(h3({ protocolId: 'h2c' })),
      DRAFTS,
      `${p}.protocolId must be one of "h3", "h2", "http/1.1", or a draft id (h3-<draft>, hq, hq-<draft>, quic), got "h2c"`,
    ],
    ['h3-29 without opting in', alts(h3({ protocolId: 'h3-29' })), undefined, `${p}.protocolId "h3-29" ${DRAFT}`],
    ['h3-Q050 without opting in', alts(h3({ protocolId: 'h3-Q050' })), undefined, `${p}.protocolId "h3-Q050" ${DRAFT}`],
    ['hq without opting in', alts(h3({ protocolId: 'hq' })), undefined, `${p}.protocolId "hq" ${DRAFT}`],
    ['quic without opting in', alts(h3({ protocolId: 'quic' })), undefined, `${p}.protocolId "quic" ${DRAFT}`],
    ['a lone surrogate', alts(h3({ protocolId: 'h\uD8003' })), undefined, `${p}.protocolId must be a string of Unicode text, got "h\\ud8003"`],
    // host
    ['a host that is not a string', alts(h3({ host: 1 as never })), undefined, `${p}.host must be ${HOST}, or left out for the same host, got 1`],
    ['an empty host', alts(h3({ host: '' })), undefined, `${p}.host must be ${HOST}, got ""; leave host out to mean the same host`],
    [
      'a host with whitespace',
      alts(h3({ host: 'alt example.com' })),
      undefined,
      `${p}.host must be ${HOST}, got "alt example.com"; quotes, backslashes, commas, semicolons and whitespace are never part of a host`,
    ],
    [
      'a host with a quote',
      alts(h3({ host: 'a"b.example' })),
      undefined,
      `${p}.host must be ${HOST}, got "a\\"b.example"; quotes, backslashes, commas, semicolons and whitespace are never part of a host`,
    ],
    [
      'a host with a backslash',
      alts(h3({ host: 'a\\b.example' })),
      undefined,
      `${p}.host must be ${HOST}, got "a\\\\b.example"; quotes, backslashes, commas, semicolons and whitespace are never part of a host`,
    ],
    [
      'a host with a comma',
      alts(h3({ host: 'a,b.example' })),
      undefined,
      `${p}.host must be ${HOST}, got "a,b.example"; quotes, backslashes, commas, semicolons and whitespace are never part of a host`,
    ],
    [
      'a host with a semicolon',
      alts(h3({ host: 'a;b.example' })),
      undefined,
      `${p}.host must be ${HOST}, got "a;b.example"; quotes, backslashes, commas, semicolons and whitespace are never part of a host`,
    ],
    [
      'a U-label host',
      alts(h3({ host: 'bücher.example' })),
      undefined,
      `${p}.host must be ${HOST}, got "bücher.example"; write an internationalized name in A-labels (xn--...)`,
    ],
    [
      'an unbracketed IPv6 host',
      alts(h3({ host: '2001:db8::1' })),
      undefined,
      `${p}.host must be ${HOST}, got "2001:db8::1"; put an IPv6 address in brackets: "[2001:db8::1]"`,
    ],
    [
      'an unclosed IPv6 host',
      alts(h3({ host: '[2001:db8::1' })),
      undefined,
      `${p}.host must be ${HOST}, got "[2001:db8::1"; close the IPv6 address with "]"`,
    ],
    [
      'an IPv6 zone',
      alts(h3({ host: '[fe80::1%25eth0]' })),
      undefined,
      `${p}.host must be ${HOST}, got "[fe80::1%25eth0]"; IPv6 zone identifiers cannot be used in Alt-Svc`,
    ],
    ['bad IPv6', alts(h3({ host: '[1:2:3:4:5:6:7:8:9]' })), undefined, `${p}.host must be ${HOST}, got "[1:2:3:4:5:6:7:8:9]"`],
    ['a host with a port', alts(h3({ host: 'alt.example.com:443' })), undefined, `${p}.host must be ${HOST}, got "alt.example.com:443"`],
    ['a trailing dot', alts(h3({ host: 'alt.example.com.' })), undefined, `${p}.host must be ${HOST}, got "alt.example.com."; drop the trailing dot`],
    ['a leading hyphen', alts(h3({ host: '-alt.example.com' })), undefined, `${p}.host must be ${HOST}, got "-alt.example.com"`],
    ['an underscore', alts(h3({ host: 'alt_1.example.com' })), undefined, `${p}.host must be ${HOST}, got "alt_1.example.com"`],
    ['an empty label', alts(h3({ host: 'alt..example' })), undefined, `${p}.host must be ${HOST}, got "alt..example"`],
    [
      'a label over 63 characters',
      alts(h3({ host: `${'a'.repeat(64)}.example` })),
      undefined,
      `${p}.host must be ${HOST}, got "${'a'.repeat(64)}.example"; a DNS label has at most 63 characters`,
    ],
    [
      'a name over 253 characters',
      alts(h3({ host: `${'a'.repeat(60)}.`.repeat(5) + 'example' })),
      undefined,
      `${p}.host must be ${HOST}, got "${'a'.repeat(60)}.${'a'.repeat(57)}…; a DNS name has at most 253 characters`,
    ],
    ['a bad IPv4 address', alts(h3({ host: '192.0.2.256' })), undefined, `${p}.host must be ${HOST}, got "192.0.2.256"`],
    ['an IPv4 address with leading zeros', alts(h3({ host: '192.0.2.01' })), undefined, `${p}.host must be ${HOST}, got "192.0.2.01"`],
    // port
    ['port 0', alts(h3({ port: 0 })), undefined, `${p}.port must be an integer from 1 to 65535, got 0`],
    ['port 65536', alts(h3({ port: 65536 })), undefined, `${p}.port must be an integer from 1 to 65535, got 65536`],
    ['a fractional port', alts(h3({ port: 443.5 })), undefined, `${p}.port must be an integer from 1 to 65535, got 443.5`],
    ['a string port', alts(h3({ port: '443' as never })), undefined, `${p}.port must be an integer from 1 to 65535, got "443"`],
    ['no port', alts({ protocolId: 'h3' } as never), undefined, `${p}.port must be an integer from 1 to 65535, got undefined`],
    // maxAgeSeconds
    [
      'ma 0',
      alts(h3({ maxAgeSeconds: 0 })),
      undefined,
      `${p}.maxAgeSeconds must be an integer from 1 to 4294967295, or left out (clients then use 86400), got 0; ` +
        'use { clear: true } to withdraw alternatives (Chrome rejects ma=0 and ignores the whole header)',
    ],
    [
      'a negative ma',
      alts(h3({ maxAgeSeconds: -1 })),
      undefined,
      `${p}.maxAgeSeconds must be an integer from 1 to 4294967295, or left out (clients then use 86400), got -1`,
    ],
    [
      'ma over 32 bits',
      alts(h3({ maxAgeSeconds: 4294967296 })),
      undefined,
      `${p}.maxAgeSeconds must be an integer from 1 to 4294967295, or left out (clients then use 86400), got 4294967296`,
    ],
    [
      'a fractional ma',
      alts(h3({ maxAgeSeconds: 1.5 })),
      undefined,
      `${p}.maxAgeSeconds must be an integer from 1 to 4294967295, or left out (clients then use 86400), got 1.5`,
    ],
    [
      'a string ma',
      alts(h3({ maxAgeSeconds: '60' as never })),
      undefined,
      `${p}.maxAgeSeconds must be an integer from 1 to 4294967295, or left out (clients then use 86400), got "60"`,
    ],
    // persist
    ['persist false', alts(h3({ persist: false })), undefined, `${p}.persist must be true or left out, got false; leave persist out to not send it`],
    ['persist 1', alts(h3({ persist: 1 as never })), undefined, `${p}.persist must be true or left out, got 1`],
    // the list
    [
      'the same alternative twice',
      alts(h3({ maxAgeSeconds: 60 }), { protocolId: 'h2', port: 443 }, h3({ maxAgeSeconds: 120 })),
      undefined,
      'altSvc.alternatives[2] must be an alternative not listed before (same protocolId, host and port as alternatives[0]), ' +
        'got {"protocolId":"h3","port":443,"maxAgeSeconds":120}; list each alternative once',
    ],
    [
      'the same host in another case',
      alts(h3({ host: 'alt.example.com' }), h3({ host: 'ALT.example.com' })),
      undefined,
      'altSvc.alternatives[1] must be an alternative not listed before (same protocolId, host and port as alternatives[0]), ' +
        'got {"protocolId":"h3","port":443,"host":"ALT.example.com"}; list each alternative once',
    ],
    // options
    ['a bad option', alts(h3()), { allowDraftVersions: 'yes' } as never, 'options.allowDraftVersions must be true, false or left out, got "yes"'],
  ])('refuses %s', (_name, value, options, message) => {
    expect(thrown(() => formatAltSvc(value as AltSvcValue, 'altSvc', options)).message).toBe(message);
  });

  test('the error carries the prop and the value', () => {
    const error = thrown(() => formatAltSvc(alts(h3(), h3({ maxAgeSeconds: 0 }))));
    expect(error).toBeInstanceOf(Http3ConfigError);
    expect(error.prop).toBe('altSvc.alternatives[1].maxAgeSeconds');
    expect(error.value).toBe(0);
  });
});

describe('parseAltSvc', () => {
  // headers emitted by real servers and the RFCs (discovery.md A.1-A.3)
  test.each<[string, string, AltSvcFormatOptions | undefined, AltSvcValue, string]>([
    ['Cloudflare (2026)', 'h3=":443"; ma=86400', undefined, alts(h3({ maxAgeSeconds: 86400 })), 'h3=":443"; ma=86400'],
    [
      'Cloudflare (2022, with h3-29)',
      'h3=":443"; ma=86400, h3-29=":443"; ma=86400',
      DRAFTS,
      alts(h3({ maxAgeSeconds: 86400 }), { protocolId: 'h3-29', port: 443, maxAgeSeconds: 86400 }),
      'h3=":443"; ma=86400, h3-29=":443"; ma=86400',
    ],
    [
      'Google GFE (h3-29, no space after ",")',
      'h3=":443"; ma=2592000,h3-29=":443"; ma=2592000',
      DRAFTS,
      alts(h3({ maxAgeSeconds: 2592000 }), { protocolId: 'h3-29', port: 443, maxAgeSeconds: 2592000 }),
      'h3=":443"; ma=2592000, h3-29=":443"; ma=2592000',
    ],
    ['quic-go http3.Server / Caddy', 'h3=":4433"; ma=2592000', undefined, alts(h3({ port: 4433, maxAgeSeconds: 2592000 })), 'h3=":4433"; ma=2592000'],
    ['Istio gateway', 'h3=":443"; ma=86400', undefined, alts(h3({ maxAgeSeconds: 86400 })), 'h3=":443"; ma=86400'],
    [
      'Envoy example config',
      'h3=":10000"; ma=86400, h3-29=":10000"; ma=86400',
      DRAFTS,
      alts(h3({ port: 10000, maxAgeSeconds: 86400 }), { protocolId: 'h3-29', port: 10000, maxAgeSeconds: 86400 }),
      'h3=":10000"; ma=86400, h3-29=":10000"; ma=86400',
    ],
    ['nginx docs', 'h3=":443"; ma=86400', undefined, alts(h3({ maxAgeSeconds: 86400 })), 'h3=":443"; ma=86400'],
    ['Akamai default', 'h3=":443"; ma=93600', undefined, alts(h3({ maxAgeSeconds: 93600 })), 'h3=":443"; ma=93600'],
    ['RFC 9114 §3.1.1', 'h3=":50781"', undefined, alts(h3({ port: 50781 })), 'h3=":50781"'],
    [
      'RFC 7838 §3 host change',
      'h2="new.example.org:80"',
      undefined,
      alts({ protocolId: 'h2', host: 'new.example.org', port: 80 }),
      'h2="new.example.org:80"',
    ],
    [
      'RFC 7838 §3 two alternatives',
      'h2="alt.example.com:8000", h2=":443"',
      undefined,
      alts({ protocolId: 'h2', host: 'alt.example.com', port: 8000 }, { protocolId: 'h2', port: 443 }),
      'h2="alt.example.com:8000", h2=":443"',
    ],
    [
      'RFC 7838 §3.1 ma and persist',
      'h2=":443"; ma=2592000; persist=1',
      undefined,
      alts({ protocolId: 'h2', port: 443, maxAgeSeconds: 2592000, persist: true }),
      'h2=":443"; ma=2592000; persist=1',
    ],
    ['RFC 7838 §3 clear', 'clear', undefined, { clear: true }, 'clear'],
    [
      'legacy Google QUIC with Chrome\'s v list',
      'quic=":443"; ma=2592000; v="46,43"',
      DRAFTS,
      alts({ protocolId: 'quic', port: 443, maxAgeSeconds: 2592000 }),
      'quic=":443"; ma=2592000',
    ],
    [
      'IETF-draft hq with Chrome\'s quic parameters',
      'hq=":443"; quic=51303338; quic=51303334',
      DRAFTS,
      alts({ protocolId: 'hq', port: 443 }),
      'hq=":443"',
    ],
  ])('%s', (_name, header, options, expected, canonical) => {
    const parsed = parseAltSvc(header, 'altSvc', options);
    expect(parsed).toEqual(expected);
    expect(formatAltSvc(parsed, 'altSvc', options)).toBe(canonical);
  });

  // forms RFC 7838 and Chrome both accept, which the serializer never writes
  test.each<[string, string, AltSvcValue, string]>([
    // RFC 7838: alt-value = alternative *( OWS ";" OWS parameter ); Chrome skips whitespace before ';' too
    ['a space before ";" (OWS)', 'h3=":443" ; ma=86400', alts(h3({ maxAgeSeconds: 86400 })), 'h3=":443"; ma=86400'],
    ['no space after ";"', 'h3=":443";ma=86400;persist=1', alts(h3({ maxAgeSeconds: 86400, persist: true })), 'h3=":443"; ma=86400; persist=1'],
    [
      'tabs as OWS',
      'h3=":443"\t;\tma=60\t,\th2=":443"',
      alts(h3({ maxAgeSeconds: 60 }), { protocolId: 'h2', port: 443 }),
      'h3=":443"; ma=60, h2=":443"',
    ],
    ['whitespace around the value', '  h3=":443"  ', alts(h3()), 'h3=":443"'],
    ['empty list elements after an alternative', 'h3=":443",, ,h2=":443",', alts(h3(), { protocolId: 'h2', port: 443 }), 'h3=":443", h2=":443"'],
    ['an uppercase parameter name', 'h3=":443"; MA=60; Persist=1', alts(h3({ maxAgeSeconds: 60, persist: true })), 'h3=":443"; ma=60; persist=1'],
    ['leading zeros in ma and port', 'h3=":0443"; ma=0060', alts(h3({ maxAgeSeconds: 60 })), 'h3=":443"; ma=60'],
    ['unknown parameters, ignored', 'h3=":443"; foo=bar; ma=60; baz=""; qux="x"', alts(h3({ maxAgeSeconds: 60 })), 'h3=":443"; ma=60'],
    ['a quoted-pair in the alt-authority', 'h3="alt\\.example.com:443"', alts(h3({ host: 'alt.example.com' })), 'h3="alt.example.com:443"'],
    ['a percent-encoded protocol-id', 'http%2F1.1=":80"', alts({ protocolId: 'http/1.1', port: 80 }), 'http%2F1.1=":80"'],
    ['a bracketed IPv6 host', 'h3="[2001:db8::1]:443"', alts(h3({ host: '[2001:db8::1]' })), 'h3="[2001:db8::1]:443"'],
    [
      'the same protocol on two hosts',
      'h3="a.example:443", h3="b.example:443"',
      alts(h3({ host: 'a.example' }), h3({ host: 'b.example' })),
      'h3="a.example:443", h3="b.example:443"',
    ],
  ])('accepts %s', (_name, header, expected, canonical) => {
    const parsed = parseAltSvc(header);
    expect(parsed).toEqual(expected);
    expect(formatAltSvc(parsed)).toBe(canonical);
  });

  test('unknown parameters are kept out of the result', () => {
    const parsed = parseAltSvc('h3=":443"; foo=bar; v="1"');
    expect(parsed).toStrictEqual({ alternatives: [{ protocolId: 'h3', port: 443 }] });
  });

  test.each<[string, unknown, AltSvcFormatOptions | undefined, string]>([
    ['not a string', 42, undefined, 'altSvc must be a string, got 42'],
    ['an empty value', '', undefined, `altSvc must be "clear" or a comma-separated list of alternatives like h3=":443", got ""; ${W}`],
    ['a blank value', ' \t ', undefined, `altSvc must be "clear" or a comma-separated list of alternatives like h3=":443", got ""; ${W}`],
    [
      'Clear (case-sensitive)',
      'Clear',
      undefined,
      `altSvc must be exactly "clear" (lowercase, RFC 7838 §3) to withdraw alternatives, got "Clear"; ${W}`,
    ],
    ['CLEAR', 'CLEAR', undefined, `altSvc must be exactly "clear" (lowercase, RFC 7838 §3) to withdraw alternatives, got "CLEAR"; ${W}`],
    [
      'clear after alternatives',
      'h3=":443", clear',
      undefined,
      'altSvc[1] must be either exactly "clear" or only alternatives, got "h3=\\":443\\", clear"; ' +
        `Chrome recognises clear only as the whole value, so next to alternatives it clears nothing; ${W}`,
    ],
    [
      'clear before alternatives',
      'clear, h3=":443"',
      undefined,
      'altSvc[0] must be either exactly "clear" or only alternatives, got "clear, h3=\\":443\\""; ' +
        `Chrome recognises clear only as the whole value, so next to alternatives it clears nothing; ${W}`,
    ],
    // ma
    ['ma=0', 'h3=":443"; ma=0', undefined, `altSvc[0].ma ${MA}, got "0"; use clear to withdraw alternatives: Chrome rejects ma=0; ${W}`],
    ['ma=00', 'h3=":443"; ma=00', undefined, `altSvc[0].ma ${MA}, got "00"; use clear to withdraw alternatives: Chrome rejects ma=0; ${W}`],
    ['a quoted ma', 'h3=":443"; ma="60"', undefined, `altSvc[0].ma ${MA}, got "\\"60\\""; remove the quotes: Chrome rejects a quoted ma; ${W}`],
    [
      'a quoted default ma',
      'h3=":443"; ma="86400"',
      undefined,
      `altSvc[0].ma ${MA}, got "\\"86400\\""; remove the quotes: Chrome rejects a quoted ma; ${W}`,
    ],
    ['a negative ma', 'h3=":443"; ma=-1', undefined, `altSvc[0].ma ${MA}, got "-1"; ${W}`],
    ['a fractional ma', 'h3=":443"; ma=1.5', undefined, `altSvc[0].ma ${MA}, got "1.5"; ${W}`],
    ['ma with a unit', 'h3=":443"; ma=60s', undefined, `altSvc[0].ma ${MA}, got "60s"; ${W}`],
    ['ma over 32 bits', 'h3=":443"; ma=4294967296', undefined, `altSvc[0].ma ${MA}, got "4294967296"; ${W}`],
    [
      'an empty ma',
      'h3=":443"; ma=',
      undefined,
      `altSvc[0].ma must be a parameter value (a token or a quoted string), got "h3=\\":443\\"; ma="; ${W}`,
    ],
    [
      'ma twice',
      'h3=":443"; ma=60; ma=120',
      undefined,
      `altSvc[0].ma must be given once per alternative, got "120"; a second ma is ambiguous; ${W}`,
    ],
    // parameter syntax
    [
      'whitespace around "=" in a parameter',
      'h3=":443"; ma = 60',
      undefined,
      `altSvc[0].ma must be name=value with no whitespace around "=" (RFC 9110 §5.6.6), got "h3=\\":443\\"; ma = 60"; ${W}`,
    ],
    [
      'whitespace after "=" in a parameter',
      'h3=":443"; ma= 60',
      undefined,
      `altSvc[0].ma must be name=value with no whitespace around "=" (RFC 9110 §5.6.6), got "h3=\\":443\\"; ma= 60"; ${W}`,
    ],
    ['a trailing ";"', 'h3=":443";', undefined, `altSvc[0] must be a parameter after every ";", got "h3=\\":443\\";"; RFC 7838 §3 needs one; ${W}`],
    [
      '";;"',
      'h3=":443";; ma=60',
      undefined,
      `altSvc[0] must be a parameter after every ";", got "h3=\\":443\\";; ma=60"; RFC 7838 §3 needs one; ${W}`,
    ],
    [
      'a parameter without a value',
      'h3=":443"; persist',
      undefined,
      `altSvc[0].persist must be a parameter of the form name=value, got "h3=\\":443\\"; persist"; ${W}`,
    ],
    [
      'alternatives without a comma',
      'h3=":443" h2=":443"',
      undefined,
      `altSvc[0] must be ";" before each parameter, or "," before the next alternative, got "h3=\\":443\\" h2=\\":443\\""; ${W}`,
    ],
    [
      'a quoted unknown parameter with a space',
      'h3=":443"; foo="a b"',
      undefined,
      `altSvc[0].foo must be a token or a quoted string without spaces, commas or semicolons, got "\\"a b\\""; ` +
        `Chrome splits parameters on these even inside quotes; ${W}`,
    ],
    [
      'a quoted unknown parameter with a comma',
      'h3=":443"; foo="a,b"',
      undefined,
      `altSvc[0].foo must be a token or a quoted string without spaces, commas or semicolons, got "\\"a,b\\""; ` +
        `Chrome splits parameters on these even inside quotes; ${W}`,
    ],
    [
      'an unterminated quoted parameter',
      'h3=":443"; foo="bar',
      undefined,
      `altSvc[0].foo must be a quoted string closed by ", got "h3=\\":443\\"; foo=\\"bar"; ${W}`,
    ],
    // persist
    [
      'persist=0',
      'h3=":443"; persist=0',
      undefined,
      `altSvc[0].persist must be the unquoted value 1 (RFC 7838 §3.1 defines no other), got "0"; ${W}`,
    ],
    [
      'a quoted persist',
      'h3=":443"; persist="1"',
      undefined,
      `altSvc[0].persist must be the unquoted value 1 (RFC 7838 §3.1 defines no other), got "\\"1\\""; ${W}`,
    ],
    // chrome's legacy parameters
    [
      'an unquoted v',
      'quic=":443"; v=46',
      DRAFTS,
      `altSvc[0].v must be a quoted comma-separated list of integers from 1 to 65535 (Chrome's QUIC version list), got "46"; ${W}`,
    ],
    [
      'a v list ending in a comma',
      'h3=":443"; v="46,"',
      undefined,
      `altSvc[0].v must be a quoted comma-separated list of integers from 1 to 65535 (Chrome's QUIC version list), got "\\"46,\\""; ${W}`,
    ],
    [
      'an hq quic tag with a leading zero',
      'hq=":443"; quic=051303338',
      DRAFTS,
      `altSvc[0].quic must be an unquoted hexadecimal QUIC version tag without leading zeros, got "051303338"; ${W}`,
    ],
    // alt-authority, host and port
    ['port 0', 'h3=":0"', undefined, `altSvc[0].port must be an integer from 1 to 65535, got "0"; ${W}`],
    ['port 65536', 'h3=":65536"', undefined, `altSvc[0].port must be an integer from 1 to 65535, got "65536"; ${W}`],
    ['an empty port', 'h3=":"', undefined, `altSvc[0].port must be an integer from 1 to 65535, got ""; ${W}`],
    ['a negative port', 'h3=":-1"', undefined, `altSvc[0].port must be an integer from 1 to 65535, got "-1"; ${W}`],
    [
      'no port',
      'h3="alt.example.com"',
      undefined,
      `altSvc[0].alt-authority must be "[host]:port" with a port (RFC 7838 §3: the port is mandatory), got "\\"alt.example.com\\""; ${W}`,
    ],
    [
      'an empty alt-authority',
      'h3=""',
      undefined,
      `altSvc[0].alt-authority must be "[host]:port" with a port (RFC 7838 §3: the port is mandatory), got "\\"\\""; ${W}`,
    ],
    ['an unquoted alt-authority', 'h3=:443', undefined, `altSvc[0].alt-authority must be a quoted "[host]:port", got ":443"; ${W}`],
    ['an unterminated alt-authority', 'h3=":443', undefined, `altSvc[0].alt-authority must be a quoted string closed by ", got "h3=\\":443"; ${W}`],
    [
      'a control character in the alt-authority',
      'h3=":4\u000143"',
      undefined,
      `altSvc[0].alt-authority must be a quoted string of visible characters, spaces and tabs, got "h3=\\":4\\u000143\\""; ${W}`,
    ],
    [
      'an unbracketed IPv6 host',
      'h3="2001:db8::1:443"',
      undefined,
      `altSvc[0].host must be ${HOST}, got "2001:db8::1"; put an IPv6 address in brackets: "[2001:db8::1]"; ${W}`,
    ],
    [
      'a host with a space',
      'h3="alt example.com:443"',
      undefined,
      `altSvc[0].host must be ${HOST}, got "alt example.com"; quotes, backslashes, commas, semicolons and whitespace are never part of a host; ${W}`,
    ],
    [
      'an escaped quote in the host',
      'h3="alt\\"example.com:443"',
      undefined,
      `altSvc[0].host must be ${HOST}, got "alt\\"example.com"; ` +
        `quotes, backslashes, commas, semicolons and whitespace are never part of a host; ${W}`,
    ],
    [
      'a U-label host',
      'h3="bücher.example:443"',
      undefined,
      `altSvc[0].host must be ${HOST}, got "bücher.example"; write an internationalized name in A-labels (xn--...); ${W}`,
    ],
    ['a bad IPv4 host', 'h3="192.0.2.300:443"', undefined, `altSvc[0].host must be ${HOST}, got "192.0.2.300"; ${W}`],
    // protocol-id
    ['h3-29 without opting in', 'h3=":443", h3-29=":443"', undefined, `altSvc[1].protocol-id "h3-29" ${DRAFT}; ${W}`],
    [
      'an uppercase H3',
      'H3=":443"',
      undefined,
      `altSvc[0].protocol-id must be one of "h3", "h2" or "http/1.1", got "H3"; ALPN protocol names are case-sensitive: use "h3"; ${W}`,
    ],
    ['an unknown protocol', 'h2c=":80"', undefined, `altSvc[0].protocol-id must be one of "h3", "h2" or "http/1.1", got "h2c"; ${W}`],
    [
      'lowercase percent hex',
      'http%2f1.1=":80"',
      undefined,
      `altSvc[0].protocol-id ${CANONICAL}, got "http%2f1.1"; write %2F, not %2f: the hex digits must be uppercase; ${W}`,
    ],
    [
      'a percent-encoded token character',
      'h%33=":443"',
      undefined,
      `altSvc[0].protocol-id ${CANONICAL}, got "h%33"; write 3, not %33: token characters must not be percent-encoded; ${W}`,
    ],
    [
      'a truncated percent escape',
      'http%2=":80"',
      undefined,
      `altSvc[0].protocol-id ${CANONICAL}, got "http%2"; every "%" starts a two-digit hex escape; write "%" itself as %25; ${W}`,
    ],
    [
      'an encoding of no UTF-8 text',
      '%FF=":443"',
      undefined,
      `altSvc[0].protocol-id must be the percent-encoding of a UTF-8 ALPN protocol name, got "%FF"; ${W}`,
    ],
    [
      'a decoded name that is not allowed',
      '%C3%A9=":443"',
      undefined,
      `altSvc[0].protocol-id must be one of "h3", "h2" or "http/1.1", got "é"; ${W}`,
    ],
    [
      'an empty protocol-id',
      '=":443"',
      undefined,
      `altSvc[0] must be protocol-id="[host]:port" with the protocol-id a token (the percent-encoded ALPN name), got "=\\":443\\""; ${W}`,
    ],
    [
      'a space before "="',
      'h3 =":443"',
      undefined,
      `altSvc[0] must be protocol-id="[host]:port" with the protocol-id a token (the percent-encoded ALPN name), got "h3 =\\":443\\""; ${W}`,
    ],
    [
      'no alternative at all',
      'h3',
      undefined,
      `altSvc[0] must be protocol-id="[host]:port" with the protocol-id a token (the percent-encoded ALPN name), got "h3"; ${W}`,
    ],
    // the list
    [
      'a leading empty list element',
      ', h3=":443"',
      undefined,
      'altSvc[0] must be an alternative first, not an empty list element, got ", h3=\\":443\\""; ' +
        `Chrome reads a leading "," as part of the protocol-id; ${W}`,
    ],
    [
      'the same alternative twice',
      'h3=":443"; ma=60, h3=":443"; ma=120',
      undefined,
      'altSvc[1] must be an alternative not listed before (same protocol, host and port as altSvc[0]), ' +
        `got "h3=\\":443\\"; ma=120"; list each alternative once; ${W}`,
    ],
    // one bad entry rejects the whole value
    [
      'a bad last entry',
      'h3=":443"; ma=86400, h2=":443"; ma=0',
      undefined,
      `altSvc[1].ma ${MA}, got "0"; use clear to withdraw alternatives: Chrome rejects ma=0; ${W}`,
    ],
    ['a bad option', 'h3=":443"', { allowDraftVersions: 1 } as never, 'options.allowDraftVersions must be true, false or left out, got 1'],
  ])('refuses %s', (_name, header, options, message) => {
    expect(thrown(() => parseAltSvc(header as string, 'altSvc', options)).message).toBe(message);
  });

  test('errors name the caller\'s prop and carry the offending text', () => {
    expect(thrown(() => parseAltSvc('h3=":443"; ma=0', 'gateway.altSvc')).message).toBe(
      `gateway.altSvc[0].ma ${MA}, got "0"; use clear to withdraw alternatives: Chrome rejects ma=0; ${W}`,
    );
    const error = thrown(() => parseAltSvc('h3=":443", h2=":0"'));
    expect(error.prop).toBe('altSvc[1].port');
    expect(error.value).toBe('0');
  });
});

describe('protocol-id encoding (RFC 7838 §3)', () => {
  test.each([
    ['h2', 'h2'],
    ['h3', 'h3'],
    ['w=x:y#z', 'w%3Dx%3Ay#z'],
    ['x%y', 'x%25y'],
    ['http/1.1', 'http%2F1.1'],
    ['a b"c', 'a%20b%22c'],
    ['é', '%C3%A9'],
    ["!#$&'*+-.^_`|~09AZaz", "!#$&'*+-.^_`|~09AZaz"],
  ])('%s is written %s', (name, encoded) => {
    expect(encodeProtocolId(name)).toBe(encoded);
    expect(decodeProtocolId(encoded)).toBe(name);
  });

  test.each([
    ['%2f', `protocolId ${CANONICAL}, got "%2f"; write %2F, not %2f: the hex digits must be uppercase`],
    ['h%33', `protocolId ${CANONICAL}, got "h%33"; write 3, not %33: token characters must not be percent-encoded`],
    ['%', `protocolId ${CANONICAL}, got "%"; every "%" starts a two-digit hex escape; write "%" itself as %25`],
    ['%G0', `protocolId ${CANONICAL}, got "%G0"; every "%" starts a two-digit hex escape; write "%" itself as %25`],
    ['a/b', `protocolId ${CANONICAL}, got "a/b"; "/" is not a token character: percent-encode it`],
    ['%C3', 'protocolId must be the percent-encoding of a UTF-8 ALPN protocol name, got "%C3"'],
    ['', 'protocolId must be a non-empty token, got ""'],
  ])('decoding %j is refused', (encoded, message) => {
    expect(thrown(() => decodeProtocolId(encoded)).message).toBe(message);
  });

  test('draft ids', () => {
    for (const id of ['h3-29', 'h3-32', 'h3-Q050', 'h3-T051', 'hq', 'hq-29', 'hq-interop', 'quic']) expect(isDraftProtocolId(id)).toBe(true);
    for (const id of ['h3', 'h2', 'http/1.1', 'h3-', 'hqx', 'quic2', 'H3-29']) expect(isDraftProtocolId(id)).toBe(false);
  });
});

// ---- property tests ----

const label = fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9-]{0,14}[A-Za-z0-9])?$/);
const topLabel = fc.stringMatching(/^[a-z]{2,8}$/);
const dnsName = fc.tuple(fc.array(label, { maxLength: 4 }), topLabel).map(([labels, top]) => [...labels, top].join('.'));
const host = fc.option(fc.oneof(dnsName, fc.domain(), fc.ipV4(), fc.ipV6().map((a) => `[${a}]`)), { nil: undefined });

const DRAFT_IDS = ['h3-29', 'h3-32', 'h3-Q050', 'h3-T051', 'hq', 'hq-interop', 'quic'];

function alternative(protocolIds: readonly string[]): fc.Arbitrary<AltSvcAlternative> {
  return fc.record({
    protocolId: fc.constantFrom(...protocolIds),
    host,
    port: fc.integer({ min: 1, max: 65535 }),
    maxAgeSeconds: fc.option(fc.oneof(fc.integer({ min: 1, max: 4294967295 }), fc.constantFrom(60, 86400, 2592000)), { nil: undefined }),
    persist: fc.option(fc.constant(true as const), { nil: undefined }),
  });
}

function altSvcValue(protocolIds: readonly string[]): fc.Arbitrary<AltSvcValue> {
  const list = fc.uniqueArray(alternative(protocolIds), {
    minLength: 1,
    maxLength: 5,
    selector: (a) => JSON.stringify([a.protocolId, (a.host ?? '').toLowerCase(), a.port]),
  });
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant({ clear: true } as const) },
    { weight: 9, arbitrary: list.map((alternatives) => ({ alternatives })) },
  );
}

/** the value as the parser returns it: no undefined fields */
function normalize(value: AltSvcValue): AltSvcValue {
  if (value.clear) return { clear: true };
  return { alternatives: value.alternatives.map((a) => JSON.parse(JSON.stringify(a)) as AltSvcAlternative) };
}

// a Structured Fields dictionary key (RFC 9651 §3.2): lcalpha or "*", then lcalpha / DIGIT / "_" / "-" / "." / "*"
const SF_KEY = /^[a-z*][a-z0-9_\-.*]*$/;

/** the entries structured-headers parses out of a header, as [key, value, params] */
function sfEntries(header: string): Array<[string, unknown, Record<string, unknown>]> {
  return [...parseDictionary(header)].map(([key, member]) => {
    const [item, params] = member as [unknown, Map<string, unknown>];
    return [key, item, Object.fromEntries(params)];
  });
}

/** the entries an SF parser must find in our canonical serialization, or undefined when the value is not SF-compatible */
function expectedSfEntries(value: AltSvcValue): Array<[string, unknown, Record<string, unknown>]> | undefined {
  if (value.clear) return [['clear', true, {}]];
  const keys = value.alternatives.map((a) => encodeProtocolId(a.protocolId));
  // ALPN ids such as http%2F1.1 or h3-Q050 are not SF keys, and SF dictionaries keep only the last of a repeated key
  if (!keys.every((k) => SF_KEY.test(k)) || new Set(keys).size !== keys.length) return undefined;
  return value.alternatives.map((a, i) => {
    const params: Record<string, unknown> = {};
    if (a.maxAgeSeconds !== undefined) params.ma = a.maxAgeSeconds;
    if (a.persist) params.persist = 1;
    return [keys[i] as string, `${a.host ?? ''}:${a.port}`, params];
  });
}

describe('properties', () => {
  test.each<[string, readonly string[], AltSvcFormatOptions | undefined]>([
    ['the default protocols', ALT_SVC_PROTOCOL_IDS, undefined],
    ['draft protocols opted in', [...ALT_SVC_PROTOCOL_IDS, ...DRAFT_IDS], DRAFTS],
  ])('format then parse gives the value back (%s)', (_name, ids, options) => {
    fc.assert(
      fc.property(altSvcValue(ids), (value) => {
        const header = formatAltSvc(value, 'altSvc', options);
        const parsed = parseAltSvc(header, 'altSvc', options);
        expect(parsed).toStrictEqual(normalize(value));
        // canonical: serializing the parsed value gives the same text
        expect(formatAltSvc(parsed, 'altSvc', options)).toBe(header);
      }),
      { numRuns: 500 },
    );
  });

  test('structured-headers parses our canonical output to the same entries', () => {
    let checked = 0;
    fc.assert(
      fc.property(altSvcValue([...ALT_SVC_PROTOCOL_IDS, ...DRAFT_IDS]), (value) => {
        const header = formatAltSvc(value, 'altSvc', DRAFTS);
        const expected = expectedSfEntries(value);
        if (expected === undefined) return;
        checked += 1;
        expect(sfEntries(header)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
    expect(checked).toBeGreaterThan(100);
  });

  test('whitespace the RFC allows (before ";", around ",") does not change the parse', () => {
    fc.assert(
      fc.property(altSvcValue(ALT_SVC_PROTOCOL_IDS), fc.constantFrom(' ', '\t', '  ', ' \t'), (value, ows) => {
        const header = formatAltSvc(value);
        const spaced = header.replace(/; /g, `${ows};${ows}`).replace(/, /g, `${ows},${ows}`);
        expect(parseAltSvc(spaced)).toStrictEqual(parseAltSvc(header));
      }),
    );
  });

  test('one bad entry anywhere rejects the whole value', () => {
    const BAD_ENTRIES = ['h3=":0"', 'h3=":443"; ma=0', 'h3-29=":443"', 'H3=":443"', 'h3=":443"; ma="60"', 'clear'];
    fc.assert(
      fc.property(altSvcValue(ALT_SVC_PROTOCOL_IDS), fc.constantFrom(...BAD_ENTRIES), fc.boolean(), (value, bad, first) => {
        fc.pre(!value.clear);
        const header = formatAltSvc(value);
        const mixed = first ? `${bad}, ${header}` : `${header}, ${bad}`;
        expect(thrown(() => parseAltSvc(mixed)).message.endsWith(`; ${W}`)).toBe(true);
      }),
    );
  });

  test('the parser either refuses with a Http3ConfigError or returns a value that formats back', () => {
    const pieces = ['h3', 'h2', 'http%2F1.1', 'h3-29', '=', '"', ':', '443', '0', ';', ' ', '\t', ',', 'ma', 'persist', '1', 'clear'];
    pieces.push('[', ']', '::1', 'a.example', '\\', 'v', '%', '; ma=60', '; foo="x"', ', h2=":443"', 'A', '.');
    // a valid header with a few pieces deleted or inserted at random places
    const edit = fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.constantFrom('', ...pieces));
    const mutated = fc
      .tuple(altSvcValue([...ALT_SVC_PROTOCOL_IDS, ...DRAFT_IDS]), fc.array(edit, { maxLength: 3 }))
      .map(([value, edits]) =>
        edits.reduce((text, [at, remove, insert]) => {
          const i = at % (text.length + 1);
          return text.slice(0, i) + insert + text.slice(i + remove);
        }, formatAltSvc(value, 'altSvc', DRAFTS)),
      );
    const header = fc.oneof(
      mutated,
      fc.array(fc.constantFrom(...pieces), { maxLength: 24 }).map((p) => p.join('')),
      fc.string({ unit: 'binary-ascii', maxLength: 40 }),
    );
    let accepted = 0;
    fc.assert(
      fc.property(header, (text) => {
        let parsed: AltSvcValue;
        try {
          parsed = parseAltSvc(text, 'altSvc', DRAFTS);
        } catch (e) {
          expect(Http3ConfigError.isHttp3ConfigError(e)).toBe(true);
          expect((e as Error).message.startsWith('altSvc')).toBe(true);
          return;
        }
        accepted += 1;
        expect(parseAltSvc(formatAltSvc(parsed, 'altSvc', DRAFTS), 'altSvc', DRAFTS)).toStrictEqual(parsed);
      }),
      { numRuns: 2000 },
    );
    // the generator must reach the accepting path often: about 230 of 2000 runs on average (sd ~20), so 100 is far in the tail
    expect(accepted).toBeGreaterThan(100);
  });

  test('protocol-id encoding round-trips any Unicode name and gives a token', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }), (name) => {
        const encoded = encodeProtocolId(name);
        expect(encoded).toMatch(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/);
        expect(encoded).not.toMatch(/%(?![0-9A-F]{2})/);
        expect(decodeProtocolId(encoded)).toBe(name);
      }),
    );
  });

  test('a protocol-id has one spelling: whatever decodes encodes back to the same text', () => {
    const piece = fc.constantFrom('h', '3', '-', '/', '%2F', '%2f', '%25', '%33', '%20', '%C3%A9', '%', '~');
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 8 }), (pieces) => {
        const token = pieces.join('');
        let name: string;
        try {
          name = decodeProtocolId(token);
        } catch (e) {
          expect(Http3ConfigError.isHttp3ConfigError(e)).toBe(true);
          return;
        }
        expect(encodeProtocolId(name)).toBe(token);
      }),
    );
  });
});

describe('structured-headers oracle (discovery.md A.7)', () => {
  test.each<[AltSvcValue, Array<[string, unknown, Record<string, unknown>]>]>([
    [alts(h3({ maxAgeSeconds: 86400 })), [['h3', ':443', { ma: 86400 }]]],
    [alts(h3({ maxAgeSeconds: 86400 }), { protocolId: 'h2', port: 443 }), [['h3', ':443', { ma: 86400 }], ['h2', ':443', {}]]],
    [alts(h3({ host: 'alt.example.com', maxAgeSeconds: 3600, persist: true })), [['h3', 'alt.example.com:443', { ma: 3600, persist: 1 }]]],
    [alts(h3({ host: '[2001:db8::1]', maxAgeSeconds: 4294967295 })), [['h3', '[2001:db8::1]:443', { ma: 4294967295 }]]],
    [{ clear: true }, [['clear', true, {}]]],
  ])('%j', (value, entries) => {
    const header = formatAltSvc(value);
    expect(sfEntries(header)).toEqual(entries);
    expect(expectedSfEntries(value)).toEqual(entries);
  });

  test('where the oracle does not apply', () => {
    // a percent-encoded ALPN id is no SF key, so http/1.1 entries are checked by our own round trip only
    expect(() => parseDictionary(formatAltSvc(alts({ protocolId: 'http/1.1', port: 443 })))).toThrow();
    // RFC 7838 allows whitespace before ";" (and so do we, and Chrome), SF does not: the serializer never writes it
    expect(() => parseDictionary('h3=":443" ; ma=86400')).toThrow();
    expect(parseAltSvc('h3=":443" ; ma=86400')).toEqual(alts(h3({ maxAgeSeconds: 86400 })));
    // SF reads a quoted ma as a string; we refuse it, as Chrome does
    expect(sfEntries('h3=":443"; ma="86400"')).toEqual([['h3', ':443', { ma: '86400' }]]);
    expect(() => parseAltSvc('h3=":443"; ma="86400"')).toThrow(Http3ConfigError);
  });
});
