//! Intake: one e-mail message (RFC 5322) read with `mail-parser` and turned into a proposed
//! request. The received date is the day the message reached the school (docs/rules.md 1.4);
//! attachments are listed by name, type and size, never kept (regulation 8.1).
//!
//! Application layer: it writes only through the store (`Store::add_request_from_message`).

pub mod inbox;
pub mod mailbox;

use crate::app::{AppError, Session};
use crate::domain::dates::{in_range, FIRST_YEAR, LAST_YEAR};
use crate::domain::request::{Channel, Kind, Language, NewRequest, Person, Pupil, Request};
use crate::domain::text::{fold, scrub, Shape};
use crate::store::StoreError;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use mail_parser::{MessageParser, MimeHeaders};
use serde::Serialize;

/// Why a message cannot become a request.
#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    /// Nothing in the input reads as an e-mail message (no header at all).
    #[error("the input is not an e-mail message (RFC 5322): no header could be read")]
    Unparsable,
    /// The message names no sender address in `From:`.
    #[error("the message has no From: address, so there is no requester to log")]
    NoFrom,
    /// Neither `Received:` nor `Date:` gives a time.
    #[error(
        "the message has no readable Received: or Date: header; log it with `avgdesk request add --received DATE`"
    )]
    NoDate,
    /// The only date the message gives lies outside the years avgdesk accepts (a `Date:` of
    /// 1899 or 0000 is a broken clock, never the day a request arrived).
    #[error(
        "the message's {header} header gives the year {year:04}, outside the years {} to {} that avgdesk accepts; log it with `avgdesk request add --received DATE`",
        crate::domain::dates::FIRST_YEAR,
        crate::domain::dates::LAST_YEAR
    )]
    DateOutOfRange { header: &'static str, year: i64 },
    /// The message file could not be read.
    #[error("the message could not be read: {0}")]
    Read(String),
    /// Setting a message aside needs a reason.
    #[error("give a short reason why this message is no request")]
    NoReason,
    /// The same message was logged before.
    #[error("this message was already logged as {0}; it is not logged twice")]
    Duplicate(String),
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<StoreError> for IntakeError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::DuplicateMessage { request_id, .. } => IntakeError::Duplicate(request_id),
            other => IntakeError::App(AppError::Store(other)),
        }
    }
}

/// Which header the received date was taken from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReceivedFrom {
    /// The newest `Received:` header: when the school's server took the message in.
    ReceivedHeader,
    /// The sender's `Date:` header (no usable `Received:` header).
    DateHeader,
    /// The delivery time in the Maildir file name (no usable `Received:` header): when the
    /// school's mailbox took the message in.
    Delivery,
    /// The time of the .eml file in the inbox folder (neither header is usable).
    FileTime,
}

/// When a message in the inbox arrived, as the mailbox says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arrival {
    pub at: DateTime<Utc>,
    /// From a Maildir file name (a delivery time), else a file's modification time.
    pub delivered: bool,
}

/// An attachment as listed: never its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attachment {
    pub name: String,
    pub content_type: String,
    /// In bytes, decoded.
    pub size: usize,
    /// An image or PDF whose name suggests an identity document.
    pub id_document: bool,
}

/// A request proposed from a message. The field names are a public contract (`--json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Proposal {
    /// The day the message reached the school, in the board's time zone.
    pub received: NaiveDate,
    /// The moment `received` was taken from (the inbox shows its time).
    #[serde(skip)]
    pub received_at: DateTime<Utc>,
    pub received_from: ReceivedFrom,
    /// The other header's date when the two differ by more than a day: the officer chooses.
    pub received_alternative: Option<NaiveDate>,
    pub requester_name: String,
    /// The address from `Reply-To:` when present, else from `From:`.
    pub requester_contact: String,
    pub channel: Channel,
    pub subject: String,
    /// What is asked, in a line: the subject (without Re:/Fwd:), or when it says nothing, the
    /// body's first sentence that asks for something. Never the whole mail: a summary may be
    /// seen by more people than the mail was meant for.
    pub summary: String,
    /// The plain text of the body (at most [`SUMMARY_CHARS`] characters): kept as the
    /// request's first note, which no letter quotes.
    pub mail_text: String,
    pub kind_suggestion: Kind,
    /// The language the mail seems written in (`nl` or `en`): the requester's letters
    /// are written in it unless the officer chooses otherwise.
    pub language: Language,
    pub attachments: Vec<Attachment>,
    pub id_document_warning: bool,
    pub message_id: Option<String>,
    /// What identifies the message for the duplicate check.
    #[serde(skip)]
    pub key: String,
}

