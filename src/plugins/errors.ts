// One error handler: validation and client errors become 4xx JSON naming the field; anything
// else is a 500 with a generic message, the details going to the log only.
import { STATUS_CODES } from 'node:http'
import fp from 'fastify-plugin'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'

interface ValidationIssue {
  instancePath: string
  message?: string
  params: Record<string, unknown>
}

/** "body.title", "querystring.limit", "params.id": where the bad input is. */
export function fieldOf (context: string | undefined, issue: ValidationIssue | undefined): string | undefined {
  if (issue === undefined) return context
  const path = issue.instancePath.split('/').filter(Boolean)
  const named = issue.params.missingProperty ?? issue.params.additionalProperty
  if (typeof named === 'string') path.push(named)
  return [context, ...path].filter(Boolean).join('.')
}

function body (statusCode: number, message: string, field?: string) {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, ...(field === undefined ? {} : { field }) }
}

/**
 * Fastify's own routing errors (a URL that does not decode, a parameter over maxParamLength) never
 * reach the error handler; passed as the `frameworkErrors` option, they get the same shape.
 */
export function frameworkErrors (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const statusCode = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500
  if (statusCode === 500) request.log.error({ err: error }, 'request failed')
  reply.code(statusCode).send(body(statusCode, statusCode === 500 ? 'Internal Server Error' : error.message))
}

export default fp(async (app) => {
  app.setErrorHandler((error: FastifyError & { field?: string }, request, reply) => {
    if (error.validation !== undefined) {
      const issue = error.validation[0] as ValidationIssue | undefined
      const field = fieldOf(error.validationContext, issue)
      const detail = issue?.params.additionalProperty !== undefined ? 'is not an accepted property' : issue?.message ?? 'is invalid'
      return reply.code(400).send(body(400, `${field} ${detail}`, field))
    }
    const statusCode = error.statusCode ?? 500
    if (statusCode >= 400 && statusCode < 500) {
      return reply.code(statusCode).send(body(statusCode, error.message, error.field))
    }
    request.log.error({ err: error }, 'request failed')
    return reply.code(500).send(body(500, 'Internal Server Error'))
  })

  app.setNotFoundHandler((request, reply) => {
    return reply.code(404).send(body(404, `Route ${request.method} ${request.url.split('?')[0]} not found`))
  })
}, { name: 'errors' })
