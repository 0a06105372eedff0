// Where each query was built. A Kysely plugin sees every builder query synchronously, while the
// calling repository function and route handler are still on the stack; the driver runs it
// later, after they have returned their promise. Only done while diagnostics are on: the stack
// is captured cheaply (frames, no text) and formatted once per statement and route.
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely'
import { applicationFrames, captureStack, markInfrastructure } from './call-site.ts'
import { currentAccount } from './request-context.ts'

markInfrastructure(import.meta.url)

const stacks = new WeakMap<RootOperationNode, { stack?: string }>()

export const querySitePlugin: KyselyPlugin = {
  transformQuery ({ node }: PluginTransformQueryArgs): RootOperationNode {
    if (currentAccount()?.details !== undefined) stacks.set(node, captureStack(querySitePlugin.transformQuery))
    return node
  },
  async transformResult ({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result
  }
}

/** The application frames that built this query, if the plugin saw it. */
export function querySite (node: RootOperationNode): string[] | undefined {
  const holder = stacks.get(node)
  if (holder?.stack === undefined) return undefined
  const frames = applicationFrames(holder.stack)
  return frames.length > 0 ? frames : undefined
}
