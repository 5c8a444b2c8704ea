// Who may act on a job (a transfer, a share run, a rollout): pure, so the server enforces
// it and the pages offer only what the server allows.

/** A connected project as far as acting on a job is concerned (of the job's own cloud). */
export interface Actor {
  userId: string;
  projectId: string;
  /** Reader-only, or its session expired. */
  readOnly: boolean;
}

/** Whose a job is: the person who started it, and the project it acts from (a transfer's source). */
export interface JobOwnership {
  userId: string;
  projectId: string;
}

/**
 * Cancelling is for the person who started the job, or a member (not a reader) of the
 * project it acts from; a reader sees it, and no more.
 */
export const mayCancel = (job: JobOwnership, actors: Actor[]) =>
  actors.some((a) => !a.readOnly && (a.userId === job.userId || a.projectId === job.projectId));
