// Array.shift() is O(n); a backlog of thousands of waiting jobs would make every dispatch walk the whole array.
export function createFifo<T>() {
  let items: (T | undefined)[] = [];
  let head = 0;

  return {
    get size(): number {
      return items.length - head;
    },
    push(item: T): void {
      items.push(item);
    },
    shift(): T | undefined {
      if (head >= items.length) return undefined;
      const item = items[head];
      items[head] = undefined;
      head += 1;
      if (head > 1024 && head * 2 > items.length) {
        items = items.slice(head);
        head = 0;
      }
      return item;
    },
    drainAll(): T[] {
      const rest = items.slice(head) as T[];
      items = [];
      head = 0;
      return rest;
    },
  };
}
