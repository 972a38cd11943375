//! The schema as an ordered list of steps. `PRAGMA user_version` holds how many have run.

/// Each entry is one migration, run in its own transaction. Never edit a released step: add one.
pub const MIGRATIONS: &[&str] = &[
    // 1: requests, their pauses, recipients and notes, and the audit trail.
    r#"
    CREATE TABLE requests (
        id                TEXT PRIMARY KEY,
        year              INTEGER NOT NULL,
        seq               INTEGER NOT NULL,
        kind              TEXT NOT NULL,
        received          TEXT NOT NULL,
        channel           TEXT NOT NULL,
        requester_name    TEXT NOT NULL,
        requester_role    TEXT,
        requester_contact TEXT NOT NULL DEFAULT '',
        pupil_name        TEXT NOT NULL DEFAULT '',
        pupil_birth_date  TEXT,
        pupil_school      TEXT NOT NULL DEFAULT '',
        pupil_class       TEXT NOT NULL DEFAULT '',
        summary           TEXT NOT NULL DEFAULT '',
        id_method         TEXT,
        id_date           TEXT,
        id_checked_by     TEXT,
        extension_date    TEXT,
        extension_reason  TEXT,
        decision          TEXT,
        decision_reason   TEXT,
        decision_date     TEXT,
        status            TEXT NOT NULL,
        version           INTEGER NOT NULL DEFAULT 1,
        created_at        TEXT NOT NULL,
        updated_at        TEXT NOT NULL,
        UNIQUE (year, seq)
    );
    CREATE INDEX requests_status ON requests(status);

    CREATE TABLE request_pauses (
        id         INTEGER PRIMARY KEY,
        request_id TEXT NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
        from_date  TEXT NOT NULL,
        to_date    TEXT,
        reason     TEXT NOT NULL
    );
    CREATE INDEX request_pauses_request ON request_pauses(request_id);

    CREATE TABLE request_recipients (
        id          INTEGER PRIMARY KEY,
        request_id  TEXT NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
        name        TEXT NOT NULL,
        notified_on TEXT
    );
    CREATE INDEX request_recipients_request ON request_recipients(request_id);

    CREATE TABLE request_notes (
        id         INTEGER PRIMARY KEY,
        request_id TEXT NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
        at         TEXT NOT NULL,
        author     TEXT NOT NULL,
        text       TEXT NOT NULL
    );
    CREATE INDEX request_notes_request ON request_notes(request_id);

    CREATE TABLE audit (
        id        INTEGER PRIMARY KEY,
        at        TEXT NOT NULL,
        user      TEXT NOT NULL,
        entity    TEXT NOT NULL,
        record_id TEXT NOT NULL,
        field     TEXT NOT NULL,
        old_value TEXT,
        new_value TEXT
    );
    CREATE INDEX audit_record ON audit(entity, record_id);
    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is never edited'); END;
    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is never edited'); END;
    "#,
    // 2: the breach register, its call log and its follow-ups to the AP.
    r#"
    CREATE TABLE breaches (
        id                   TEXT PRIMARY KEY,
        year                 INTEGER NOT NULL,
        seq                  INTEGER NOT NULL,
        title                TEXT NOT NULL,
        occurred_at          TEXT,
        discovered_at        TEXT,
        aware_at             TEXT NOT NULL,
        ongoing              TEXT,
        description          TEXT NOT NULL DEFAULT '',
        cause                TEXT NOT NULL DEFAULT '',
        nature               TEXT NOT NULL DEFAULT '',
        categories           TEXT NOT NULL DEFAULT '',
        records_min          TEXT,
        records_max          TEXT,
        people_min           TEXT,
        people_max           TEXT,
        affected_groups      TEXT NOT NULL DEFAULT '',
        protection           TEXT NOT NULL DEFAULT '',
        encrypted            TEXT NOT NULL DEFAULT 'no',
        consequences         TEXT NOT NULL DEFAULT '',
        severity             TEXT NOT NULL DEFAULT '',
        measures_taken       TEXT NOT NULL DEFAULT '',
        measures_planned     TEXT NOT NULL DEFAULT '',
        processor            TEXT NOT NULL DEFAULT '',
        processor_told_at    TEXT,
        cross_border         TEXT NOT NULL DEFAULT '',
        risk                 TEXT,
        risk_reason          TEXT NOT NULL DEFAULT '',
        notify_ap            TEXT,
        no_notify_reason     TEXT NOT NULL DEFAULT '',
        notified_at          TEXT,
        ap_reference         TEXT,
        delay_reason         TEXT,
        subjects             TEXT,
        subjects_reason      TEXT NOT NULL DEFAULT '',
        public_communication TEXT NOT NULL DEFAULT '',
        subjects_informed_at TEXT,
        status               TEXT NOT NULL,
        version              INTEGER NOT NULL DEFAULT 1,
        created_at           TEXT NOT NULL,
        updated_at           TEXT NOT NULL,
        UNIQUE (year, seq)
    );
    CREATE INDEX breaches_status ON breaches(status);

    CREATE TABLE breach_log (
        id        INTEGER PRIMARY KEY,
        breach_id TEXT NOT NULL REFERENCES breaches(id) ON DELETE CASCADE,
        at        TEXT NOT NULL,
        author    TEXT NOT NULL,
        text      TEXT NOT NULL
    );
    CREATE INDEX breach_log_breach ON breach_log(breach_id);

    CREATE TABLE breach_followups (
        id        INTEGER PRIMARY KEY,
        breach_id TEXT NOT NULL REFERENCES breaches(id) ON DELETE CASCADE,
        at        TEXT NOT NULL,
        kind      TEXT NOT NULL,
        text      TEXT NOT NULL
    );
    CREATE INDEX breach_followups_breach ON breach_followups(breach_id);
    "#,
    // 3: pupils and the append-only consent history.
    r#"
    CREATE TABLE pupils (
        number      TEXT PRIMARY KEY,
        first_name  TEXT NOT NULL,
        infix       TEXT NOT NULL DEFAULT '',
        last_name   TEXT NOT NULL,
        sort_name   TEXT NOT NULL,
        -- Folded name and number (no case, no diacritics) so "omer" finds "Ömer".
        search_key  TEXT NOT NULL DEFAULT '',
        birth_date  TEXT,
        class       TEXT NOT NULL DEFAULT '',
        school      TEXT NOT NULL DEFAULT '',
        active      INTEGER NOT NULL DEFAULT 1,
        left_on     TEXT,
        updated_at  TEXT NOT NULL
    );
    CREATE INDEX pupils_grid ON pupils(active, school, class, sort_name);
    CREATE INDEX pupils_sort ON pupils(active, sort_name);

    CREATE TABLE consent_events (
        id           INTEGER PRIMARY KEY,
        pupil        TEXT NOT NULL REFERENCES pupils(number),
        purpose      TEXT NOT NULL,
        value        TEXT NOT NULL,
        effective    TEXT NOT NULL,
        given_by     TEXT NOT NULL,
        role         TEXT NOT NULL,
        method       TEXT NOT NULL,
        form_version TEXT NOT NULL DEFAULT '',
        recorded_by  TEXT NOT NULL,
        recorded_at  TEXT NOT NULL
    );
    CREATE INDEX consent_latest ON consent_events(pupil, purpose, effective, id);
    CREATE TRIGGER consent_no_update BEFORE UPDATE ON consent_events
        BEGIN SELECT RAISE(ABORT, 'consent history is never overwritten'); END;
    CREATE TRIGGER consent_no_delete BEFORE DELETE ON consent_events
        BEGIN SELECT RAISE(ABORT, 'consent history is never overwritten'); END;
    "#,
    // 4: indexes for a large board: the name search reads only the index, and the grid's order
    // (school, class, name, number) needs no sort.
    r#"
    CREATE INDEX pupils_search ON pupils(active, search_key);
    DROP INDEX pupils_grid;
    CREATE INDEX pupils_grid ON pupils(active, school, class, sort_name, number);
    "#,
    // 5: the answer "disclosed to no one" to art. 19's question who received a request's data
    // (the day it was recorded; NULL while unanswered). Touches only `requests`, so it runs the
    // same whichever other steps come before it.
    r#"
    ALTER TABLE requests ADD COLUMN recipients_none_on TEXT;
    "#,
    // 6: "encrypted or hashed" may be unanswered (NULL). SQLite cannot drop NOT NULL in place
    // and rebuilding `breaches` would cascade-delete its log and follow-ups (foreign keys are
    // on and cannot be switched off inside this transaction), so the old column is renamed
    // and left unused, and a nullable one takes its name: the audit trail's field name stays
    // "encrypted". Every breach started with 'no', so 'no' only stands where the trail shows
    // someone changed the field after creation; otherwise nobody answered and it is unknown.
    r#"
    ALTER TABLE breaches RENAME COLUMN encrypted TO encrypted_until_v6;
    ALTER TABLE breaches ADD COLUMN encrypted TEXT;
    UPDATE breaches SET encrypted = 'yes' WHERE encrypted_until_v6 = 'yes';
    UPDATE breaches SET encrypted = 'no'
     WHERE encrypted_until_v6 = 'no'
       AND EXISTS (SELECT 1 FROM audit
                    WHERE audit.entity = 'breach' AND audit.record_id = breaches.id
                      AND audit.field = 'encrypted' AND audit.old_value IS NOT NULL);
    "#,
    // 7: the audit trail becomes a hash chain (see `store/chain.rs`): per row a random salt, a
    // commitment to its values, the previous row's hash and its own. `after_step` then seals
    // the rows written before (audit rows and consent answers) as one block under a seal row,
    // in this same transaction: SQL cannot compute SHA-256.
    r#"
    ALTER TABLE audit ADD COLUMN salt TEXT;
    ALTER TABLE audit ADD COLUMN value_hash TEXT;
    ALTER TABLE audit ADD COLUMN prev_hash TEXT;
    ALTER TABLE audit ADD COLUMN hash TEXT;
    "#,
    // 8: the letters marked as sent, part of the record: which letter (`LetterKind` code) about
    // which request or breach (no foreign key: the id names either; the kind says which), the
    // day it went out and how ('email', 'post', 'portal'). Append-only like the audit trail;
    // every row has its audit row (field 'letter').
    r#"
    CREATE TABLE letters_sent (
        id          INTEGER PRIMARY KEY,
        record_id   TEXT NOT NULL,
        kind        TEXT NOT NULL,
        sent_on     TEXT NOT NULL,
        via         TEXT NOT NULL CHECK (via IN ('email', 'post', 'portal')),
        recorded_by TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    );
    CREATE INDEX letters_sent_record ON letters_sent(record_id, sent_on);
    CREATE TRIGGER letters_sent_no_update BEFORE UPDATE ON letters_sent
        BEGIN SELECT RAISE(ABORT, 'what was sent is never edited'); END;
    CREATE TRIGGER letters_sent_no_delete BEFORE DELETE ON letters_sent
        BEGIN SELECT RAISE(ABORT, 'what was sent is never edited'); END;
    "#,
    // 9: the e-mail messages logged as requests by `avgdesk intake`, so the same message is
    // never logged twice: `key` is "message-id:<Message-ID>", or the sender, date and subject
    // of a message without one. Written in the same transaction as the request.
    r#"
    CREATE TABLE intake_messages (
        key        TEXT PRIMARY KEY,
        request_id TEXT NOT NULL REFERENCES requests(id),
        logged_at  TEXT NOT NULL
    );
    CREATE INDEX intake_messages_request ON intake_messages(request_id);
    "#,
    // 10: the inbox (`[intake]` maildir or folder). A message is named by its file in the
    // mailbox (a Maildir's unique name, without the flags a mail client adds; a folder's file
    // name). A name is 'logged' (its `key` is in intake_messages: the request) or 'set_aside'
    // as "no request" with the officer's reason until put back (the row is then deleted; the
    // audit trail keeps both). avgdesk never changes the mailbox itself.
    r#"
    CREATE TABLE intake_mailbox (
        mailbox_name TEXT PRIMARY KEY,
        key          TEXT NOT NULL,
        state        TEXT NOT NULL CHECK (state IN ('logged', 'set_aside')),
        reason       TEXT,
        set_by       TEXT NOT NULL,
        set_at       TEXT NOT NULL
    );
    CREATE INDEX intake_mailbox_key ON intake_mailbox(key);
    "#,
    // 11: letters. The requester's language ('nl' or 'en'; their letters are written in it;
    // every earlier request was written to in Dutch). For a letter marked sent, the template
    // that made it (a built-in's name such as 'nl/decision.txt.j2', or the path of the board's
    // file; NULL for marks recorded before) and whether the officer edited the text before
    // sending. Touches only `requests` and `letters_sent`, so it runs the same whichever
    // other steps come before it.
    r#"
    ALTER TABLE requests ADD COLUMN language TEXT NOT NULL DEFAULT 'nl'
        CHECK (language IN ('nl', 'en'));
    ALTER TABLE letters_sent ADD COLUMN template TEXT;
    ALTER TABLE letters_sent ADD COLUMN edited INTEGER NOT NULL DEFAULT 0
        CHECK (edited IN (0, 1));
    "#,
    // 12: from here on every stored field of requests, breaches and inbox marks can be replayed
    // from the audit trail (`store/chain/replay.rs`). `after_step` writes one baseline audit row
    // per request, breach and inbox mark holding it as stored now, then a marker row: the
    // replay starts from the baseline. No schema change.
    r#"
    SELECT 1;
    "#,
];

/// What a step needs besides its SQL, run in the step's transaction after the SQL.
pub(super) fn after_step(
    version: i64,
    tx: &rusqlite::Transaction<'_>,
    user: &str,
) -> super::Result<()> {
    match version {
        7 => super::chain::seal(
            tx,
            user,
            &crate::domain::dates::rfc3339(&chrono::Utc::now()),
        ),
        super::chain::SINCE_VERSION => super::chain::write_baselines(
            tx,
            user,
            &crate::domain::dates::rfc3339(&chrono::Utc::now()),
        ),
        _ => Ok(()),
    }
}

/// The schema version this program writes.
pub fn latest() -> i64 {
    MIGRATIONS.len() as i64
}
