// Request and response of the missing-index routes: a user's latest events.
import { Type, type Static } from 'typebox'

export const Event = Type.Object({
  id: Type.Integer(),
  userId: Type.Integer(),
  kind: Type.String(),
  payload: Type.String(),
  createdAt: Type.String()
}, { additionalProperties: false })
export type Event = Static<typeof Event>

export const LatestEventsQuery = Type.Object({
  userId: Type.Integer({ minimum: 1, maximum: 1_000_000_000 }),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 })
}, { additionalProperties: false })