/// Words (folded: lower case, no diacritics) that suggest a kind, most specific kind first:
/// an erasure request often mentions the "dossier" too.
const KIND_WORDS: &[(Kind, &[&str])] = &[
    (
        Kind::Erasure,
        &[
            "verwijder",
            "wissen",
            "vergeten",
            "delete",
            "erase",
            "erasure",
            "forgotten",
        ],
    ),
    (
        Kind::Rectification,
        &[
            "corrigeren",
            "correctie",
            "aanpassen",
            "aangepast",
            "onjuist",
            "rectif",
            "correct",
        ],
    ),
    (Kind::Objection, &["bezwaar", "object"]),
    (Kind::Restriction, &["beperk", "restrict"]),
    (
        Kind::Portability,
        &["overdragen", "overdracht", "meenemen", "meeneem", "portab"],
    ),
    (
        Kind::Access,
        &["inzage", "inzien", "kopie", "dossier", "access", "copy"],
    ),
];

/// The kind the words in `text` suggest (accent- and case-insensitive), else `Other`.
pub fn suggest_kind(text: &str) -> Kind {
    let folded = fold(text);
    KIND_WORDS
        .iter()
        .find(|(_, words)| words.iter().any(|w| folded.contains(w)))
        .map(|(kind, _)| *kind)
        .unwrap_or(Kind::Other)
}

/// Common words that tell Dutch from English (folded); words both languages use ("is",
/// "school", "data") are left out.
const DUTCH_WORDS: &[&str] = &[
    "de",
    "het",
    "een",
    "en",
    "van",
    "ik",
    "mijn",
    "wij",
    "ons",
    "onze",
    "u",
    "uw",
    "niet",
    "voor",
    "met",
    "dat",
    "die",
    "zijn",
    "graag",
    "verzoek",
    "gegevens",
    "zoon",
    "dochter",
    "wil",
    "willen",
    "vraag",
    "naar",
    "ook",
    "bij",
    "om",
    "op",
    "aan",
    "geachte",
    "groet",
    "vriendelijke",
    "alstublieft",
    "dank",
];
const ENGLISH_WORDS: &[&str] = &[
    "the", "and", "of", "i", "my", "our", "you", "your", "not", "for", "with", "that", "this",
    "are", "please", "request", "would", "like", "child", "son", "daughter", "want", "ask", "to",
    "also", "at", "on", "dear", "regards", "thank", "thanks",
];

/// The language `text` seems written in: English when more of its words are common English
/// words than common Dutch ones, else Dutch (the board's own language wins a tie).
pub fn suggest_language(text: &str) -> Language {
    let folded = fold(text);
    let (mut dutch, mut english) = (0usize, 0usize);
    for word in folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        dutch += usize::from(DUTCH_WORDS.contains(&word));
        english += usize::from(ENGLISH_WORDS.contains(&word));
    }
    if english > dutch {
        Language::En
    } else {
        Language::Nl
    }
}

/// Name parts (folded) that suggest an identity document.
const ID_WORDS: &[&str] = &[
    "paspoort",
    "passport",
    "identiteit",
    "identity",
    "idkaart",
    "idcard",
    "rijbewijs",
    "driving",
    "licence",
    "license",
    "verblijf",
];

