//! Closed sets of codes: stored in the database, accepted on the command line (with Dutch
//! aliases), written in JSON.

/// Declares a closed set of codes stored in the database and accepted on the command line.
macro_rules! code_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $code:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Accepts the code and its Dutch aliases, case-insensitively.
            pub fn parse(s: &str) -> Option<Self> {
                let s = s.trim().to_lowercase();
                match s.as_str() {
                    $($code $(| $alias)* => Some($name::$variant),)+
                    _ => None,
                }
            }

            pub fn codes() -> String {
                Self::ALL.iter().map(|v| v.code()).collect::<Vec<_>>().join(", ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}
