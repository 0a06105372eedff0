// The better-sqlite3 this Node.js can run. 12 is the last that runs on Node 20 (13 needs 22);
// 13, built on Node-API, is the first that Node 24.19 and later do not abort when they collect a
// statement (nodejs/node#65446). Their API is the same; package.json installs both, 13 under the
// alias better-sqlite3-napi.
import { createRequire } from 'node:module'
import type SQLite from 'better-sqlite3'

const require = createRequire(import.meta.url)
const nodeMajor = Number(process.versions.node.split('.')[0])

const sqlitePackage = nodeMajor >= 22 ? 'better-sqlite3-napi' : 'better-sqlite3'
export const Database = require(sqlitePackage) as typeof SQLite
export type Connection = SQLite.Database
export type Statement = SQLite.Statement