/// Whether an attachment of `content_type` named `name` looks like an identity document: an
/// image or a PDF with "paspoort", "id", "rijbewijs", ... in its name.
pub fn looks_like_id_document(name: &str, content_type: &str) -> bool {
    let ct = content_type.to_ascii_lowercase();
    let lname = name.to_lowercase();
    let image_or_pdf = ct.starts_with("image/")
        || ct == "application/pdf"
        || [
            ".jpg", ".jpeg", ".png", ".heic", ".gif", ".pdf", ".tif", ".tiff",
        ]
        .iter()
        .any(|e| lname.ends_with(e));
    if !image_or_pdf {
        return false;
    }
    let folded = fold(name);
    let stem = folded
        .rsplit_once('.')
        .map(|(s, _)| s)
        .unwrap_or(folded.as_str());
    stem.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .any(|t| {
            t == "id"
                || t == "ids"
                || (t.starts_with("id") && t[2..].chars().all(|c| c.is_ascii_digit()))
                || ID_WORDS.iter().any(|w| t.contains(w))
        })
}

/// The longest proposed summary, in characters.
const SUMMARY_LINE: usize = 200;

/// Subjects that say nothing of what is asked.
const EMPTY_SUBJECTS: &[&str] = &[
    "",
    "vraag",
    "verzoek",
    "vraagje",
    "question",
    "request",
    "geen onderwerp",
    "no subject",
    "(geen onderwerp)",
    "(no subject)",
    "hallo",
    "hello",
];

/// Words that open a greeting line rather than a request.
const GREETINGS: &[&str] = &[
    "geachte",
    "beste",
    "hallo",
    "hoi",
    "goedemorgen",
    "goedemiddag",
    "dear",
    "hi",
    "hello",
];

/// Words (folded) that mark a sentence as asking for something.
const ASKING: &[&str] = &[
    "graag",
    "verzoek",
    "verzoeken",
    "wil ",
    "wilt",
    "zou",
    "kunt",
    "kopie",
    "inzage",
    "verwijder",
    "please",
    "request",
    "would",
    "could",
    "copy",
];

/// What a message asks, in a line: its subject (without reply and forward marks) when that
/// says something, else the body's first sentence that asks for something (else its first
/// sentence that is no greeting).
fn proposed_summary(subject: &str, body: &str) -> String {
    let mut subject = subject.trim();
    loop {
        let lower = subject.to_lowercase();
        let Some(prefix) = ["re:", "fw:", "fwd:", "antw:", "doorst:"]
            .iter()
            .find(|p| lower.starts_with(*p))
        else {
            break;
        };
        subject = subject[prefix.len()..].trim_start();
    }
    if !EMPTY_SUBJECTS.contains(&subject.to_lowercase().as_str()) {
        return one_line(subject);
    }
    let sentences: Vec<&str> = body
        .split_inclusive(['.', '?', '!', '\n'])
        .map(str::trim)
        .filter(|s| s.chars().any(char::is_alphanumeric))
        .filter(|s| {
            let first = s.split_whitespace().next().unwrap_or("");
            let first = crate::domain::text::fold(first.trim_end_matches(','));
            !GREETINGS.contains(&first.as_str())
        })
        .collect();
    let asks = |s: &&&str| {
        let f = crate::domain::text::fold(s);
        s.ends_with('?') || ASKING.iter().any(|w| f.contains(w))
    };
    let chosen = sentences
        .iter()
        .find(asks)
        .or(sentences.first())
        .copied()
        .unwrap_or(subject);
    one_line(chosen)
}

/// `text` on one line of at most [`SUMMARY_LINE`] characters, with "…" where it was cut.
fn one_line(text: &str) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= SUMMARY_LINE {
        return line;
    }
    let kept: String = line.chars().take(SUMMARY_LINE - 1).collect();
    format!("{}…", kept.trim_end())
}

/// `text` cut at [`SUMMARY_CHARS`] characters, saying how much was left in the mail.
fn shortened(text: String) -> String {
    let total = text.chars().count();
    if total <= SUMMARY_CHARS {
        return text;
    }
    let kept: String = text.chars().take(SUMMARY_CHARS).collect();
    format!(
        "{}\n[… ingekort: {} tekens staan alleen in de mail]",
        kept.trim_end(),
        total - SUMMARY_CHARS
    )
}

/// A size as people read it: "512 B", "120 kB", "3.4 MB".
pub fn human_size(bytes: usize) -> String {
    if bytes < 1_000 {
        format!("{bytes} B")
    } else if bytes < 1_000_000 {
        format!("{} kB", bytes.div_ceil(1_000))
    } else {
        format!("{:.1} MB", bytes as f64 / 1_000_000.0)
    }
}

