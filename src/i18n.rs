//! The interface's words: one table, Dutch (default) and English side by side.

pub mod dates;

use crate::domain::breach::{
    BreachStatus, Category, FollowUpKind, Group, Nature, Risk, SubjectsDecision,
};
use crate::domain::request::{Channel, Decision, Flag, Kind, Language, Role, RuleError, Status};

/// `text` as a sentence: its first letter a capital ("verlengen kan niet meer" becomes
/// "Verlengen kan niet meer").
pub fn sentence(text: &str) -> String {
    // A message that opens with a name as written elsewhere (a config key such as
    // `organisation.name`, a file, a command) keeps it exactly: only a plain word is capitalised.
    let first_word = text.split_whitespace().next().unwrap_or("");
    let plain = first_word
        .trim_end_matches([',', ':', ';'])
        .chars()
        .all(char::is_alphabetic);
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if plain && first.is_lowercase() => first.to_uppercase().chain(chars).collect(),
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod sentence_tests {
    use super::sentence;

    #[test]
    fn a_message_starts_with_a_capital_unless_it_opens_with_a_name() {
        assert_eq!(
            sentence("verlengen kan niet meer"),
            "Verlengen kan niet meer"
        );
        assert_eq!(sentence("leg eerst, dan"), "Leg eerst, dan");
        assert_eq!(
            sentence("organisation.name staat niet in het configuratiebestand"),
            "organisation.name staat niet in het configuratiebestand"
        );
        assert_eq!(sentence("avgdesk-demo.db: weg"), "avgdesk-demo.db: weg");
        assert_eq!(sentence(""), "");
    }
}

/// Declares Dutch and English labels for the variants of a code enum.
macro_rules! labels {
    ($ty:ident { $($variant:ident => $nl:literal, $en:literal;)+ }) => {
        impl $ty {
            pub fn label(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $(($ty::$variant, Lang::Nl) => $nl, ($ty::$variant, Lang::En) => $en,)+
                }
            }
        }
    };
}

labels!(Nature {
    Confidentiality => "vertrouwelijkheid (ingezien of gekopieerd)", "confidentiality (read or copied)";
    Integrity => "integriteit (gewijzigd)", "integrity (altered)";
    Availability => "beschikbaarheid (verloren of vernietigd)", "availability (lost or destroyed)";
    Theft => "diefstal", "theft";
});

labels!(Category {
    NameAddress => "naam, adres, woonplaats", "name, address";
    Contact => "telefoon, e-mail", "phone, e-mail";
    Login => "inloggegevens", "login data";
    Financial => "financiële gegevens", "financial data";
    IdCopies => "kopieën identiteitsbewijs", "copies of ID documents";
    SexBirthAge => "geslacht, geboortedatum, leeftijd", "sex, date of birth, age";
    Bsn => "BSN", "BSN";
    Special => "bijzondere persoonsgegevens", "special categories";
    Health => "gezondheid", "health";
    Criminal => "strafrechtelijke gegevens", "criminal data";
    Other => "overig", "other";
});

labels!(Group {
    Pupils => "leerlingen", "pupils";
    Parents => "ouders", "parents";
    Staff => "personeel", "staff";
    Other => "overig", "other";
});

labels!(Risk {
    None => "geen risico", "no risk";
    Risk => "risico", "risk";
    High => "hoog risico", "high risk";
});

labels!(BreachStatus {
    Open => "open", "open";
    Assessed => "beoordeeld", "assessed";
    Notified => "gemeld", "notified";
    NotNotified => "niet gemeld", "not notified";
    Closed => "gesloten", "closed";
});

labels!(SubjectsDecision {
    Informed => "geïnformeerd", "informed";
    NotRequired => "niet nodig (geen hoog risico)", "not required (no high risk)";
    Unintelligible => "uitzondering a: onbegrijpelijk (versleuteld)", "exception a: unintelligible (encrypted)";
    RiskRemoved => "uitzondering b: risico weggenomen", "exception b: risk removed";
    Disproportionate => "uitzondering c: onevenredige inspanning (openbare mededeling)", "exception c: disproportionate effort (public communication)";
});

labels!(FollowUpKind {
    Supplement => "aanvulling", "supplement";
    Withdrawal => "intrekking", "withdrawal";
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Nl,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "nl" | "nederlands" | "dutch" => Some(Lang::Nl),
            "en" | "english" | "engels" => Some(Lang::En),
            _ => None,
        }
    }
}

/// Declares the string table: each entry has its Dutch and English text.
macro_rules! strings {
    ($($key:ident => $nl:literal, $en:literal;)+) => {
        /// A piece of interface text.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[allow(non_camel_case_types)]
        pub enum T { $($key),+ }

        impl T {
            pub const ALL: &'static [T] = &[$(T::$key),+];

            pub fn get(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((T::$key, Lang::Nl) => $nl, (T::$key, Lang::En) => $en,)+
                }
            }
        }
    };
}

