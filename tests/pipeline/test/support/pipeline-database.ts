import { createConnection, type RowDataPacket } from 'mysql2/promise';

/** Reads the consumer's table directly: the test's own view of what was committed. */
export async function processedRows(
  url: string,
): Promise<{ total: number; distinct: number; ids: Set<string> }> {
  const connection = await createConnection({ uri: url });
  try {
    const [rows] = await connection.query<RowDataPacket[]>(
      'SELECT message_id FROM processed_messages',
    );
    const ids = new Set(rows.map((row) => String(row.message_id)));
    return { total: rows.length, distinct: ids.size, ids };
  } catch (error) {
    // Before the consumer's migration ran there is no table yet: nothing processed.
    if ((error as { code?: string }).code === 'ER_NO_SUCH_TABLE')
      return { total: 0, distinct: 0, ids: new Set() };
    throw error;
  } finally {
    await connection.end();
  }
}

export async function processedCount(url: string): Promise<number> {
  return (await processedRows(url)).total;
}
