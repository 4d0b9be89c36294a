import fc from 'fast-check';
import { Http3ConfigError } from '../../lib/core/errors';
import {
  canonicalIpv6,
  decodeHttpsRdata,
  encodeHttpsRdata,
  formatHttpsRdata,
  formatHttpsRecord,
  HttpsRdata,
  parseHttpsRdata,
  SvcParams,
  svcParamKeyName,
  svcParamKeyNumber,
  validateHttpsRdata,
} from '../../lib/core/https-record-codec';
import { placeholder } from '../../lib/core/placeholders';
import { dnspythonBatch, namedCheckzone, oracleTest, requireOracle } from '../helpers/dns-oracles';

const hexOf = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const bytesOf = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));
const rd = (params: SvcParams, priority = 1, target = '.'): HttpsRdata => ({ priority, target, params });

/** the error thrown by fn, asserted to be a Http3ConfigError */
function errorOf(fn: () => unknown): Http3ConfigError {
  try {
    fn();
  } catch (e) {
    expect(Http3ConfigError.isHttp3ConfigError(e)).toBe(true);
    return e as Http3ConfigError;
  }
  throw new Error('expected a Http3ConfigError, nothing was thrown');
}

// shared message parts (the messages are asserted in full)
const RDATA_TEXT = 'HTTPS RDATA presentation text "<priority> <target> [key=value …]" (RFC 9460 §2.1, e.g. "1 . alpn=h3,h2")';
const NAME = 'an absolute domain name ending in "." (labels of 1-63 letters, digits, "-" or "_"; at most 255 octets)';
const TARGET = `"." (the owner name itself) or ${NAME}, e.g. "svc.example.net."`;
const OWNER = `${NAME}, e.g. "app.example.com." ("*" allowed as the first label)`;
const KEYS =
  'keyed by lower-case SvcParamKey names (mandatory, alpn, no-default-alpn, port, ipv4hint, ech, ipv6hint, dohpath, ohttp) ' +
  'or keyNNNNN (NNNNN 0-65534 without leading zeros)';
const ALPN_ID =
  'an ALPN id of 1-255 printable ASCII characters without whitespace, quotes, commas, backslashes, semicolons or parentheses ' +
  '(e.g. "h3"), so that it never needs escaping in a zone file (RFC 9460 §7.1.1 lets zone files refuse the others)';
const MANDATORY_KEY =
  'a SvcParamKey name: mandatory, alpn, no-default-alpn, port, ipv4hint, ech, ipv6hint, dohpath, ohttp or keyNNNNN (NNNNN 9-65534)';
const ECH = 'a base64 ECHConfigList (RFC 9848: RFC 4648 base64 with "=" padding, as published by the TLS server)';
const DOHPATH = 'a relative URI template of printable ASCII starting with "/" that uses the dns variable (e.g. "/dns-query{?dns}")';
const WIRE = 'HTTPS RDATA in wire format (RFC 9460 §2.2)';
const ALIAS =
  'priority 0 is AliasMode, whose SvcParams recipients must ignore (RFC 9460 §2.4.2) and dnspython refuses ("parameters in AliasMode"); ' +
  'drop the params, or use priority 1 or more (ServiceMode) to publish them';
const FIELDS_OF_PARAMS = 'mandatory, alpn, noDefaultAlpn, port, ipv4hint, ech, ipv6hint, dohpath, ohttp, keys';

// ---------------------------------------------------------------------------------------------------------
// RFC 9460 Appendix D (and discovery.md B.3) vectors

const FOO_COM = '03666f6f076578616d706c6503636f6d00';
const FOO_ORG = '03666f6f076578616d706c65036f726700';

/** [presentation as written in the RFC / discovery.md, RDATA hex, canonical presentation we emit] */
const VECTORS: Array<[string, string, string]> = [
  // D.1 AliasMode
  ['0 foo.example.com.', `0000 ${FOO_COM}`, '0 foo.example.com.'],
  // D.2 ServiceMode
  ['1 .', '0001 00', '1 .'],
  ['16 foo.example.com. port=53', `0010 ${FOO_COM} 0003 0002 0035`, '16 foo.example.com. port=53'],
  ['1 foo.example.com. key667=hello', `0001 ${FOO_COM} 029b 0005 68656c6c6f`, '1 foo.example.com. key667=hello'],
  ['1 foo.example.com. key667="hello\\210qoo"', `0001 ${FOO_COM} 029b 0009 68656c6c6fd2716f6f`, '1 foo.example.com. key667=hello\\210qoo'],
  [
    '1 foo.example.com. ipv6hint="2001:db8::1,2001:db8::53:1"',
    `0001 ${FOO_COM} 0006 0020 20010db8000000000000000000000001 20010db8000000000000000000530001`,
    '1 foo.example.com. ipv6hint=2001:db8::1,2001:db8::53:1',
  ],
  [
    '1 example.com. ipv6hint="2001:db8:122:344::192.0.2.33"',
    '0001 076578616d706c6503636f6d00 0006 0010 20010db80122034400000000c0000221',
    '1 example.com. ipv6hint=2001:db8:122:344::c000:221',
  ],
  [
    '16 foo.example.org. alpn=h2,h3-19 mandatory=ipv4hint,alpn ipv4hint=192.0.2.1',
    `0010 ${FOO_ORG} 0000 0004 0001 0004 0001 0009 02 6832 05 68332d3139 0004 0004 c0000201`,
    '16 foo.example.org. mandatory=alpn,ipv4hint alpn=h2,h3-19 ipv4hint=192.0.2.1',
  ],
  [
    '16 foo.example.org. (alpn=h2,h3-19 mandatory=ipv4hint,alpn\n                  ipv4hint=192.0.2.1)',
    `0010 ${FOO_ORG} 0000 0004 0001 0004 0001 0009 02 6832 05 68332d3139 0004 0004 c0000201`,
    '16 foo.example.org. mandatory=alpn,ipv4hint alpn=h2,h3-19 ipv4hint=192.0.2.1',
  ],
  // discovery.md B.3 (HTTPS shapes, verified there with dnspython)
  ['1 . alpn=h3,h2', '0001 00 0001 0006 02 6833 02 6832', '1 . alpn=h3,h2'],
  ['1 . alpn=h3 no-default-alpn port=8443', '0001 00 0001 0003 02 6833 0002 0000 0003 0002 20fb', '1 . alpn=h3 no-default-alpn port=8443'],
  [
    '1 . alpn=h3,h2 ipv4hint=192.0.2.1 ipv6hint=2001:db8::1',
    '0001 00 0001 0006 02 6833 02 6832 0004 0004 c0000201 0006 0010 20010db8000000000000000000000001',
    '1 . alpn=h3,h2 ipv4hint=192.0.2.1 ipv6hint=2001:db8::1',
  ],
  ['1 . key65280=x', '0001 00 ff00 0001 78', '1 . key65280=x'],
];

describe('RFC 9460 Appendix D vectors', () => {
  test.each(VECTORS)('%j encodes to its RDATA hex', (text, hex) => {
    expect(hexOf(encodeHttpsRdata(parseHttpsRdata(text)))).toBe(hex.replace(/\s+/g, ''));
  });

  test.each(VECTORS)('%j round-trips from wire to canonical presentation', (text, hex, canonical) => {
    const decoded = decodeHttpsRdata(bytesOf(hex));
    expect(formatHttpsRdata(decoded)).toBe(canonical);
    expect(decoded).toEqual(parseHttpsRdata(text));
    expect(parseHttpsRdata(canonical)).toEqual(decoded);
  });

  test('the D.2 mandatory vector reads as the expected object', () => {
    expect(parseHttpsRdata('16 foo.example.org. alpn=h2,h3-19 mandatory=ipv4hint,alpn ipv4hint=192.0.2.1')).toEqual({
      priority: 16,
      target: 'foo.example.org.',
      params: { mandatory: ['alpn', 'ipv4hint'], alpn: ['h2', 'h3-19'], ipv4hint: ['192.0.2.1'] },
    });
    expect(parseHttpsRdata('1 foo.example.com. key667="hello\\210qoo"').params).toEqual({ keys: { 667: 'hello\u00d2qoo' } });
  });

  // D.3: every failure vector is refused, with a message naming the key
  const D3: Array<[string, string]> = [
    [
      '1 foo.example.com. key123=abc key123=def',
      'dns.params.keys[123] "key123=def" repeats a SvcParamKey (at character 31; RFC 9460 §2.1: keys must not repeat); give key123 once',
    ],
    ['1 foo.example.com. mandatory', 'dns.params.mandatory must be a non-empty list of SvcParamKey names (e.g. ["alpn"]), got []'],
    ['1 foo.example.com. alpn', 'dns.params.alpn must be a non-empty list of ALPN ids (e.g. ["h3","h2"]), got []'],
    ['1 foo.example.com. port', 'dns.params.port must be an integer between 0 and 65535, got ""'],
    ['1 foo.example.com. ipv4hint', 'dns.params.ipv4hint must be a non-empty list of IPv4 addresses (e.g. ["192.0.2.1"]), got []'],
    ['1 foo.example.com. ipv6hint', 'dns.params.ipv6hint must be a non-empty list of IPv6 addresses (e.g. ["2001:db8::1"]), got []'],
    [
      '1 foo.example.com. no-default-alpn=abc',
      'dns.params.noDefaultAlpn must be empty: no-default-alpn takes no value, got "abc"; write no-default-alpn alone',
    ],
    [
      '1 foo.example.com. mandatory=key123',
      'dns.params.mandatory[0] "key123" is declared mandatory but dns.params.keys[123] is absent (RFC 9460 §8); ' +
        'add dns.params.keys[123] or remove "key123" from mandatory',
    ],
    [
      '1 foo.example.com. mandatory=mandatory',
      'dns.params.mandatory[0] "mandatory" cannot list mandatory itself (RFC 9460 §8); remove it from the list',
    ],
    ['1 foo.example.com. mandatory=key123,key123 key123=abc', 'dns.params.mandatory[1] "key123" is listed twice (RFC 9460 §8); list each key once'],
  ];
  test.each(D3)('D.3 failure %j is refused', (text, message) => {
    expect(() => parseHttpsRdata(text, 'dns')).toThrow(Http3ConfigError);
    expect(() => parseHttpsRdata(text, 'dns')).toThrow(message);
    expect(errorOf(() => parseHttpsRdata(text, 'dns')).message).toBe(message);
  });

  test('the D.2 alpn vector with "," and "\\" in an id is refused on purpose (RFC 9460 §7.1.1 allows zone files to)', () => {
    const message =
      `dns.params.alpn[0] must be ${ALPN_ID}, got "f\\\\oo,bar"; it contains "\\\\", ","; ` +
      'list each id as its own item: ["h3","h2"], not ["h3,h2"]';
    expect(errorOf(() => parseHttpsRdata('16 foo.example.org. alpn="f\\\\\\\\oo\\\\,bar,h2"', 'dns')).message).toBe(message);
    expect(errorOf(() => parseHttpsRdata('16 foo.example.org. alpn=f\\\\\\092oo\\092,bar,h2', 'dns')).message).toBe(message);
    const wire = bytesOf(`0010 ${FOO_ORG} 0001 000c 08 665c6f6f2c626172 02 6832`);
    expect(errorOf(() => decodeHttpsRdata(wire, 'dns')).message).toBe(message);
  });
});

