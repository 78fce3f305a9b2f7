import { IndexTable, Link, Text } from "@shopify/polaris";
import { ChannelBadge } from "../channel-badge";
import { formatDateTime, formatMoney } from "../format";
import { ReturnStatusBadge } from "./return-status-badge";

export type ReturnRow = {
  id: string;
  status: string;
  createdAt: Date | string;
  refundMinor: number | null;
  currency: string;
  units: number;
  order: { id: string; name: string; channel: { kind: string; name: string } };
};

export function ReturnsTable(props: {
  rows: ReturnRow[];
  hasNext: boolean;
  hasPrevious: boolean;
  onNext: () => void;
  onPrevious: () => void;
}) {
  return (
    <IndexTable
      resourceName={{ singular: "return", plural: "returns" }}
      itemCount={props.rows.length}
      selectable={false}
      headings={[
        { title: "Return" },
        { title: "Order" },
        { title: "Channel" },
        { title: "Status" },
        { title: "Units", alignment: "end" },
        { title: "Refund", alignment: "end" },
        { title: "Created" },
      ]}
      pagination={{
        hasNext: props.hasNext,
        hasPrevious: props.hasPrevious,
        onNext: props.onNext,
        onPrevious: props.onPrevious,
      }}
    >
      {props.rows.map((row, index) => (
        <IndexTable.Row id={row.id} key={row.id} position={index}>
          <IndexTable.Cell>
            <Link url={`/app/returns/${row.id}`} removeUnderline>
              <Text as="span" fontWeight="semibold">
                Return of {row.order.name}
              </Text>
            </Link>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Link url={`/app/orders/${row.order.id}`}>{row.order.name}</Link>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <ChannelBadge kind={row.order.channel.kind} name={row.order.channel.name} />
          </IndexTable.Cell>
          <IndexTable.Cell>
            <ReturnStatusBadge status={row.status} />
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Text as="span" alignment="end" numeric>
              {row.units}
            </Text>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Text as="span" alignment="end" numeric>
              {row.refundMinor === null ? "—" : formatMoney(row.refundMinor, row.currency)}
            </Text>
          </IndexTable.Cell>
          <IndexTable.Cell>{formatDateTime(row.createdAt)}</IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}
