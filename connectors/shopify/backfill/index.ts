export { listingsFromVariants, quantitiesFromLevel, type LevelQuantities } from "./map-catalog";
export { fulfillmentEventsFromAdmin, orderSnapshotFromAdmin, type CompleteOrder } from "./map-order";
export { readLevelsPage, readLocationsPage, readVariantsPage, type Page } from "./read-catalog";
export { readOrdersPage, updatedSince } from "./read-orders";
