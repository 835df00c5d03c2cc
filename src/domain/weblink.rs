//! The manager's web view is reached only through a signed link: a token
//! naming the issued link (its row in `web_links`), the server, the member
//! and when it expires, signed with HMAC-SHA256 under `RAPPORT_WEB_SECRET`.
//! Pure: the caller gives the time, and the store says whether the link was
//! revoked (logout).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::ids::{GuildId, Timestamp, UserId};

/// How long a link lasts unless the configuration says otherwise.
pub const DEFAULT_LINK_HOURS: i64 = 24;
/// Shorter secrets are refused: a guessable key would let anyone mint links.
pub const MIN_SECRET_LEN: usize = 16;
const VERSION: &str = "v1";

/// The signing key. Its `Debug` never shows it, so a logged config leaks nothing.
#[derive(Clone, PartialEq, Eq)]
pub struct WebSecret(Vec<u8>);

impl std::fmt::Debug for WebSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WebSecret(***)")
    }
}

impl WebSecret {
    /// `None` when too short to be a secret.
    pub fn new(text: &str) -> Option<WebSecret> {
        let text = text.trim();
        (text.len() >= MIN_SECRET_LEN).then(|| WebSecret(text.as_bytes().to_vec()))
    }

    fn mac(&self, payload: &str) -> Hmac<Sha256> {
        // HMAC takes a key of any length; this cannot fail.
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
        mac.update(payload.as_bytes());
        mac
    }
}

/// What a link grants: one member's view of one server, until `expires_at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grant {
    pub link: i64,
    pub guild: GuildId,
    pub user: UserId,
    pub expires_at: Timestamp,
}

/// Why a token does not open the view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkProblem {
    /// Not a token of ours, or its signature does not match: forged or mangled.
    Invalid,
    Expired,
    /// Ended by a logout (the store knows; this layer only names it).
    Revoked,
}

impl Grant {
    fn payload(&self) -> String {
        format!(
            "{VERSION}.{}.{}.{}.{}",
            self.link, self.guild.0, self.user.0, self.expires_at
        )
    }

    /// The token to put in a link: payload and signature, URL-safe.
    pub fn sign(&self, secret: &WebSecret) -> String {
        let payload = self.payload();
        let tag = secret.mac(&payload).finalize().into_bytes();
        format!("{payload}.{}", URL_SAFE_NO_PAD.encode(tag))
    }
}

/// Reads and checks a token at `now`: the signature first (in constant
/// time), then the expiry, so a forged token learns nothing about dates.
pub fn verify(secret: &WebSecret, token: &str, now: Timestamp) -> Result<Grant, LinkProblem> {
    let (payload, tag) = token.trim().rsplit_once('.').ok_or(LinkProblem::Invalid)?;
    let tag = URL_SAFE_NO_PAD
        .decode(tag)
        .map_err(|_| LinkProblem::Invalid)?;
    secret
        .mac(payload)
        .verify_slice(&tag)
        .map_err(|_| LinkProblem::Invalid)?;
    let grant = parse(payload).ok_or(LinkProblem::Invalid)?;
    if now >= grant.expires_at {
        return Err(LinkProblem::Expired);
    }
    Ok(grant)
}

fn parse(payload: &str) -> Option<Grant> {
    let mut parts = payload.split('.');
    if parts.next()? != VERSION {
        return None;
    }
    let mut number = || parts.next()?.parse::<i64>().ok();
    let grant = Grant {
        link: number()?,
        guild: GuildId(number()?),
        user: UserId(number()?),
        expires_at: number()?,
    };
    parts.next().is_none().then_some(grant)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret() -> WebSecret {
        WebSecret::new("a test secret of some length").expect("long enough")
    }

    const GRANT: Grant = Grant {
        link: 7,
        guild: GuildId(500),
        user: UserId(201),
        expires_at: 1_000_000,
    };

    #[test]
    fn a_signed_link_opens_until_it_expires() {
        let token = GRANT.sign(&secret());
        assert_eq!(verify(&secret(), &token, 999_999), Ok(GRANT));
        assert_eq!(
            verify(&secret(), &token, 1_000_000),
            Err(LinkProblem::Expired)
        );
    }

    #[test]
    fn a_changed_server_member_date_or_key_is_refused() {
        let token = GRANT.sign(&secret());
        for forged in [
            token.replace(".500.", ".501."),
            token.replace(".201.", ".202."),
            token.replace(".1000000.", ".2000000."),
            token.replace("v1.7.", "v1.8."),
            format!("{token}x"),
            token[..token.len() - 2].to_string(),
            "v1.7.500.201.1000000".to_string(),
            String::new(),
        ] {
            assert_eq!(
                verify(&secret(), &forged, 0),
                Err(LinkProblem::Invalid),
                "{forged}"
            );
        }
        let other = WebSecret::new("another secret, just as long").expect("long enough");
        assert_eq!(verify(&other, &token, 0), Err(LinkProblem::Invalid));
    }

    #[test]
    fn a_forged_token_is_invalid_even_when_its_date_is_past() {
        let token = GRANT.sign(&secret()).replace(".500.", ".501.");
        assert_eq!(
            verify(&secret(), &token, 5_000_000),
            Err(LinkProblem::Invalid)
        );
    }

    #[test]
    fn short_secrets_are_refused_and_never_shown() {
        assert!(WebSecret::new("short").is_none());
        assert_eq!(format!("{:?}", secret()), "WebSecret(***)");
    }
}
