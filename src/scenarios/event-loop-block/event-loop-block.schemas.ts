// Response of the event-loop-block routes: what every page needs from the site settings.
import { Type, type Static } from 'typebox'

export const PublicSettings = Type.Object({
  version: Type.Integer(),
  featureFlags: Type.Record(Type.String(), Type.Boolean()),
  theme: Type.Record(Type.String(), Type.String())
}, { additionalProperties: false })
export type PublicSettings = Static<typeof PublicSettings>
