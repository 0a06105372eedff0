// How the OpenAPI document (/docs) shows the API to its clients.
import type { FastifySchema } from 'fastify'
import { Type, type TSchema } from 'typebox'

/**
 * A response schema with the description the document shows for it (@fastify/swagger reads
 * `x-response-description`; without it every response is "Default Response"). A shared schema
 * (one with an $id) is referred to, in the media-type form, where a description can sit beside it.
 */
export function described<T extends TSchema> (description: string, schema: T): T {
  const id = (schema as { $id?: string }).$id
  const described = id === undefined
    ? { ...schema, 'x-response-description': description }
    : { 'x-response-description': description, content: { 'application/json': { schema: Type.Ref(id) } } }
  return described as unknown as T
}

interface ObjectSchema { properties?: Record<string, { default?: unknown }>, required?: string[] }

/** A query parameter with a default is the client's to leave out, whatever the validator's schema says. */
function optionalWhenDefaulted (querystring: ObjectSchema): ObjectSchema {
  const required = querystring.required?.filter((key) => querystring.properties?.[key]?.default === undefined)
  return { ...querystring, required }
}

/**
 * The route as clients call it: a list route is /api/posts, not the /api/posts/ that Fastify
 * registers for a prefix's '/' route (both answer), and defaulted query parameters are optional.
 */
export function documentedRoute ({ schema, url }: { schema: FastifySchema | undefined, url: string }): { schema: FastifySchema, url: string } {
  const querystring = schema?.querystring as ObjectSchema | undefined
  return {
    schema: querystring === undefined ? schema ?? {} : { ...schema, querystring: optionalWhenDefaulted(querystring) },
    url: url.length > 1 ? url.replace(/\/$/, '') : url
  }
}
