// Errors a handler throws on purpose; the error handler turns them into JSON responses.
export class HttpError extends Error {
  constructor (readonly statusCode: number, message: string, readonly field?: string) {
    super(message)
    this.name = 'HttpError'
  }
}

export const notFound = (what: string): HttpError => new HttpError(404, `${what} not found`)
export const badRequest = (message: string, field?: string): HttpError => new HttpError(400, message, field)
