// Row types of every table, as stored (snake_case). API types live beside their routes.
import type { Generated } from 'kysely'

export interface PostsTable {
  id: Generated<number>
  title: string
  content: string
  author: string
  created_at: string
}

export interface AuthorsTable {
  id: Generated<number>
  name: string
  bio: string
  /** Kept by triggers (migration 0007): how many comments carry this author's name. */
  comment_count: Generated<number>
}

export interface CommentsTable {
  id: Generated<number>
  post_id: number
  author: string
  body: string
  created_at: string
}

export interface SiteSettingsTable {
  key: string
  version: number
  /** UTF-8 JSON. */
  document: Buffer
}

export interface EventsTable {
  id: number
  user_id: number
  kind: string
  payload: string
  created_at: string
}

export interface ArticlesTable {
  id: number
  title: string
  summary: string
  author: string
  body: string
  created_at: string
}

export interface Database {
  posts: PostsTable
  authors: AuthorsTable
  comments: CommentsTable
  site_settings: SiteSettingsTable
  events: EventsTable
  events_unindexed: EventsTable
  articles: ArticlesTable
}
