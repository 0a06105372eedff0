// Row types of every table, as stored (snake_case). API types live beside their routes.
import type { Generated } from 'kysely'

export interface PostsTable {
  id: Generated<number>
  title: string
  content: string
  author: string
  created_at: string
}

export interface Database {
  posts: PostsTable
}
