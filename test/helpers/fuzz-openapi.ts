// The fuzzer's map of the API: every operation of the OpenAPI document with the inputs it
// declares, and how to write a valid request to it (the baseline one fault is added to).
export interface JsonSchema {
  type?: string
  properties?: Record<string, JsonSchema>
  required?: string[]
  minimum?: number
  maximum?: number
  minLength?: number
  maxLength?: number
  minProperties?: number
  pattern?: string
  default?: unknown
  additionalProperties?: boolean | JsonSchema
  /** No NUL and no unpaired surrogate (the API's own keyword, see src/plugins/validation.ts). */
  'x-text'?: boolean
}

export interface Parameter {
  name: string
  in: 'path' | 'query'
  required: boolean
  schema: JsonSchema
}

export interface Operation {
  method: string
  /** The template, e.g. /api/posts/{id}. */
  path: string
  params: Parameter[]
  query: Parameter[]
  /** The application/json body schema, when the operation takes a body. */
  body?: JsonSchema
}

interface OpenApiOperation {
  parameters?: Array<Parameter & { in: string }>
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> }
}

/** Every operation of the document, in its order: a route added to the API is fuzzed with no change here. */
export function operationsOf (doc: { paths?: Record<string, Record<string, OpenApiOperation>> }): Operation[] {
  return Object.entries(doc.paths ?? {}).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const parameters = operation.parameters ?? []
      const unknown = parameters.find((p) => p.in !== 'path' && p.in !== 'query')
      // A header or cookie parameter would need a malformation of its own: fail loudly, not skip it.
      if (unknown !== undefined) throw new Error(`${method} ${path}: no fuzzer for ${unknown.in} parameters yet`)
      const content = operation.requestBody?.content
      if (content !== undefined && Object.keys(content).some((type) => type !== 'application/json')) {
        throw new Error(`${method} ${path}: no fuzzer for ${Object.keys(content).join(', ')} bodies yet`)
      }
      return {
        method: method.toUpperCase(),
        path,
        params: parameters.filter((p) => p.in === 'path') as Parameter[],
        query: parameters.filter((p) => p.in === 'query') as Parameter[],
        body: content?.['application/json']?.schema
      }
    }))
}

export const describeOperation = (operation: Operation): string => `${operation.method} ${operation.path}`

/** A value the parameter accepts: its minimum, default, or a short string matching its pattern. */
export function validValue (schema: JsonSchema): string {
  if (schema.type === 'integer' || schema.type === 'number') return String(Math.max(schema.minimum ?? 1, 1))
  if (schema.default !== undefined) return String(schema.default)
  if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test('a')) {
    throw new Error(`no valid example for pattern ${schema.pattern}`)
  }
  return 'a'.repeat(Math.max(schema.minLength ?? 1, 1))
}

/** The path with each parameter replaced: `values` where given, a valid value otherwise. */
export function concretePath (operation: Operation, values: Record<string, string> = {}): string {
  return operation.path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const param = operation.params.find((p) => p.name === name)
    return values[name] ?? validValue(param?.schema ?? {})
  })
}

/** The required query parameters with valid values: a request that is valid before a fault is added. */
export function validQuery (operation: Operation): Array<[string, string]> {
  return operation.query.filter((p) => p.required).map((p) => [p.name, validValue(p.schema)])
}

/** A body the schema accepts: each property at its shortest allowed length. */
export function validBody (schema: JsonSchema): Record<string, string> {
  const names = Object.keys(schema.properties ?? {})
  const wanted = schema.required !== undefined && schema.required.length > 0 ? schema.required : names.slice(0, Math.max(schema.minProperties ?? 0, 1))
  return Object.fromEntries(wanted.map((name) => [name, 'x'.repeat(Math.max(schema.properties?.[name]?.minLength ?? 1, 1))]))
}

/** True when `pathname` is the literal path of another operation with this method (e.g. /api/posts/ for an empty id). */
export function namesAnotherOperation (operations: Operation[], method: string, pathname: string, self: Operation): boolean {
  return operations.some((o) => o !== self && o.method === method && o.params.length === 0 && o.path === pathname)
}

/** "a=1&b=2", each part encoded as a client would. */
export const queryString = (pairs: Array<[string, string]>): string =>
  pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&')
