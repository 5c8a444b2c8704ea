import { z } from "zod";

/** One image as a list shows it (the browser's view of lib/openstack's Image). */
export const imageSummaryDtoSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  status: z.string(),
  visibility: z.enum(["public", "community", "shared", "private"]),
  owner: z.string().nullable(),
  size: z.number().nullable(),
  diskFormat: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ImageSummaryDto = z.infer<typeof imageSummaryDtoSchema>;

export const imageListDtoSchema = z.object({
  region: z.string(),
  images: z.array(imageSummaryDtoSchema),
  /** Opaque: pass it back as `next` for the following page. */
  next: z.string().nullable(),
});
export type ImageListDto = z.infer<typeof imageListDtoSchema>;

export const imageListQuerySchema = z.object({
  region: z.string().min(1, "Choose a region"),
  next: z.string().startsWith("/v2/images?", "Not a page of this list").optional(),
});
