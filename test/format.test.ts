// The one way numbers are printed: durations, sizes, counts and signed changes.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { formatBytes, formatChange, formatInt, formatMs } from '../src/format.ts'

describe('format', () => {
  it('prints durations with more digits below 100 ms, and counts with separators', () => {
    assert.deepEqual([2010.4, 41.72, 7.123].map(formatMs), ['2,010 ms', '41.7 ms', '7.12 ms'])
    assert.equal(formatInt(1234567.6), '1,234,568')
  })

  it('prints sizes in B, KB and MB', () => {
    assert.deepEqual([512, 23_517, 12 * 1024 * 1024].map(formatBytes), ['512 B', '23.0 KB', '12.0 MB'])
  })

  it('prints a change with its sign, and never -0.0 % for what rounds to nothing', () => {
    assert.deepEqual([0.168, -0.031, -0.0004, 0.0004, 0].map(formatChange), ['+16.8 %', '-3.1 %', '0.0 %', '0.0 %', '0.0 %'])
  })
})