// ---------------------------------------------------------------------------------------------------------
// validation rules (discovery.md B.6 "library rules to enforce")

/** [rule, rdata, exact message with prop `dns`] */
const INVALID: Array<[string, unknown, string]> = [
  // 1. priority
  ['priority above 65535', rd({ alpn: ['h3'] }, 70000), 'dns.priority must be an integer between 0 and 65535, got 70000'],
  ['negative priority', rd({}, -1), 'dns.priority must be an integer between 0 and 65535, got -1'],
  ['fractional priority', rd({}, 1.5), 'dns.priority must be an integer between 0 and 65535, got 1.5'],
  ['priority as a string', { priority: '1', target: '.', params: {} }, 'dns.priority must be an integer between 0 and 65535, got "1"'],
  [
    'AliasMode with SvcParams',
    rd({ alpn: ['h3'] }, 0, 'svc.example.net.'),
    `dns.params {"alpn":["h3"]} cannot be combined with dns.priority 0: ${ALIAS}`,
  ],
  [
    'AliasMode with a generic key',
    rd({ keys: { 65280: '' } }, 0),
    `dns.params {"keys":{"65280":""}} cannot be combined with dns.priority 0: ${ALIAS}`,
  ],
  // 2. TargetName
  [
    'relative target',
    rd({}, 1, 'svc.example.net'),
    `dns.target must be ${TARGET}, got "svc.example.net"; the name must be absolute: end it with "."`,
  ],
  ['empty target', rd({}, 1, ''), `dns.target must be ${TARGET}, got ""; the name must be absolute: end it with "."`],
  ['empty label', rd({}, 1, 'a..example.'), `dns.target must be ${TARGET}, got "a..example."; it has an empty label`],
  [
    '64-octet label',
    rd({}, 1, `${'a'.repeat(64)}.example.`),
    `dns.target must be ${TARGET}, got "${'a'.repeat(64)}.example."; label "${'a'.repeat(64)}" is 64 octets long (at most 63)`,
  ],
  [
    'name over 255 octets',
    rd({}, 1, `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}.`),
    `dns.target must be ${TARGET}, got "${'a'.repeat(63)}.${'b'.repeat(54)}…; it is 256 octets long in wire form (at most 255)`,
  ],
  [
    'U-label target',
    rd({}, 1, 'bücher.example.'),
    `dns.target must be ${TARGET}, got "bücher.example."; label "bücher" has a character other than letters, digits, "-" and "_" ` +
      '(write internationalized names as A-labels, xn--…)',
  ],
  [
    'wildcard target',
    rd({}, 1, '*.example.com.'),
    `dns.target must be ${TARGET}, got "*.example.com."; label "*" has a character other than letters, digits, "-" and "_" ` +
      '(write internationalized names as A-labels, xn--…)',
  ],
  ['target as a number', rd({}, 1, 7 as unknown as string), `dns.target must be ${TARGET}, got 7`],
  // shape
  [
    'rdata not an object',
    '1 . alpn=h3',
    'dns must be HTTPS RDATA: an object {priority, target, params} (e.g. {priority: 1, target: ".", params: {alpn: ["h3"]}}), got "1 . alpn=h3"',
  ],
  [
    'params not an object',
    { priority: 1, target: '.', params: 'alpn=h3' },
    'dns.params must be an object of SvcParams (e.g. {alpn: ["h3","h2"]}, or {} for none), got "alpn=h3"',
  ],
  [
    'unknown rdata field',
    { priority: 1, target: '.', params: {}, ttl: 300 },
    'dns.ttl is not a known field (got 300); the fields of dns are: priority, target, params',
  ],
  [
    'unknown SvcParam',
    rd({ alpns: ['h3'] } as SvcParams),
    `dns.params.alpns is not a known field (got ["h3"]); the fields of dns.params are: ${FIELDS_OF_PARAMS}`,
  ],
  [
    'presentation name as a field',
    rd({ alpn: ['h3'], 'no-default-alpn': true } as SvcParams),
    `dns.params.no-default-alpn is not a known field (got true); the fields of dns.params are: ${FIELDS_OF_PARAMS}; write noDefaultAlpn: true`,
  ],
  [
    'generic key as a field',
    rd({ key65280: 'x' } as SvcParams),
    `dns.params.key65280 is not a known field (got "x"); the fields of dns.params are: ${FIELDS_OF_PARAMS}; write keys: {65280: …}`,
  ],
  // 3. keys
  [
    'named key by number',
    rd({ keys: { 1: '\u0002h3' } }),
    'dns.params.keys[1] "\\u0002h3" uses the number of the named key alpn; set params.alpn instead',
  ],
  [
    'reserved key 65535',
    rd({ keys: { 65535: 'x' } }),
    'dns.params.keys[65535] "x" uses key65535, which RFC 9460 reserves ("Invalid key"); use a private-use key 65280-65534',
  ],
  [
    'key number out of range',
    rd({ keys: { 70000: 'x' } }),
    'dns.params.keys must be keyed by SvcParamKey numbers 9-65534 without leading zeros (e.g. {65280: "x"}), got "70000"',
  ],
  [
    'key number with a leading zero',
    rd({ keys: { '065280': 'x' } as Record<string, string> }),
    'dns.params.keys must be keyed by SvcParamKey numbers 9-65534 without leading zeros (e.g. {65280: "x"}), got "065280"',
  ],
  [
    'generic value beyond latin1',
    rd({ keys: { 65280: '€' } }),
    'dns.params.keys[65280] must be a string of octets (characters U+0000-U+00FF, e.g. "hello"), got "€"; ' +
      'encode other text (e.g. UTF-8) to octets first',
  ],
  [
    'keys not an object',
    rd({ keys: 'x' as unknown as Record<number, string> }),
    'dns.params.keys must be an object mapping SvcParamKey numbers to values (e.g. {65280: "x"}), got "x"',
  ],
  // 4. mandatory
  [
    'empty mandatory',
    rd({ mandatory: [], alpn: ['h3'] }),
    'dns.params.mandatory must be a non-empty list of SvcParamKey names (e.g. ["alpn"]), got []',
  ],
  ['upper-case mandatory key', rd({ mandatory: ['ALPN'], alpn: ['h3'] }), `dns.params.mandatory[0] must be ${MANDATORY_KEY}, got "ALPN"`],
  [
    'generic spelling of a named key',
    rd({ mandatory: ['key1'], alpn: ['h3'] }),
    `dns.params.mandatory[0] must be ${MANDATORY_KEY}, got "key1"; write "alpn"`,
  ],
  [
    'mandatory lists itself',
    rd({ mandatory: ['mandatory'], alpn: ['h3'] }),
    'dns.params.mandatory[0] "mandatory" cannot list mandatory itself (RFC 9460 §8); remove it from the list',
  ],
  [
    'mandatory lists a key twice',
    rd({ mandatory: ['alpn', 'alpn'], alpn: ['h3'] }),
    'dns.params.mandatory[1] "alpn" is listed twice (RFC 9460 §8); list each key once',
  ],
  [
    'mandatory lists port',
    rd({ mandatory: ['port'], alpn: ['h3'], port: 8443 }),
    'dns.params.mandatory[0] "port" is automatically mandatory in HTTPS records and should not be listed (RFC 9460 §8, §9); ' +
      'BIND accepts it but this library keeps records canonical; remove "port" from mandatory',
  ],
  [
    'mandatory lists no-default-alpn',
    rd({ mandatory: ['no-default-alpn'], alpn: ['h3'], noDefaultAlpn: true }),
    'dns.params.mandatory[0] "no-default-alpn" is automatically mandatory in HTTPS records and should not be listed (RFC 9460 §8, §9); ' +
      'BIND accepts it but this library keeps records canonical; remove "no-default-alpn" from mandatory',
  ],
  [
    'mandatory key absent',
    rd({ mandatory: ['ipv4hint'], alpn: ['h3'] }),
    'dns.params.mandatory[0] "ipv4hint" is declared mandatory but dns.params.ipv4hint is absent (RFC 9460 §8); ' +
      'add dns.params.ipv4hint or remove "ipv4hint" from mandatory',
  ],
  // 5. alpn
  ['empty alpn', rd({ alpn: [] }), 'dns.params.alpn must be a non-empty list of ALPN ids (e.g. ["h3","h2"]), got []'],
  [
    'alpn as a string',
    rd({ alpn: 'h3' as unknown as string[] }),
    'dns.params.alpn must be a non-empty list of ALPN ids (e.g. ["h3","h2"]), got "h3"',
  ],
  ['empty alpn id', rd({ alpn: ['h3', ''] }), `dns.params.alpn[1] must be ${ALPN_ID}, got ""; remove the empty item`],
  [
    'alpn id with a comma',
    rd({ alpn: ['h3,h2'] }),
    `dns.params.alpn[0] must be ${ALPN_ID}, got "h3,h2"; it contains ","; list each id as its own item: ["h3","h2"], not ["h3,h2"]`,
  ],
  ['alpn id with a space', rd({ alpn: ['h3', ' h2'] }), `dns.params.alpn[1] must be ${ALPN_ID}, got " h2"; it contains " "`],
  ['alpn id with a backslash', rd({ alpn: ['f\\oo'] }), `dns.params.alpn[0] must be ${ALPN_ID}, got "f\\\\oo"; it contains "\\\\"`],
  ['alpn id with a quote', rd({ alpn: ['"h3"'] }), `dns.params.alpn[0] must be ${ALPN_ID}, got "\\"h3\\""; it contains "\\""`],
  ['alpn id with ; ( )', rd({ alpn: ['h3;(x)'] }), `dns.params.alpn[0] must be ${ALPN_ID}, got "h3;(x)"; it contains ";", "(", ")"`],
  ['non-ASCII alpn id', rd({ alpn: ['hé'] }), `dns.params.alpn[0] must be ${ALPN_ID}, got "hé"; it contains "é"`],
  [
    'alpn id of 256 octets',
    rd({ alpn: ['a'.repeat(256)] }),
    `dns.params.alpn[0] must be ${ALPN_ID}, got "${'a'.repeat(118)}…; it is 256 characters long`,
  ],
  ['alpn id not a string', rd({ alpn: [3 as unknown as string] }), `dns.params.alpn[0] must be ${ALPN_ID}, got 3`],
  [
    'h2c',
    rd({ alpn: ['h3', 'h2c'] }),
    'dns.params.alpn[1] "h2c" is cleartext HTTP/2, which is never negotiated with ALPN over TLS or QUIC (RFC 9113 §3); use "h2"',
  ],
  // 6. no-default-alpn
  [
    'no-default-alpn without alpn',
    rd({ noDefaultAlpn: true, port: 8443 }),
    'dns.params.noDefaultAlpn true needs dns.params.alpn: without it the record offers no protocol at all (RFC 9460 §7.1.1); ' +
      'add alpn (e.g. ["h3","h2"]) or drop noDefaultAlpn',
  ],
  [
    'no-default-alpn not a boolean',
    rd({ alpn: ['h3'], noDefaultAlpn: 'yes' as unknown as boolean }),
    'dns.params.noDefaultAlpn must be true or false (true publishes the valueless no-default-alpn key), got "yes"',
  ],
  // 7. port
  ['port above 65535', rd({ alpn: ['h3'], port: 70000 }), 'dns.params.port must be an integer between 0 and 65535, got 70000'],
  ['negative port', rd({ alpn: ['h3'], port: -1 }), 'dns.params.port must be an integer between 0 and 65535, got -1'],
  ['port as a string', rd({ alpn: ['h3'], port: '443' as unknown as number }), 'dns.params.port must be an integer between 0 and 65535, got "443"'],
  // 8. hints
  ['empty ipv4hint', rd({ ipv4hint: [] }), 'dns.params.ipv4hint must be a non-empty list of IPv4 addresses (e.g. ["192.0.2.1"]), got []'],
  [
    'bad IPv4',
    rd({ ipv4hint: ['300.1.1.1'] }),
    'dns.params.ipv4hint[0] must be an IPv4 address in dotted-decimal form without leading zeros (e.g. "192.0.2.1"), got "300.1.1.1"',
  ],
  [
    'IPv4 with a leading zero',
    rd({ ipv4hint: ['192.0.2.1', '192.0.2.01'] }),
    'dns.params.ipv4hint[1] must be an IPv4 address in dotted-decimal form without leading zeros (e.g. "192.0.2.1"), got "192.0.2.01"',
  ],
  [
    'IPv6 in ipv4hint',
    rd({ ipv4hint: ['2001:db8::1'] }),
    'dns.params.ipv4hint[0] must be an IPv4 address in dotted-decimal form without leading zeros (e.g. "192.0.2.1"), got "2001:db8::1"; ' +
      'put IPv6 addresses in ipv6hint',
  ],
  ['empty ipv6hint', rd({ ipv6hint: [] }), 'dns.params.ipv6hint must be a non-empty list of IPv6 addresses (e.g. ["2001:db8::1"]), got []'],
  [
    'IPv4 in ipv6hint',
    rd({ ipv6hint: ['192.0.2.1'] }),
    'dns.params.ipv6hint[0] must be an IPv6 address without zone id (e.g. "2001:db8::1"), got "192.0.2.1"; put IPv4 addresses in ipv4hint',
  ],
  [
    'IPv6 with a zone id',
    rd({ ipv6hint: ['fe80::1%eth0'] }),
    'dns.params.ipv6hint[0] must be an IPv6 address without zone id (e.g. "2001:db8::1"), got "fe80::1%eth0"',
  ],
  [
    'bad IPv6',
    rd({ ipv6hint: ['2001:db8::g'] }),
    'dns.params.ipv6hint[0] must be an IPv6 address without zone id (e.g. "2001:db8::1"), got "2001:db8::g"',
  ],
  // 9. ech
  ['unpadded base64', rd({ ech: 'AAFh' + 'AAA' }), `dns.params.ech must be ${ECH}, got "AAFhAAA"; the text is not canonical base64 with "=" padding`],
  ['not base64', rd({ ech: '!!!!' }), `dns.params.ech must be ${ECH}, got "!!!!"; the text is not canonical base64 with "=" padding`],
  ['non-canonical pad bits', rd({ ech: 'AAB=' }), `dns.params.ech must be ${ECH}, got "AAB="; the text is not canonical base64 with "=" padding`],
  ['empty ech', rd({ ech: '' }), `dns.params.ech must be ${ECH}, got ""; the text is not canonical base64 with "=" padding`],
  [
    'ech shorter than its length prefix',
    rd({ ech: 'AQ==' }),
    `dns.params.ech must be ${ECH}, got "AQ=="; it decodes to fewer than the 2 octets of the length prefix`,
  ],
  [
    'ech length prefix mismatch',
    rd({ ech: 'AAE=' }),
    `dns.params.ech must be ${ECH}, got "AAE="; its 2-octet length prefix is 1 but 0 octets follow (is it a single ECHConfig instead of the list?)`,
  ],
  ['empty ECHConfigList', rd({ ech: 'AAA=' }), `dns.params.ech must be ${ECH}, got "AAA="; the ECHConfigList is empty`],
  // dohpath, ohttp
  ['dohpath not starting with /', rd({ alpn: ['h2'], dohpath: 'dns-query{?dns}' }), `dns.params.dohpath must be ${DOHPATH}, got "dns-query{?dns}"`],
  [
    'dohpath without the dns variable',
    rd({ alpn: ['h2'], dohpath: '/dns-query' }),
    `dns.params.dohpath must be ${DOHPATH}, got "/dns-query"; the template has no {?dns} expression (RFC 9461)`,
  ],
  ['dohpath with a space', rd({ alpn: ['h2'], dohpath: '/dns query{?dns}' }), `dns.params.dohpath must be ${DOHPATH}, got "/dns query{?dns}"`],
  [
    'ohttp not a boolean',
    rd({ alpn: ['h3'], ohttp: 1 as unknown as boolean }),
    'dns.params.ohttp must be true or false (true publishes the valueless ohttp key), got 1',
  ],
  // 10. size
  [
    'RDATA over 65535 octets',
    rd({ keys: { 65280: 'x'.repeat(65535) } }),
    'dns must encode to at most 65535 octets of RDATA, got 65542 octets; publish fewer or shorter SvcParams',
  ],
  // placeholders cannot stand for the presence of a valueless key
  [
    'placeholder for a flag',
    rd({ alpn: ['h3'], noDefaultAlpn: placeholder(0) as unknown as boolean }),
    'dns.params.noDefaultAlpn "{{kube-http3:input:0}}" cannot be a value known only later: ' +
      'it decides whether the key appears in the record at all; set it to true or false',
  ],
];

