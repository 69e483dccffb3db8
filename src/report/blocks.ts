/** A presentation-neutral document: the report is built once as blocks, then rendered as text, Markdown or HTML. */
export type Block =
  | { kind: 'title'; text: string; subtitle?: string }
  | { kind: 'heading'; text: string; level: 2 | 3 }
  | { kind: 'paragraph'; text: string }
  | { kind: 'notice'; text: string }
  | { kind: 'list'; items: ListItem[] }
  | { kind: 'table'; head: string[]; rows: string[][]; numeric?: boolean[] }
  /**
   * A figure: the SVG markup is inlined in HTML; text and Markdown give a line naming `file` (where the
   * chart was written), or nothing when there is no file.
   */
  | { kind: 'svg'; svg: string; title: string; file?: string };

export interface ListItem {
  text: string;
  /** Indented detail lines under the item (evidence, source). */
  details?: string[];
}
