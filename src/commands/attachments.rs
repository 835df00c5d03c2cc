//! Files attached to a command (option type Attachment) arrive as the URL
//! Discord stores them at. They are downloaded here, before the command's
//! transaction begins, so no database lock is held while the network is
//! slow; the handler then finds the file's text in place of the URL.

use std::time::Duration;

use super::tree::{CommandSpec, OptKind};
use super::{Failure, Invocation};
use crate::domain::refusal::Refusal;
use crate::import::{FileProblem, MAX_FILE_BYTES, decode};

const TIMEOUT: Duration = Duration::from_secs(20);

/// The invocation with every attachment's URL replaced by the file's text.
pub async fn download(spec: &CommandSpec, inv: &Invocation) -> Result<Invocation, Failure> {
    let mut out = inv.clone();
    for (name, value) in &inv.args {
        let is_file = spec
            .option(name)
            .is_some_and(|o| o.kind == OptKind::Attachment);
        if is_file {
            let text = fetch_text(value.trim()).await.map_err(Refusal::from)?;
            out.args.insert(name.clone(), text);
        }
    }
    Ok(out)
}

/// At most `MAX_FILE_BYTES` of UTF-8 text from an http(s) URL.
pub async fn fetch_text(url: &str) -> Result<String, FileProblem> {
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(FileProblem::Download);
    }
    let client = reqwest::Client::builder()
        .timeout(TIMEOUT)
        .connect_timeout(Duration::from_secs(5))
        .build()
        .map_err(|_| FileProblem::Download)?;
    let mut response = client
        .get(url)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .map_err(|e| {
            tracing::warn!(error = %e.without_url(), "attachment download failed");
            FileProblem::Download
        })?;
    let too_large = FileProblem::TooLarge {
        max_bytes: MAX_FILE_BYTES,
    };
    if response
        .content_length()
        .is_some_and(|n| n > MAX_FILE_BYTES as u64)
    {
        return Err(too_large);
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|_| FileProblem::Download)? {
        if bytes.len() + chunk.len() > MAX_FILE_BYTES {
            return Err(too_large);
        }
        bytes.extend_from_slice(&chunk);
    }
    decode(&bytes)
}
