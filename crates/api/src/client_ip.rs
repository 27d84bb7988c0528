use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::ConnectInfo;
use axum::http::{HeaderName, request::Parts};

/// Where the client's IP address is read from.
#[derive(Debug, Clone, Default)]
pub enum ClientIpSource {
    /// The TCP peer (`ConnectInfo<SocketAddr>`): right when clients connect directly.
    #[default]
    Peer,
    /// The last address of `X-Forwarded-For`, the one our own reverse proxy appended; only
    /// behind a proxy that sets it, else any client could pick its IP. Falls back to the peer.
    ForwardedFor,
    /// A header holding `ip` or `ip:port` set by the edge in front of us, such as
    /// `CloudFront-Viewer-Address`. Falls back to the peer.
    Header(HeaderName),
}

impl ClientIpSource {
    /// The client's address for this request; `0.0.0.0` when nothing says (all such clients
    /// then share one visitor key, which undercounts rather than inflates).
    pub fn client_ip(&self, parts: &Parts) -> IpAddr {
        let from_header = match self {
            Self::Peer => None,
            Self::ForwardedFor => parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .next_back()
                .and_then(parse_ip),
            Self::Header(name) => parts.headers.get(name).and_then(|v| v.to_str().ok()).and_then(parse_ip),
        };
        let ip = from_header
            .or_else(|| parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip()))
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        ip.to_canonical()
    }
}

/// Reads `1.2.3.4`, `1.2.3.4:5678`, `[2001:db8::1]:5678`, CloudFront's `2001:db8::1:5678` (an
/// IPv6 address with the port appended after a colon) and a bare `2001:db8::1`. A trailing
/// `:number` is taken for a port whenever what precedes it is an address, because
/// CloudFront-Viewer-Address always carries one.
fn parse_ip(raw: &str) -> Option<IpAddr> {
    let raw = raw.trim();
    if let Ok(sock) = raw.parse::<SocketAddr>() {
        return Some(sock.ip());
    }
    if let Some((head, port)) = raw.rsplit_once(':')
        && port.parse::<u16>().is_ok()
        && let Ok(ip) = head.parse::<IpAddr>()
    {
        return Some(ip);
    }
    raw.parse::<IpAddr>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;

    fn parts(headers: &[(&str, &str)], peer: Option<&str>) -> Parts {
        let mut req = Request::builder();
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let (mut parts, ()) = req.body(()).unwrap().into_parts();
        if let Some(peer) = peer {
            parts.extensions.insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
        }
        parts
    }

    #[test]
    fn peer_ignores_forwarding_headers() {
        let p = parts(&[("x-forwarded-for", "203.0.113.9")], Some("192.0.2.1:4000"));
        assert_eq!(ClientIpSource::Peer.client_ip(&p).to_string(), "192.0.2.1");
    }

    #[test]
    fn forwarded_for_takes_the_address_our_proxy_appended() {
        let p = parts(&[("x-forwarded-for", "10.9.9.9, 203.0.113.9")], Some("127.0.0.1:4000"));
        assert_eq!(ClientIpSource::ForwardedFor.client_ip(&p).to_string(), "203.0.113.9");
        let garbage = parts(&[("x-forwarded-for", "not-an-ip")], Some("127.0.0.1:4000"));
        assert_eq!(ClientIpSource::ForwardedFor.client_ip(&garbage).to_string(), "127.0.0.1");
    }

    #[test]
    fn viewer_address_header_in_every_form() {
        let source = ClientIpSource::Header(HeaderName::from_static("cloudfront-viewer-address"));
        for (value, want) in [
            ("198.51.100.10:46532", "198.51.100.10"),
            ("198.51.100.10", "198.51.100.10"),
            ("2001:db8:85a3:0:0:8a2e:370:7334:46532", "2001:db8:85a3::8a2e:370:7334"),
            ("[2001:db8::1]:443", "2001:db8::1"),
            ("2001:db8::1", "2001:db8::1"),
            ("2001:db8::5:3333", "2001:db8::5"),
            ("::ffff:198.51.100.10", "198.51.100.10"),
            ("::ffff:198.51.100.10:8443", "198.51.100.10"),
        ] {
            let p = parts(&[("cloudfront-viewer-address", value)], None);
            assert_eq!(source.client_ip(&p).to_string(), want, "{value}");
        }
        assert_eq!(source.client_ip(&parts(&[], None)).to_string(), "0.0.0.0");
    }
}
