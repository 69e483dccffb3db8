/** A presentation-neutral document: the report is built once as blocks, then rendered as text, Markdown or HTML. */
export type Block =
  | { kind: 'title'; text: string; subtitle?: string }
  | { kind: 'heading'; text: string; level: 2 | 3 }
  | { kind: 'paragraph'; text: string }
  | { kind: 'notice'; text: string }
  | { kind: 'list'; items: ListItem[] }
  | { kind: 'table'; head: string[]; rows: string[][]; numeric?: boolean[] };

export interface ListItem {
  text: string;
  /** Indented detail lines under the item (evidence, source). */
  details?: string[];
}
