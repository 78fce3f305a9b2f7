import { z } from "zod";
import type { Db } from "../../db.server";
import type { FieldErrors } from "../../forms.server";
import { markChannelListingsPending } from "./channel-rules.server";

// Which ledger location each of a channel's locations stands for, and whether its stock counts in what the channel
// may sell. The schema keeps a channel location only while it is mapped, so "not mapped" removes the row: orders and
// fulfilments at that location no longer find a ledger location until a backfill maps it again.

export const SAVE_LOCATIONS_INTENT = "save-locations";
export const NOT_MAPPED = "";

/** Form fields arrive once per row; a single row arrives as a plain value. */
const repeated = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]), z.array(schema));

export const LocationMappingFormSchema = z
  .object({
    intent: z.literal(SAVE_LOCATIONS_INTENT),
    channelLocationId: repeated(z.string().min(1)),
    locationId: repeated(z.string()),
    sellable: repeated(z.enum(["true", "false"]).transform((value) => value === "true")),
  })
  .refine(
    (form) =>
      form.locationId.length === form.channelLocationId.length &&
      form.sellable.length === form.channelLocationId.length,
    { message: "Every channel location needs a ledger location (or “not mapped”) and a sellable choice" },
  )
  .transform((form) =>
    form.channelLocationId.map((id, index) => ({
      channelLocationId: id,
      locationId: form.locationId[index] ?? NOT_MAPPED,
      sellable: form.sellable[index] ?? true,
    })),
  );

export type LocationMappingRow = z.output<typeof LocationMappingFormSchema>[number];

export async function listLocationMappings(db: Db, shopId: string, channelId: string) {
  const [mappings, locations] = await Promise.all([
    db.channelLocation.findMany({
      where: { shopId, channelId },
      orderBy: [{ externalLocationId: "asc" }],
      select: { id: true, externalLocationId: true, locationId: true, sellable: true },
    }),
    db.location.findMany({
      where: { shopId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, name: true, active: true },
    }),
  ]);
  return { mappings, locations };
}

export type SaveLocationsOutcome =
  | { ok: true; updated: number; unmapped: number; listings: number }
  | { ok: false; status: 400 | 404; fieldErrors: FieldErrors };

/**
 * Saves every row at once, then sends the channel's listings back to planning: the locations behind the channel decide
 * its sellable quantities. A row naming another channel's location, or a ledger location of another shop, is refused.
 */
export async function saveLocationMappings(
  db: Db,
  shopId: string,
  channelId: string,
  rows: LocationMappingRow[],
): Promise<SaveLocationsOutcome> {
  const [existing, locations] = await Promise.all([
    db.channelLocation.findMany({ where: { shopId, channelId }, select: { id: true } }),
    db.location.findMany({ where: { shopId }, select: { id: true } }),
  ]);
  const known = new Set(existing.map((row) => row.id));
  const ledger = new Set(locations.map((row) => row.id));
  const fieldErrors: FieldErrors = {};
  for (const row of rows) {
    if (!known.has(row.channelLocationId)) {
      return { ok: false, status: 404, fieldErrors: { form: ["That channel location no longer exists: reload"] } };
    }
    if (row.locationId !== NOT_MAPPED && !ledger.has(row.locationId)) {
      fieldErrors[`location:${row.channelLocationId}`] = ["Choose one of the shop's locations"];
    }
  }
  if (Object.keys(fieldErrors).length > 0) return { ok: false, status: 400, fieldErrors };
  return db.$transaction(async (tx) => {
    let updated = 0;
    let unmapped = 0;
    for (const row of rows) {
      if (row.locationId === NOT_MAPPED) {
        unmapped += (await tx.channelLocation.deleteMany({ where: { id: row.channelLocationId, shopId } })).count;
        continue;
      }
      const result = await tx.channelLocation.updateMany({
        where: { id: row.channelLocationId, shopId, channelId },
        data: { locationId: row.locationId, sellable: row.sellable },
      });
      updated += result.count;
    }
    const listings = await markChannelListingsPending(tx, shopId, channelId);
    return { ok: true as const, updated, unmapped, listings };
  });
}
