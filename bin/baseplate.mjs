#!/usr/bin/env node
// `baseplate <command>` from anywhere (after `npm link` in a clone): the same CLI as `npm run`,
// with this checkout's TypeScript loaded through tsx, and the caller's working directory kept.
import { register } from 'tsx/esm/api'

register()
await import('../src/cli/index.ts')
