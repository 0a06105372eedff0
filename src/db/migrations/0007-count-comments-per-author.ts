// FIX (scenario n-plus-one): an author's card shows how many comments they wrote. Counting them
// per request reads every comment, however well the page is batched; the database keeps the count
// instead, in authors.comment_count, exact under any insert, delete (post deletes cascade), rename
// or re-attribution, through triggers.
import { sql, type Kysely } from 'kysely'
import { dialectOf } from '../database.ts'

const sqliteTriggers = [
  `CREATE TRIGGER comments_count_insert AFTER INSERT ON comments BEGIN
     UPDATE authors SET comment_count = comment_count + 1 WHERE name = NEW.author; END`,
  `CREATE TRIGGER comments_count_delete AFTER DELETE ON comments BEGIN
     UPDATE authors SET comment_count = comment_count - 1 WHERE name = OLD.author; END`,
  `CREATE TRIGGER comments_count_update AFTER UPDATE OF author ON comments BEGIN
     UPDATE authors SET comment_count = comment_count - 1 WHERE name = OLD.author;
     UPDATE authors SET comment_count = comment_count + 1 WHERE name = NEW.author; END`,
  `CREATE TRIGGER authors_count_comments AFTER INSERT ON authors BEGIN
     UPDATE authors SET comment_count = (SELECT count(*) FROM comments WHERE author = NEW.name) WHERE id = NEW.id; END`,
  `CREATE TRIGGER authors_recount_comments AFTER UPDATE OF name ON authors BEGIN
     UPDATE authors SET comment_count = (SELECT count(*) FROM comments WHERE author = NEW.name) WHERE id = NEW.id; END`
]

const postgresTriggers = [
  `CREATE FUNCTION comments_count() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF TG_OP IN ('DELETE', 'UPDATE') THEN UPDATE authors SET comment_count = comment_count - 1 WHERE name = OLD.author; END IF;
     IF TG_OP IN ('INSERT', 'UPDATE') THEN UPDATE authors SET comment_count = comment_count + 1 WHERE name = NEW.author; END IF;
     RETURN NULL;
   END $$`,
  'CREATE TRIGGER comments_count AFTER INSERT OR DELETE OR UPDATE OF author ON comments FOR EACH ROW EXECUTE FUNCTION comments_count()',
  `CREATE FUNCTION authors_count_comments() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     NEW.comment_count := (SELECT count(*) FROM comments WHERE author = NEW.name);
     RETURN NEW;
   END $$`,
  'CREATE TRIGGER authors_count_comments BEFORE INSERT OR UPDATE OF name ON authors FOR EACH ROW EXECUTE FUNCTION authors_count_comments()'
]

export async function up (db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('authors').addColumn('comment_count', 'integer', (col) => col.notNull().defaultTo(0)).execute()
  await sql`UPDATE authors SET comment_count = (SELECT count(*) FROM comments WHERE comments.author = authors.name)`.execute(db)
  for (const statement of dialectOf(db) === 'postgres' ? postgresTriggers : sqliteTriggers) await sql.raw(statement).execute(db)
}

export async function down (db: Kysely<unknown>): Promise<void> {
  const drops = dialectOf(db) === 'postgres'
    ? ['DROP TRIGGER comments_count ON comments', 'DROP TRIGGER authors_count_comments ON authors', 'DROP FUNCTION comments_count()', 'DROP FUNCTION authors_count_comments()']
    : ['comments_count_insert', 'comments_count_delete', 'comments_count_update', 'authors_count_comments', 'authors_recount_comments'].map((name) => `DROP TRIGGER ${name}`)
  for (const statement of drops) await sql.raw(statement).execute(db)
  await db.schema.alterTable('authors').dropColumn('comment_count').execute()
}