fn to_utc(d: &mail_parser::DateTime) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(d.to_timestamp(), 0)
}

/// The year a date header writes, when it writes all four digits: mail-parser reads "0000" as
/// 2000, as it rightly reads the two-digit "00" of old mail. The date is after the last `;` of
/// a `Received:` header; the year follows the month's name.
fn written_year(raw: &str) -> Option<i64> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let date = raw.rsplit(';').next().unwrap_or(raw);
    let mut tokens = date
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty());
    tokens.find(|t| MONTHS.contains(&t.to_ascii_lowercase().as_str()))?;
    let year = tokens.next()?;
    if year.len() >= 3 && year.chars().all(|c| c.is_ascii_digit()) {
        year.parse().ok()
    } else {
        None
    }
}

/// The dates a message's headers give, each kept only when its year lies within the years
/// avgdesk accepts (docs/rules.md 1.4); the first one refused is remembered for the message.
struct HeaderDates {
    received: Option<DateTime<Utc>>,
    date: Option<DateTime<Utc>>,
    refused: Option<(&'static str, i64)>,
}

impl HeaderDates {
    fn read(message: &mail_parser::Message<'_>, tz: Tz) -> HeaderDates {
        let raw = |h: &mail_parser::Header<'_>| {
            message
                .raw_message()
                .get(h.offset_start as usize..h.offset_end as usize)
                .map(String::from_utf8_lossy)
                .unwrap_or_default()
                .into_owned()
        };
        let mut refused = None;
        let mut usable = |header: &'static str, d: &mail_parser::DateTime, raw: &str| {
            let year = written_year(raw).unwrap_or(i64::from(d.year));
            let t = to_utc(d)?;
            let local_year = i64::from(chrono::Datelike::year(&t.with_timezone(&tz)));
            let range = i64::from(FIRST_YEAR)..=i64::from(LAST_YEAR);
            if range.contains(&year) && range.contains(&local_year) {
                Some(t)
            } else {
                refused.get_or_insert((header, year));
                None
            }
        };
        // The topmost Received header is the last hop: the school's own server.
        let received = message
            .headers()
            .iter()
            .filter(|h| h.name == mail_parser::HeaderName::Received)
            .find_map(|h| {
                let d = h.value.as_received()?.date()?;
                Some(usable("Received:", &d, &raw(h)))
            })
            .flatten();
        let date = message
            .headers()
            .iter()
            .find(|h| h.name == mail_parser::HeaderName::Date)
            .and_then(|h| usable("Date:", h.value.as_datetime()?, &raw(h)));
        HeaderDates {
            received,
            date,
            refused,
        }
    }
}

/// Reads one message and proposes a request, with dates in the board's time zone `tz`.
/// `Renée <renee@example.nl>` (or a bare `renee@example.nl`) read from a decoded display name:
/// the name, if any, and the address.
fn name_and_address(text: &str) -> Option<(Option<&str>, &str)> {
    let text = text.trim();
    match (text.rfind('<'), text.ends_with('>')) {
        (Some(open), true) => {
            let address = text[open + 1..text.len() - 1].trim();
            let name = text[..open].trim();
            address
                .contains('@')
                .then_some(((!name.is_empty()).then_some(name), address))
        }
        _ => (text.contains('@') && !text.contains(char::is_whitespace)).then_some((None, text)),
    }
}

pub fn propose(raw: &[u8], tz: Tz) -> Result<Proposal, IntakeError> {
    propose_arrived(raw, tz, None)
}

/// The longest summary taken from a message: the rest of a long mail stays in the mailbox
/// (data minimisation; the request needs what is asked, not every quoted reply).
pub const SUMMARY_CHARS: usize = 4_000;

