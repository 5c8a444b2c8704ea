import type { ImageListQuery, ImageLocation, MemberStatusValue } from "@/lib/schemas/images";
import type { JournalQuery } from "@/lib/schemas/journal";

// Every React Query key of the dashboard, one factory per feature: a mutation invalidates
// a feature by its `all` prefix.

export const projectKeys = {
  all: ["projects"] as const,
  reachable: (connectionId: string) => [...projectKeys.all, "reachable", connectionId] as const,
};

export const imageKeys = {
  all: ["images"] as const,
  lists: () => [...imageKeys.all, "list"] as const,
  list: (query: Omit<ImageListQuery, "cursor">) => [...imageKeys.lists(), query] as const,
  detail: (location: ImageLocation, imageId: string) =>
    [...imageKeys.all, "detail", location.connection, location.region, imageId] as const,
};

export const memberKeys = {
  all: ["members"] as const,
  list: (location: ImageLocation, imageId: string) =>
    [...memberKeys.all, location.connection, location.region, imageId] as const,
};

export const invitationKeys = {
  all: ["invitations"] as const,
  list: (status: MemberStatusValue) => [...invitationKeys.all, status] as const,
};

export const accessKeys = {
  all: ["access"] as const,
  audit: () => [...accessKeys.all, "audit"] as const,
  consumed: () => [...accessKeys.all, "consumed"] as const,
};

export const journalKeys = {
  all: ["journal"] as const,
  list: (q: JournalQuery) => [...journalKeys.all, q] as const,
};

export const transferKeys = {
  all: ["transfers"] as const,
  usage: (location: ImageLocation) =>
    [...transferKeys.all, "usage", location.connection, location.region] as const,
};

export const shareKeys = {
  all: ["share"] as const,
  run: (id: string) => [...shareKeys.all, "run", id] as const,
};

export const rolloutKeys = {
  all: ["rollout"] as const,
  run: (id: string) => [...rolloutKeys.all, "run", id] as const,
};

export const jobKeys = {
  all: ["jobs"] as const,
};

export const instanceKeys = {
  all: ["instances"] as const,
  list: () => [...instanceKeys.all, "list"] as const,
  onImage: (location: ImageLocation, imageId: string) =>
    [...instanceKeys.all, "on-image", location.connection, location.region, imageId] as const,
  backup: (id: string) => [...instanceKeys.all, "backup", id] as const,
  launch: (id: string) => [...instanceKeys.all, "launch", id] as const,
  flavors: (location: ImageLocation, imageId: string) =>
    [...instanceKeys.all, "flavors", location.connection, location.region, imageId] as const,
};
