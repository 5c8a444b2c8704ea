import type { Generated } from "kysely";

/** The journal's tables as the query builder sees them (snake_case, as stored). */
export interface JournalTables {
  journal_entries: {
    id: Generated<number>;
    at: string;
    user_id: string;
    user_name: string;
    /** The Keystone URL of the project; null for entries written before it was recorded. */
    cloud: string | null;
    project_id: string;
    project_name: string;
    region: string;
    image_id: string;
    image_name: string | null;
    member_id: string | null;
    action: string;
    outcome: string;
    error_code: string | null;
    error_message: string | null;
  };
  /** One copy of an image into one project × region (lib/server/transfers). No token is ever stored. */
  transfers: {
    id: string;
    batch: string;
    created_at: string;
    updated_at: string;
    finished_at: string | null;
    user_id: string;
    user_name: string;
    source_cloud: string;
    source_project_id: string;
    source_project_name: string;
    source_region: string;
    source_image_id: string;
    source_image_name: string | null;
    target_cloud: string;
    target_project_id: string;
    target_project_name: string;
    target_region: string;
    target_image_id: string | null;
    target_name: string;
    path: string;
    /** Why that path: null for rows written before it was recorded. */
    path_note: string | null;
    move: number;
    keep_members: Generated<number>;
    result_note: string | null;
    /** What the copy went through to get there: a source picked up again, an upload started over. */
    recovery_note: string | null;
    status: string;
    /** PostgreSQL returns a bigint as a string. */
    bytes: number | string;
    size: number | string | null;
    sha512: string | null;
    error: string | null;
    source_deleted: number;
    cleanup: string;
    cleanup_error: string | null;
    cancel_requested: number;
    /** The process running it (its lease), null once none does. */
    lease_owner: Generated<string | null>;
    /** When the lease ends, in the database's clock (ms since the epoch). */
    lease_until: Generated<number | string | null>;
    /** The sealed session cookies of its source and target, kept while it may need cleaning up after. */
    credentials: Generated<string | null>;
    /** A membership added so Glance can read the source: "added" until it is removed ("removed"). */
    temporary_member: Generated<string | null>;
  };
  /** A job other than a transfer (lib/server/core/jobs/store.ts): a share run, a rollout. */
  jobs: {
    id: string;
    kind: string;
    created_at: string;
    updated_at: string;
    finished_at: string | null;
    user_id: string;
    user_name: string;
    /** The Keystone URL and project the job acts in. */
    cloud: string;
    project_id: string;
    project_name: string;
    status: string;
    /** JSON: what was asked. */
    input: string;
    /** JSON: each step's state, as the page shows it. */
    progress: string;
    error: string | null;
    cancel_requested: Generated<number>;
    lease_owner: Generated<string | null>;
    lease_until: Generated<number | string | null>;
    /** JSON: the sealed cookie of the starter's connection, until the job ends (to resume it). */
    credentials: Generated<string | null>;
    /** How many times another process took the job over and resumed it. */
    resumes: Generated<number>;
  };
  /** Named leases: one holder at a time (the janitor). */
  leases: {
    name: string;
    owner: string;
    until: number | string;
  };
}