strings! {
    app_title => "avgdesk", "avgdesk";
    tab_requests => "Verzoeken", "Requests";
    tab_breaches => "Datalekken", "Breaches";
    tab_consent => "Toestemming", "Consent";
    too_small => "Terminal te klein", "Terminal too small";
    too_small_hint => "Maak het venster minstens", "Make the window at least";
    col_id => "Nummer", "Id";
    col_kind => "Soort", "Kind";
    col_who => "Verzoeker/leerling", "Requester/pupil";
    col_received => "Ontvangen", "Received";
    col_deadline => "Termijn", "Deadline";
    col_days => "Dagen", "Days";
    col_status => "Status", "Status";
    status_open => "open", "open";
    status_due_7 => "binnen 7 dagen", "due within 7 days";
    status_overdue => "te laat", "overdue";
    status_requests_overdue => "verzoeken te laat", "requests overdue";
    status_requests => "verzoeken", "requests";
    status_past_policy => "na beleid", "past policy";
    empty_queue => "Geen openstaande verzoeken. Druk op a om er een toe te voegen.", "No open requests. Press a to add one.";
    no_match => "Geen verzoeken gevonden voor", "No requests match";
    no_match_breaches => "Geen datalekken gevonden voor", "No breaches match";
    esc_clears_search => "Esc wist de zoekopdracht.", "Esc clears the search.";
    filter => "Filter", "Filter";
    showing_closed => "incl. gesloten", "incl. closed";
    help_title => "Toetsen", "Keys";
    help_close => "Esc of ? sluit de hulp", "Esc or ? closes help";
    key_add => "nieuw", "new";
    key_open => "openen", "open";
    key_back => "terug", "back";
    key_extend => "verlengen", "extend";
    key_pause => "opschorten", "pause";
    key_resume => "hervatten", "resume";
    key_identity => "identiteit", "identity";
    key_note => "notitie", "note";
    key_decide => "besluit", "decide";
    key_close => "sluiten", "close";
    key_recipients => "ontvangers", "recipients";
    key_edit => "wijzigen", "edit";
    key_filter => "zoeken", "filter";
    key_show_left => "uitgeschreven tonen", "show pupils who left";
    key_toggle_closed => "gesloten tonen", "show closed";
    key_help => "hulp", "help";
    key_quit => "stoppen", "quit";
    key_tabs => "tabblad", "tab";
    key_move => "omlaag/omhoog", "down/up";
    key_save => "opslaan", "save";
    overdue_by => "te laat", "overdue by";
    cell_given => "ja", "yes";
    col_group => "Groep", "Class";
    cell_refused => "nee", "no";
    cell_withdrawn => "int", "wd";
    state_given => "gegeven", "given";
    state_refused => "geweigerd", "refused";
    state_withdrawn => "ingetrokken", "withdrawn";
    state_not_asked => "niet gevraagd", "not asked";
    state_no_consent => "geen toestemming", "no consent";
    state_not_given => "geen toestemming (geweigerd, ingetrokken of niet gevraagd)", "no consent (refused, withdrawn or not asked)";
    filter_all => "alle", "all";
    f_purpose => "Doel", "Purpose";
    f_state => "Toestemming", "Consent";
    f_search => "Naam of nummer", "Name or number";
    f_value => "Antwoord", "Answer";
    f_given_by => "Gegeven door", "Given by";
    f_effective => "Geldt vanaf", "Effective from";
    form_version => "Formulierversie", "Form version";
    pupils => "leerlingen", "pupils";
    pupil_one => "leerling", "pupil";
    years => "jaar", "years";
    event_created => "verzoek vastgelegd", "request logged";
    no_pupils => "Geen leerlingen voor dit filter. Importeer leerlingen met: avgdesk pupil import BESTAND.csv", "No pupils match. Import pupils with: avgdesk pupil import FILE.csv";
    flag_turns_16 => "wordt 16 op", "turns 16 on";
    flag_16_parental => "16+ met alleen antwoorden van ouders: de leerling beslist nu zelf", "16+ with only parental answers: the pupil now decides";
    flag_outdated_form => "antwoord op een oudere formulierversie", "answer on an older form version";
    pupil_left => "uitgeschreven", "left the school";
    from_future => "gaat nog in", "not yet in effect";
    pupil_detail_hint => "Esc terug · ←/→ kiest een doel in het overzicht · Spatie wijzigt", "Esc back · ←/→ picks a purpose in the grid · Space changes";
    form_consent_filter => "Overzicht filteren", "Filter the overview";
    form_consent_set => "Toestemming vastleggen", "Record consent";
    consent_filter_hint => "Bijv. groep 6, website, geen toestemming: wie mag niet op de website?", "E.g. group 6, website, no consent: who may not appear on the website?";
    err_state_needs_purpose => "kies een doel om op toestemming te filteren", "choose a purpose to filter on consent";
    role_parent => "ouder", "parent";
    role_pupil => "leerling", "pupil";
    method_form => "formulier", "form";
    method_email => "e-mail", "e-mail";
    method_portal => "portaal", "portal";
    method_verbal => "mondeling", "verbal";
    key_change_cell => "wijzigen", "change";
    key_detail_pupil => "leerling", "pupil";
    key_filter_grid => "filter", "filter";
    key_export_list => "lijst", "list";
    key_purpose => "doel", "purpose";
    msg_exported => "Lijst opgeslagen in", "List saved to";
    notice_new_db => "Nieuwe, lege database aangemaakt:", "Created a new, empty database:";
    notice_demo => "Demo-db (tijdelijk):", "Demo db (temporary):";
    notice_tightened => "Was leesbaar voor anderen, nu alleen voor jou (0600):", "Was readable by others, now by you only (0600):";
    empty_register => "Geen open datalekken (g toont gesloten). Druk op a (of b op elk tabblad) om er een te starten.", "No open breaches (g shows closed ones). Press a (or b on any tab) to start one.";
    col_aware => "Bekend", "Aware";
    col_ap_due => "Melden vóór", "AP due";
    col_left => "Over", "Left";
    subjects_required => "hoog risico: informeren of uitzondering vastleggen", "high risk: inform them or record an exception";
    capture_prompt => "Log", "Log";
    capture_hint => "· Enter slaat de regel direct op · Esc stopt", "· Enter stores the line at once · Esc stops";
    breach_pending => "datalek", "breach";
    key_new_breach => "nieuw datalek", "new breach";
    key_log => "logregel", "log line";
    key_stop_log => "log stoppen", "stop logging";
    key_complete => "aanvullen", "complete";
    key_assess => "risico", "risk";
    key_notify_ap => "gemeld AP", "notified AP";
    key_no_notify => "niet melden", "don't notify";
    key_subjects => "betrokkenen", "data subjects";
    key_followup => "vervolgmelding", "follow-up";
    key_save_form => "opslaan (formulier)", "save (in a form)";
    key_cancel => "annuleren", "cancel";
    key_next_field => "volgend veld", "next field";
    key_choose => "kiezen", "choose";
    key_toggle => "afvinken", "tick off";
    key_scroll => "scrollen", "scroll";
    form_new_request => "Nieuw verzoek", "New request";
    form_edit_request => "Verzoek wijzigen", "Edit request";
    form_extend => "Verlengen met twee maanden", "Extend by two months";
    form_pause => "Termijn opschorten", "Pause the clock";
    form_resume => "Termijn hervatten", "Resume the clock";
    form_identity => "Identiteit gecontroleerd", "Identity checked";
    form_note => "Notitie toevoegen", "Add note";
    form_decide => "Besluit vastleggen", "Record decision";
    form_close => "Verzoek sluiten", "Close request";
    form_recipients => "Ontvangers informeren (art. 19)", "Tell recipients (art. 19)";
    form_errors => "Nog niet opgeslagen:", "Not saved yet:";
    f_kind => "Soort", "Kind";
    f_received => "Ontvangen op", "Received on";
    f_channel => "Kanaal", "Channel";
    f_requester => "Verzoeker", "Requester";
    f_role => "Rol", "Role";
    f_contact => "Contact", "Contact";
    f_language => "Taal brieven", "Letter language";
    f_pupil => "Leerling", "Pupil";
    f_birth => "Geboortedatum", "Date of birth";
    f_school => "School", "School";
    f_class => "Groep/klas", "Class";
    f_summary => "Omschrijving", "Summary";
    f_reason => "Reden", "Reason";
    f_date => "Datum", "Date";
    f_method => "Methode", "Method";
    f_checked_by => "Gecontroleerd door", "Checked by";
    f_note => "Notitie", "Note";
    f_decision => "Besluit", "Decision";
    f_new_recipient => "Nieuwe ontvanger", "New recipient";
    f_confirm => "Bevestigen", "Confirm";
    hint_date => "DD-MM-JJJJ, leeg = vandaag", "YYYY-MM-DD, empty = today";
    hint_optional_date => "DD-MM-JJJJ of leeg", "YYYY-MM-DD or empty";
    hint_choice => "←/→ om te kiezen", "←/→ to choose";
    hint_reason_in_letter => "komt zo in de brief aan de verzoeker", "goes into the letter to the requester as written";
    hint_complaint => "Vermeld in het antwoord het recht om te klagen (klachtenregeling, AP of rechter).", "Mention the right to complain in the answer (complaint procedure, the AP or the court).";
    err_required => "is verplicht", "is required";
    err_date => "is geen datum; schrijf DD-MM-JJJJ", "is not a date; write YYYY-MM-DD";
    err_date_range => "ligt buiten de jaren 1900 tot en met 2100 die avgdesk aanneemt", "lies outside the years 1900 to 2100 that avgdesk accepts";
    err_future => "ligt in de toekomst", "lies in the future";
    d_requester => "Verzoeker", "Requester";
    d_pupil => "Leerling", "Pupil";
    d_deadlines => "Termijnen", "Deadlines";
    d_legal => "Wettelijk (1 maand)", "Legal (1 month)";
    d_policy => "Beleid", "Policy";
    d_operative => "Geldend", "Operative";
    d_notice_due => "Meld verlenging uiterlijk", "Notify extension by";
    d_notice_legal_due => "Uiterlijk volgens de wet", "By law at the latest";
    d_extended_legal => "Verlengd wettelijk", "Extended legal";
    d_extended_policy => "Verlengd beleid", "Extended policy";
    d_without_pauses => "zonder opschorting", "without pauses";
    d_paused_days => "Opgeschorte dagen", "Paused days";
    d_days_left => "Stand", "Where it stands";
    d_identity => "Identiteit", "Identity";
    d_not_checked => "nog niet gecontroleerd", "not yet checked";
    d_extension => "Verlenging", "Extension";
    d_none => "geen", "none";
    d_pauses => "Opschortingen", "Pauses";
    d_recipients => "Ontvangers", "Recipients";
    d_decision => "Besluit", "Decision";
    d_timeline => "Tijdlijn", "Timeline";
    d_flags => "Let op", "Attention";
    d_summary => "Omschrijving", "Summary";
    d_open => "loopt", "running";
    d_told => "geïnformeerd", "told";
    d_not_told => "nog informeren", "still to tell";
    d_channel => "Kanaal", "Channel";
    d_by => "door", "by";
    msg_saved => "Opgeslagen", "Saved";
    msg_added => "Toegevoegd", "Added";
    msg_note_added => "Notitie toegevoegd bij", "Note added to";
    msg_followup_added => "Vervolgmelding vastgelegd bij", "Follow-up recorded for";
    msg_conflict => "Intussen gewijzigd door een ander; niets opgeslagen. Wijzigingen:", "Changed by someone else meanwhile; nothing saved. Their changes:";
    msg_reloaded => "Het verzoek is opnieuw geladen; probeer het nog eens.", "The request was reloaded; try again.";
    msg_select_first => "Kies eerst een verzoek.", "Select a request first.";
    days_overdue => "te laat", "overdue";
    today => "vandaag", "today";
    unknown => "onbekend", "unknown";
    yes => "ja", "yes";
    no => "nee", "no";
    not_decided => "nog niet besloten", "not yet decided";
    ap_header => "Datalek", "Personal-data breach";
    ap_organisation => "Melder en contactpersoon", "Notifying organisation and contact";
    ap_org_name => "Organisatie", "Organisation";
    ap_contact => "Contactpersoon", "Contact";
    ap_email => "E-mail", "E-mail";
    ap_phone => "Telefoon", "Phone";
    ap_timeline => "Tijdlijn", "Timeline";
    ap_occurred => "Ontstaan op", "Occurred";
    ap_discovered => "Ontdekt op", "Discovered";
    ap_aware => "Bekend bij de school (72 uur vanaf)", "School aware (72 hours from)";
    ap_ongoing => "Duurt het lek nog voort", "Still ongoing";
    ap_description => "Omschrijving en oorzaak", "Description and cause";
    ap_title => "Titel", "Title";
    ap_what => "Wat is er gebeurd", "What happened";
    ap_cause => "Oorzaak", "Cause";
    ap_nature => "Aard van het lek", "Nature of the breach";
    ap_categories => "Soorten persoonsgegevens", "Categories of personal data";
    ap_numbers => "Aantallen", "Numbers";
    ap_records => "Aantal records (min–max)", "Records (min–max)";
    ap_people => "Aantal personen (min–max)", "People (min–max)";
    ap_groups => "Groepen betrokkenen", "Groups of people";
    ap_protection => "Maatregelen vóór het lek", "Protection before the breach";
    ap_encrypted => "Versleuteld of gehasht", "Encrypted or hashed";
    ap_how => "Hoe", "How";
    ap_consequences => "Gevolgen", "Consequences";
    ap_severity => "Ernst", "Severity";
    ap_subjects => "Betrokkenen informeren", "Informing data subjects";
    ap_reasoning => "Motivering", "Reasoning";
    ap_public => "Openbare mededeling", "Public communication";
    ap_informed_at => "Geïnformeerd op", "Informed on";
    ap_measures => "Maatregelen", "Measures";
    ap_taken => "Genomen maatregelen", "Measures taken";
    ap_planned => "Geplande maatregelen", "Measures planned";
    ap_processor => "Verwerker", "Processor";
    ap_processor_told => "Verwerker meldde het op", "Processor told the school on";
    ap_cross_border => "Grensoverschrijdend", "Cross-border";
    ap_assessment => "Beoordeling en melding", "Assessment and notification";
    ap_risk => "Risico", "Risk";
    ap_deadline => "Uiterste meldtijd AP", "AP deadline";
    ap_notify => "Melden bij de AP", "Notify the AP";
    ap_no_notify_reason => "Reden om niet te melden", "Reason not to notify";
    ap_notified_at => "Gemeld op", "Notified on";
    ap_reference => "Meldnummer AP", "AP reference";
    ap_delay_reason => "Reden voor late melding", "Reason for the delay";
    ap_followup => "Vervolgmelding", "Follow-up";
    ap_log => "Logboek", "Log";
    ap_log_line => "Regel", "Line";
    hint_datetime => "DD-MM-JJJJ UU:MM", "YYYY-MM-DD HH:MM";
    hint_datetime_unknown => "DD-MM-JJJJ UU:MM, leeg = onbekend", "YYYY-MM-DD HH:MM, empty = unknown";
    hint_range => "aantal of min-max, bijv. 100-150", "number or min-max, e.g. 100-150";
    err_datetime => "is geen datum en tijd; schrijf JJJJ-MM-DD UU:MM", "is not a date and time; write YYYY-MM-DD HH:MM";
    err_time_skipped => "bestaat niet: de klok springt dan een uur vooruit; kies een tijd erna", "does not exist: the clocks jump forward then; choose a later time";
    err_range => "is geen aantal; schrijf een getal of min-max", "is not a number; write a number or min-max";
    f_aware => "Bekend sinds", "Aware since";
    form_breach_start => "Nieuw datalek (de 72 uur lopen vanaf nu)", "New breach (the 72 hours run from now)";
    form_breach_edit => "Datalek aanvullen (volgorde meldformulier AP)", "Complete the breach (AP form order)";
    form_breach_assess => "Risico beoordelen", "Assess the risk";
    form_breach_notify => "Gemeld bij de AP", "Notified to the AP";
    form_breach_no_notify => "Niet melden bij de AP", "Do not notify the AP";
    form_breach_subjects => "Betrokkenen (art. 34)", "Data subjects (art. 34)";
    form_breach_followup => "Vervolgmelding aan de AP", "Follow-up to the AP";
    form_breach_close => "Datalek sluiten", "Close breach";
    breach_aware_now => "Bekend sinds:", "Aware since:";
    confirm_close => "sluiten? Enter = ja, Esc = nee", "close it? Enter = yes, Esc = no";
    // The panes and their components (issue 8).
    confirm_discard => "Wijzigingen weggooien? Enter = ja, Esc = terug naar het formulier", "Discard your changes? Enter = yes, Esc = back to the form";
    message_title => "Melding", "Message";
    help_in_form => "In een formulier", "In a form";
    key_clear_filter => "zoeken wissen", "clear search";
    key_prev_field => "vorig veld", "previous field";
    key_enter_next => "volgend/vorig veld", "next/previous field";
    key_line_ends => "begin/einde regel", "start/end of line";
    key_clear_line => "wissen tot begin", "clear to start";
    key_clear_field => "veld leegmaken", "clear the field";
    key_delete_word => "woord wissen", "delete word";
    key_yes => "ja", "yes";
    key_no => "nee", "no";
    key_store_line => "regel opslaan", "store line";
    key_apply => "toepassen", "apply";
    col_legal => "Wettelijk", "Legal";
    col_policy => "Beleid", "Policy";
    d_operative_policy => "beleidstermijn, eerder dan de wettelijke", "policy deadline, earlier than the legal one";
    d_operative_legal => "wettelijke termijn, eerder dan het beleid", "legal deadline, earlier than the policy";
    d_operative_both => "wettelijk en beleid vallen samen", "legal and policy deadlines coincide";
    f_refused_by => "Geweigerd door", "Refused by";
    f_withdrawn_by => "Ingetrokken door", "Withdrawn by";
    showing_left => "uitgeschreven zichtbaar", "pupils who left shown";
    status_due_7_short => "≤7 d", "≤7 d";
    col_people => "Personen", "People";
    col_categories => "Gegevens", "Data";
    msg_closed => "Gesloten", "Closed";
    key_kill_line => "wissen tot einde", "clear to end";
    letters_title => "Brieven", "Letters";
    letters_preview => "voorbeeld", "preview";
    key_letters => "brieven", "letters";
    key_copy => "kopiëren", "copy";
    key_write_file => "naar bestand", "to a file";
    key_mark_sent => "verzonden", "mark sent";
    key_export_register => "register (CSV)", "register (CSV)";
    msg_copied => "Gekopieerd naar het klembord van uw terminal (OSC 52)", "Copied to your terminal's clipboard (OSC 52)";
    msg_written => "Geschreven:", "Written:";
    form_letter_sent => "Brief verzonden", "Letter sent";
    f_via => "Hoe", "How";
    msg_letter_sent => "Vastgelegd als verzonden:", "Recorded as sent:";
    reason_identification => "wacht op identificatie", "waiting for identification";
    pause_after_deadline_hint => "De termijn verliep op %s: een opschorting kan alleen op of vóór die dag begonnen zijn (de dag waarop u om identificatie of verduidelijking vroeg); later vastleggen mag.", "The deadline passed on %s: a pause can only have started on or before that day (the day you asked for identification or clarification); recording it later is fine.";
    recorded_on => "vastgelegd op", "recorded on";
    offer_pause_after_identification => "De identificatie is gevraagd: termijn opschorten vanaf de verzenddatum? Ctrl-S = ja, Esc = nee.", "Identification was asked for: suspend the term from the day it was sent? Ctrl-S = yes, Esc = no.";
    d_letters => "Brieven verzonden", "Letters sent";
    key_letter_lang => "taal", "language";
    key_edit_letter => "bewerken", "edit";
    letters_language => "Taal van de brieven:", "Letters in:";
    letters_sent_on => "verzonden", "sent";
    letter_edited => "bewerkt", "edited";
    ask_again => "nogmaals vastleggen? Enter = ja, Esc = nee", "record it again? Enter = yes, Esc = no";
    msg_letter_edited => "Brief bewerkt: y, s en m gebruiken de bewerkte tekst", "Letter edited: y, s and m use the edited text";
    msg_letter_unchanged => "Brief niet gewijzigd", "Letter unchanged";
    msg_editor_failed => "De editor is niet gelukt; de brief is niet gewijzigd:", "The editor did not work; the letter is unchanged:";
    msg_recipients_told => "ingelicht:", "told:";
    ask_decision_unsent => "Let op: de besluitbrief is niet als verzonden vastgelegd (L, dan m).", "Note: the decision letter was not marked sent (L, then m).";
    warn_identity_unchecked => "De identiteit is niet gecontroleerd (i). Ctrl-S nogmaals om toch in te willigen.", "The identity was not checked (i). Ctrl-S again to grant anyway.";
    ask_no_recipients => "Er zijn geen ontvangers vastgelegd. Zijn de gegevens aan niemand verstrekt (art. 19)? Enter = aan niemand: vastleggen en sluiten. Esc = terug; met o legt u ontvangers vast.", "No recipients are recorded. Was the data disclosed to no one (art. 19)? Enter = no one: record it and close. Esc = back; o records recipients.";
    d_recipients_none => "Aan niemand verstrekt (art. 19)", "Disclosed to no one (art. 19)";
    audit_tampered => "Het audit-logboek is aangetast", "The audit trail has been tampered with";
    audit_row => "rij", "row";
    audit_run_verify => "voer `avgdesk audit verify` uit", "run `avgdesk audit verify`";
    audit_record_differs => "wijkt af van het audit-logboek", "differs from the audit trail";
    audit_field => "veld", "field";
    help_db_encrypted => "Database: versleuteld", "Database: encrypted";
    help_db_plain => "Database: niet versleuteld", "Database: not encrypted";
    f_letter => "Brief verstuurd", "Letter sent";
    role_unknown => "rol onbekend", "role unknown";
    // The inbox (issue 11).
    key_inbox => "postvak", "inbox";
    key_log_message => "vastleggen", "log it";
    key_set_aside => "apart zetten/terug", "set aside/put back";
    key_show_set_aside => "apart gezette", "set aside ones";
    status_inbox => "postvak", "inbox";
    inbox_title => "Postvak", "Inbox";
    inbox_set_aside_title => "Apart gezet (geen verzoek)", "Set aside (no request)";
    inbox_none => "Geen postvak ingesteld. Zet in de configuratie [intake] maildir = \"~/Maildir/.Privacy\" of folder = \"~/privacy-inbox\".", "No inbox configured. Set [intake] maildir = \"~/Maildir/.Privacy\" or folder = \"~/privacy-inbox\" in the config.";
    inbox_empty => "Geen berichten om te verwerken.", "No messages to handle.";
    inbox_none_set_aside => "Niets apart gezet. g = terug naar het postvak.", "Nothing set aside. g = back to the inbox.";
    inbox_messages => "berichten", "messages";
    inbox_back => "m of Esc = terug naar de verzoeken", "m or Esc = back to the requests";
    inbox_unreadable => "(onleesbaar)", "(unreadable)";
    col_arrival => "Binnen", "Arrived";
    col_sender => "Afzender", "Sender";
    col_subject => "Onderwerp", "Subject";
    col_suggested => "Soort (voorstel)", "Kind (suggested)";
    col_attachments => "Bijl.", "Att.";
    col_reason => "Reden", "Reason";
    col_set_aside_by => "Door", "By";
    col_set_aside_on => "Op", "On";
    inbox_logged_before => "al vastgelegd:", "logged as";
    form_from_mail => "Verzoek uit e-mail", "Request from e-mail";
    form_set_aside => "Apart zetten: geen verzoek", "Set aside: no request";
    mail_received_from_received => "Ontvangen volgens de Received:-kop (de server van de school):", "Received according to the Received: header (the school's server):";
    mail_received_from_date => "Ontvangen volgens de Date:-kop (geen Received:-kop):", "Received according to the Date: header (no Received: header):";
    mail_received_from_delivery => "Ontvangen volgens de aflevertijd in het postvak (geen Received:-kop):", "Received according to the mailbox's delivery time (no Received: header):";
    mail_received_from_file => "Geen Received:- of Date:-kop; de tijd van het bestand is genomen, controleer de datum:", "No Received: or Date: header; the file's time was taken, check the date:";
    mail_alternative_date => "Let op: de andere kop zegt %s, meer dan een dag verschil. Kies de juiste datum.", "Note: the other header says %s, more than a day apart. Choose the right date.";
    mail_kind_suggested => "Soort is een voorstel uit de woorden van het bericht: controleer het.", "The kind is suggested by the message's words: check it.";
    mail_attachments => "Bijlagen (worden niet bewaard):", "Attachments (not kept):";
    mail_id_warning => "Een bijlage lijkt een identiteitsbewijs: bewaar het niet (reglement 8.1) en verwijder de bijlage uit de mail.", "An attachment looks like an identity document: do not keep it (regulation 8.1) and delete it from the mail.";
    msg_set_aside => "Apart gezet:", "Set aside:";
    msg_put_back => "Terug in het postvak:", "Back in the inbox:";
    msg_put_back_first => "Een apart gezet bericht eerst terugzetten (x), dan vastleggen.", "Put a set-aside message back (x) before logging it.";
    status_inbox_broken => "postvak ?", "inbox ?";
    msg_offer_ack => "Ontvangstbevestiging: Enter; Esc = niet nu.", "Acknowledgement: Enter; Esc = not now.";
    // Spreadsheets (issue 16): the Dutch headers the codes' columns have no label for yet.
    csv_records_min => "Aantal records (min)", "Records (min)";
    csv_records_max => "Aantal records (max)", "Records (max)";
    csv_people_min => "Aantal personen (min)", "People (min)";
    csv_people_max => "Aantal personen (max)", "People (max)";
    csv_risk_reason => "Motivering risico", "Risk reasoning";
    csv_subjects_reason => "Motivering betrokkenen", "Data subjects reasoning";
    csv_extended => "Verlengd", "Extended";
    csv_paused => "Opgeschort", "Paused";
    csv_decision_date => "Datum besluit", "Decision date";
}

