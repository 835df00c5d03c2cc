//! Logs a person can follow: no colour codes in a pipe.

use crate::kit;

#[tokio::test]
async fn logs_to_a_pipe_have_no_colour_codes() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("r.db").display());
    // The console with an empty script: it opens and migrates the database, and stops.
    let env = [("DATABASE_URL", url.as_str()), ("RAPPORT_LOG", "debug")];
    let run = kit::rapport(&["console"], &env, dir.path()).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("DEBUG"), "no log lines: {run:?}");
    assert!(
        !run.stderr.contains("\x1b["),
        "colour codes: {:?}",
        run.stderr
    );
}
