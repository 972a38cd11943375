//! A dry run of the pupil import: what `Store::import_pupils` would change, read without
//! writing anything.

use super::{ImportSummary, Result, Store, StoreError};
use crate::domain::consent::Pupil;
use std::collections::HashSet;

impl Store {
    /// The summary `import_pupils(pupils, mark_missing, _)` would return, computed from one
    /// consistent read of the database. Nothing is written, not even the audit trail.
    pub fn preview_import_pupils(
        &self,
        pupils: &[Pupil],
        mark_missing: bool,
    ) -> Result<ImportSummary> {
        // A read transaction, so every lookup sees the same snapshot; dropped (rolled back).
        let _snapshot = self.conn.unchecked_transaction()?;
        let mut summary = ImportSummary::default();
        for p in pupils {
            match self.pupil(&p.number) {
                Err(StoreError::PupilNotFound(_)) => summary.added += 1,
                Err(e) => return Err(e),
                // The same comparison `import_pupils` makes: a pupil who had left and is back
                // in the file is updated (active again).
                Ok(old)
                    if old
                        == Pupil {
                            active: true,
                            ..p.clone()
                        } =>
                {
                    summary.unchanged += 1
                }
                Ok(_) => summary.updated += 1,
            }
        }
        if mark_missing {
            // Only the schools in the file: one school's export leaves the others alone.
            let listed: HashSet<&str> = pupils.iter().map(|p| p.number.as_str()).collect();
            let schools: HashSet<&str> = pupils.iter().map(|p| p.school.as_str()).collect();
            let mut stmt = self
                .conn
                .prepare_cached("SELECT number, school FROM pupils WHERE active = 1")?;
            let active = stmt
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            summary.left = active
                .iter()
                .filter(|(n, school)| {
                    schools.contains(school.as_str()) && !listed.contains(n.as_str())
                })
                .count();
        }
        Ok(summary)
    }
}