/// The warning when the audit chain's tail is broken: "Het audit-logboek is aangetast (rij
/// 1234): voer `avgdesk audit verify` uit".
pub fn audit_warning(problem: &crate::store::AuditProblem, lang: Lang) -> String {
    use crate::store::ProblemKind as K;
    // A record that differs from its trail is named by the record and field.
    if let (K::RecordDiffers | K::RowWithoutAudit | K::AuditWithoutRow, Some(record)) =
        (problem.kind, &problem.record_id)
    {
        let field = match &problem.field {
            Some(f) => format!(" ({} {f})", T::audit_field.get(lang)),
            None => String::new(),
        };
        return format!(
            "{} {}{field}: {}",
            crate::domain::text::printable(record),
            T::audit_record_differs.get(lang),
            T::audit_run_verify.get(lang)
        );
    }
    let at = match problem.id {
        Some(id) => format!(" ({} {id})", T::audit_row.get(lang)),
        None => String::new(),
    };
    format!(
        "{}{at}: {}",
        T::audit_tampered.get(lang),
        T::audit_run_verify.get(lang)
    )
}

/// Why an e-mail message cannot be logged or set aside, in the officer's language.
pub fn intake_error(e: &crate::intake::IntakeError, lang: Lang) -> String {
    use crate::intake::IntakeError as E;
    match e {
        E::Unparsable => say(
            lang,
            "dit is geen leesbaar e-mailbericht (RFC 5322): er is geen kop te lezen",
            e.to_string(),
        ),
        E::NoFrom => say(
            lang,
            "het bericht heeft geen afzender (From:), dus geen verzoeker om vast te leggen",
            e.to_string(),
        ),
        E::NoDate => say(
            lang,
            "het bericht heeft geen leesbare Received:- of Date:-kop; leg het vast met a en vul de ontvangstdatum zelf in",
            "the message has no readable Received: or Date: header; log it with a and fill in the received date yourself",
        ),
        E::DateOutOfRange { header, year } => say(
            lang,
            format!(
                "de {header}-kop van het bericht noemt het jaar {year:04}, buiten de jaren {} tot en met {} die avgdesk aanneemt; leg het vast met a en vul de ontvangstdatum zelf in",
                crate::domain::dates::FIRST_YEAR,
                crate::domain::dates::LAST_YEAR
            ),
            format!(
                "the message's {header} header gives the year {year:04}, outside the years {} to {} that avgdesk accepts; log it with a and fill in the received date yourself",
                crate::domain::dates::FIRST_YEAR,
                crate::domain::dates::LAST_YEAR
            ),
        ),
        E::Read(why) => say(lang, format!("het bericht kon niet worden gelezen: {why}"), e.to_string()),
        E::NoReason => say(lang, "geef kort aan waarom dit bericht geen verzoek is", e.to_string()),
        E::Duplicate(id) => say(
            lang,
            format!("dit bericht is al vastgelegd als {id}; het wordt niet twee keer vastgelegd"),
            e.to_string(),
        ),
        E::App(a) => app_error(a, lang),
    }
}

