namespace Verifier.Server.Storage.Sqlite;

/// <summary>
/// The one schema, as numbered steps: step N brings <c>PRAGMA user_version</c> from N-1 to N. Steps are only ever added
/// at the end; a step already shipped is never edited.
/// </summary>
internal static class SchemaMigrations
{
    public static readonly IReadOnlyList<string> Steps =
    [
        // 1: keys, jobs, results shared by identical uploads, and the append-only audit log.
        """
        CREATE TABLE api_keys (
            id          TEXT PRIMARY KEY,
            name        TEXT,
            key_sha256  BLOB NOT NULL,
            created_at  TEXT NOT NULL
        );
        CREATE TABLE results (
            id             INTEGER PRIMARY KEY,
            sha256         TEXT NOT NULL,
            model_sha256   TEXT NOT NULL,
            report_json    TEXT NOT NULL,
            pictures_json  TEXT NOT NULL,
            card_blob      TEXT NOT NULL,
            created_at     TEXT NOT NULL,
            UNIQUE (sha256, model_sha256)
        );
        CREATE TABLE scans (
            id               TEXT PRIMARY KEY,
            key_id           TEXT NOT NULL REFERENCES api_keys (id),
            file_name        TEXT NOT NULL,
            sha256           TEXT NOT NULL,
            size             INTEGER NOT NULL,
            status           TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
            error            TEXT,
            callback_url     TEXT,
            idempotency_key  TEXT,
            result_id        INTEGER REFERENCES results (id),
            created_at       TEXT NOT NULL,
            updated_at       TEXT NOT NULL
        );
        CREATE UNIQUE INDEX scans_idempotency ON scans (key_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
        CREATE INDEX scans_status ON scans (status);
        CREATE TABLE audit_log (
            seq     INTEGER PRIMARY KEY AUTOINCREMENT,
            key_id  TEXT NOT NULL,
            action  TEXT NOT NULL,
            sha256  TEXT,
            at      TEXT NOT NULL
        );
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        """,

        // 2: webhook deliveries (one per scan with a callback URL) and the log of every attempt at one.
        """
        CREATE TABLE webhook_deliveries (
            scan_id          TEXT PRIMARY KEY REFERENCES scans (id),
            url              TEXT NOT NULL,
            state            TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
            attempts         INTEGER NOT NULL,
            next_attempt_at  TEXT NOT NULL,
            created_at       TEXT NOT NULL
        );
        CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
        CREATE TABLE webhook_attempts (
            seq          INTEGER PRIMARY KEY AUTOINCREMENT,
            scan_id      TEXT NOT NULL REFERENCES webhook_deliveries (scan_id),
            attempt      INTEGER NOT NULL,
            at           TEXT NOT NULL,
            status_code  INTEGER,
            error        TEXT
        );
        """,

        // 3: a claimed job's lease: its worker renews it while it runs; one that ran out lost its worker (a replica died).
        """
        ALTER TABLE scans ADD COLUMN claimed_until TEXT;
        """,

        // 4: a claim's fencing token (each claim takes the next; a stalled worker's late outcome is refused), and when a
        // result was last stored or reused (retention deletes results unused, and unnamed by any job, for its period).
        """
        ALTER TABLE scans ADD COLUMN claim_token INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE results ADD COLUMN used_at TEXT NOT NULL DEFAULT '';
        UPDATE results SET used_at = created_at;
        """,
    ];
}