const ECH_LIST = 'AAX+DQABAA=='; // 00 05 | fe0d 0001 00: a 5-octet ECHConfigList (content is opaque to DNS)
const LONG_NAME = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}.`; // 255 octets

/** [rule, rdata, canonical presentation] */
const VALID: Array<[string, HttpsRdata, string]> = [
  ['the recommended shape', rd({ alpn: ['h3', 'h2'] }), '1 . alpn=h3,h2'],
  ['h3 only on another port', rd({ alpn: ['h3'], noDefaultAlpn: true, port: 8443 }), '1 . alpn=h3 no-default-alpn port=8443'],
  ['AliasMode', rd({}, 0, 'pool.svc.example.net.'), '0 pool.svc.example.net.'],
  ['AliasMode to "." (service unavailable)', rd({}, 0), '0 .'],
  ['highest priority, lowest and highest port', rd({ alpn: ['h3'], port: 0 }, 65535), '65535 . alpn=h3 port=0'],
  ['port 65535', rd({ alpn: ['h3'], port: 65535 }), '1 . alpn=h3 port=65535'],
  ['underscore target', rd({ alpn: ['h3'] }, 1, '_x.example.net.'), '1 _x.example.net. alpn=h3'],
  ['255-octet target with 63-octet labels', rd({ alpn: ['h3'] }, 1, LONG_NAME), `1 ${LONG_NAME} alpn=h3`],
  ['upper-case target kept as written', rd({ alpn: ['h3'] }, 1, 'Svc.Example.NET.'), '1 Svc.Example.NET. alpn=h3'],
  [
    'mandatory, sorted by key number on output',
    rd({ mandatory: ['ipv4hint', 'alpn'], alpn: ['h2', 'h3'], ipv4hint: ['192.0.2.1', '198.51.100.7'] }, 2, 'svc.example.net.'),
    '2 svc.example.net. mandatory=alpn,ipv4hint alpn=h2,h3 ipv4hint=192.0.2.1,198.51.100.7',
  ],
  ['mandatory generic key', rd({ mandatory: ['key65280'], alpn: ['h3'], keys: { 65280: '' } }), '1 . mandatory=key65280 alpn=h3 key65280'],
  [
    'ALPN ids of every allowed kind',
    rd({ alpn: ['h3', 'h2', 'http/1.1', 'h3-29', 'x!#$%&\'*+-./:<=>?@[]^_`{|}~'] }),
    "1 . alpn=h3,h2,http/1.1,h3-29,x!#$%&'*+-./:<=>?@[]^_`{|}~",
  ],
  ['255-octet ALPN id', rd({ alpn: ['a'.repeat(255)] }), `1 . alpn=${'a'.repeat(255)}`],
  ['ech', rd({ alpn: ['h3', 'h2'], ech: ECH_LIST }), `1 . alpn=h3,h2 ech=${ECH_LIST}`],
  [
    'IPv6 hints in RFC 5952 form',
    rd({ ipv6hint: ['2001:DB8:0:0:0:0:0:1', '::ffff:192.0.2.1', '2001:db8::1:0:0:1'] }),
    '1 . ipv6hint=2001:db8::1,::ffff:c000:201,2001:db8::1:0:0:1',
  ],
  [
    'dohpath',
    rd({ alpn: ['h2', 'h3'], dohpath: '/dns-query{?dns}' }, 1, 'dns.example.net.'),
    '1 dns.example.net. alpn=h2,h3 dohpath=/dns-query{?dns}',
  ],
  ['ohttp', rd({ alpn: ['h3'], ohttp: true }), '1 . alpn=h3 ohttp'],
  ['false flags are absent', rd({ alpn: ['h3'], noDefaultAlpn: false, ohttp: false }), '1 . alpn=h3'],
  [
    'generic keys quoted and escaped only when needed',
    rd({ keys: { 9: 'plain', 65280: 'a b"c\\d;()', 65281: 'x"y\\z;()\u0000\u00ff\t', 65534: '' } }),
    '1 . key9=plain key65280="a b\\"c\\\\d;()" key65281=x\\"y\\\\z\\;\\(\\)\\000\\255\\009 key65534',
  ],
  [
    'every key at once',
    rd(
      {
        mandatory: ['alpn', 'ech', 'key65000'],
        alpn: ['h3', 'h2'],
        noDefaultAlpn: true,
        port: 443,
        ipv4hint: ['192.0.2.1'],
        ech: ECH_LIST,
        ipv6hint: ['2001:db8::1'],
        dohpath: '/q{?dns}',
        ohttp: true,
        keys: { 65000: 'v' },
      },
      1,
      'svc.example.net.',
    ),
    '1 svc.example.net. mandatory=alpn,ech,key65000 alpn=h3,h2 no-default-alpn port=443 ipv4hint=192.0.2.1 ' +
      `ech=${ECH_LIST} ipv6hint=2001:db8::1 dohpath=/q{?dns} ohttp key65000=v`,
  ],
];

