const QUOTE = '"';

/**
 * Splits one record (a line without its terminator) into fields, RFC 4180 style: a field that starts with a
 * double quote runs to the matching quote, may hold the delimiter, and writes a quote as `""`. A quote inside an
 * unquoted field is kept as is. Returns undefined when a quoted field is not closed on the line, or is followed by
 * something other than the delimiter (quoted fields that span lines are not supported). Fields are not trimmed.
 */
export function splitDelimitedRecord(text: string, delimiter: string): string[] | undefined {
  if (!text.includes(QUOTE)) return text.split(delimiter);
  const fields: string[] = [];
  let index = 0;
  for (;;) {
    if (text[index] === QUOTE) {
      let value = '';
      let cursor = index + 1;
      for (;;) {
        const close = text.indexOf(QUOTE, cursor);
        if (close === -1) return undefined;
        value += text.slice(cursor, close);
        if (text[close + 1] === QUOTE) {
          value += QUOTE;
          cursor = close + 2;
          continue;
        }
        cursor = close + 1;
        break;
      }
      fields.push(value);
      if (cursor === text.length) return fields;
      if (!text.startsWith(delimiter, cursor)) return undefined;
      index = cursor + delimiter.length;
      continue;
    }
    const next = text.indexOf(delimiter, index);
    if (next === -1) {
      fields.push(text.slice(index));
      return fields;
    }
    fields.push(text.slice(index, next));
    index = next + delimiter.length;
  }
}