/// Why the inbox at `path` shows no messages.
pub fn inbox_error(
    e: &crate::intake::inbox::InboxError,
    path: &std::path::Path,
    lang: Lang,
) -> String {
    use crate::intake::inbox::InboxError as E;
    let p = path.display();
    match e {
        E::Missing => say(
            lang,
            format!("Het postvak {p} bestaat niet of is geen map: controleer [intake] in de configuratie."),
            format!("The inbox {p} does not exist or is not a folder: check [intake] in the config."),
        ),
        E::NotMaildir => say(
            lang,
            format!("Het postvak {p} is geen Maildir (er is geen new/ of cur/ in): staan er .eml-bestanden in, zet dan folder = in plaats van maildir = onder [intake]."),
            format!("The inbox {p} is not a Maildir (no new/ or cur/ in it): if it holds .eml files, set folder = instead of maildir = under [intake]."),
        ),
        E::Unreadable(why) => say(
            lang,
            format!("Het postvak {p} kan niet worden gelezen ({why}): controleer de rechten."),
            format!("The inbox {p} cannot be read ({why}): check its permissions."),
        ),
        E::Store(why) => say(
            lang,
            format!("Wat in het postvak is afgehandeld kon niet worden gelezen: {why}"),
            format!("What was handled in the inbox could not be read: {why}"),
        ),
    }
}

/// Picks the officer's language. Every error arm names both texts, so neither language can fall
/// back silently on the other.
fn say(lang: Lang, nl: impl Into<String>, en: impl Into<String>) -> String {
    match lang {
        Lang::Nl => nl.into(),
        Lang::En => en.into(),
    }
}

/// A field holding a character it may not (`domain::text::Shape`): a control character, a
/// line break or tab where the field has none, or in a name, id or title a bidi override or a
/// zero-width character.
fn invisible(ch: char, lang: Lang) -> String {
    let code = crate::domain::text::code_point(ch);
    match ch {
        '\n' | '\r' => say(
            lang,
            format!("bevat een regeleinde ({code}); schrijf het op één regel"),
            format!("contains a line break ({code}); write it on one line"),
        ),
        '\t' => say(
            lang,
            format!("bevat een tab ({code}); gebruik spaties"),
            format!("contains a tab ({code}); use spaces instead"),
        ),
        c if c.is_control() => say(
            lang,
            format!("bevat een stuurteken ({code}); haal het weg"),
            format!("contains a control character ({code}); remove it"),
        ),
        _ => say(
            lang,
            format!("bevat een onzichtbaar of richting-wisselend teken ({code}); typ het opnieuw"),
            format!(
                "contains an invisible or direction-changing character ({code}); type it again"
            ),
        ),
    }
}

/// A refused change in the officer's language. Errors about one field leave out the field's
/// name: the form shows them after its label.
pub fn rule_error(e: &RuleError, lang: Lang) -> String {
    use RuleError as E;
    // Dates as the officer reads them everywhere else on screen.
    let day = |d: &chrono::NaiveDate| dates::date(*d, lang);
    match e {
        E::Required { .. } => say(lang, T::err_required.get(Lang::Nl), T::err_required.get(Lang::En)),
        E::Invisible { ch, .. } => invisible(*ch, lang),
        E::ReceivedInFuture(d) => {
            let d = day(d);
            say(
            lang,
            format!("{d} ligt in de toekomst; vul de dag in waarop het verzoek de school bereikte"),
            format!("{d} is in the future; use the day the request reached the school"),
        )
        }
        E::BirthAfterReceived => say(
            lang,
            "ligt na de dag van ontvangst",
            "lies after the day the request was received",
        ),
        E::PauseBeforeReceived(d) => {
            let d = day(d);
            say(
            lang,
            format!("een opschorting kan niet vóór de ontvangst ({d}) beginnen"),
            format!("a pause cannot start before the request was received ({d})"),
        )
        }
        E::PauseOverlaps(d) => {
            let d = day(d);
            say(
            lang,
            format!("een opschorting kan niet beginnen vóór het einde van de vorige ({d})"),
            format!("a pause cannot start before the previous one ended ({d})"),
        )
        }
        E::ResumeBeforePause(d) => {
            let d = day(d);
            say(
            lang,
            format!("de opschorting begon op {d}; hervat op of na die dag"),
            format!("the pause started on {d}; resume on or after that day"),
        )
        }
        E::DateInFuture(d) => {
            let d = day(d);
            say(
            lang,
            format!("{d} ligt in de toekomst"),
            format!("{d} lies in the future"),
        )
        }
        E::PauseAfterDeadline(d) => {
            let d = day(d);
            say(
            lang,
            format!("de termijn ({d}) is al verstreken; opschorten kan een verlopen verzoek niet terughalen"),
            format!("the deadline ({d}) has already passed; a pause cannot revive it"),
        )
        }
        E::BeforeReceived(d) => {
            let d = day(d);
            say(
                lang,
                format!("ligt vóór de dag van ontvangst ({d})"),
                format!("lies before the day the request was received ({d})"),
            )
        }
        E::ReceivedAfterPause(d) => {
            let d = day(d);
            say(
            lang,
            format!("er begint al een opschorting op {d}; de ontvangst kan niet later liggen"),
            format!("a pause starts before this day ({d}); the request cannot be received after its clock stopped"),
        )
        }
        E::NoSuchRecipient => say(lang, "deze ontvanger bestaat niet", "no such recipient"),
        E::DuplicateRecipient(n) => say(
            lang,
            format!("{n} staat al op de lijst"),
            format!("{n} is already on the list"),
        ),
        E::RecipientsNotApplicable => say(
            lang,
            "ontvangers worden alleen bijgehouden bij correctie, verwijdering en beperking (art. 19)",
            "recipients are only tracked for rectification, erasure and restriction (art. 19)",
        ),
        E::AlreadyExtended => say(lang, "het verzoek is al verlengd", "the request is already extended"),
        E::ExtensionTooLate { notice_legal_due } => {
            let legal = day(notice_legal_due);
            say(
            lang,
            format!("verlengen kan niet meer: de verzoeker had volgens de wet (art. 12 lid 3) uiterlijk {legal} bericht moeten krijgen"),
            format!("extension refused: the law (art. 12(3)) required the requester to be told by {legal}, which has passed"),
        )
        }
        E::AlreadyPaused(d) => {
            let d = day(d);
            say(
            lang,
            format!("de termijn is al opgeschort sinds {d}"),
            format!("the request is already paused since {d}"),
        )
        }
        E::NotPaused => say(lang, "de termijn is niet opgeschort", "the request is not paused"),
        E::Closed => say(lang, "het verzoek is gesloten", "the request is closed"),
        E::NotDecided => say(
            lang,
            "leg eerst een besluit vast voordat u het verzoek sluit",
            "decide the request before closing it",
        ),
        E::RecipientsPending(n) => say(
            lang,
            format!("informeer eerst alle ontvangers (art. 19): nog {n} te gaan"),
            format!("tell every recipient first (art. 19): {n} not yet notified"),
        ),
        E::RecipientsUnanswered => say(
            lang,
            "aan wie zijn de gegevens verstrekt? leg de ontvangers vast of 'aan niemand' (art. 19)",
            "who was the data disclosed to? record the recipients or 'no one' (art. 19)",
        ),
        E::RecipientsListed(n) => say(
            lang,
            format!("er staan {n} ontvanger(s) op de lijst, dus de gegevens zijn wel verstrekt; 'aan niemand' kan niet (art. 19)"),
            format!("{n} recipient(s) are listed, so the data was disclosed; 'no one' is not possible (art. 19)"),
        ),
    }
}

