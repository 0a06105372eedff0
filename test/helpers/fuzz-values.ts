// Fast-check generators of malformed values: integers written any way but the canonical one,
// parameter values outside their schema, unknown keys, non-string JSON, deep nesting, broken JSON.
import fc from 'fast-check'
import type { JsonSchema } from './fuzz-openapi.ts'
import { acceptsParameter } from './fuzz-oracle.ts'

/** encodeURIComponent throws on lone surrogates: such strings cannot be sent as text. */
export function encodable (text: string): boolean {
  try {
    encodeURIComponent(text)
    return true
  } catch {
    return false
  }
}

const oddIntegers = [
  ' 1', '1 ', '\t1', '1\n', '0x10', '0X1f', '1e1', '1E3', '+1', '-1', '-0', '01', '007', '1.0', '1.', '.5', '1,000', '1_000',
  '0b1', '0o7', '1n', 'NaN', 'Infinity', '-Infinity', 'null', 'true', 'undefined', '[]', '{}', '1;2',
  '٣', '１２', '߁', '𝟙', 'Ⅻ', '²', '1\u0000', '\u200b1', '9007199254740992', '18446744073709551616', '1'.repeat(17), '9'.repeat(400), ''
]

/** Already-encoded URL text that decodes to something broken (bad escapes, NUL, overlong UTF-8). */
export const brokenEscapes = ['%', '%z', '%zz', '%E0%A4%A', '%ED%A0%80', '%C0%AF', '%FF', '%00', '%%31']

/** An integer parameter written wrong: non-canonical, out of range, not a number at all, or very long. */
export function malformedInteger (schema: JsonSchema): fc.Arbitrary<string> {
  const maximum = BigInt(schema.maximum ?? Number.MAX_SAFE_INTEGER)
  const minimum = BigInt(schema.minimum ?? 0)
  return fc.oneof(
    fc.constantFrom(...oddIntegers),
    fc.bigInt({ min: maximum + 1n, max: maximum * 1000n + 10n ** 30n }).map(String),
    fc.bigInt({ min: -(10n ** 20n), max: minimum - 1n }).map(String),
    fc.tuple(fc.constantFrom('', ' ', '+', '-', '0', '00', '\t'), fc.nat({ max: 1_000_000 }), fc.constantFrom('', ' ', '.0', 'e0', 'x', '%'))
      .map(([before, n, after]) => `${before}${n}${after}`),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.noShrink(fc.string({ unit: 'grapheme', minLength: 1000, maxLength: 5000 }))
  ).filter((text) => encodable(text) && !acceptsParameter(schema, text))
}

/** A value outside what the parameter's schema accepts. */
export function malformedParameter (schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.type === 'integer') return malformedInteger(schema)
  return fc.oneof(
    fc.constantFrom('', ' ', '*', '..', '\u0000', '=', '&'),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.noShrink(fc.string({ minLength: (schema.maxLength ?? 32) + 1, maxLength: (schema.maxLength ?? 32) + 5000 }))
  ).filter((text) => encodable(text) && !acceptsParameter(schema, text))
}

/** A key outside `declared`: prototype-pollution names, near misses of real names, anything. */
export function unknownKey (declared: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom('__proto__', 'constructor', 'prototype', '__proto__[polluted]', 'constructor[prototype][polluted]',
      'toString', 'hasOwnProperty', 'valueOf', 'limit[]', 'limit[0]', 'a.b', 'LIMIT', ' limit', 'limit ', 'id', 'sort', 'x'),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
    fc.noShrink(fc.string({ minLength: 1000, maxLength: 3000 }))
  ).filter((key) => !declared.includes(key) && encodable(key))
}

/** Any value of a query pair: short, empty or huge. */
export const anyValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', '1', 'true', '[]'),
  fc.noShrink(fc.string({ minLength: 5000, maxLength: 20_000 }))
).filter(encodable)

/** JSON text nested `depth` levels deep, as arrays or objects (too deep for a recursive serializer). */
export const deeplyNested: fc.Arbitrary<string> = fc.tuple(fc.integer({ min: 50, max: 20_000 }), fc.boolean())
  .map(([depth, arrays]) => arrays ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`)

/** JSON text of anything but a string. */
export const nonStringJson: fc.Arbitrary<string> = fc.oneof(
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
  fc.constantFrom('true', 'false', 'null', '[]', '{}', '{"polluted":true}', '{"prototype":{"polluted":true}}'),
  fc.array(fc.jsonValue(), { maxLength: 4 }).map((value) => JSON.stringify(value)),
  deeplyNested
)

/** JSON text of anything but an object. */
export const nonObjectJson: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }).map((s) => JSON.stringify(s)),
  nonStringJson.filter((text) => !text.startsWith('{'))
)

const junk = ['{', '}', '[', ']', ',', ':', '"', "'", '\\', '\u0000', '\u0001', '\u001f', 'x', '-', '.', 'e', '/', '*', '//', '/*',
  'NaN', 'undefined', 'Infinity', '\u2028', '\uffff', '0x1', '+']

/** A JSON text broken by a cut, a stray character, a dropped one, or a well-known non-JSON habit. */
export function brokenJson (valid: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.integer({ min: 1, max: valid.length - 1 }).map((end) => valid.slice(0, end)),
    fc.tuple(fc.integer({ min: 0, max: valid.length }), fc.constantFrom(...junk)).map(([at, text]) => valid.slice(0, at) + text + valid.slice(at)),
    fc.integer({ min: 0, max: valid.length - 1 }).map((at) => valid.slice(0, at) + valid.slice(at + 1)),
    fc.constantFrom(
      '', ' ', valid.replace(/}$/, ',}'), valid.replaceAll('"', "'"), valid.replace(/"(\w+)":/g, '$1:'), `/* c */${valid}`,
      `${valid}${valid}`, `${valid} x`, valid.replace(/"x/, '"\\x'), valid.replace(/"x/, '"\\u12'), 'null null', '{"a":01}', '{"a":+1}', '{,}'
    )
  )
}
