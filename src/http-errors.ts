// Errors a handler throws on purpose, and the one JSON shape every error response has.
import { Type } from 'typebox'
import { described } from './openapi.ts'

export class HttpError extends Error {
  constructor (readonly statusCode: number, message: string, readonly field?: string) {
    super(message)
    this.name = 'HttpError'
  }
}

export const notFound = (what: string): HttpError => new HttpError(404, `${what} not found`)
export const badRequest = (message: string, field?: string): HttpError => new HttpError(400, message, field)

export const ErrorResponse = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  message: Type.String(),
  field: Type.Optional(Type.String({ description: 'the offending input, e.g. body.title or querystring.limit' }))
}, { $id: 'ErrorResponse', description: 'What went wrong; `field` names the input at fault' })

/** The documented 400 of a route whose only input is its query string. */
export const MalformedQuery = described('A query parameter is malformed; `field` names it', ErrorResponse)
