import { BlockStack, InlineStack, Text } from "@shopify/polaris";
import type { CSSProperties } from "react";

// Orders per day, one stacked bar per day and one colour per channel. The picture is an image for assistive
// technology (role="img" with a summary); the figures behind it are in a table only screen readers see.

export type ChartChannel = { id: string; name: string };
export type ChartDay = { day: string; byChannel: Record<string, number> };

const COLOURS = ["#2c6ecb", "#008060", "#b98900", "#8f4fdd", "#d72c0d", "#00838f"];
const WIDTH = 640;
const HEIGHT = 200;
const AXIS = 24;
const TOP = 8;
// Room for the scale on the left and for the last day's label on the right.
const LEFT = 28;
const RIGHT = 16;

const VISUALLY_HIDDEN: CSSProperties = {
  position: "absolute",
  width: 1,
  height: 1,
  margin: -1,
  padding: 0,
  overflow: "hidden",
  clip: "rect(0 0 0 0)",
  whiteSpace: "nowrap",
  border: 0,
};

export const colourOf = (index: number) => COLOURS[index % COLOURS.length]!;

const shortDay = (day: string) =>
  new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" }).format(new Date(day));

export function OrdersChart(props: { title: string; channels: ChartChannel[]; days: ChartDay[] }) {
  const { channels, days } = props;
  const totals = days.map((day) => channels.reduce((sum, channel) => sum + (day.byChannel[channel.id] ?? 0), 0));
  const total = totals.reduce((sum, value) => sum + value, 0);
  const highest = Math.max(1, ...totals);
  const slot = (WIDTH - LEFT - RIGHT) / Math.max(1, days.length);
  const barWidth = Math.max(2, slot * 0.7);
  const plotHeight = HEIGHT - AXIS - TOP;
  // A label under every bar is unreadable at 30 days: about six along the axis.
  const labelEvery = Math.max(1, Math.ceil(days.length / 6));
  const perChannel = channels
    .map((channel) => `${channel.name} ${days.reduce((sum, day) => sum + (day.byChannel[channel.id] ?? 0), 0)}`)
    .join(", ");
  const span = `${days.length} ${days.length === 1 ? "day" : "days"}`;
  const summary = `${props.title}: ${total} orders over ${span}${perChannel ? `, ${perChannel}` : ""}.${
    total > 0 ? ` Busiest day ${Math.max(...totals)} orders.` : ""
  }`;

  return (
    <BlockStack gap="200">
      <svg
        role="img"
        aria-label={summary}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        preserveAspectRatio="xMidYMid meet"
        data-testid="orders-chart"
      >
        <line x1={LEFT} x2={WIDTH - RIGHT} y1={HEIGHT - AXIS} y2={HEIGHT - AXIS} stroke="#8a8a8a" strokeWidth={1} />
        <line x1={LEFT} x2={WIDTH - RIGHT} y1={TOP} y2={TOP} stroke="#e3e3e3" strokeWidth={1} />
        <text x={LEFT - 6} y={TOP + 4} fontSize={11} fill="#616161" textAnchor="end">
          {highest}
        </text>
        {days.map((day, index) => {
          let stacked = 0;
          const x = LEFT + index * slot + (slot - barWidth) / 2;
          return (
            <g key={day.day}>
              {channels.map((channel, channelIndex) => {
                const count = day.byChannel[channel.id] ?? 0;
                if (count === 0) return null;
                const height = (count / highest) * plotHeight;
                stacked += height;
                return (
                  <rect
                    key={channel.id}
                    x={x}
                    y={HEIGHT - AXIS - stacked}
                    width={barWidth}
                    height={height}
                    fill={colourOf(channelIndex)}
                  />
                );
              })}
              {index % labelEvery === 0 ? (
                <text x={x + barWidth / 2} y={HEIGHT - 6} fontSize={11} fill="#616161" textAnchor="middle">
                  {shortDay(day.day)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <InlineStack gap="400">
        {channels.map((channel, index) => (
          <InlineStack key={channel.id} gap="100" blockAlign="center">
            <svg width="12" height="12" aria-hidden="true" focusable="false">
              <rect width="12" height="12" rx="2" fill={colourOf(index)} />
            </svg>
            <Text as="span">{channel.name}</Text>
          </InlineStack>
        ))}
      </InlineStack>
      <div style={VISUALLY_HIDDEN}>
        <table>
          <caption>{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              {channels.map((channel) => (
                <th scope="col" key={channel.id}>
                  {channel.name}
                </th>
              ))}
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {days.map((day, index) => (
              <tr key={day.day}>
                <th scope="row">{day.day}</th>
                {channels.map((channel) => (
                  <td key={channel.id}>{day.byChannel[channel.id] ?? 0}</td>
                ))}
                <td>{totals[index]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </BlockStack>
  );
}