/// The amber warning for an extension after the board's notice day but within the legal one
/// (docs/rules.md 1.5, rule 6), in the words the queue uses for "past policy".
pub fn extension_past_policy(
    days: i64,
    notice_due: chrono::NaiveDate,
    notice_legal_due: chrono::NaiveDate,
    lang: Lang,
) -> String {
    let (board, law) = (
        dates::date(notice_due, lang),
        dates::date(notice_legal_due, lang),
    );
    say(
        lang,
        format!("verlenging {days} d na beleid: het reglement vraagt bericht uiterlijk {board}; de wet (art. 12 lid 3) staat het toe tot en met {law}"),
        format!("extension {days} d past policy: the regulation asks for the notice by {board}; the law (art. 12(3)) allows it until {law}"),
    )
}

/// An error from the session in the officer's language: rule errors translated, also when the
/// store raised them inside its transaction; storage errors stay technical. A breach refusal
/// shows its time in UTC here (with the offset); callers that know the board's zone use
/// `breach_error` directly.
pub fn app_error(e: &crate::app::AppError, lang: Lang) -> String {
    use crate::app::AppError;
    use crate::store::StoreError;
    match e {
        AppError::Invalid(errors) => errors
            .iter()
            .map(|r| rule_error_with_field(r, lang))
            .collect::<Vec<_>>()
            .join("; "),
        AppError::Store(StoreError::Rule(r)) => rule_error_with_field(r, lang),
        AppError::Consent(e) | AppError::Store(StoreError::Consent(e)) => consent_error(e, lang),
        AppError::Store(StoreError::Breach(e)) => breach_error(e, lang, chrono_tz::UTC),
        AppError::Store(e) => store_error(e, lang),
        AppError::Unknown(what) => say(lang, format!("onbekend: {what}"), what.clone()),
        AppError::Letter(e) => sent_error(e, lang),
    }
}

/// Marking a letter as sent refused, in the officer's language. Errors about the date leave
/// out the field's name, as the form shows them after its label.
pub fn sent_error(e: &crate::domain::letter::SentError, lang: Lang) -> String {
    use crate::domain::letter::SentError as E;
    let day = |d: &chrono::NaiveDate| dates::date(*d, lang);
    match e {
        E::WrongRecord { kind, id } if kind.for_request() => say(
            lang,
            format!(
                "{} hoort bij een verzoek; {id} is een datalek",
                kind.label(lang)
            ),
            format!(
                "the {} belongs to a request; {id} is a breach",
                kind.label(lang)
            ),
        ),
        E::WrongRecord { kind, id } => say(
            lang,
            format!(
                "{} hoort bij een datalek; {id} is een verzoek",
                kind.label(lang)
            ),
            format!(
                "the {} belongs to a breach; {id} is a request",
                kind.label(lang)
            ),
        ),
        E::InFuture(d) => {
            let d = day(d);
            say(
                lang,
                format!("{d} ligt in de toekomst"),
                format!("{d} lies in the future"),
            )
        }
        E::BeforeReceived(d) => {
            let d = day(d);
            say(
                lang,
                format!("ligt vóór de dag van ontvangst ({d})"),
                format!("lies before the day the request was received ({d})"),
            )
        }
        E::BeforeAware(d) => {
            let d = day(d);
            say(
                lang,
                format!("ligt vóór de dag waarop het datalek bekend werd ({d})"),
                format!("lies before the day the school became aware of the breach ({d})"),
            )
        }
        E::AlreadySent { .. } => already_sent(e, lang),
    }
}

/// "al verzonden op 08-12-2026 per e-mail": a letter of this kind was marked sent before.
pub fn already_sent(e: &crate::domain::letter::SentError, lang: Lang) -> String {
    use crate::domain::letter::SentError as E;
    let E::AlreadySent { sent_on, via, .. } = e else {
        return String::new();
    };
    let d = dates::date(*sent_on, lang);
    say(
        lang,
        format!("al verzonden op {d} per {}", via.label(lang)),
        format!("already sent on {d} by {}", via.label(lang)),
    )
}

/// Why a letter cannot be written, in the officer's language (template problems keep the
/// template's own words after the file and line).
pub fn letter_error(e: &crate::letters::LetterError, lang: Lang) -> String {
    use crate::letters::LetterError as E;
    match e {
        E::Template {
            template,
            line,
            message,
        } => say(
            lang,
            format!("sjabloon {template} regel {line}: {message}"),
            e.to_string(),
        ),
        E::ReadTemplate { path, error } => say(
            lang,
            format!("sjabloon {} kan niet gelezen worden: {error}", path.display()),
            e.to_string(),
        ),
        E::DoesNotFit { reason, .. } => say(lang, reason.clone(), e.to_string()),
        E::MissingConfig { key, .. } => say(
            lang,
            format!("{key} staat niet in het configuratiebestand; vul het in (zie avgdesk config-example)"),
            e.to_string(),
        ),
        E::RecordIncomplete { missing, .. } => {
            // The record's own field names, as the officer sees them in the form.
            let dutch: Vec<&str> = missing
                .iter()
                .map(|m| match *m {
                    "description" => T::ap_what.get(Lang::Nl),
                    "consequences" => T::ap_consequences.get(Lang::Nl),
                    "measures taken or planned" => "Genomen of geplande maatregelen",
                    other => other,
                })
                .collect();
            say(
                lang,
                format!(
                    "deze brief heeft nog nodig in het dossier: {}; vul het aan (w)",
                    dutch.join(", ")
                ),
                e.to_string(),
            )
        }
        E::Exists(p) => say(
            lang,
            format!("{} bestaat al; kies een andere naam", p.display()),
            e.to_string(),
        ),
        E::Symlink(p) => say(
            lang,
            format!("{} is een symbolische koppeling; avgdesk schrijft daar niet doorheen", p.display()),
            e.to_string(),
        ),
        E::Write { path, error } => say(
            lang,
            format!("{} kan niet geschreven worden: {error}", path.display()),
            e.to_string(),
        ),
        E::NoTemplateDir => say(
            lang,
            "de briefsjablonen hebben een configuratiemap nodig; geef --config PAD",
            e.to_string(),
        ),
    }
}

/// A storage problem in the officer's language; the technical detail (SQLite's own words) is
/// kept after the sentence, for whoever maintains the server.
pub fn store_error(e: &crate::store::StoreError, lang: Lang) -> String {
    use crate::store::StoreError as E;
    match e {
        E::Open { path, message } => say(
            lang,
            format!("database {} kan niet geopend worden: {message}", path.display()),
            e.to_string(),
        ),
        E::NewerSchema { .. } => say(
            lang,
            "deze database is geschreven door een nieuwere avgdesk; werk avgdesk bij om hem te openen (het bestand is niet aangeraakt)",
            e.to_string(),
        ),
        E::Foreign { path } => say(
            lang,
            format!(
                "{} is een SQLite-database van een ander programma; avgdesk laat die ongemoeid",
                path.display()
            ),
            e.to_string(),
        ),
        E::BrokenSchema { path, problem } => say(
            lang,
            format!(
                "database {}: geen bruikbare avgdesk-database: {problem}",
                path.display()
            ),
            e.to_string(),
        ),
        E::OpenToOthers { path, mode } => say(
            lang,
            format!(
                "{} is leesbaar voor anderen (modus {mode:04o}) en is van een andere gebruiker; vraag de eigenaar `chmod 600 {}` uit te voeren",
                path.display(),
                path.display()
            ),
            e.to_string(),
        ),
        E::NotFound(id) => say(lang, format!("geen verzoek met nummer {id}"), e.to_string()),
        E::DuplicateMessage { request_id, .. } => say(
            lang,
            format!("dit bericht is al vastgelegd als {request_id}; het wordt niet twee keer vastgelegd"),
            e.to_string(),
        ),
        E::MessageLogged { request_id } => say(
            lang,
            format!("dit bericht is vastgelegd als {request_id}; het wordt niet apart gezet"),
            e.to_string(),
        ),
        E::AlreadySetAside => say(lang, "dit bericht is al apart gezet", e.to_string()),
        E::NotSetAside => say(lang, "dit bericht is niet apart gezet", e.to_string()),
        E::BreachNotFound(id) => say(lang, format!("geen datalek met nummer {id}"), e.to_string()),
        E::PupilNotFound(n) => say(lang, format!("geen leerling met nummer {n}"), e.to_string()),
        E::Breach(b) => breach_error(b, lang, chrono_tz::UTC),
        E::Consent(c) => consent_error(c, lang),
        E::Conflict { id, .. } => say(
            lang,
            format!("{id} is intussen door iemand anders gewijzigd"),
            e.to_string(),
        ),
        E::Rule(r) => rule_error_with_field(r, lang),
        E::Corrupt(what) => say(
            lang,
            format!("de database bevat een waarde die avgdesk niet kan lezen: {what}"),
            e.to_string(),
        ),
        E::Sqlite(inner) => say(lang, format!("databasefout: {inner}"), e.to_string()),
        E::WrongKey { .. } => say(
            lang,
            "verkeerd wachtwoord of geen avgdesk-database",
            e.to_string(),
        ),
        E::Encrypted { path } => say(
            lang,
            format!(
                "database {} is versleuteld; geef het wachtwoord (op de terminal of met --key-file PAD)",
                path.display()
            ),
            e.to_string(),
        ),
        E::NoRandom(_) => say(
            lang,
            "het systeem gaf geen willekeurige getallen voor het audit-logboek; er is niets opgeslagen",
            e.to_string(),
        ),
    }
}

