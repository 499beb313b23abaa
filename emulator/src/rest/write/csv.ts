/**
 * Splits CSV text (RFC 4180: `,` separators, `"` quoting with `""` escapes, CRLF or LF line ends)
 * into records of fields. A trailing line end does not make an empty record.
 *
 * @example
 * parseCsv('a,b\n1,"x,y"\n') // → [['a', 'b'], ['1', 'x,y']]
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endField = () => {
    record.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
      i += 1;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === ',') endField();
    else if (ch === '\n') endRecord();
    else if (ch === '\r' && text[i + 1] === '\n') {
      endRecord();
      i += 1;
    } else field += ch;
    i += 1;
  }
  if (field !== '' || record.length > 0) endRecord();
  return records;
}
