// Lint configuration: neostandard with TypeScript support for the whole repository.
import neostandard from 'neostandard'

export default neostandard({
  ts: true,
  ignores: ['dist/**', 'lab-report/**', 'results/**', 'node_modules/**']
})