/// A rule error away from its form field: in English with the field's (English) name first.
/// Refusals with the field each is about, in both languages: on the command line no form
/// shows the field beside its refusal ("requester: is verplicht").
pub fn rule_errors_named(errors: &[RuleError], lang: Lang) -> String {
    errors
        .iter()
        .map(|r| match r.field() {
            Some(f) => format!("{f}: {}", rule_error(r, lang)),
            None => rule_error(r, lang),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn rule_error_with_field(r: &RuleError, lang: Lang) -> String {
    match r.field() {
        Some(f) if lang == Lang::En => format!("{f}: {}", rule_error(r, lang)),
        _ => rule_error(r, lang),
    }
}

/// A refused breach change in the officer's language; times in the board's zone `tz`.
pub fn breach_error(
    e: &crate::domain::breach::BreachError,
    lang: Lang,
    tz: chrono_tz::Tz,
) -> String {
    use crate::domain::breach::BreachError as E;
    match e {
        E::Required { .. } => say(lang, T::err_required.get(Lang::Nl), T::err_required.get(Lang::En)),
        E::Invisible { ch, .. } => invisible(*ch, lang),
        E::InFuture { .. } => say(lang, T::err_future.get(Lang::Nl), T::err_future.get(Lang::En)),
        E::NotifiedBeforeAware => say(
            lang,
            "de melding kan niet vóór het bekend worden liggen",
            "the notification cannot precede becoming aware",
        ),
        E::OccurredAfterDiscovered => say(
            lang,
            "ligt na het moment van ontdekken",
            "lies after the moment it was discovered",
        ),
        E::AwareAfterLog { first } => {
            let first = dates::datetime(*first, tz, lang);
            say(
                lang,
                format!("ligt na de eerste regel van het logboek ({first}); de 72 uur lopen vanaf dan"),
                format!("lies after the first line of the call log ({first}); the 72 hours count from then"),
            )
        }
        E::HighRiskNeedsInforming => say(
            lang,
            "het risico is hoog: informeer de betrokkenen of leg uitzondering a, b of c vast",
            "the risk is high: inform the data subjects or record exception a, b or c",
        ),
        E::DelayReasonRequired { due } => {
            let due = dates::datetime(*due, tz, lang);
            say(
                lang,
                format!("gemeld na de uiterste meldtijd ({due}): de reden voor de vertraging is verplicht"),
                format!("notified after the deadline ({due}): the reasons for the delay are required"),
            )
        }
        E::NotAssessed => say(lang, "beoordeel eerst het risico", "assess the risk first"),
        E::Closed => say(lang, "het datalek is gesloten", "the breach is closed"),
        E::NoApDecision => say(
            lang,
            "besluit eerst of het lek bij de AP gemeld wordt",
            "decide first whether to notify the AP",
        ),
        E::NotNotified => say(
            lang,
            "de AP is nog niet geïnformeerd, dus er is niets aan te vullen of in te trekken",
            "the AP has not been notified, so there is nothing to supplement or withdraw",
        ),
        E::AlreadyNotified { reference } => say(
            lang,
            format!("de AP is al geïnformeerd (meldnummer {reference}); leg een intrekking vast als vervolgmelding"),
            format!("the AP was already notified (reference {reference}); record a withdrawal instead"),
        ),
        E::NotifiedTwice { reference } => say(
            lang,
            format!("de AP is al geïnformeerd (meldnummer {reference}); leg een aanvulling vast als vervolgmelding"),
            format!("the AP was already notified (reference {reference}); add a supplement instead"),
        ),
        E::RiskRequiresNotification(r) => say(
            lang,
            format!(
                "het risico is beoordeeld als {}: een datalek met risico moet bij de AP gemeld worden (art. 33 lid 1)",
                r.label(Lang::Nl)
            ),
            format!(
                "the risk was assessed as {}: a breach with risk must be notified to the AP (art. 33(1))",
                r.label(Lang::En)
            ),
        ),
        E::SubjectsUndecided => say(
            lang,
            "hoog risico: leg eerst vast hoe de betrokkenen zijn geïnformeerd (art. 34) (s)",
            "the risk is high: record how the data subjects were dealt with (art. 34) before closing (s)",
        ),
        E::NotEncrypted => say(
            lang,
            "uitzondering a vraagt versleutelde of gehashte gegevens; vul eerst de beveiliging in (w)",
            "exception a needs the data to have been encrypted or hashed; record the protection first (w)",
        ),
        E::StillOngoing => say(
            lang,
            "het lek duurt volgens het dossier nog voort: zet eerst 'Duurt het lek nog voort' op nee (w)",
            "the breach is marked as still ongoing: set 'Still ongoing' to no first (w)",
        ),
    }
}

impl T {
    pub fn state_of(v: crate::domain::consent::ConsentValue) -> T {
        use crate::domain::consent::ConsentValue;
        match v {
            ConsentValue::Given => T::state_given,
            ConsentValue::Refused => T::state_refused,
            ConsentValue::Withdrawn => T::state_withdrawn,
        }
    }

    pub fn answered_by(r: crate::domain::consent::AnsweredBy) -> T {
        match r {
            crate::domain::consent::AnsweredBy::Parent => T::role_parent,
            crate::domain::consent::AnsweredBy::Pupil => T::role_pupil,
        }
    }

    pub fn method(m: crate::domain::consent::Method) -> T {
        use crate::domain::consent::Method;
        match m {
            Method::Form => T::method_form,
            Method::Email => T::method_email,
            Method::Portal => T::method_portal,
            Method::Verbal => T::method_verbal,
        }
    }
}

/// A typed moment that could not be read, in the officer's language.
pub fn time_error(e: &crate::domain::dates::TimeError, lang: Lang) -> String {
    use crate::domain::dates::TimeError as E;
    match e {
        E::Format(input) => say(
            lang,
            format!("{input:?} {}", T::err_datetime.get(Lang::Nl)),
            format!("{input:?} {}", T::err_datetime.get(Lang::En)),
        ),
        E::Skipped { input, from, to } => {
            let (from, to) = (from.format("%H:%M"), to.format("%H:%M"));
            say(
                lang,
                format!("{input:?} bestaat niet: de klok springt die nacht van {from} naar {to}; kies een tijd vanaf {to}"),
                format!("{input:?} does not exist: the clock jumps from {from} to {to} that night; choose a time from {to} on"),
            )
        }
        E::OutOfRange(input) => say(
            lang,
            format!("{input:?} {}", T::err_date_range.get(Lang::Nl)),
            format!("{input:?} {}", T::err_date_range.get(Lang::En)),
        ),
    }
}

/// A typed date that was refused, in the officer's language: what was typed and why.
pub fn date_error(e: &crate::domain::dates::DateError, lang: Lang) -> String {
    use crate::domain::dates::DateError as E;
    match e {
        E::Format(input) => format!("{input:?} {}", T::err_date.get(lang)),
        E::OutOfRange(d) => format!("{} {}", dates::date(*d, lang), T::err_date_range.get(lang)),
    }
}

/// What was assumed to read a typed moment, to show next to it, e.g. "aangenomen: zomertijd,
/// 02:30 +02:00" for the autumn hour that happens twice.
pub fn assumption_notice(a: &crate::domain::dates::Assumption, lang: Lang) -> String {
    use crate::domain::dates::Assumption;
    match a {
        Assumption::SummerTime { taken, .. } => {
            let taken = taken.format("%H:%M %:z");
            say(
                lang,
                format!("aangenomen: zomertijd, {taken}"),
                format!("assumed: summer time, {taken}"),
            )
        }
    }
}

/// A refused consent answer in the officer's language.
pub fn consent_error(e: &crate::domain::consent::ConsentError, lang: Lang) -> String {
    use crate::domain::consent::ConsentError as E;
    match e {
        E::PupilUnder16 { pupil, age } => say(
            lang,
            format!("{pupil} is {age}: onder de 16 antwoorden de ouders (rol ouder)"),
            format!("{pupil} is {age}: below 16 the parents answer (role parent)"),
        ),
        E::ParentFor16Plus { pupil, age } => say(
            lang,
            format!("{pupil} is {age}: vanaf 16 antwoordt de leerling zelf (rol leerling)"),
            format!("{pupil} is {age}: from 16 the pupil answers (role pupil)"),
        ),
        E::BeforeBirth(d) => {
            let d = dates::date(*d, lang);
            say(
                lang,
                format!("het antwoord kan niet ingaan vóór de geboorte ({d})"),
                format!("the answer cannot take effect before the pupil was born ({d})"),
            )
        }
        E::LaterAnswerExists { value, effective } => {
            let effective = dates::date(*effective, lang);
            say(
            lang,
            format!(
                "er is al een later antwoord ({} vanaf {effective}); leg dit antwoord vast vanaf die dag of later",
                T::state_of(*value).get(Lang::Nl)
            ),
            format!(
                "there is a later answer ({} from {effective}); record this one from that day or later",
                T::state_of(*value).get(Lang::En)
            ),
        )
        }
        E::PupilLeft(name) => say(
            lang,
            format!("{name} is uitgeschreven; antwoorden blijven bewaard, nieuwe worden niet vastgelegd"),
            format!("{name} has left the school; answers are kept but no new ones are recorded"),
        ),
    }
}

/// The name of a stored field as the officer knows it, for conflict and audit messages.
pub fn field_label(field: &str, lang: Lang) -> &'static str {
    let t = match field {
        "kind" => T::f_kind,
        "received" => T::f_received,
        "channel" => T::f_channel,
        "requester_name" => T::f_requester,
        "requester_role" => T::f_role,
        "requester_contact" => T::f_contact,
        "pupil_name" => T::f_pupil,
        "pupil_birth_date" => T::f_birth,
        "pupil_school" => T::f_school,
        "pupil_class" => T::f_class,
        "summary" => T::f_summary,
        "language" => T::f_language,
        "id_method" | "id_date" | "id_checked_by" => T::d_identity,
        "extension_date" | "extension_reason" => T::d_extension,
        "decision" | "decision_reason" | "decision_date" => T::d_decision,
        "status" => T::col_status,
        "pause" => T::d_pauses,
        "recipient" => T::d_recipients,
        "recipients_none_on" => T::d_recipients_none,
        "note" => T::f_note,
        "title" => T::ap_title,
        "occurred_at" => T::ap_occurred,
        "discovered_at" => T::ap_discovered,
        "aware_at" => T::f_aware,
        "ongoing" => T::ap_ongoing,
        "description" => T::ap_what,
        "cause" => T::ap_cause,
        "nature" => T::ap_nature,
        "categories" => T::ap_categories,
        "records_min" | "records_max" => T::ap_records,
        "people_min" | "people_max" => T::ap_people,
        "affected_groups" => T::ap_groups,
        "protection" => T::ap_how,
        "encrypted" => T::ap_encrypted,
        "consequences" => T::ap_consequences,
        "severity" => T::ap_severity,
        "measures_taken" => T::ap_taken,
        "measures_planned" => T::ap_planned,
        "processor" => T::ap_processor,
        "processor_told_at" => T::ap_processor_told,
        "cross_border" => T::ap_cross_border,
        "risk" | "risk_reason" => T::ap_risk,
        "notify_ap" | "no_notify_reason" => T::ap_notify,
        "notified_at" | "ap_reference" | "delay_reason" => T::ap_reference,
        "subjects" | "subjects_reason" | "public_communication" | "subjects_informed_at" => {
            T::ap_subjects
        }
        "followup" => T::ap_followup,
        "letter" => T::f_letter,
        _ => return "",
    };
    t.get(lang)
}

labels!(Kind {
    Access => "inzage", "access";
    Rectification => "correctie", "rectification";
    Erasure => "verwijdering", "erasure";
    Restriction => "beperking", "restriction";
    Portability => "dataportabiliteit", "portability";
    Objection => "bezwaar", "objection";
    Other => "overig", "other";
});

impl Kind {
    /// The kind in a word, for a list's narrow column ("overdracht" for "dataportabiliteit").
    pub fn short_label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Kind::Erasure, Lang::Nl) => "wissen",
            (Kind::Portability, Lang::Nl) => "overdracht",
            (Kind::Rectification, Lang::En) => "rectify",
            (Kind::Restriction, Lang::En) => "restrict",
            (Kind::Objection, Lang::En) => "object",
            _ => self.label(lang),
        }
    }
}

