// Request validation: query strings and path parameters arrive as text and are coerced to
// their schema types; JSON bodies are taken as sent, so {"author": 42} is a 400, not "42".
// Unknown properties are rejected rather than silently dropped.
import { Ajv, type Options } from 'ajv'
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
const forText = createAjv({ coerceTypes: 'array' })

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? forBodies : forText).compile(schema)

export default fp(async (app) => {
  app.setValidatorCompiler(validatorCompiler)
}, { name: 'validation' })
