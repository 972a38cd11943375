//! Temporary files an interrupted command must not leave behind.
//!
//! A whole-file command (encrypt, decrypt, backup, restore, ...) writes a database-sized file
//! under a temporary name; `decrypt --out` writes the whole register in clear there. Ctrl-C or
//! a `kill` would otherwise leave it in the folder. While such a file exists its path is held
//! here, and SIGINT, SIGTERM or SIGHUP unlinks every held path and then ends the process as the
//! signal would have (the default action, re-raised).
//!
//! The handler does only what a signal handler may: it takes each path out of its slot with an
//! atomic swap (so the handler and [`Registration`]'s drop never both own one), calls
//! `unlink(2)` and `signal(2)`/`raise(3)`, all async-signal-safe. A path taken by the handler is
//! never freed: the process ends right after.
//!
//! A signal whose handler someone else set (the app catches SIGHUP and SIGTERM to end cleanly)
//! or that is ignored (`nohup`, a background job) is left as it is. SIGKILL cannot be caught:
//! what it leaves is swept on the next run (see `store::scratch`).

use std::ffi::CString;
use std::path::Path;
use std::ptr::null_mut;
use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::Once;

/// How many paths may be held at once; a restore holds two temporary files with their
/// companions (eight paths). A path that finds no free slot is not held (swept later instead).
const SLOTS: usize = 32;

static HELD: [AtomicPtr<libc::c_char>; SLOTS] = [const { AtomicPtr::new(null_mut()) }; SLOTS];

static INSTALL: Once = Once::new();

/// The signals that end a command early and are worth cleaning up after.
#[cfg(unix)]
const SIGNALS: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

/// Holds a path to unlink on an interrupting signal, until dropped.
#[must_use = "the path is held only while the registration lives"]
pub struct Registration {
    slot: Option<usize>,
}

/// Holds `path` for unlinking on SIGINT/SIGTERM/SIGHUP until the returned value is dropped.
pub fn hold(path: &Path) -> Registration {
    install();
    let Some(c) = c_path(path) else {
        return Registration { slot: None };
    };
    let raw = c.into_raw();
    for (i, slot) in HELD.iter().enumerate() {
        if slot
            .compare_exchange(null_mut(), raw, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
        {
            return Registration { slot: Some(i) };
        }
    }
    // SAFETY: `raw` came from `CString::into_raw` above and was stored nowhere.
    drop(unsafe { CString::from_raw(raw) });
    Registration { slot: None }
}

/// Runs `create` (which makes a temporary file and [`hold`]s it) with SIGINT, SIGTERM and
/// SIGHUP blocked, so that no signal can land between the file appearing in the folder and its
/// path being held; one that arrived meanwhile is handled as soon as they are unblocked.
pub fn creating<T>(create: impl FnOnce() -> T) -> T {
    install();
    let _blocked = Blocked::new();
    create()
}

/// The interrupting signals blocked for this thread until dropped (the mask as it was then).
struct Blocked {
    #[cfg(unix)]
    old: libc::sigset_t,
}

impl Blocked {
    #[cfg(unix)]
    fn new() -> Blocked {
        // SAFETY: the sets are initialised by sigemptyset/pthread_sigmask before use.
        unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            for signal in SIGNALS {
                libc::sigaddset(&mut set, signal);
            }
            let mut old: libc::sigset_t = std::mem::zeroed();
            libc::pthread_sigmask(libc::SIG_BLOCK, &set, &mut old);
            Blocked { old }
        }
    }

    #[cfg(not(unix))]
    fn new() -> Blocked {
        Blocked {}
    }
}

impl Drop for Blocked {
    fn drop(&mut self) {
        // SAFETY: restores the mask saved in `new`.
        #[cfg(unix)]
        unsafe {
            libc::pthread_sigmask(libc::SIG_SETMASK, &self.old, std::ptr::null_mut());
        }
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        if let Some(i) = self.slot {
            let raw = HELD[i].swap(null_mut(), Ordering::SeqCst);
            if !raw.is_null() {
                // SAFETY: only `hold` stores pointers, each from `CString::into_raw`; the swap
                // made this the only owner (a handler that took it first leaves null).
                drop(unsafe { CString::from_raw(raw) });
            }
        }
    }
}

#[cfg(unix)]
fn c_path(path: &Path) -> Option<CString> {
    use std::os::unix::ffi::OsStrExt;
    CString::new(path.as_os_str().as_bytes()).ok()
}

#[cfg(not(unix))]
fn c_path(_path: &Path) -> Option<CString> {
    None
}

#[cfg(unix)]
extern "C" fn on_interrupt(signal: libc::c_int) {
    for slot in &HELD {
        let raw = slot.swap(null_mut(), Ordering::SeqCst);
        if !raw.is_null() {
            // SAFETY: a NUL-terminated path from `CString::into_raw`; unlink is
            // async-signal-safe. The string is deliberately never freed.
            unsafe { libc::unlink(raw) };
        }
    }
    // SAFETY: signal and raise are async-signal-safe. The raised signal is blocked until this
    // handler returns, and then ends the process with its default action.
    unsafe {
        libc::signal(signal, libc::SIG_DFL);
        libc::raise(signal);
    }
}

#[cfg(unix)]
fn install() {
    INSTALL.call_once(|| {
        for signal in SIGNALS {
            // SAFETY: sigaction with a zeroed struct reads the current action; the new one
            // runs a handler that only uses async-signal-safe calls.
            unsafe {
                let mut current: libc::sigaction = std::mem::zeroed();
                if libc::sigaction(signal, std::ptr::null(), &mut current) != 0
                    || current.sa_sigaction != libc::SIG_DFL
                {
                    continue;
                }
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction =
                    on_interrupt as extern "C" fn(libc::c_int) as libc::sighandler_t;
                libc::sigemptyset(&mut action.sa_mask);
                libc::sigaction(signal, &action, std::ptr::null_mut());
            }
        }
    });
}

#[cfg(not(unix))]
fn install() {
    INSTALL.call_once(|| {});
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn each_held_path_has_its_own_slot() {
        let dir = tempfile::tempdir().unwrap();
        let held = hold(&dir.path().join("f"));
        let slot = held.slot.expect("a free slot");
        assert!(!HELD[slot].load(Ordering::SeqCst).is_null());
        let other = hold(&dir.path().join("g"));
        assert_ne!(other.slot, Some(slot), "two paths, two slots");
    }
}
