// Lint configuration: neostandard with TypeScript support for the whole repository.
import neostandard from 'neostandard'

export default [
  ...neostandard({
    ts: true,
    ignores: ['dist/**', 'lab-report/**', 'results/**', 'node_modules/**', 'scratch/**']
  }),
  {
    // TypeBox idiom: a schema and its static type share one name (`Post` and `type Post`).
    files: ['**/*.schemas.ts'],
    rules: { '@typescript-eslint/no-redeclare': 'off' }
  }
]
