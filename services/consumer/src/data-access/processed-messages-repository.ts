import type { PipelineMessage } from '@podlab/contracts';
import type { Pool, ResultSetHeader, RowDataPacket } from '@podlab/kit/db';

/** Rows of `processed_messages`: one per message id, whoever processed it and however often it came. */
export class ProcessedMessagesRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * Writes a batch in one transaction, in as few statements as fit a packet (see
   * MAX_STATEMENT_PAYLOAD_BYTES). A message id already present is left as it is (a redelivery),
   * so the write is idempotent; any other error fails the batch.
   */
  async markProcessed(
    messages: PipelineMessage[],
    processedBy: string,
    processedAt: Date,
  ): Promise<void> {
    if (messages.length === 0) return;
    const connection = await this.pool.getConnection();
    try {
      await connection.beginTransaction();
      for (const rows of statementsOf(messages)) {
        const placeholders = rows.map(() => '(?, ?, ?, ?, ?, ?)').join(', ');
        const values = rows.flatMap((row) => [
          row.message.id,
          row.message.correlationId,
          row.payloadJson,
          processedBy,
          new Date(row.message.createdAt),
          processedAt,
        ]);
        await connection.query(
          `INSERT INTO processed_messages (message_id, correlation_id, payload, processed_by, created_at, processed_at)
           VALUES ${placeholders}
           ON DUPLICATE KEY UPDATE message_id = message_id`,
          values,
        );
      }
      await connection.commit();
    } catch (error) {
      await connection.rollback().catch(() => undefined);
      throw error;
    } finally {
      connection.release();
    }
  }

  async countAll(): Promise<number> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      'SELECT COUNT(*) AS n FROM processed_messages',
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** How many messages each pod processed, by pod name. */
  async countProcessedBy(): Promise<Record<string, number>> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      'SELECT processed_by, COUNT(*) AS n FROM processed_messages GROUP BY processed_by ORDER BY processed_by',
    );
    return Object.fromEntries(rows.map((row) => [String(row.processed_by), Number(row.n)]));
  }

  async countSince(since: Date): Promise<number> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      'SELECT COUNT(*) AS n FROM processed_messages WHERE processed_at >= ?',
      [since],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Deletes up to `limit` of the oldest rows processed before `cutoff`; answers how many went.
   * One short statement on the processed_at index (single-table DELETE … ORDER BY … LIMIT runs
   * on MySQL and MariaDB alike), so the locks it takes are held only for one chunk.
   */
  async deleteProcessedBefore(cutoff: Date, limit: number): Promise<number> {
    const [result] = await this.pool.query<ResultSetHeader>(
      'DELETE FROM processed_messages WHERE processed_at < ? ORDER BY processed_at LIMIT ?',
      [cutoff, limit],
    );
    return result.affectedRows;
  }
}

/**
 * Payload JSON per INSERT statement. The statement travels as one packet, and the server refuses
 * a packet over max_allowed_packet: 16 MiB by default on MariaDB 10.11 (64 MiB on MySQL 8.4).
 * A batch of 500 payloads of the contract's 64 KiB is ~32 MiB, and escaping for SQL can double a
 * payload's bytes; 4 MiB of JSON per statement keeps each under 9 MiB whatever the payloads.
 */
export const MAX_STATEMENT_PAYLOAD_BYTES = 4 * 1024 * 1024;

interface Row {
  message: PipelineMessage;
  payloadJson: string;
}

/** The batch's rows, split into statements of at most MAX_STATEMENT_PAYLOAD_BYTES of payload (at least one row each). */
function statementsOf(messages: PipelineMessage[]): Row[][] {
  const statements: Row[][] = [];
  let current: Row[] = [];
  let bytes = 0;
  for (const message of messages) {
    const payloadJson = JSON.stringify(message.payload);
    const size = Buffer.byteLength(payloadJson);
    if (current.length > 0 && bytes + size > MAX_STATEMENT_PAYLOAD_BYTES) {
      statements.push(current);
      current = [];
      bytes = 0;
    }
    current.push({ message, payloadJson });
    bytes += size;
  }
  statements.push(current);
  return statements;
}
