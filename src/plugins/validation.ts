// Request validation. JSON bodies are taken as sent, so {"author": 42} is a 400, not "42".
// Path parameters and query strings arrive as text: an integer must be written the one
// canonical way (decimal digits, no sign, spaces, leading zeros, exponent or hex, at most
// 2^53 - 1) before it is converted, so "0x10", " 1" or "1e1" can never name post 16, 1 or 10.
// Unknown properties are rejected rather than silently dropped, query keys of routes without any included.
import { Ajv, type ErrorObject, type Options } from 'ajv'
import addFormatsModule from 'ajv-formats'
import fp from 'fastify-plugin'
import type { FastifySchemaCompiler } from 'fastify'

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default

function createAjv (options: Options): Ajv {
  const ajv = new Ajv({ removeAdditional: false, useDefaults: true, allErrors: false, ...options })
  addFormats(ajv)
  return ajv
}

const forBodies = createAjv({ coerceTypes: false })

// NUL is the point here. With the u flag, a surrogate range matches only a surrogate without its pair.
// eslint-disable-next-line no-control-regex
const forbiddenInText = /[\u0000\ud800-\udfff]/u

/**
 * `x-text: true` on a string: text that both databases store as sent. PostgreSQL's text cannot hold
 * NUL, and an unpaired surrogate (legal as a JSON escape, "\ud800") is not Unicode: SQLite would
 * store bytes that are not UTF-8 and send them back.
 */
forBodies.addKeyword({
  keyword: 'x-text',
  type: 'string',
  schemaType: 'boolean',
  error: { message: 'must not contain NUL characters or unpaired surrogates' },
  validate: (enabled: boolean, text: string) => !enabled || !forbiddenInText.test(text)
})
const forText = createAjv({ coerceTypes: 'array' })

const canonicalInteger = /^(?:0|[1-9][0-9]{0,15})$/

/** True for "0", "42", "9007199254740991"; false for "01", "+1", " 1", "1.0", "1e1", "0x10". */
export function isCanonicalInteger (text: string): boolean {
  return canonicalInteger.test(text) && Number(text) <= Number.MAX_SAFE_INTEGER
}

export const canonicalIntegerMessage =
  'must be written in plain decimal digits (no sign, spaces, leading zeros, decimal point, exponent or hex) and be at most 9007199254740991'

interface ObjectSchema { properties?: Record<string, { type?: unknown }> }

/** The properties of a params/querystring schema that are integers. */
function integerProperties (schema: ObjectSchema): string[] {
  return Object.entries(schema.properties ?? {}).filter(([, property]) => property.type === 'integer').map(([key]) => key)
}

type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null }

/** Checks the text of every integer property before Ajv converts it. */
function withCanonicalIntegers (validate: Validate, keys: string[]): Validate {
  if (keys.length === 0) return validate
  const checked: Validate = (data) => {
    const record = data as Record<string, unknown>
    for (const key of keys) {
      const raw = record[key]
      for (const value of Array.isArray(raw) ? raw : [raw]) {
        if (typeof value === 'string' && !isCanonicalInteger(value)) {
          checked.errors = [{ instancePath: `/${key}`, schemaPath: '#/canonicalInteger', keyword: 'canonicalInteger', params: {}, message: canonicalIntegerMessage }]
          return false
        }
      }
    }
    const valid = validate(data)
    checked.errors = validate.errors
    return valid
  }
  return checked
}

export const validatorCompiler: FastifySchemaCompiler<ObjectSchema> = ({ schema, httpPart }) => {
  if (httpPart === 'body') return forBodies.compile(schema)
  return withCanonicalIntegers(forText.compile(schema), integerProperties(schema))
}

export default fp(async (app) => {
  app.setValidatorCompiler(validatorCompiler)
  // A documented route that declares no query string takes none: ?limit=5 on a route without
  // paging, or ?confirm=false on a DELETE, is a 400 rather than a wish silently ignored.
  app.addHook('onRoute', (route) => {
    if (route.schema !== undefined && route.schema.querystring === undefined && route.schema.hide !== true) {
      route.schema = { ...route.schema, querystring: { type: 'object', properties: {}, additionalProperties: false } }
    }
  })
}, { name: 'validation' })
