// What the fuzzer accepts as an answer: a 4xx whose body is the API's one error shape, and an
// independent check that a generated value really breaks the schema (never the app's own code).
import { STATUS_CODES } from 'node:http'
import type { JsonSchema } from './fuzz-openapi.ts'

const errorKeys = new Set(['statusCode', 'error', 'message', 'field'])

/** Why this answer is not a 4xx in the shape { statusCode, error, message, field? }; undefined when it is. */
export function errorResponseProblem (status: number, contentType: string | undefined, body: string): string | undefined {
  if (status < 400 || status > 499) return `status ${status} is not a 4xx`
  if (!/^application\/json\b/i.test(contentType ?? '')) return `content-type ${JSON.stringify(contentType)} is not JSON`
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    return `body is not JSON: ${JSON.stringify(body.slice(0, 200))}`
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return 'body is not a JSON object'
  const error = json as Record<string, unknown>
  const extra = Object.keys(error).filter((key) => !errorKeys.has(key))
  if (extra.length > 0) return `body has keys outside the error shape: ${extra.join(', ')}`
  if (error.statusCode !== status) return `body.statusCode ${String(error.statusCode)} differs from the status ${status}`
  if (error.error !== STATUS_CODES[status]) return `body.error ${JSON.stringify(error.error)} is not "${STATUS_CODES[status]}"`
  if (typeof error.message !== 'string' || error.message === '') return 'body.message is not a non-empty string'
  if (error.field !== undefined && typeof error.field !== 'string') return 'body.field is not a string'
  return undefined
}

/** An integer parameter's valid spelling, from the document's schema: plain decimal digits within range. */
export function acceptsInteger (schema: JsonSchema, text: string): boolean {
  if (!/^(?:0|[1-9][0-9]*)$/.test(text)) return false
  const value = BigInt(text)
  return (schema.minimum === undefined || value >= BigInt(schema.minimum)) && (schema.maximum === undefined || value <= BigInt(schema.maximum))
}

/** A query or path value the parameter's schema accepts (integers, and strings with a pattern). */
export function acceptsParameter (schema: JsonSchema, text: string): boolean {
  if (schema.type === 'integer') return acceptsInteger(schema, text)
  if (schema.type === 'string') return acceptsString(schema, text)
  throw new Error(`no oracle for ${schema.type ?? 'untyped'} parameters yet`)
}

/** Walks the UTF-16 code units: a high surrogate must be followed by a low one, a low one preceded by a high one. */
function hasUnpairedSurrogate (text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1)
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true
      i++
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      return true
    }
  }
  return false
}

function acceptsString (schema: JsonSchema, value: string): boolean {
  const length = [...value].length
  if (schema.minLength !== undefined && length < schema.minLength) return false
  if (schema.maxLength !== undefined && length > schema.maxLength) return false
  if (schema['x-text'] === true && (value.includes('\u0000') || hasUnpairedSurrogate(value))) return false
  return schema.pattern === undefined || new RegExp(schema.pattern, 'u').test(value)
}

const knownKeywords = new Set(['type', 'properties', 'required', 'additionalProperties', 'minProperties', 'minLength', 'maxLength', 'pattern', 'description', 'title', 'x-text'])

/** True when `value` satisfies a body schema; throws on a keyword it cannot judge rather than guess. */
export function acceptsBody (schema: JsonSchema, value: unknown): boolean {
  const unknown = Object.keys(schema).filter((key) => !knownKeywords.has(key))
  if (typeof schema.additionalProperties === 'object') unknown.push('additionalProperties (a schema)')
  if (unknown.length > 0) throw new Error(`no oracle for body schema keywords ${unknown.join(', ')}`)
  if (schema.type === 'string') return typeof value === 'string' && acceptsString(schema, value)
  if (schema.type !== 'object' || typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const record = value as Record<string, unknown>
  const keys = Object.keys(record)
  const properties = schema.properties ?? {}
  if (schema.additionalProperties === false && keys.some((key) => !Object.hasOwn(properties, key))) return false
  if ((schema.required ?? []).some((key) => !Object.hasOwn(record, key))) return false
  if (schema.minProperties !== undefined && keys.length < schema.minProperties) return false
  return keys.every((key) => !Object.hasOwn(properties, key) || acceptsBody(properties[key]!, record[key]))
}