describe('validateHttpsRdata', () => {
  test.each(INVALID)('refuses %s', (_rule, rdata, message) => {
    expect(() => validateHttpsRdata(rdata as HttpsRdata, 'dns')).toThrow(Http3ConfigError);
    expect(errorOf(() => validateHttpsRdata(rdata as HttpsRdata, 'dns')).message).toBe(message);
  });

  test.each(VALID)('accepts %s', (_rule, rdata, text) => {
    expect(() => validateHttpsRdata(rdata, 'dns')).not.toThrow();
    expect(formatHttpsRdata(rdata)).toBe(text);
  });

  test('the error carries the prop path and the bad value', () => {
    const error = errorOf(() => validateHttpsRdata(rd({ alpn: ['h3'], port: 70000 }), 'spec.dns'));
    expect(error.prop).toBe('spec.dns.params.port');
    expect(error.value).toBe(70000);
    expect(error.message).toBe('spec.dns.params.port must be an integer between 0 and 65535, got 70000');
  });

  test('format and encode validate too (prop `rdata`)', () => {
    expect(() => formatHttpsRdata(rd({ alpn: [] }))).toThrow('rdata.params.alpn must be a non-empty list of ALPN ids (e.g. ["h3","h2"]), got []');
    expect(() => encodeHttpsRdata(rd({ alpn: ['h3'] }, 0))).toThrow(
      `rdata.params {"alpn":["h3"]} cannot be combined with rdata.priority 0: ${ALIAS}`,
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// presentation format

describe('parseHttpsRdata', () => {
  /** [input, canonical output]: any order, quotes, escapes, generic spellings, grouping */
  const LENIENT_IN_FORM: Array<[string, string]> = [
    ['1 . alpn="h3,h2"', '1 . alpn=h3,h2'],
    ['1 . ipv6hint=2001:0DB8:0:0:0:0:0:1 port=8443 alpn=h3,h2 mandatory=alpn', '1 . mandatory=alpn alpn=h3,h2 port=8443 ipv6hint=2001:db8::1'],
    ['1 . port="8443" alpn="h3" ipv4hint="192.0.2.1"', '1 . alpn=h3 port=8443 ipv4hint=192.0.2.1'],
    ['1 . key1=\\002h3', '1 . alpn=h3'],
    ['1 . key3=\\001\\187 alpn=h3 mandatory=key1', '1 . mandatory=alpn alpn=h3 port=443'],
    ['1 . alpn=h3 key2', '1 . alpn=h3 no-default-alpn'],
    ['1 . alpn=h3\\,h2', '1 . alpn=h3,h2'],
    ['1 . alpn=\\h\\051', '1 . alpn=h3'],
    ['1 . alpn=h3 no-default-alpn=""', '1 . alpn=h3 no-default-alpn'],
    ['1 . key65280="a b"', '1 . key65280="a b"'],
    ['1 . key65280="abc"', '1 . key65280=abc'],
    ['1 . key65280=a\\ b', '1 . key65280="a b"'],
    ['1 . key65280=""', '1 . key65280'],
    ['1 . key65280', '1 . key65280'],
    ['1 . key65280="a;b()"', '1 . key65280=a\\;b\\(\\)'],
    ['1 . key9=\\000\\255', '1 . key9=\\000\\255'],
    ['1 . key7=/q{?dns} key8 alpn=h2', '1 . alpn=h2 dohpath=/q{?dns} ohttp'],
    ['  1\t.\n( alpn=h3 )  ', '1 . alpn=h3'],
    ['1 . ech="AAX+DQABAA=="', `1 . ech=${ECH_LIST}`],
  ];
  test.each(LENIENT_IN_FORM)('reads %j as %j', (input, canonical) => {
    const rdata = parseHttpsRdata(input);
    expect(formatHttpsRdata(rdata)).toBe(canonical);
    expect(parseHttpsRdata(canonical)).toEqual(rdata);
  });

  test('decodes value-lists per RFC 9460 Appendix A.1 (its example), then refuses the id with "," and "\\"', () => {
    const message =
      `dns.params.alpn[2] must be ${ALPN_ID}, got "part3,part4\\\\"; it contains ",", "\\\\"; ` +
      'list each id as its own item: ["h3","h2"], not ["h3,h2"]';
    expect(errorOf(() => parseHttpsRdata('1 . alpn="part1,part2,part3\\\\,part4\\\\\\\\"', 'dns')).message).toBe(message);
    expect(errorOf(() => parseHttpsRdata('1 . alpn=part1\\,\\p\\a\\r\\t2\\044part3\\092,part4\\092\\\\', 'dns')).message).toBe(message);
  });

  test('reads generic values as latin1 octets', () => {
    expect(parseHttpsRdata('1 . key65280="a b\\"c\\\\d" key65281=\\000\\255').params.keys).toEqual({ 65280: 'a b"c\\d', 65281: '\u0000\u00ff' });
  });

  /** [input, exact message with prop `dns`] */
  const REFUSED: Array<[string, string]> = [
    ['', `dns must be ${RDATA_TEXT}, got ""; the text is empty`],
    ['1', `dns must be ${RDATA_TEXT}, got "1"; the TargetName is missing after the priority`],
    ['x . alpn=h3', 'dns.priority must be an integer between 0 and 65535, got "x"'],
    ['01 . alpn=h3', 'dns.priority must be an integer between 0 and 65535, got "01"'],
    ['65536 .', 'dns.priority must be an integer between 0 and 65535, got 65536'],
    ['1 svc.example.net alpn=h3', `dns.target must be ${TARGET}, got "svc.example.net"; the name must be absolute: end it with "."`],
    ['1 foo\\.bar.example. alpn=h3', `dns.target must be ${TARGET}, got "foo\\\\.bar.example."; quotes and escapes are not allowed`],
    ['1 "." alpn=h3', `dns.target must be ${TARGET}, got "\\""; quotes and escapes are not allowed`],
    ['1 . alpn=h3 ; comment', `dns must be ${RDATA_TEXT}, got "1 . alpn=h3 ; comment"; comments are not allowed (";" at character 13)`],
    ['1 . (alpn=h3', `dns must be ${RDATA_TEXT}, got "1 . (alpn=h3"; unbalanced "("`],
    ['1 . alpn=h3)', `dns must be ${RDATA_TEXT}, got "1 . alpn=h3)"; unbalanced ")" at character 12`],
    ['1 . alpn="h3', `dns must be ${RDATA_TEXT}, got "1 . alpn=\\"h3"; the quoted value starting at character 10 is not closed`],
    ['1 . alpn="h3"x', `dns must be ${RDATA_TEXT}, got "1 . alpn=\\"h3\\"x"; the quoted value ending at character 13 must be followed by whitespace`],
    ['1 . alpn=h"3', `dns must be ${RDATA_TEXT}, got "1 . alpn=h\\"3"; "\\"" at character 11 must be escaped as \\" or the value quoted`],
    ['1 . key65280=a;b', `dns must be ${RDATA_TEXT}, got "1 . key65280=a;b"; ";" at character 15 must be escaped as \\; or the value quoted`],
    ['1 . key65280=a\\', `dns must be ${RDATA_TEXT}, got "1 . key65280=a\\\\"; the value ends with a lone "\\"`],
    [
      '1 . key65280=\\25',
      `dns must be ${RDATA_TEXT}, got "1 . key65280=\\\\25"; the escape at character 14 must be \\DDD with three digits 000-255, got "\\\\25"`,
    ],
    [
      '1 . key65280=\\256',
      `dns must be ${RDATA_TEXT}, got "1 . key65280=\\\\256"; the escape at character 14 must be \\DDD with three digits 000-255, got "\\\\256"`,
    ],
    [
      '1 . key65280=é',
      `dns must be ${RDATA_TEXT}, got "1 . key65280=é"; character "é" at character 14 must be written as \\DDD escapes of its octets`,
    ],
    ['1 . alpn=', 'dns.params.alpn must be a value after "=", got "alpn="; write alpn alone for an empty value'],
    ['1 . =h3', `dns.params must be ${KEYS}, got ""; a parameter has no key before "="`],
    ['1 . foo=bar', `dns.params must be ${KEYS}, got "foo"; write keys without a registered name as keyNNNNN`],
    ['1 . ALPN=h3', `dns.params must be ${KEYS}, got "ALPN"; keys are lower-case: write "alpn"`],
    ['1 . key065000=x', `dns.params must be ${KEYS}, got "key065000"; write "key65000" without leading zeros`],
    ['1 . key65535=x', `dns.params must be ${KEYS}, got "key65535"; key65535 is reserved by RFC 9460 ("Invalid key")`],
    ['1 . key65536=x', `dns.params must be ${KEYS}, got "key65536"; key numbers go up to 65534`],
    [
      '1 . alpn=h2 key1=\\002h3',
      'dns.params.alpn "key1=\\\\002h3" repeats a SvcParamKey (at character 13; RFC 9460 §2.1: keys must not repeat); give alpn once',
    ],
    [
      '1 . alpn=h2 alpn=h3',
      'dns.params.alpn "alpn=h3" repeats a SvcParamKey (at character 13; RFC 9460 §2.1: keys must not repeat); give alpn once',
    ],
    [
      '1 . port=\\052\\052',
      'dns.params.port must be a port value without escape sequences, got "\\\\052\\\\052"; RFC 9460 forbids escapes in this value',
    ],
    [
      '1 . alpn=h3 mandatory=alpn\\,port',
      'dns.params.mandatory must be a mandatory value without escape sequences, got "alpn\\\\,port"; RFC 9460 forbids escapes in this value',
    ],
    ['1 . port=0443', 'dns.params.port must be an integer between 0 and 65535, got "0443"; write it without leading zeros'],
    ['1 . port=https', 'dns.params.port must be an integer between 0 and 65535, got "https"'],
    ['1 . port=65536', 'dns.params.port must be an integer between 0 and 65535, got 65536'],
    [
      '1 . ipv4hint="192.0.2.1, 192.0.2.2"',
      'dns.params.ipv4hint[1] must be an IPv4 address in dotted-decimal form without leading zeros (e.g. "192.0.2.1"), got " 192.0.2.2"',
    ],
    ['1 . alpn="h3, h2"', `dns.params.alpn[1] must be ${ALPN_ID}, got " h2"; it contains " "`],
    ['1 . alpn=h3,,h2', `dns.params.alpn[1] must be ${ALPN_ID}, got ""; remove the empty item`],
    ['1 . alpn=h3,', `dns.params.alpn[1] must be ${ALPN_ID}, got ""; remove the empty item`],
    ['1 . alpn=""', 'dns.params.alpn must be a non-empty list of ALPN ids (e.g. ["h3","h2"]), got []'],
    [
      '1 . alpn=h3\\\\,h2',
      `dns.params.alpn[0] must be ${ALPN_ID}, got "h3,h2"; it contains ","; list each id as its own item: ["h3","h2"], not ["h3,h2"]`,
    ],
    [
      '1 . alpn=a\\\\b',
      'dns.params.alpn must be a comma-separated list, got "a\\\\b"; in a value-list "\\" may only escape "," or "\\" (RFC 9460 Appendix A.1)',
    ],
    ['1 . alpn=h2c', 'dns.params.alpn[0] "h2c" is cleartext HTTP/2, which is never negotiated with ALPN over TLS or QUIC (RFC 9113 §3); use "h2"'],
    [
      '1 . key1=\\003h3',
      'dns.params.alpn must be a valid key1 value, got "\\\\003h3"; the alpn value (key 1) has an ALPN id at octet 0 whose length 3 runs past the ' +
        'end of the value',
    ],
    ['1 . ohttp=1', 'dns.params.ohttp must be empty: ohttp takes no value, got "1"; write ohttp alone'],
    [
      '1 . no-default-alpn',
      'dns.params.noDefaultAlpn true needs dns.params.alpn: without it the record offers no protocol at all (RFC 9460 §7.1.1); add alpn (e.g. ' +
        '["h3","h2"]) or drop noDefaultAlpn',
    ],
    ['1 . mandatory=foo alpn=h3', `dns.params.mandatory[0] must be ${MANDATORY_KEY}, got "foo"`],
    ['1 . ech=AAX+DQABAA', `dns.params.ech must be ${ECH}, got "AAX+DQABAA"; the text is not canonical base64 with "=" padding`],
    ['0 . alpn=h3', `dns.params {"alpn":["h3"]} cannot be combined with dns.priority 0: ${ALIAS}`],
    ['text', 'dns.priority must be an integer between 0 and 65535, got "text"'],
  ];
  test.each(REFUSED)('refuses %j', (input, message) => {
    expect(() => parseHttpsRdata(input, 'dns')).toThrow(Http3ConfigError);
    expect(errorOf(() => parseHttpsRdata(input, 'dns')).message).toBe(message);
  });

  test('uses `rdata` as the default prop', () => {
    expect(() => parseHttpsRdata('1 . port=x')).toThrow('rdata.params.port must be an integer between 0 and 65535, got "x"');
  });
});

describe('formatHttpsRecord', () => {
  const RDATA = rd({ alpn: ['h3', 'h2'] });
  test.each([
    ['app.example.com.', 300, 'HTTPS' as const, 'app.example.com. 300 IN HTTPS 1 . alpn=h3,h2'],
    ['*.example.com.', 3600, 'HTTPS' as const, '*.example.com. 3600 IN HTTPS 1 . alpn=h3,h2'],
    ['_8443._https.example.com.', 0, 'HTTPS' as const, '_8443._https.example.com. 0 IN HTTPS 1 . alpn=h3,h2'],
    ['svc.example.com.', 2147483647, 'SVCB' as const, 'svc.example.com. 2147483647 IN SVCB 1 . alpn=h3,h2'],
  ])('formats %s %d %s', (owner, ttl, type, line) => {
    expect(formatHttpsRecord(owner, ttl, RDATA, type)).toBe(line);
  });

  test('defaults to HTTPS', () => {
    expect(formatHttpsRecord('example.com.', 300, RDATA)).toBe('example.com. 300 IN HTTPS 1 . alpn=h3,h2');
  });

  test.each([
    ['app.example.com', 300, `owner must be ${OWNER}, got "app.example.com"; the name must be absolute: end it with "."`],
    ['.', 300, `owner must be ${OWNER}, got "."; the root name cannot own an HTTPS record`],
    [
      'a.*.example.com.',
      300,
      `owner must be ${OWNER}, got "a.*.example.com."; label "*" has a character other than letters, digits, "-" and "_" (write internationalized ` +
        `names as A-labels, xn--…)`,
    ],
    [
      `${'x'.repeat(64)}.example.com.`,
      300,
      `owner must be ${OWNER}, got "${'x'.repeat(64)}.example.com."; label "${'x'.repeat(64)}" is 64 octets long (at most 63)`,
    ],
    ['app.example.com.', -1, 'ttlSeconds must be an integer number of seconds between 0 and 2147483647 (e.g. 300), got -1'],
    ['app.example.com.', 2147483648, 'ttlSeconds must be an integer number of seconds between 0 and 2147483647 (e.g. 300), got 2147483648'],
    ['app.example.com.', 1.5, 'ttlSeconds must be an integer number of seconds between 0 and 2147483647 (e.g. 300), got 1.5'],
  ])('refuses owner %j with ttl %d', (owner, ttl, message) => {
    expect(errorOf(() => formatHttpsRecord(owner, ttl, RDATA)).message).toBe(message);
  });

  test('refuses an unknown type', () => {
    expect(errorOf(() => formatHttpsRecord('a.example.com.', 300, RDATA, 'A' as 'HTTPS')).message).toBe('type must be "HTTPS" or "SVCB", got "A"');
  });
});

describe('placeholders', () => {
  const [p0, p1, p2, p3, p4, p5] = [0, 1, 2, 3, 4, 5].map(placeholder);

  test('validation skips them and formatting passes them through verbatim', () => {
    const rdata: HttpsRdata = {
      priority: p0 as unknown as number,
      target: p1,
      params: { alpn: ['h3', p2], port: p3 as unknown as number, ipv6hint: [p4, '2001:DB8::1'], ech: p5, keys: { 65280: p2 } },
    };
    expect(() => validateHttpsRdata(rdata, 'dns')).not.toThrow();
    expect(formatHttpsRdata(rdata)).toBe(`${p0} ${p1} alpn=h3,${p2} port=${p3} ech=${p5} ipv6hint=${p4},2001:db8::1 key65280=${p2}`);
    expect(formatHttpsRecord(p0, p1 as unknown as number, rd({ alpn: ['h3'] }))).toBe(`${p0} ${p1} IN HTTPS 1 . alpn=h3`);
  });

  test('a placeholder for a whole list is passed through', () => {
    expect(formatHttpsRdata(rd({ ipv4hint: p0 as unknown as string[] }))).toBe(`1 . ipv4hint=${p0}`);
  });

  test('parsing keeps them', () => {
    const rdata = parseHttpsRdata(`${p0} ${p1} alpn=h3 port=${p2} ipv4hint=${p3},192.0.2.1 ech=${p4}`);
    expect(rdata).toEqual({ priority: p0, target: p1, params: { alpn: ['h3'], port: p2, ipv4hint: [p3, '192.0.2.1'], ech: p4 } });
  });

  test('wire encoding refuses them', () => {
    expect(errorOf(() => encodeHttpsRdata(rd({ alpn: ['h3'], ipv4hint: ['192.0.2.1', p0] }))).message).toBe(
      `rdata.params.ipv4hint[1] "${p0}" is not known yet; encode the RDATA after the value is resolved`,
    );
    expect(errorOf(() => encodeHttpsRdata(rd({ alpn: ['h3'] }, 1, p1))).message).toBe(
      `rdata.target "${p1}" is not known yet; encode the RDATA after the value is resolved`,
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// wire format

describe('decodeHttpsRdata', () => {
  /** [hex, exact message with prop `dns`] */
  const MALFORMED: Array<[string, string]> = [
    ['', `dns must be ${WIRE}, got ""; it is 0 octets long, too short for a priority and a TargetName`],
    ['0001', `dns must be ${WIRE}, got "0001"; it is 2 octets long, too short for a priority and a TargetName`],
    ['0001 03666f6f', `dns must be ${WIRE}, got "000103666f6f"; the TargetName runs past the end`],
    ['0001 04666f6f', `dns must be ${WIRE}, got "000104666f6f"; the TargetName label at octet 2 runs past the end`],
    ['0001 03666f6f 07', `dns must be ${WIRE}, got "000103666f6f07"; the TargetName label at octet 6 runs past the end`],
    ['0001 03666f6f 03636f6d', `dns must be ${WIRE}, got "000103666f6f03636f6d"; the TargetName runs past the end`],
    [
      '0001 c00c',
      `dns must be ${WIRE}, got "0001c00c"; the TargetName has a compression pointer or extended label type at octet 2 (RDATA names are ` +
        `uncompressed)`,
    ],
    [
      '0001 03612e62 00',
      `dns must be ${WIRE}, got "000103612e6200"; the TargetName label "a.b" at octet 2 has a character other than letters, digits, "-" and "_"`,
    ],
    ['0001 00 0001', `dns must be ${WIRE}, got "0001000001"; the SvcParam at octet 3 is cut short: 2 octets left, 4 needed for key and length`],
    ['0001 00 0001 0003 0268', `dns must be ${WIRE}, got "000100000100030268"; the value of alpn at octet 3 claims 3 octets but 2 remain`],
    [
      '0001 00 0003 0002 01bb 0001 0003 026833',
      `dns must be ${WIRE}, got "0001000003000201bb00010003026833"; SvcParamKey 1 at octet 9 follows key 3: keys must be strictly increasing (RFC ` +
        `9460 §2.2)`,
    ],
    [
      '0001 00 0001 0003 026833 0001 0003 026832',
      `dns must be ${WIRE}, got "0001000001000302683300010003026832"; SvcParamKey 1 at octet 10 follows key 1: keys must be strictly increasing ` +
        `(RFC 9460 §2.2)`,
    ],
    ['0001 00 ffff 0000', `dns must be ${WIRE}, got "000100ffff0000"; SvcParamKey 65535 at octet 3 is reserved ("Invalid key")`],
    [
      '0001 00 0000 0001 00',
      'dns.params.mandatory must be a well-formed mandatory value in wire format (RFC 9460), got "00"; the mandatory value (key 0) is 1 octets ' +
        'long; it must be 2 octets per listed key, at least one',
    ],
    [
      '0001 00 0000 0004 0004 0001 0001 0003 026833 0004 0004 c0000201',
      'dns.params.mandatory must be a well-formed mandatory value in wire format (RFC 9460), got "00040001"; the mandatory value (key 0) must list ' +
        'keys in strictly increasing order (RFC 9460 §8)',
    ],
    [
      '0001 00 0001 0001 00',
      'dns.params.alpn must be a well-formed alpn value in wire format (RFC 9460), got "00"; the alpn value (key 1) has an empty ALPN id at octet 0',
    ],
    [
      '0001 00 0001 0002 0568',
      'dns.params.alpn must be a well-formed alpn value in wire format (RFC 9460), got "0568"; the alpn value (key 1) has an ALPN id at octet 0 ' +
        'whose length 5 runs past the end of the value',
    ],
    ['0001 00 0001 0000', 'dns.params.alpn must be a non-empty list of ALPN ids (e.g. ["h3","h2"]), got []'],
    [
      '0001 00 0001 0003 026833 0002 0001 78',
      'dns.params.noDefaultAlpn must be a well-formed no-default-alpn value in wire format (RFC 9460), got "78"; the no-default-alpn value (key 2) ' +
        'must be empty, got 1 octets',
    ],
    [
      '0001 00 0003 0003 01bb00',
      'dns.params.port must be a well-formed port value in wire format (RFC 9460), got "01bb00"; the port value (key 3) must be 2 octets, got 3',
    ],
    [
      '0001 00 0004 0005 c000020101',
      'dns.params.ipv4hint must be a well-formed ipv4hint value in wire format (RFC 9460), got "c000020101"; the ipv4hint value (key 4) is 5 ' +
        'octets long, not a multiple of 4',
    ],
    [
      '0001 00 0006 000f 20010db800000000000000000000 00',
      'dns.params.ipv6hint must be a well-formed ipv6hint value in wire format (RFC 9460), got "20010db80000000000000000000000"; ' +
        'the ipv6hint value (key 6) is 15 octets long, not a multiple of 16',
    ],
    [
      '0001 00 0005 0002 0001',
      `dns.params.ech must be ${ECH}, got "AAE="; its 2-octet length prefix is 1 but 0 octets follow (is it a single ECHConfig instead of the list?)`,
    ],
    [
      '0001 00 0000 0002 0004 0001 0003 026833',
      'dns.params.mandatory[0] "ipv4hint" is declared mandatory but dns.params.ipv4hint is absent (RFC 9460 §8); ' +
        'add dns.params.ipv4hint or remove "ipv4hint" from mandatory',
    ],
    ['0000 00 0001 0003 026833', `dns.params {"alpn":["h3"]} cannot be combined with dns.priority 0: ${ALIAS}`],
  ];
  test.each(MALFORMED)('refuses %s', (hex, message) => {
    expect(() => decodeHttpsRdata(bytesOf(hex), 'dns')).toThrow(Http3ConfigError);
    expect(errorOf(() => decodeHttpsRdata(bytesOf(hex), 'dns')).message).toBe(message);
  });

  test('refuses a name over 255 octets', () => {
    const label = `3f${'61'.repeat(63)}`;
    const hex = `0001 ${label.repeat(4)} 00`;
    expect(errorOf(() => decodeHttpsRdata(bytesOf(hex), 'dns')).message).toMatch(/; the TargetName is 257 octets long \(at most 255\)$/);
  });

  test('refuses what is not a Uint8Array', () => {
    expect(errorOf(() => decodeHttpsRdata('000100' as unknown as Uint8Array, 'dns')).message).toBe(
      'dns must be HTTPS RDATA wire octets (a Uint8Array), got "000100"',
    );
  });

  test('accepts a Buffer and a subarray view', () => {
    const wire = Buffer.from('ff000100000100030268330000', 'hex').subarray(1, 11);
    expect(decodeHttpsRdata(wire)).toEqual(rd({ alpn: ['h3'] }));
  });
});

describe('key names', () => {
  test('map between names and numbers', () => {
    expect(svcParamKeyNumber('no-default-alpn')).toBe(2);
    expect(svcParamKeyNumber('ohttp')).toBe(8);
    expect(svcParamKeyNumber('key65280')).toBe(65280);
    expect(svcParamKeyNumber('key1')).toBe(1);
    expect(svcParamKeyNumber('key65535')).toBeUndefined();
    expect(svcParamKeyNumber('key01')).toBeUndefined();
    expect(svcParamKeyNumber('ALPN')).toBeUndefined();
    expect(svcParamKeyName(6)).toBe('ipv6hint');
    expect(svcParamKeyName(9)).toBe('key9');
  });

  test('canonicalIpv6 follows RFC 5952 section 4', () => {
    expect(canonicalIpv6('2001:0DB8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(canonicalIpv6('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(canonicalIpv6('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1');
    expect(canonicalIpv6('::')).toBe('::');
    expect(canonicalIpv6('::1')).toBe('::1');
    expect(canonicalIpv6('1::')).toBe('1::');
    expect(canonicalIpv6('not an address')).toBe('not an address');
  });
});

// ---------------------------------------------------------------------------------------------------------
// properties

const ALPN_CHARS = [...Array(0x7e - 0x21 + 1).keys()].map((i) => String.fromCharCode(0x21 + i)).filter((c) => !',\\";()'.includes(c));
const latin1Char = fc.integer({ min: 0, max: 255 }).map((n) => String.fromCharCode(n));
const labelArb = fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/);
const targetArb = fc.oneof(fc.constant('.'), fc.array(labelArb, { minLength: 1, maxLength: 4 }).map((labels) => `${labels.join('.')}.`));
const alpnIdArb = fc.oneof(
  fc.constantFrom('h3', 'h2', 'http/1.1', 'h3-29'),
  fc.string({ unit: fc.constantFrom(...ALPN_CHARS), minLength: 1, maxLength: 12 }).filter((id) => id !== 'h2c'),
);
const echArb = fc
  .uint8Array({ minLength: 1, maxLength: 60 })
  .map((b) => Buffer.concat([Buffer.from([b.length >> 8, b.length & 0xff]), b]).toString('base64'));
const dohpathArb = fc
  .tuple(fc.stringMatching(/^\/[a-z0-9/._~-]{0,12}$/), fc.constantFrom('{?dns}', '{?dns,ct}', '{&dns}'))
  .map(([path, expression]) => path + expression);
const genericArb = fc.dictionary(
  fc.integer({ min: 9, max: 65534 }).map(String),
  fc.string({ unit: latin1Char, maxLength: 16 }),
  { minKeys: 1, maxKeys: 3 },
);

/** a random ServiceMode or AliasMode record, with IPv6 hints in any valid spelling */
const rdataArb: fc.Arbitrary<HttpsRdata> = fc.oneof(
  { weight: 1, arbitrary: targetArb.map((target) => rd({}, 0, target)) },
  {
    weight: 6,
    arbitrary: fc
      .record(
        {
          priority: fc.integer({ min: 1, max: 65535 }),
          target: targetArb,
          alpn: fc.array(alpnIdArb, { minLength: 1, maxLength: 4 }),
          noDefaultAlpn: fc.constant(true),
          port: fc.integer({ min: 0, max: 65535 }),
          ipv4hint: fc.array(fc.ipV4(), { minLength: 1, maxLength: 3 }),
          ech: echArb,
          ipv6hint: fc.array(fc.ipV6(), { minLength: 1, maxLength: 3 }),
          dohpath: dohpathArb,
          ohttp: fc.constant(true),
          keys: genericArb,
        },
        { requiredKeys: ['priority', 'target'] },
      )
      .chain(({ priority, target, ...params }) => {
        const p: Record<string, unknown> = { ...params };
        if (p.alpn === undefined) delete p.noDefaultAlpn;
        const present = Object.keys(p)
          .flatMap((field) => (field === 'keys' ? Object.keys(p.keys as object).map((k) => `key${k}`) : [field]))
          .filter((field) => !['noDefaultAlpn', 'port'].includes(field));
        return fc.subarray(present).map((mandatory) => {
          const out = { ...p };
          if (mandatory.length > 0) {
            out.mandatory = mandatory.sort((a, b) => (svcParamKeyNumber(a) as number) - (svcParamKeyNumber(b) as number));
          }
          return rd(out as SvcParams, priority, target);
        });
      }),
  },
);

/**
 * The record as parse/decode give it back: mandatory in key order, IPv6 hints in RFC 5952 form (computed by
 * WHATWG URL serialization, not by the codec), false flags absent.
 */
function canonical(rdata: HttpsRdata): HttpsRdata {
  const params: Record<string, unknown> = { ...rdata.params };
  if (rdata.params.mandatory) {
    params.mandatory = [...rdata.params.mandatory].sort((a, b) => (svcParamKeyNumber(a) as number) - (svcParamKeyNumber(b) as number));
  }
  if (rdata.params.ipv6hint) params.ipv6hint = rdata.params.ipv6hint.map((a) => new URL(`http://[${a}]/`).hostname.slice(1, -1));
  for (const flag of ['noDefaultAlpn', 'ohttp']) if (params[flag] === false) delete params[flag];
  return rd(params as SvcParams, rdata.priority, rdata.target);
}

describe('properties', () => {
  test('format → parse gives the record back, and formatting is idempotent', () => {
    fc.assert(
      fc.property(rdataArb, (rdata) => {
        const text = formatHttpsRdata(rdata);
        const parsed = parseHttpsRdata(text);
        expect(parsed).toEqual(canonical(rdata));
        expect(formatHttpsRdata(parsed)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  test('encode → decode gives the record back', () => {
    fc.assert(
      fc.property(rdataArb, (rdata) => {
        const wire = encodeHttpsRdata(rdata);
        expect(decodeHttpsRdata(wire)).toEqual(canonical(rdata));
        expect(hexOf(encodeHttpsRdata(parseHttpsRdata(formatHttpsRdata(rdata))))).toBe(hexOf(wire));
      }),
      { numRuns: 500 },
    );
  });

  test('decoding arbitrary octets either gives a record that re-encodes to the same octets, or a Http3ConfigError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.boolean(), (tail, service) => {
        const wire = new Uint8Array([0, service ? 1 : 0, 0, ...tail]);
        let decoded: HttpsRdata;
        try {
          decoded = decodeHttpsRdata(wire);
        } catch (e) {
          expect(Http3ConfigError.isHttp3ConfigError(e)).toBe(true);
          return;
        }
        expect(hexOf(encodeHttpsRdata(decoded))).toBe(hexOf(wire));
      }),
      { numRuns: 2000 },
    );
  });

  test('parsing arbitrary text either succeeds or throws a Http3ConfigError', () => {
    const token = fc.oneof(
      fc.constantFrom('alpn=h3', 'port=1', '"', '\\', '(', ')', ';', 'key1=\\002h2', 'mandatory=alpn', '='),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 6 }), (tokens) => {
        try {
          parseHttpsRdata(['1', '.', ...tokens].join(' '));
        } catch (e) {
          expect(Http3ConfigError.isHttp3ConfigError(e)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// third-party oracles: BIND named-checkzone and dnspython

/** the records the suite produces: Appendix D vectors, rule-table valid cases, parse cases, a bounded fast-check sample */
function producedRecords(): Array<{ name: string; rdata: HttpsRdata }> {
  const sample = fc.sample(rdataArb, { numRuns: 200, seed: 9460 });
  return [
    ...VECTORS.map(([text]) => ({ name: `vector ${JSON.stringify(text)}`, rdata: parseHttpsRdata(text) })),
    ...VALID.map(([rule, rdata]) => ({ name: `rule ${rule}`, rdata })),
    ...sample.map((rdata, i) => ({ name: `sample ${i}`, rdata })),
  ];
}

/**
 * The same RDATA spelled for an oracle that lacks some key names (BIND 9.18 lacks ohttp; dnspython 2.3 lacks
 * dohpath and ohttp): those keys in their generic keyNNNNN form, which means the same wire octets.
 */
function genericSpelling(text: string, names: ReadonlyArray<'dohpath' | 'ohttp'>): string {
  const numbers: Record<string, string> = { dohpath: 'key7', ohttp: 'key8' };
  const tokens = text.match(/(?:\\.|[^\s"\\]|"(?:[^"\\]|\\.)*")+/g) ?? [];
  return tokens
    .map((token, i) => {
      if (i < 2) return token;
      const [key, ...rest] = token.split('=');
      const value = rest.join('=');
      if (key === 'mandatory') return `mandatory=${value.split(',').map((k) => (names.includes(k as 'ohttp') ? numbers[k] : k)).join(',')}`;
      if (names.includes(key as 'ohttp')) return rest.length > 0 ? `${numbers[key]}=${value}` : numbers[key];
      return token;
    })
    .join(' ');
}

/** records we refuse; `bind`/`dnspython` say what each oracle does with them (verified), `why` documents our choice */
const REFUSED_BY_US: Array<{ text: string; bind: 'rejects' | 'accepts'; dnspython: 'rejects' | 'accepts'; why?: string }> = [
  // refused by BIND too (discovery.md B.6 FAIL rows and RFC 9460 D.3)
  { text: '1 . mandatory=mandatory alpn=h3', bind: 'rejects', dnspython: 'rejects' },
  { text: '1 . mandatory=port alpn=h3', bind: 'rejects', dnspython: 'rejects' },
  { text: '1 . mandatory=alpn,alpn alpn=h3', bind: 'rejects', dnspython: 'rejects' },
  { text: '1 . mandatory alpn=h3', bind: 'rejects', dnspython: 'rejects' },
  { text: '1 . mandatory=key123', bind: 'rejects', dnspython: 'rejects' },
  { text: '1 . no-default-alpn', bind: 'rejects', dnspython: 'rejects' },
  { text: '1 . no-default-alpn=x alpn=h3', bind: 'rejects', dnspython: 'rejects' },
  { text: '1 . alpn=h2 alpn=h3', bind: 'rejects', dnspython: 'rejects' },
  { text: '1 . key123=abc key123=def', bind: 'rejects', dnspython: 'rejects' },
  { text: '1 . alpn=h2 key1=\\002h3', bind: 'rejects', dnspython: 'rejects' },
  { text: '1 . alpn=""', bind: 'rejects', dnspython: 'rejects' },
  { text: '1 . alpn', bind: 'rejects', dnspython: 'rejects' },
  { text: '1 . alpn=h3,,h2', bind: 'rejects', dnspython: 'rejects' },
  { text: '1 . port=65536', bind: 'rejects', dnspython: 'rejects' },
  { text: '1 . port', bind: 'rejects', dnspython: 'rejects' },
  { text: '1 . port=https', bind: 'rejects', dnspython: 'rejects' },
  { text: '65536 . alpn=h3', bind: 'rejects', dnspython: 'rejects' },
  { text: '1 . ipv4hint=300.1.1.1', bind: 'rejects', dnspython: 'rejects' },
  { text: '1 . ipv4hint=2001:db8::1', bind: 'rejects', dnspython: 'rejects' },
  { text: '1 . ipv4hint=192.0.2.01', bind: 'rejects', dnspython: 'rejects' },
  { text: '1 . ipv4hint', bind: 'rejects', dnspython: 'rejects' },
  { text: '1 . ipv6hint=192.0.2.1', bind: 'rejects', dnspython: 'rejects' },
  { text: '1 . ipv6hint', bind: 'rejects', dnspython: 'rejects' },
  { text: '1 . key065000=hello', bind: 'rejects', dnspython: 'rejects' },
  { text: '1 . key65536=hello', bind: 'rejects', dnspython: 'rejects' },
  { text: '1 . ALPN=h2', bind: 'rejects', dnspython: 'accepts', why: 'keys are lower-case (RFC 9460 §2.1); dnspython is lenient' },
  { text: '1 . ech=!!!!', bind: 'rejects', dnspython: 'accepts', why: 'not base64; dnspython 2.3 silently reads it as an empty ech value' },
  { text: '1 . ech=AAX+DQABAA', bind: 'rejects', dnspython: 'rejects' },
  { text: '1 . port=\\052\\052', bind: 'rejects', dnspython: 'rejects' },
  { text: '1 . foo=bar', bind: 'rejects', dnspython: 'rejects' },
  // stricter than BIND, on purpose
  {
    text: '0 svc.example.net. alpn=h3',
    bind: 'accepts',
    dnspython: 'rejects',
    why: 'AliasMode SvcParams are ignored by recipients (RFC 9460 §2.4.2)',
  },
  {
    text: '1 . mandatory=port alpn=h3 port=8443',
    bind: 'accepts',
    dnspython: 'accepts',
    why: 'port is automatically mandatory in HTTPS; listing it is a SHOULD NOT',
  },
  {
    text: '1 . mandatory=no-default-alpn alpn=h3 no-default-alpn',
    bind: 'accepts',
    dnspython: 'accepts',
    why: 'no-default-alpn is automatically mandatory in HTTPS; listing it is a SHOULD NOT',
  },
  {
    text: '1 . alpn="f\\\\\\\\oo\\\\,bar,h2"',
    bind: 'accepts',
    dnspython: 'accepts',
    why: 'ALPN ids with "," or "\\" need escaping that providers mangle',
  },
  { text: '1 . alpn="h3, h2"', bind: 'accepts', dnspython: 'accepts', why: 'the id " h2" (with a space) is a typo in practice' },
  { text: '1 . alpn=h2c', bind: 'accepts', dnspython: 'accepts', why: 'h2c is never negotiated over TLS' },
  { text: '1 . key65535=x', bind: 'accepts', dnspython: 'accepts', why: 'key 65535 is reserved ("Invalid key")' },
  { text: '1 . ech=AAE=', bind: 'accepts', dnspython: 'accepts', why: 'the ECHConfigList length prefix must match' },
  { text: '1 . ech=""', bind: 'accepts', dnspython: 'accepts', why: 'an empty ech value carries no ECHConfigList' },
  { text: '1 . port=0443 alpn=h3', bind: 'accepts', dnspython: 'accepts', why: 'leading zeros are not canonical' },
  { text: '016 . alpn=h3', bind: 'accepts', dnspython: 'accepts', why: 'leading zeros are not canonical' },
  { text: '1 . key65280= alpn=h3', bind: 'accepts', dnspython: 'rejects', why: '"=" with no value is outside the RFC 9460 grammar' },
  { text: '1 foo\\.bar.example. alpn=h3', bind: 'accepts', dnspython: 'accepts', why: 'TargetNames are restricted to letters, digits, "-" and "_"' },
];

describe('missing-oracle policy', () => {
  const saved = { CI: process.env.CI, python: process.env.KUBE_HTTP3_DNSPYTHON_PYTHON };
  afterEach(() => {
    for (const [key, value] of [['CI', saved.CI], ['KUBE_HTTP3_DNSPYTHON_PYTHON', saved.python]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    jest.restoreAllMocks();
  });

  /** a fresh copy of the helpers that sees dnspython as missing */
  function helpersWithoutDnspython(ci: boolean): typeof import('../helpers/dns-oracles') {
    process.env.KUBE_HTTP3_DNSPYTHON_PYTHON = '/nonexistent/python3';
    if (ci) process.env.CI = 'true';
    else delete process.env.CI;
    let helpers: typeof import('../helpers/dns-oracles') | undefined;
    jest.isolateModules(() => {
      helpers = jest.requireActual<typeof import('../helpers/dns-oracles')>('../helpers/dns-oracles');
    });
    return helpers as typeof import('../helpers/dns-oracles');
  }

  test('under CI a missing oracle fails the test and names the Debian package', () => {
    const helpers = helpersWithoutDnspython(true);
    expect(helpers.dnspythonAvailable()).toBe(false);
    expect(helpers.oracleTest('dnspython')).toBe(test);
    expect(() => helpers.requireOracle('dnspython')).toThrow(
      'oracle dnspython is required under CI (CI is set) but missing: install the Debian package python3-dnspython for /nonexistent/python3 ' +
        '(apt-get install -y python3-dnspython)',
    );
  });

  test('on a developer machine the oracle tests are skipped with a warning naming the package', () => {
    const helpers = helpersWithoutDnspython(false);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(helpers.oracleTest('dnspython')).toBe(test.skip);
    expect(warn).toHaveBeenCalledWith(
      'oracle dnspython is missing: install the Debian package python3-dnspython for /nonexistent/python3 (apt-get install -y python3-dnspython) ' +
        'to run the oracle tests; skipping the tests that need it',
    );
    expect(() => helpers.requireOracle('dnspython')).toThrow('install the Debian package python3-dnspython');
  });
});

describe('third-party oracles', () => {
  const bindTest = oracleTest('named-checkzone');
  const pythonTest = oracleTest('dnspython');
  const records = producedRecords();

  bindTest('named-checkzone accepts every record we produce, as zone lines, and re-prints what we parse back to the same record', () => {
    requireOracle('named-checkzone');
    const owners = records.map((_, i) => (i === 0 ? '*.example.com.' : i === 1 ? '_8443._https.example.com.' : `r${i}.example.com.`));
    // the line comes from formatHttpsRecord; only its RDATA is re-spelled (BIND 9.18 does not know the name ohttp)
    const lines = records.map(({ rdata }, i) => {
      const line = formatHttpsRecord(owners[i], 300, rdata);
      const prefix = `${owners[i]} 300 IN HTTPS `;
      expect(line.startsWith(prefix)).toBe(true);
      return prefix + genericSpelling(line.slice(prefix.length), ['ohttp']);
    });
    const result = namedCheckzone('example.com', lines);
    expect({ ok: result.ok, output: result.ok ? '' : result.output }).toEqual({ ok: true, output: '' });
    // BIND re-spells values (quotes, key7, key8): our parser must read its dump back to the same record
    const httpsLines = result.dump.filter((line) => / IN HTTPS /.test(line)).map((line) => line.split(' '));
    const dumped = new Map(httpsLines.map((fields) => [fields[0], fields.slice(4).join(' ')]));
    records.forEach(({ name, rdata }, i) => {
      const text = dumped.get(owners[i]);
      expect({ name, text: text !== undefined }).toEqual({ name, text: true });
      expect({ name, rdata: parseHttpsRdata(text as string) }).toEqual({ name, rdata: canonical(rdata) });
    });
  });

  pythonTest('dnspython gives byte-identical wire octets for every record we produce, and its re-spelling parses back', () => {
    requireOracle('dnspython');
    const texts = records.map(({ rdata }) => genericSpelling(formatHttpsRdata(rdata), ['dohpath', 'ohttp']));
    const results = dnspythonBatch(texts);
    records.forEach(({ name, rdata }, i) => {
      const result = results[i];
      expect({ name, text: texts[i], result: result.ok ? 'ok' : result.error }).toEqual({ name, text: texts[i], result: 'ok' });
      if (!result.ok) return;
      expect({ name, hex: result.hex }).toEqual({ name, hex: hexOf(encodeHttpsRdata(rdata)) });
      expect({ name, rdata: parseHttpsRdata(result.text) }).toEqual({ name, rdata: canonical(rdata) });
    });
  });

  pythonTest('dnspython reads SVCB the same as HTTPS', () => {
    requireOracle('dnspython');
    const texts = VECTORS.map(([text]) => text);
    const results = dnspythonBatch(texts, 'SVCB');
    results.forEach((result, i) => {
      expect(result).toEqual(expect.objectContaining({ ok: true, hex: VECTORS[i][1].replace(/\s+/g, '') }));
    });
  });

  bindTest('named-checkzone rejects what we reject, except where we are stricter on purpose (documented)', () => {
    requireOracle('named-checkzone');
    for (const { text, bind, why } of REFUSED_BY_US) {
      expect({ text, ours: errorOf(() => parseHttpsRdata(text)).name }).toEqual({ text, ours: 'Http3ConfigError' });
      const result = namedCheckzone('example.com', [`a.example.com. 300 IN HTTPS ${text}`]);
      expect({ text, why, bind: result.ok ? 'accepts' : 'rejects' }).toEqual({ text, why, bind });
    }
  });

  pythonTest('dnspython rejects what we reject, except where we are stricter on purpose (documented)', () => {
    requireOracle('dnspython');
    const results = dnspythonBatch(REFUSED_BY_US.map(({ text }) => text));
    REFUSED_BY_US.forEach(({ text, dnspython, why }, i) => {
      expect({ text, why, dnspython: results[i].ok ? 'accepts' : 'rejects' }).toEqual({ text, why, dnspython });
    });
  });
});