/// As [`propose`], for a message found in the inbox: without a `Received:` header the
/// mailbox's delivery time counts (the day the school had it), not the sender's `Date:`; a
/// file's time is used only when neither header gives one.
pub fn propose_arrived(
    raw: &[u8],
    tz: Tz,
    arrival: Option<Arrival>,
) -> Result<Proposal, IntakeError> {
    let message = MessageParser::default()
        .parse(raw)
        .filter(|m| !m.headers().is_empty())
        .ok_or(IntakeError::Unparsable)?;
    let from = message
        .from()
        .and_then(|a| a.first())
        .ok_or(IntakeError::NoFrom)?;
    let (from_name, from_address) = match from.address().filter(|s| s.contains('@')) {
        Some(address) => (from.name(), address),
        // Some web forms (and Python's mail library) encode the whole `Name <address>` as one
        // encoded word: decoded, it arrives as a name with no address.
        None => from
            .name()
            .and_then(name_and_address)
            .ok_or(IntakeError::NoFrom)?,
    };
    // Text from the message is the sender's: control characters in it are replaced, never
    // stored (docs/rules.md 1.4).
    let from_address = scrub(from_address.trim(), Shape::Line);
    let requester_name = scrub(
        from_name
            .map(str::trim)
            .map(|n| n.trim_matches('"').trim())
            .filter(|n| !n.is_empty())
            .unwrap_or(from_address.as_str()),
        Shape::Name,
    );
    let requester_contact = scrub(
        message
            .reply_to()
            .and_then(|a| a.first())
            .and_then(|a| a.address())
            .map(str::trim)
            .filter(|s| s.contains('@'))
            .unwrap_or(from_address.as_str()),
        Shape::Line,
    );

    let headers = HeaderDates::read(&message, tz);
    let (received_at, date_at) = (headers.received, headers.date);
    let day = |t: DateTime<Utc>| t.with_timezone(&tz).date_naive();
    // A mailbox's own time is held to the same years (a file dated 1601 is a broken copy).
    let arrival = arrival.filter(|a| in_range(day(a.at)));
    let delivered = arrival.filter(|a| a.delivered).map(|a| a.at);
    let file_time = arrival.filter(|a| !a.delivered).map(|a| a.at);
    // The first is the date the law counts; the second is the sender's, shown when they differ.
    let (first, from, second) = match (received_at, delivered, date_at, file_time) {
        (Some(r), _, d, _) => (r, ReceivedFrom::ReceivedHeader, d),
        (None, Some(m), d, _) => (m, ReceivedFrom::Delivery, d),
        (None, None, Some(d), _) => (d, ReceivedFrom::DateHeader, None),
        (None, None, None, Some(f)) => (f, ReceivedFrom::FileTime, None),
        (None, None, None, None) => {
            return Err(match headers.refused {
                Some((header, year)) => IntakeError::DateOutOfRange { header, year },
                None => IntakeError::NoDate,
            })
        }
    };
    let received = day(first);
    let received_from = from;
    let received_alternative = second
        .filter(|d| (first - *d).num_seconds().abs() > 24 * 3600)
        .map(day)
        .filter(|a| *a != received);

    let subject = scrub(message.subject().unwrap_or_default().trim(), Shape::Line);
    let mut body = String::new();
    for i in 0..message.text_body_count() {
        if let Some(text) = message.body_text(i) {
            if !body.is_empty() {
                body.push_str("\n\n");
            }
            body.push_str(text.trim());
        }
    }
    let body = scrub(&body, Shape::Lines);
    let summary = proposed_summary(&subject, &body);
    let mail_text = shortened(body.clone());
    let kind_suggestion = suggest_kind(&format!("{subject}\n{body}"));
    let language = suggest_language(&format!("{subject}\n{body}"));

    let attachments: Vec<Attachment> = message
        .attachments()
        .map(|part| {
            let name = scrub(
                part.attachment_name()
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .unwrap_or("(zonder naam)"),
                Shape::Line,
            );
            let content_type = part
                .content_type()
                .map(|ct| match ct.subtype() {
                    Some(sub) => format!("{}/{sub}", ct.ctype()),
                    None => ct.ctype().to_string(),
                })
                .unwrap_or_else(|| "application/octet-stream".into())
                .to_ascii_lowercase();
            let content_type = scrub(&content_type, Shape::Line);
            let id_document = looks_like_id_document(&name, &content_type);
            Attachment {
                size: part.len(),
                name,
                content_type,
                id_document,
            }
        })
        .collect();
    let id_document_warning = attachments.iter().any(|a| a.id_document);
    let message_id = message
        .message_id()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| scrub(s, Shape::Line));
    let key = match &message_id {
        Some(id) => format!("message-id:{id}"),
        None => {
            let when = date_at
                .or(received_at)
                .map(|t| t.to_rfc3339())
                .unwrap_or_default();
            format!(
                "sender:{}|date:{when}|subject:{subject}",
                from_address.to_lowercase()
            )
        }
    };
    Ok(Proposal {
        received,
        received_at: first,
        received_from,
        received_alternative,
        requester_name,
        requester_contact,
        channel: Channel::Email,
        subject,
        summary,
        mail_text,
        kind_suggestion,
        language,
        attachments,
        id_document_warning,
        message_id,
        key,
    })
}

