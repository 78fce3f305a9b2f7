// A plain-text table for the terminal: first column left-aligned, the others right-aligned.

export function renderTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join("  ");
  const rule = widths.map((width) => "-".repeat(width)).join("  ");
  return [line(headers), rule, ...rows.map(line)].join("\n");
}

/** A number for a table cell: "-" when missing, a fixed number of decimals otherwise. */
export function cell(value: number | undefined, decimals = 0): string {
  if (value === undefined || Number.isNaN(value)) return "-";
  return value.toFixed(decimals);
}
