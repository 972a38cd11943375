//! Consent operations of the session: recording answers, the grid's rows, pupil history.

use super::{AppError, Result, Session};
use crate::domain::consent::{
    self, AnsweredBy, ConsentEvent, ConsentFlag, ConsentState, ConsentValue, Method, Pupil, Purpose,
};
use crate::domain::request::RuleError;
use crate::domain::text::Shape;
use crate::store::{NewConsent, PupilFilter, StoreError};
use chrono::NaiveDate;
use serde::Serialize;

/// One row of the grid: a pupil, the state per purpose (in the board's purpose order), flags.
#[derive(Debug, Clone, Serialize)]
pub struct ConsentRow {
    pub pupil: Pupil,
    pub states: Vec<ConsentState>,
    pub flags: Vec<ConsentFlag>,
}

/// What the officer enters to record an answer; empty fields take sensible defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentInput {
    pub pupil: String,
    pub purpose: String,
    pub value: ConsentValue,
    pub given_by: String,
    pub role: AnsweredBy,
    pub method: Method,
    pub effective: Option<NaiveDate>,
    pub form_version: Option<String>,
}

impl Session {
    pub fn purposes(&self) -> &[Purpose] {
        &self.config.purposes
    }

    pub fn purpose(&self, key: &str) -> Result<&Purpose> {
        self.config
            .purposes
            .iter()
            .find(|p| p.key == key.trim())
            .ok_or_else(|| {
                let keys: Vec<&str> = self
                    .config
                    .purposes
                    .iter()
                    .map(|p| p.key.as_str())
                    .collect();
                AppError::Unknown(format!(
                    "unknown purpose {key:?}; use one of: {}",
                    keys.join(", ")
                ))
            })
    }

    /// Records an answer; the history before it stays untouched.
    pub fn set_consent(&mut self, input: ConsentInput) -> Result<ConsentEvent> {
        let purpose = self.purpose(&input.purpose)?.clone();
        let given_by = input.given_by.trim().to_string();
        if given_by.is_empty() {
            return Err(RuleError::Required { field: "given by" }.into());
        }
        crate::domain::request::visible("given by", &given_by)?;
        let form_version = input.form_version;
        if let Some(v) = &form_version {
            crate::domain::request::check_text("form version", v, Shape::Line)?;
        }
        let effective = input.effective.unwrap_or_else(|| self.today());
        let new = NewConsent {
            pupil: input.pupil.trim().to_string(),
            purpose: purpose.key.clone(),
            value: input.value,
            effective,
            given_by,
            role: input.role,
            method: input.method,
            form_version: form_version.unwrap_or(purpose.form_version),
        };
        let now = self.now();
        let role = input.role;
        match self.store.add_consent(&new, now, |pupil, earlier| {
            consent::check_answer(pupil, role, effective, earlier)
        }) {
            Err(StoreError::Consent(e)) => Err(e.into()),
            other => Ok(other?),
        }
    }

    pub fn count_pupils(&self, filter: &PupilFilter) -> Result<usize> {
        Ok(self.store.count_pupils(filter, self.today())?)
    }

    /// One page of the grid: only these pupils' answers are read.
    pub fn consent_rows(
        &self,
        filter: &PupilFilter,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<ConsentRow>> {
        let today = self.today();
        let pupils = self.store.pupils_page(filter, today, offset, limit)?;
        let numbers: Vec<String> = pupils.iter().map(|p| p.number.clone()).collect();
        let events = self.store.consent_in_effect(&numbers, today)?;
        Ok(pupils
            .into_iter()
            .map(|pupil| {
                let mine: Vec<&ConsentEvent> =
                    events.iter().filter(|e| e.pupil == pupil.number).collect();
                let states = self
                    .config
                    .purposes
                    .iter()
                    .map(|p| consent::state_of(mine.iter().copied().find(|e| e.purpose == p.key)))
                    .collect();
                let flags = consent::flags(&pupil, &mine, &self.config.purposes, today);
                ConsentRow {
                    pupil,
                    states,
                    flags,
                }
            })
            .collect())
    }

    pub fn pupil(&self, number: &str) -> Result<Pupil> {
        Ok(self.store.pupil(number)?)
    }

    pub fn consent_history(&self, number: &str) -> Result<Vec<ConsentEvent>> {
        self.pupil(number)?;
        Ok(self.store.consent_history(number)?)
    }
}