impl Proposal {
    /// The request to log: the suggested kind, the requester's role unknown, no pupil (never
    /// guessed from the text).
    pub fn new_request(&self) -> NewRequest {
        NewRequest {
            kind: self.kind_suggestion,
            received: self.received,
            channel: self.channel,
            requester: Person {
                name: self.requester_name.clone(),
                role: None,
                contact: self.requester_contact.clone(),
            },
            pupil: Pupil::default(),
            summary: self.summary.clone(),
            language: self.language,
        }
    }

    /// The request's first note: the mail's text (for the officer, quoted by no letter) and
    /// the attachments it had; `None` when the mail had neither.
    pub fn first_note(&self) -> Option<String> {
        let text = (!self.mail_text.trim().is_empty())
            .then(|| format!("Tekst van de e-mail:\n{}", self.mail_text.trim()));
        let parts: Vec<String> = text.into_iter().chain(self.attachments_note()).collect();
        (!parts.is_empty()).then(|| parts.join("\n\n"))
    }

    /// The timeline note listing the attachments (names, types, sizes, the identity-document
    /// warning), or `None` without attachments.
    pub fn attachments_note(&self) -> Option<String> {
        if self.attachments.is_empty() {
            return None;
        }
        let list: Vec<String> = self
            .attachments
            .iter()
            .map(|a| {
                let mut s = format!("{} {} {}", a.name, a.content_type, human_size(a.size));
                if a.id_document {
                    s += " — lijkt een identiteitsbewijs: verwijder de bijlage uit de mail (reglement 8.1)";
                }
                s
            })
            .collect();
        Some(format!("Bijlagen (niet bewaard): {}", list.join("; ")))
    }
}

/// The request this message was logged as before, if any.
pub fn logged_as(session: &Session, proposal: &Proposal) -> Result<Option<String>, IntakeError> {
    Ok(session.store.intake_logged_as(&proposal.key)?)
}

/// Logs the proposal as a new request, with the attachments' note, in one transaction; the
/// same message a second time is refused with the id it was logged as.
pub fn log(session: &mut Session, proposal: &Proposal) -> Result<Request, IntakeError> {
    log_as(session, proposal, proposal.new_request(), None)
}

/// Logs `new` (the proposal as the officer checked and completed it) for the message of
/// `proposal`, found in the inbox as `mailbox_name` if it was.
pub fn log_as(
    session: &mut Session,
    proposal: &Proposal,
    new: NewRequest,
    mailbox_name: Option<&str>,
) -> Result<Request, IntakeError> {
    new.validate(session.today())
        .map_err(|e| IntakeError::App(AppError::Invalid(e)))?;
    let now = session.now();
    let prefix = session.config.request_prefix.clone();
    let note = proposal.first_note();
    Ok(session.store.add_request_from_message(
        &new,
        &prefix,
        now,
        &proposal.key,
        note.as_deref(),
        mailbox_name,
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_year_is_read_as_the_header_writes_it() {
        assert_eq!(written_year("Sat, 1 Jan 0000 10:00:00 +0000"), Some(0));
        assert_eq!(written_year("31 Dec 1899 10:00:00 +0000"), Some(1899));
        assert_eq!(
            written_year("from a (b [192.0.2.1])\r\n\tby mx; Mon, 23 Nov 2026 09:15 +0100"),
            Some(2026)
        );
        // Two digits are the old form mail-parser reads rightly (26 is 2026).
        assert_eq!(written_year("Mon, 23 Nov 26 09:14:00 +0100"), None);
        assert_eq!(written_year("garbage"), None);
    }
}
