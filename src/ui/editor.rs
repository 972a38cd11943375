//! A letter edited in the officer's own editor ($VISUAL, else $EDITOR, else `vi`). The text
//! goes to a file readable by the officer only, in a private temporary folder that is removed
//! afterwards whatever happens (the letter holds personal data). Leaving and re-entering the
//! screen around the editor is the event loop's (`ui/terminal.rs`).

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// The editor command: $VISUAL, else $EDITOR, else `vi`. It may carry arguments (`code -w`,
/// `nano -R`), as git allows.
pub fn command_from_env() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .map(|v| v.trim().to_string())
        .find(|v| !v.is_empty())
        .unwrap_or_else(|| "vi".into())
}

/// Writes `text` to a private file named `file_name`, runs `editor` on it and returns what the
/// file holds when the editor ends. The folder (0700) and the file (0600) are removed on every
/// path out, a failure included. Refused: an editor that cannot start or ends with an error.
pub fn edit(text: &str, file_name: &str, editor: &str) -> Result<String, String> {
    let dir = tempfile::Builder::new()
        .prefix("avgdesk-letter-")
        .tempdir()
        .map_err(|e| format!("no temporary folder: {e}"))?;
    private_folder(dir.path()).map_err(|e| e.to_string())?;
    let path = dir.path().join(file_name);
    write_private(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    let status = editor_command(editor, &path)
        .status()
        .map_err(|e| format!("{editor}: {e}"))?;
    if !status.success() {
        return Err(format!("{editor}: {status}"));
    }
    std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
    // `dir` is dropped here, and on every early return above: the folder and file go.
}

/// `sh -c '<editor> "$1"' sh <path>`: an editor with arguments works, and the path is one
/// argument whatever it holds. When standard input is not the terminal (a message piped into
/// `avgdesk intake -`) the editor gets the terminal itself.
fn editor_command(editor: &str, path: &Path) -> Command {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(path);
    if !std::io::stdin().is_terminal() {
        if let Ok(tty) = std::fs::File::open("/dev/tty") {
            cmd.stdin(Stdio::from(tty));
        }
    }
    cmd
}

fn private_folder(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A script that stands in for the editor: it records the file's mode and folder, then
    /// runs `sed` on the file.
    fn script(dir: &Path, sed: &str, exit: u8) -> String {
        let path = dir.join("editor.sh");
        let log = dir.join("seen");
        std::fs::write(
            &path,
            format!(
                "#!/bin/sh\nstat -c '%a' \"$1\" > '{log}'\nstat -c '%a' \"$(dirname \"$1\")\" >> '{log}'\necho \"$1\" >> '{log}'\nsed -i '{sed}' \"$1\"\nexit {exit}\n",
                log = log.display()
            ),
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o700)).unwrap();
        }
        path.display().to_string()
    }

    #[cfg(unix)]
    #[test]
    fn the_edit_comes_back_and_the_private_file_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let editor = script(dir.path(), "s/Geachte/Beste/", 0);
        let edited = edit("Geachte heer,\n", "brief.txt", &editor).unwrap();
        assert_eq!(edited, "Beste heer,\n");
        let seen = std::fs::read_to_string(dir.path().join("seen")).unwrap();
        let lines: Vec<&str> = seen.lines().collect();
        assert_eq!(lines[0], "600", "the file is readable by its owner only");
        assert_eq!(lines[1], "700", "so is its folder");
        assert!(!Path::new(lines[2]).exists(), "the file is removed");
        assert!(!Path::new(lines[2]).parent().unwrap().exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_failing_editor_changes_nothing_and_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let editor = script(dir.path(), "s/Geachte/Beste/", 1);
        let e = edit("Geachte heer,\n", "brief.txt", &editor).unwrap_err();
        assert!(e.contains("exit status: 1"), "{e}");
        let seen = std::fs::read_to_string(dir.path().join("seen")).unwrap();
        let file = seen.lines().nth(2).unwrap();
        assert!(!Path::new(file).parent().unwrap().exists());
        let e = edit("x", "brief.txt", "/no/such/editor").unwrap_err();
        assert!(e.contains("/no/such/editor"), "{e}");
    }
}
