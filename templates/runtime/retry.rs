//! Retry policy: which failures are retried, and how long to wait before the next attempt.
//!
//! Whether a failure may be retried depends on whether the request can have reached the server. A
//! request that was certainly not sent (the connection could not be made) is always safe to retry, and
//! so is one answered with `429 Too Many Requests`, which says the server refused it without processing
//! it. After any other failure, only idempotent requests (GET, HEAD, PUT, DELETE, OPTIONS) are retried,
//! unless the policy opts in with [`RetryPolicy::retry_non_idempotent`]: a POST such as "issue a token"
//! would otherwise run twice.
//!
//! | outcome of an attempt | GET, HEAD, PUT, DELETE, OPTIONS | POST, PATCH | why |
//! |---|---|---|---|
//! | no connection (`Error::Connect`) | retried | retried | nothing was sent |
//! | `429` | retried | retried | the server refused the request without processing it |
//! | `500`, `502`, `503`, `504` | retried | only with `retry_non_idempotent` | the server may have processed it |
//! | timeout, connection lost | retried | only with `retry_non_idempotent` | the server may have processed it |
//! | any other status | never | never | the server's answer |

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// How a call retries failed attempts. [`RetryPolicy::default`] is exponential backoff with jitter.
///
/// | setting | default |
/// |---|---|
/// | [`max_attempts`](RetryPolicy::max_attempts) (the first one included) | 3 |
/// | [`initial_interval`](RetryPolicy::initial_interval) | 500 ms |
/// | [`max_interval`](RetryPolicy::max_interval) | 10 s |
/// | [`exponent`](RetryPolicy::exponent) | 2.0 |
/// | [`max_elapsed_time`](RetryPolicy::max_elapsed_time) (no retry starts later) | 60 s |
/// | [`max_retry_after`](RetryPolicy::max_retry_after) (the longest `Retry-After` waited for) | 60 s |
/// | [`statuses`](RetryPolicy::statuses) | 429, 500, 502, 503, 504 |
/// | [`retry_non_idempotent`](RetryPolicy::retry_non_idempotent) | `false` |
///
/// The wait before retry `n` (1, 2, …) is `initial_interval * exponent^(n-1)`, capped by
/// `max_interval`, then jittered uniformly into its upper half. A `Retry-After` header (delay-seconds,
/// or an HTTP date in any of the three forms RFC 9110 allows) replaces that wait, and is never
/// shortened: when the wait it asks for is longer than `max_retry_after`, or does not fit the call's
/// deadline, the call ends at once with the response's error, the wait in `Error::retry_after`.
#[derive(Clone, Debug, PartialEq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_interval: Duration,
    max_interval: Duration,
    exponent: f64,
    max_elapsed_time: Duration,
    max_retry_after: Duration,
    statuses: Vec<u16>,
    retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_interval: Duration::from_millis(500),
            max_interval: Duration::from_secs(10),
            exponent: 2.0,
            max_elapsed_time: Duration::from_secs(60),
            max_retry_after: Duration::from_secs(60),
            statuses: vec![429, 500, 502, 503, 504],
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// Exponential backoff with jitter, with the defaults in the table above.
    pub fn exponential() -> Self {
        Self::default()
    }

    /// No retries: every call makes exactly one attempt.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The most attempts a call makes, the first one included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the first retry.
    pub fn initial_interval(mut self, interval: Duration) -> Self {
        self.initial_interval = interval;
        self
    }

    /// The longest wait of the backoff between two attempts. A `Retry-After` from the server is not
    /// shortened to it (see [`RetryPolicy::max_retry_after`]).
    pub fn max_interval(mut self, interval: Duration) -> Self {
        self.max_interval = interval;
        self
    }

    /// How much each wait grows over the previous one (at least 1.0).
    pub fn exponent(mut self, exponent: f64) -> Self {
        self.exponent = if exponent.is_finite() { exponent.max(1.0) } else { 1.0 };
        self
    }

    /// No retry starts after this much time since the call began.
    pub fn max_elapsed_time(mut self, time: Duration) -> Self {
        self.max_elapsed_time = time;
        self
    }

    /// The longest `Retry-After` the SDK waits for. A server asking for more ends the call at once, with
    /// the wait it asked for in `Error::retry_after`; the SDK never retries earlier than asked.
    pub fn max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// The response statuses that are retried. `429` is retried for every method, the others only for
    /// idempotent ones unless [`RetryPolicy::retry_non_idempotent`] opts in.
    pub fn statuses(mut self, statuses: impl IntoIterator<Item = u16>) -> Self {
        self.statuses = statuses.into_iter().collect();
        self
    }

    /// Also retry non-idempotent requests (POST, PATCH) after they may have reached the server: after
    /// a timeout, a connection lost mid-call, or a retried status. Only do this when running the
    /// request twice is harmless.
    pub fn retry_non_idempotent(mut self, yes: bool) -> Self {
        self.retry_non_idempotent = yes;
        self
    }

    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    pub fn elapsed_limit(&self) -> Duration {
        self.max_elapsed_time
    }

    pub fn retry_after_limit(&self) -> Duration {
        self.max_retry_after
    }

    /// Whether a failed attempt may be retried. `sent` is false only when the request certainly did not
    /// reach the server; `status` is the response status, when there was a response.
    pub fn should_retry(&self, idempotent: bool, sent: bool, status: Option<StatusCode>) -> bool {
        // A 429 was refused, not processed: running it again cannot run it twice.
        let refused = status == Some(StatusCode::TOO_MANY_REQUESTS);
        let safe = !sent || refused || idempotent || self.retry_non_idempotent;
        match status {
            Some(status) => safe && self.statuses.contains(&status.as_u16()),
            None => safe,
        }
    }

    /// The wait before retry number `retry` (1 for the first retry). `jitter` is uniform in `[0, 1)`. A
    /// `Retry-After` wait is taken as it is: the server's word is a minimum.
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>, jitter: f64) -> Duration {
        if let Some(wait) = retry_after {
            return wait;
        }
        let growth = self.exponent.powi(retry.saturating_sub(1).min(64) as i32);
        let base = self.initial_interval.as_secs_f64() * growth;
        let capped = base.min(self.max_interval.as_secs_f64());
        let jittered = capped * (0.5 + 0.5 * jitter.clamp(0.0, 1.0));
        Duration::try_from_secs_f64(jittered).unwrap_or(self.max_interval)
    }
}

