//! What a request must show before it is served, and what every answer carries.
//!
//! - `Host` must name this server: `localhost`, a loopback address or the bound address, with
//!   the bound port. A page of another site that resolves its own name to 127.0.0.1 (DNS
//!   rebinding) sends its own name and is refused.
//! - `Origin`, when sent, must be this server's own; `Sec-Fetch-Site`, when sent, must be
//!   `same-origin` or `none` (typed or bookmarked): another page, even on another port of this
//!   machine, gets nothing.
//! - Edits need the per-session token the page carries (never sent to other origins) in
//!   `X-Factlog-Token`, and a JSON body.
//! - Every answer carries a strict Content-Security-Policy (scripts and styles from this server
//!   only, no inline code, no frames) and `nosniff`.

use super::api::ApiError;
use std::net::IpAddr;

/// The headers every answer carries.
pub const SECURITY_HEADERS: [(&str, &str); 6] = [
    (
        "content-security-policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    ),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
];

/// The request header that carries the edit token.
pub const TOKEN_HEADER: &str = "x-factlog-token";

/// Checks `Host`, `Origin` and `Sec-Fetch-Site` against the server's address.
#[derive(Clone, Debug)]
pub struct Guard {
    bind: IpAddr,
    port: u16,
}

impl Guard {
    /// A guard for a server bound to `bind`, listening on `port`.
    pub fn new(bind: IpAddr, port: u16) -> Guard {
        Guard { bind, port }
    }

    /// Whether `host` (a `Host` header value, or an origin's host and port) names this server.
    pub fn is_own_host(&self, host: &str) -> bool {
        let (name, port) = match host.rsplit_once(':') {
            Some((n, p)) if !n.ends_with(':') && (n.starts_with('[') || !n.contains(':')) => {
                (n, p.parse::<u16>().ok())
            }
            _ => (host, None),
        };
        if port != Some(self.port) {
            return false;
        }
        if name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        let literal = name.trim_start_matches('[').trim_end_matches(']');
        match literal.parse::<IpAddr>() {
            // Bound to every interface: any address of this machine may be used, and an
            // address literal cannot be rebound by DNS.
            Ok(ip) => ip.is_loopback() || ip == self.bind || self.bind.is_unspecified(),
            Err(_) => false,
        }
    }

    /// Refuses a request whose `Host`, `Origin` or `Sec-Fetch-Site` shows it comes from
    /// another site.
    pub fn check(
        &self,
        host: Option<&str>,
        origin: Option<&str>,
        fetch_site: Option<&str>,
    ) -> Result<(), ApiError> {
        if !host.is_some_and(|h| self.is_own_host(h)) {
            return Err(ApiError::forbidden(format!(
                "the Host header {} does not name this server: expected localhost:{} or 127.0.0.1:{}",
                host.map_or("(missing)".to_string(), |h| format!("`{h}`")),
                self.port,
                self.port
            )));
        }
        if let Some(origin) = origin {
            let own = origin
                .strip_prefix("http://")
                .is_some_and(|rest| self.is_own_host(rest));
            if !own {
                return Err(ApiError::forbidden(format!(
                    "requests from the origin `{origin}` are refused: only this server's own page may call it"
                )));
            }
        }
        if let Some(site) = fetch_site {
            if !matches!(site, "same-origin" | "none") {
                return Err(ApiError::forbidden(format!(
                    "a {site} request is refused: only this server's own page may call it"
                )));
            }
        }
        Ok(())
    }
}

/// Whether `given` is the session's token (compared in constant time).
pub fn token_matches(given: Option<&str>, token: &str) -> bool {
    let Some(given) = given else {
        return false;
    };
    if given.len() != token.len() {
        return false;
    }
    given
        .bytes()
        .zip(token.bytes())
        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
        == 0
}

/// A fresh random token of 32 hex digits, from the operating system's generator.
pub fn new_token() -> Result<String, std::io::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    fn loopback() -> Guard {
        Guard::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 8080)
    }

    #[test]
    fn own_hosts_are_loopback_names_with_the_port() {
        let g = loopback();
        for ok in [
            "localhost:8080",
            "LOCALHOST:8080",
            "127.0.0.1:8080",
            "[::1]:8080",
        ] {
            assert!(g.is_own_host(ok), "{ok}");
        }
        for bad in [
            "localhost",
            "localhost:8081",
            "evil.example:8080",
            "127.0.0.1.evil.example:8080",
            "192.168.1.5:8080",
            "",
            ":8080",
            "[::1]",
        ] {
            assert!(!g.is_own_host(bad), "{bad}");
        }
        let all = Guard::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), 8080);
        assert!(all.is_own_host("192.168.1.5:8080"));
        assert!(!all.is_own_host("evil.example:8080"));
    }

    #[test]
    fn foreign_origins_and_cross_site_fetches_are_refused() {
        let g = loopback();
        let host = Some("127.0.0.1:8080");
        assert!(g.check(host, None, None).is_ok());
        assert!(
            g.check(host, Some("http://localhost:8080"), Some("same-origin"))
                .is_ok()
        );
        assert!(g.check(host, Some("http://evil.example"), None).is_err());
        assert!(g.check(host, Some("null"), None).is_err());
        assert!(g.check(host, Some("https://127.0.0.1:8080"), None).is_err());
        assert!(g.check(host, None, Some("cross-site")).is_err());
        assert!(g.check(host, None, Some("same-site")).is_err());
        assert!(g.check(None, None, None).is_err());
        assert!(g.check(Some("evil.example:8080"), None, None).is_err());
    }

    #[test]
    fn tokens_are_random_and_compared_whole() {
        let a = new_token().expect("random");
        let b = new_token().expect("random");
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
        assert!(token_matches(Some(&a), &a));
        assert!(!token_matches(Some(&b), &a));
        assert!(!token_matches(Some(&a[..31]), &a));
        assert!(!token_matches(None, &a));
    }
}
