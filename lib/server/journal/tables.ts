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
}
