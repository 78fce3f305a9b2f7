import { EventListCard, type ListedEvent } from "../event-list-card";

export type ActivityView = ListedEvent;

/** What happened to the return, as the order's timeline recorded it (oldest first there), newest first. */
export function ReturnActivityCard(props: { activity: ActivityView[] }) {
  return <EventListCard title="Activity" empty="Nothing recorded yet." events={[...props.activity].reverse()} />;
}
