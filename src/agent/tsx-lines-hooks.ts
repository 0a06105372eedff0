// Module resolve hook (lab mode, under tsx): when tsx imports esbuild, it gets the wrapper of
// esbuild-lines.ts, which keeps one statement per generated line. See tsx-lines.ts for why.
interface ResolveContext { parentURL?: string }
type NextResolve = (specifier: string, context: ResolveContext) => Promise<{ url: string }>

export async function resolve (specifier: string, context: ResolveContext, next: NextResolve): Promise<{ url: string, shortCircuit?: boolean, format?: string }> {
  if (specifier !== 'esbuild' || !/[/\\]tsx[/\\]dist[/\\]/.test(context.parentURL ?? '')) return next(specifier, context)
  const real = await next(specifier, context)
  const wrapper = new URL('./esbuild-lines.mjs', import.meta.url)
  wrapper.searchParams.set('real', real.url)
  return { url: wrapper.href, shortCircuit: true, format: 'module' }
}