labels!(Channel {
    Email => "e-mail", "e-mail";
    Letter => "brief", "letter";
    Phone => "telefoon", "phone";
    InPerson => "persoonlijk", "in person";
    Portal => "portaal", "portal";
});

labels!(Language {
    Nl => "Nederlands", "Dutch";
    En => "Engels", "English";
});

impl From<Language> for Lang {
    fn from(l: Language) -> Lang {
        match l {
            Language::Nl => Lang::Nl,
            Language::En => Lang::En,
        }
    }
}

labels!(Role {
    Parent => "ouder", "parent";
    Pupil => "leerling", "pupil";
    Other => "anders", "other";
});

labels!(Status {
    New => "nieuw", "new";
    InProgress => "in behandeling", "in progress";
    Waiting => "wacht", "waiting";
    Decided => "besloten", "decided";
    Closed => "gesloten", "closed";
});

labels!(Decision {
    Granted => "toegewezen", "granted";
    PartlyGranted => "gedeeltelijk toegewezen", "partly granted";
    Refused => "afgewezen", "refused";
    Withdrawn => "ingetrokken door verzoeker", "withdrawn by requester";
});

labels!(Flag {
    PupilUnder16 => "leerling jonger dan 16 vraagt zelf; ouders oefenen de rechten uit", "pupil under 16 asks alone; the parents exercise the rights";
    ParentForPupil16Plus => "ouder vraagt voor leerling van 16+; de leerling beslist zelf", "parent asks for a pupil of 16+; the pupil decides";
    RecipientsPending => "ontvangers nog informeren (art. 19)", "recipients still to be told (art. 19)";
    RecipientsUnanswered => "vastleggen aan wie de gegevens zijn verstrekt (art. 19)", "record who the data was disclosed to (art. 19)";
    ExtensionNoticeMissing => "verlenging niet op tijd aan de verzoeker gemeld (art. 12 lid 3)", "extension not notified to the requester in time (art. 12(3))";
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::breach::BreachError;
    use crate::domain::consent::ConsentError;

    #[test]
    fn every_string_has_both_languages() {
        for t in T::ALL {
            assert!(!t.get(Lang::Nl).is_empty(), "{t:?}");
            assert!(!t.get(Lang::En).is_empty(), "{t:?}");
        }
        assert_eq!(T::tab_breaches.get(Lang::Nl), "Datalekken");
        assert_eq!(Kind::Access.label(Lang::Nl), "inzage");
    }

    #[test]
    fn refused_marks_and_the_notice_flag_in_both_languages() {
        use crate::domain::letter::{LetterKind, SentError};
        let d = chrono::NaiveDate::from_ymd_opt(2026, 3, 3).unwrap();
        let wrong = SentError::WrongRecord {
            kind: LetterKind::Ap,
            id: "V-2026-0001".into(),
        };
        assert_eq!(
            sent_error(&wrong, Lang::Nl),
            "melding aan de AP hoort bij een datalek; V-2026-0001 is een verzoek"
        );
        let wrong = SentError::WrongRecord {
            kind: LetterKind::Decision,
            id: "D-2026-0001".into(),
        };
        assert_eq!(
            sent_error(&wrong, Lang::En),
            "the decision belongs to a request; D-2026-0001 is a breach"
        );
        assert_eq!(
            sent_error(&SentError::BeforeReceived(d), Lang::Nl),
            "ligt vóór de dag van ontvangst (03-03-2026)"
        );
        assert!(sent_error(&SentError::InFuture(d), Lang::Nl).ends_with("ligt in de toekomst"));
        assert!(sent_error(&SentError::BeforeAware(d), Lang::En).contains("aware of the breach"));
        let app = crate::app::AppError::Letter(SentError::InFuture(d));
        assert_eq!(app_error(&app, Lang::En), "2026-03-03 lies in the future");
        assert!(Flag::ExtensionNoticeMissing
            .label(Lang::Nl)
            .starts_with("verlenging niet op tijd"));
        assert_eq!(field_label("letter", Lang::Nl), "Brief verstuurd");
    }

    #[test]
    fn stored_fields_have_officer_names() {
        assert_eq!(field_label("summary", Lang::Nl), "Omschrijving");
        assert_eq!(field_label("requester_contact", Lang::En), "Contact");
        assert_eq!(field_label("pause", Lang::Nl), "Opschortingen");
        assert_eq!(field_label("no_such_column", Lang::Nl), "");
    }

    #[test]
    fn a_refused_character_is_named_in_the_officers_language() {
        let cases = [
            (
                '\u{1b}',
                "bevat een stuurteken (U+001B); haal het weg",
                "contains a control character (U+001B); remove it",
            ),
            (
                '\n',
                "bevat een regeleinde (U+000A); schrijf het op één regel",
                "contains a line break (U+000A); write it on one line",
            ),
            (
                '\t',
                "bevat een tab (U+0009); gebruik spaties",
                "contains a tab (U+0009); use spaces instead",
            ),
            (
                '\u{202e}',
                "bevat een onzichtbaar of richting-wisselend teken (U+202E); typ het opnieuw",
                "contains an invisible or direction-changing character (U+202E); type it again",
            ),
        ];
        for (ch, nl, en) in cases {
            let e = RuleError::Invisible {
                field: "summary",
                ch,
            };
            assert_eq!(rule_error(&e, Lang::Nl), nl);
            assert_eq!(rule_error(&e, Lang::En), en);
            // The command line's English is the same sentence after the field.
            assert_eq!(e.to_string(), format!("summary: {en}"));
            let b = crate::domain::breach::BreachError::Invisible { field: "cause", ch };
            assert_eq!(breach_error(&b, Lang::Nl, chrono_tz::UTC), nl);
        }
        let e = crate::intake::IntakeError::DateOutOfRange {
            header: "Date:",
            year: 0,
        };
        assert!(
            intake_error(&e, Lang::Nl).starts_with(
                "de Date:-kop van het bericht noemt het jaar 0000, buiten de jaren 1900 tot en met 2100"
            ),
            "{}",
            intake_error(&e, Lang::Nl)
        );
    }

    #[test]
    fn rule_errors_speak_the_officers_language() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let e = RuleError::ExtensionTooLate {
            notice_legal_due: d,
        };
        assert!(rule_error(&e, Lang::Nl).contains("verlengen kan niet meer"));
        assert!(rule_error(&e, Lang::En).contains("extension refused"));
        let r = RuleError::Required { field: "reason" };
        assert_eq!(rule_error(&r, Lang::Nl), "is verplicht");
        assert_eq!(rule_error(&r, Lang::En), "is required");
        assert!(rule_error(&RuleError::ReceivedInFuture(d), Lang::En)
            .starts_with("2026-11-30 is in the future"));
        let unanswered = RuleError::RecipientsUnanswered;
        assert!(
            rule_error(&unanswered, Lang::Nl).starts_with("aan wie zijn de gegevens verstrekt?")
        );
        assert!(rule_error(&unanswered, Lang::En).starts_with("who was the data disclosed to?"));
        assert_eq!(
            field_label("recipients_none_on", Lang::Nl),
            "Aan niemand verstrekt (art. 19)"
        );
    }

    /// Words that only English has: a Dutch text containing one fell back on English.
    const ENGLISH_ONLY: &[&str] = &[
        "the",
        "must",
        "cannot",
        "already",
        "required",
        "before",
        "after",
        "first",
        "refused",
        "notified",
        "answer",
        "request",
        "breach",
        "pause",
        "recipient",
        "lies",
        "risk",
    ];

    fn assert_dutch_and_english(nl: &str, en: &str, display: &str) {
        assert!(!nl.is_empty() && !en.is_empty(), "{display}");
        assert_ne!(nl, en, "the Dutch text is the English one: {display}");
        assert!(!nl.contains(display), "Dutch falls back on Display: {nl}");
        let words: Vec<String> = nl
            .split(|c: char| !c.is_alphabetic())
            .map(str::to_lowercase)
            .collect();
        for english in ENGLISH_ONLY {
            assert!(
                !words.iter().any(|w| w == english),
                "English {english:?} in {nl:?}"
            );
        }
    }

    /// One of each variant; the exhaustive match makes a new variant fail to compile here
    /// until it has a sample.
    fn rule_samples() -> Vec<RuleError> {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let samples = vec![
            RuleError::Required { field: "reason" },
            RuleError::ReceivedInFuture(d),
            RuleError::BirthAfterReceived,
            RuleError::PauseBeforeReceived(d),
            RuleError::PauseOverlaps(d),
            RuleError::ResumeBeforePause(d),
            RuleError::DateInFuture(d),
            RuleError::PauseAfterDeadline(d),
            RuleError::ReceivedAfterPause(d),
            RuleError::NoSuchRecipient,
            RuleError::DuplicateRecipient("Schoolfotograaf".into()),
            RuleError::RecipientsNotApplicable,
            RuleError::AlreadyExtended,
            RuleError::ExtensionTooLate {
                notice_legal_due: d,
            },
            RuleError::AlreadyPaused(d),
            RuleError::NotPaused,
            RuleError::Closed,
            RuleError::NotDecided,
            RuleError::RecipientsPending(2),
            RuleError::RecipientsUnanswered,
            RuleError::RecipientsListed(1),
            RuleError::BeforeReceived(d),
            RuleError::Invisible {
                field: "requester",
                ch: '\u{202E}',
            },
        ];
        let index = |e: &RuleError| match e {
            RuleError::Required { .. } => 0,
            RuleError::ReceivedInFuture(_) => 1,
            RuleError::BirthAfterReceived => 2,
            RuleError::PauseBeforeReceived(_) => 3,
            RuleError::PauseOverlaps(_) => 4,
            RuleError::ResumeBeforePause(_) => 5,
            RuleError::DateInFuture(_) => 6,
            RuleError::PauseAfterDeadline(_) => 7,
            RuleError::ReceivedAfterPause(_) => 8,
            RuleError::NoSuchRecipient => 9,
            RuleError::DuplicateRecipient(_) => 10,
            RuleError::RecipientsNotApplicable => 11,
            RuleError::AlreadyExtended => 12,
            RuleError::ExtensionTooLate { .. } => 13,
            RuleError::AlreadyPaused(_) => 14,
            RuleError::NotPaused => 15,
            RuleError::Closed => 16,
            RuleError::NotDecided => 17,
            RuleError::RecipientsPending(_) => 18,
            RuleError::RecipientsUnanswered => 19,
            RuleError::RecipientsListed(_) => 20,
            RuleError::Invisible { .. } => 21,
            RuleError::BeforeReceived(_) => 22,
        };
        assert_one_of_each(samples.iter().map(index).collect(), 22);
        samples
    }

    fn breach_samples() -> Vec<BreachError> {
        use crate::domain::breach::BreachError as E;
        let due = chrono::DateTime::parse_from_rfc3339("2026-03-30T15:20:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        let samples = vec![
            E::Required { field: "reason" },
            E::InFuture { field: "aware" },
            E::NotifiedBeforeAware,
            E::HighRiskNeedsInforming,
            E::DelayReasonRequired { due },
            E::NotAssessed,
            E::Closed,
            E::NoApDecision,
            E::NotNotified,
            E::AlreadyNotified {
                reference: "AP-1".into(),
            },
            E::NotifiedTwice {
                reference: "AP-1".into(),
            },
            E::RiskRequiresNotification(Risk::High),
            E::SubjectsUndecided,
            E::NotEncrypted,
            E::Invisible {
                field: "title",
                ch: '\u{200B}',
            },
            E::OccurredAfterDiscovered,
            E::AwareAfterLog { first: due },
            E::StillOngoing,
        ];
        let index = |e: &E| match e {
            E::Required { .. } => 0,
            E::InFuture { .. } => 1,
            E::NotifiedBeforeAware => 2,
            E::HighRiskNeedsInforming => 3,
            E::DelayReasonRequired { .. } => 4,
            E::NotAssessed => 5,
            E::Closed => 6,
            E::NoApDecision => 7,
            E::NotNotified => 8,
            E::AlreadyNotified { .. } => 9,
            E::NotifiedTwice { .. } => 10,
            E::RiskRequiresNotification(_) => 11,
            E::SubjectsUndecided => 12,
            E::NotEncrypted => 13,
            E::Invisible { .. } => 14,
            E::OccurredAfterDiscovered => 15,
            E::AwareAfterLog { .. } => 16,
            E::StillOngoing => 17,
        };
        assert_one_of_each(samples.iter().map(index).collect(), 17);
        samples
    }

    fn consent_samples() -> Vec<ConsentError> {
        use crate::domain::consent::ConsentValue;
        let d = chrono::NaiveDate::from_ymd_opt(2014, 5, 1).unwrap();
        let pupil = "Sanne de Vries".to_string();
        let samples = vec![
            ConsentError::PupilUnder16 {
                pupil: pupil.clone(),
                age: 12,
            },
            ConsentError::ParentFor16Plus {
                pupil: pupil.clone(),
                age: 16,
            },
            ConsentError::BeforeBirth(d),
            ConsentError::LaterAnswerExists {
                value: ConsentValue::Withdrawn,
                effective: d,
            },
            ConsentError::PupilLeft(pupil),
        ];
        let index = |e: &ConsentError| match e {
            ConsentError::PupilUnder16 { .. } => 0,
            ConsentError::ParentFor16Plus { .. } => 1,
            ConsentError::BeforeBirth(_) => 2,
            ConsentError::LaterAnswerExists { .. } => 3,
            ConsentError::PupilLeft(_) => 4,
        };
        assert_one_of_each(samples.iter().map(index).collect(), 4);
        samples
    }

    fn assert_one_of_each(mut seen: Vec<usize>, last: usize) {
        seen.sort();
        assert_eq!(
            seen,
            (0..=last).collect::<Vec<_>>(),
            "one sample per variant"
        );
    }

    #[test]
    fn every_refusal_has_its_own_dutch_and_english_text() {
        for e in rule_samples() {
            let (nl, en) = (rule_error(&e, Lang::Nl), rule_error(&e, Lang::En));
            assert_dutch_and_english(&nl, &en, &e.to_string());
        }
        let tz = chrono_tz::Europe::Amsterdam;
        for e in breach_samples() {
            let (nl, en) = (
                breach_error(&e, Lang::Nl, tz),
                breach_error(&e, Lang::En, tz),
            );
            assert_dutch_and_english(&nl, &en, &e.to_string());
        }
        for e in consent_samples() {
            let (nl, en) = (consent_error(&e, Lang::Nl), consent_error(&e, Lang::En));
            assert_dutch_and_english(&nl, &en, &e.to_string());
        }
    }

    #[test]
    fn refusals_name_their_values_in_both_languages() {
        let tz = chrono_tz::Europe::Amsterdam;
        let due = breach_samples()[4].clone();
        // The deadline in board time, written as the officer reads dates in each language.
        assert!(breach_error(&due, Lang::Nl, tz).contains("30-03-2026 17:20"));
        assert!(breach_error(&due, Lang::En, tz).contains("2026-03-30 17:20"));
        let risk = &breach_samples()[11];
        assert!(breach_error(risk, Lang::Nl, tz).contains("hoog risico"));
        assert!(breach_error(risk, Lang::En, tz).contains("high risk"));
        let later = &consent_samples()[3];
        assert!(consent_error(later, Lang::Nl,).contains("ingetrokken vanaf 01-05-2014"));
        assert!(consent_error(later, Lang::En).contains("withdrawn from 2014-05-01"));
    }

    #[test]
    fn errors_raised_in_the_store_are_translated_too() {
        use crate::app::AppError;
        use crate::store::StoreError;
        let rule = AppError::Store(StoreError::Rule(RuleError::Required { field: "text" }));
        assert_eq!(app_error(&rule, Lang::Nl), "is verplicht");
        assert_eq!(app_error(&rule, Lang::En), "text: is required");
        let consent = AppError::Store(StoreError::Consent(consent_samples()[4].clone()));
        assert!(app_error(&consent, Lang::Nl).contains("is uitgeschreven"));
        let breach = AppError::Store(StoreError::Breach(BreachError::Closed));
        assert_eq!(app_error(&breach, Lang::Nl), "het datalek is gesloten");
        assert_eq!(app_error(&breach, Lang::En), "the breach is closed");
    }

    #[test]
    fn typed_times_assumed_or_refused_are_said_in_both_languages() {
        use crate::domain::dates::parse_datetime;
        let tz = chrono_tz::Europe::Amsterdam;
        let doubled = parse_datetime("2026-10-25 02:30", tz).unwrap();
        let assumed = doubled.assumption.unwrap();
        assert_eq!(
            assumption_notice(&assumed, Lang::Nl),
            "aangenomen: zomertijd, 02:30 +02:00"
        );
        assert_eq!(
            assumption_notice(&assumed, Lang::En),
            "assumed: summer time, 02:30 +02:00"
        );
        let skipped = parse_datetime("2026-03-29 02:30", tz).unwrap_err();
        assert_eq!(
            time_error(&skipped, Lang::Nl),
            "\"2026-03-29 02:30\" bestaat niet: de klok springt die nacht van 02:00 naar 03:00; kies een tijd vanaf 03:00"
        );
        assert!(time_error(&skipped, Lang::En).contains("jumps from 02:00 to 03:00"));
        let rubbish = parse_datetime("gisteren", tz).unwrap_err();
        for e in [skipped, rubbish] {
            let (nl, en) = (time_error(&e, Lang::Nl), time_error(&e, Lang::En));
            assert_dutch_and_english(&nl, &en, &e.to_string());
        }
    }

    #[test]
    fn a_broken_audit_trail_is_said_in_both_languages_with_the_row() {
        use crate::store::{AuditProblem, ProblemKind};
        let mut problem = AuditProblem {
            kind: ProblemKind::Changed,
            id: Some(1234),
            at: None,
            entity: None,
            record_id: None,
            field: None,
            message: "row 1234 was changed".into(),
            stored: None,
            audited: None,
        };
        assert_eq!(
            audit_warning(&problem, Lang::Nl),
            "Het audit-logboek is aangetast (rij 1234): voer `avgdesk audit verify` uit"
        );
        assert_eq!(
            audit_warning(&problem, Lang::En),
            "The audit trail has been tampered with (row 1234): run `avgdesk audit verify`"
        );
        // A dropped trigger names no row.
        problem.id = None;
        assert_eq!(
            audit_warning(&problem, Lang::Nl),
            "Het audit-logboek is aangetast: voer `avgdesk audit verify` uit"
        );
        // A record that differs from its trail is named with its field.
        problem.kind = ProblemKind::RecordDiffers;
        problem.record_id = Some("V-2026-0001".into());
        problem.field = Some("status".into());
        assert_eq!(
            audit_warning(&problem, Lang::Nl),
            "V-2026-0001 wijkt af van het audit-logboek (veld status): voer `avgdesk audit verify` uit"
        );
        assert_eq!(
            audit_warning(&problem, Lang::En),
            "V-2026-0001 differs from the audit trail (field status): run `avgdesk audit verify`"
        );
    }

    #[test]
    fn languages_parse() {
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("nl"), Some(Lang::Nl));
        assert_eq!(Lang::parse("de"), None);
    }
}