/// A uniform number in `[0, 1)`, from the process's random hash keys: no random-number crate needed
/// for spreading retries out.
pub fn jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64),
    );
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// The wait a `Retry-After` header asks for: delay-seconds, or an HTTP date as IMF-fixdate, obsolete
/// RFC 850 or asctime (RFC 9110, section 10.2.3 and 5.6.7). `None` when absent or unreadable; a date in
/// the past means no wait.
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // A number too large for a `u64` is a wait longer than any deadline.
        return Some(Duration::from_secs(value.parse::<u64>().unwrap_or(u64::MAX)));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn waits_grow_exponentially_up_to_the_cap_with_jitter_in_the_upper_half() {
        let policy = RetryPolicy::default();
        let ms = |retry, jitter| policy.delay(retry, None, jitter).as_millis();
        assert_eq!([ms(1, 0.0), ms(2, 0.0), ms(3, 0.0), ms(4, 0.0)], [250, 500, 1000, 2000]);
        assert_eq!([ms(1, 0.999_999), ms(2, 0.999_999), ms(3, 0.999_999)], [499, 999, 1999]);
        assert_eq!(ms(10, 0.0), 5000, "capped at max_interval, then jittered");
        assert_eq!(ms(u32::MAX, 0.999_999), 9999);
    }

    /// The table in `RetryPolicy`'s docs is what `default()` sets; generated READMEs quote it.
    #[test]
    fn the_documented_defaults_are_the_defaults() {
        let doc: Vec<(String, String)> = include_str!("retry.rs")
            .lines()
            .filter_map(|line| line.strip_prefix("/// | [`"))
            .filter_map(|row| {
                let (setting, rest) = row.split_once('`')?;
                let value = rest.trim_end_matches(" |").rsplit(" | ").next()?;
                Some((setting.to_owned(), value.to_owned()))
            })
            .collect();
        let time = |d: Duration| match d.as_millis() {
            ms if ms % 1000 == 0 => format!("{} s", ms / 1000),
            ms => format!("{ms} ms"),
        };
        let p = RetryPolicy::default();
        let statuses: Vec<String> = p.statuses.iter().map(u16::to_string).collect();
        let code: Vec<(String, String)> = [
            ("max_attempts", p.max_attempts.to_string()),
            ("initial_interval", time(p.initial_interval)),
            ("max_interval", time(p.max_interval)),
            ("exponent", format!("{:?}", p.exponent)),
            ("max_elapsed_time", time(p.max_elapsed_time)),
            ("max_retry_after", time(p.max_retry_after)),
            ("statuses", statuses.join(", ")),
            ("retry_non_idempotent", format!("`{}`", p.retry_non_idempotent)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        assert_eq!(doc, code);
    }

    #[test]
    fn retry_after_replaces_the_backoff_and_is_never_shortened() {
        let policy = RetryPolicy::default().max_interval(Duration::from_secs(5));
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(2)), 0.5),
            Duration::from_secs(2)
        );
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(12)), 0.0),
            Duration::from_secs(12)
        );
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
        let header = |v: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(RETRY_AFTER, HeaderValue::from_str(v).unwrap());
            headers
        };
        assert_eq!(retry_after(&header("7"), now), Some(Duration::from_secs(7)));
        assert_eq!(retry_after(&header(" 0 "), now), Some(Duration::ZERO));
        assert_eq!(
            retry_after(&header("99999999999999999999999"), now),
            Some(Duration::from_secs(u64::MAX))
        );
        // The three forms of RFC 9110: IMF-fixdate, obsolete RFC 850 and asctime.
        for date in [
            "Sun, 06 Nov 1994 08:49:40 GMT",
            "Sunday, 06-Nov-94 08:49:40 GMT",
            "Sun Nov  6 08:49:40 1994",
        ] {
            assert_eq!(retry_after(&header(date), now), Some(Duration::from_secs(3)), "{date}");
        }
        assert_eq!(
            retry_after(&header("Sun, 06 Nov 1994 08:49:40 GMT"), now),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            retry_after(&header("Sun, 06 Nov 1994 08:00:00 GMT"), now),
            Some(Duration::ZERO)
        );
        assert_eq!(
            retry_after(&header("Thu, 01 Jan 2026 00:00:00 GMT"), now).map(|d| d.as_secs()),
            Some(983_113_823)
        );
        for bad in [
            "1.5",
            "-1",
            "soon",
            "Sun, 06 Nov 1994 25:00:00 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
        ] {
            assert_eq!(retry_after(&header(bad), now), None, "{bad}");
        }
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }

    #[test]
    fn only_requests_that_cannot_run_twice_are_held_back() {
        let policy = RetryPolicy::default();
        let status = |s: u16| Some(StatusCode::from_u16(s).unwrap());
        // Never sent: always safe.
        assert!(policy.should_retry(false, false, None));
        // Maybe sent: only idempotent requests, unless opted in.
        assert!(policy.should_retry(true, true, None));
        assert!(!policy.should_retry(false, true, None));
        assert!(
            policy
                .clone()
                .retry_non_idempotent(true)
                .should_retry(false, true, None)
        );
        // 429 was refused, not processed: retried for every method, when the policy lists it.
        assert!(policy.should_retry(false, true, status(429)));
        assert!(!policy.clone().statuses([503]).should_retry(false, true, status(429)));
        // Statuses: the configured ones, for idempotent requests.
        assert!(policy.should_retry(true, true, status(503)));
        assert!(!policy.should_retry(true, true, status(501)));
        assert!(!policy.should_retry(false, true, status(500)));
        assert!(policy.clone().statuses([418]).should_retry(true, true, status(418)));
        assert!(!policy.clone().statuses([418]).should_retry(true, true, status(503)));
    }

    #[test]
    fn jitter_stays_in_range() {
        for _ in 0..1000 {
            let j = jitter();
            assert!((0.0..1.0).contains(&j), "{j}");
        }
    }
}
