// What a scenario gives the server: routes that take the config, and a seed for its data.
import type { Config } from '../config.ts'
import type { Db } from '../db/database.ts'

export interface ScenarioOptions {
  config: Config
}

/** Seeds a scenario's data when its tables are empty; returns how many rows it inserted. */
export type ScenarioSeed = (db: Db, config: Config, log: (message: string) => void) => Promise<number>
