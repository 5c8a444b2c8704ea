import { apiRoute, readJson } from "@/lib/api/handler";
import { imageLocationSchema } from "@/lib/schemas/images";
import { addMemberSchema } from "@/lib/schemas/sharing";
import { addImageMember, listImageMembers } from "@/lib/sharing/service";

type Params = { imageId: string };

export const GET = apiRoute<Params>((req, { imageId }) =>
  listImageMembers(imageLocationSchema.parse(Object.fromEntries(req.nextUrl.searchParams)), imageId),
);

export const POST = apiRoute<Params>(async (req, { imageId }) => addImageMember(await readJson(req, addMemberSchema), imageId));
