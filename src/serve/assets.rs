//! The page and its assets, embedded in the binary: plain HTML, CSS and JavaScript modules
//! (no library, nothing fetched from elsewhere), so the workbench works offline. Requests name
//! assets by a fixed path; nothing reaches the file system.

/// An embedded file.
#[derive(Debug)]
pub struct Asset {
    /// Its `Content-Type`.
    pub content_type: &'static str,
    /// Its bytes.
    pub bytes: &'static [u8],
}

const JS: &str = "text/javascript; charset=utf-8";

/// Every asset, by path.
static ASSETS: [(&str, Asset); 7] = [
    (
        "/assets/style.css",
        Asset {
            content_type: "text/css; charset=utf-8",
            bytes: include_bytes!("assets/style.css"),
        },
    ),
    (
        "/assets/app.js",
        Asset {
            content_type: JS,
            bytes: include_bytes!("assets/app.js"),
        },
    ),
    (
        "/assets/dom.js",
        Asset {
            content_type: JS,
            bytes: include_bytes!("assets/dom.js"),
        },
    ),
    (
        "/assets/proof.js",
        Asset {
            content_type: JS,
            bytes: include_bytes!("assets/proof.js"),
        },
    ),
    (
        "/assets/graph.js",
        Asset {
            content_type: JS,
            bytes: include_bytes!("assets/graph.js"),
        },
    ),
    (
        "/assets/article.js",
        Asset {
            content_type: JS,
            bytes: include_bytes!("assets/article.js"),
        },
    ),
    (
        "/favicon.ico",
        Asset {
            content_type: "image/svg+xml",
            bytes: include_bytes!("assets/favicon.svg"),
        },
    ),
];

/// The page's HTML, with a placeholder for the edit token.
const PAGE: &str = include_str!("assets/index.html");

/// The placeholder the token replaces.
const TOKEN_SLOT: &str = "{{token}}";

/// The asset at `path`.
pub fn get(path: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|(p, _)| *p == path).map(|(_, a)| a)
}

/// The page, carrying the session's edit token when edits are allowed (a hex string: it needs
/// no escaping).
pub fn page(token: Option<&str>) -> String {
    let token = token.filter(|t| t.bytes().all(|b| b.is_ascii_hexdigit()));
    PAGE.replace(TOKEN_SLOT, token.unwrap_or(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_carries_the_token_only_when_given() {
        assert!(page(Some("00ff")).contains("content=\"00ff\""));
        assert!(!page(None).contains(TOKEN_SLOT));
        assert!(!page(Some("\"><script>")).contains("<script>\""));
    }

    #[test]
    fn the_page_has_no_inline_script_or_style() {
        // The Content-Security-Policy allows scripts and styles from files of this server only.
        let p = page(None);
        assert!(!p.contains("<script>") && !p.contains(" style=") && !p.contains("<style"));
        for (path, _) in &ASSETS {
            assert!(p.contains(path) || !path.ends_with(".css") || path.is_empty());
        }
    }
}
