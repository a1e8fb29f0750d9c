//! Retry policy: which failures are retried, and how long to wait before the next attempt.
//!
//! Whether a failure may be retried depends on whether the request can have reached the server. A
//! request that was certainly not sent (the connection could not be made) is always safe to retry.
//! After it may have been sent, only idempotent requests (GET, HEAD, PUT, DELETE, OPTIONS) are retried,
//! unless the policy opts in with [`RetryPolicy::retry_non_idempotent`]: a POST such as "issue a token"
//! would otherwise run twice.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// How a call retries failed attempts. [`RetryPolicy::default`] is exponential backoff with jitter.
///
/// | setting | default |
/// |---|---|
/// | [`max_attempts`](RetryPolicy::max_attempts) (the first one included) | 3 |
/// | [`initial_interval`](RetryPolicy::initial_interval) | 500 ms |
/// | [`max_interval`](RetryPolicy::max_interval) (also caps `Retry-After`) | 10 s |
/// | [`exponent`](RetryPolicy::exponent) | 2.0 |
/// | [`max_elapsed_time`](RetryPolicy::max_elapsed_time) (no retry starts later) | 60 s |
/// | [`statuses`](RetryPolicy::statuses) | 429, 500, 502, 503, 504 |
/// | [`retry_non_idempotent`](RetryPolicy::retry_non_idempotent) | `false` |
///
/// The wait before retry `n` (1, 2, …) is `initial_interval * exponent^(n-1)`, capped by
/// `max_interval`, then jittered uniformly into its upper half. A `Retry-After` header (seconds or an
/// HTTP date) replaces that wait, capped by `max_interval`.
#[derive(Clone, Debug, PartialEq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_interval: Duration,
    max_interval: Duration,
    exponent: f64,
    max_elapsed_time: Duration,
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

    /// The longest wait between two attempts, `Retry-After` included.
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

    /// The response statuses that are retried.
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

    pub(crate) fn attempts(&self) -> u32 {
        self.max_attempts
    }

    pub(crate) fn elapsed_limit(&self) -> Duration {
        self.max_elapsed_time
    }

    /// Whether a failed attempt may be retried. `sent` is false only when the request certainly did not
    /// reach the server; `status` is the response status, when there was a response.
    pub(crate) fn should_retry(&self, idempotent: bool, sent: bool, status: Option<StatusCode>) -> bool {
        let safe = !sent || idempotent || self.retry_non_idempotent;
        match status {
            Some(status) => safe && self.statuses.contains(&status.as_u16()),
            None => safe,
        }
    }

    /// The wait before retry number `retry` (1 for the first retry). `jitter` is uniform in `[0, 1)`.
    pub(crate) fn delay(&self, retry: u32, retry_after: Option<Duration>, jitter: f64) -> Duration {
        if let Some(wait) = retry_after {
            return wait.min(self.max_interval);
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
pub(crate) fn jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64),
    );
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// The wait a `Retry-After` header asks for: delay-seconds, or an HTTP date (IMF-fixdate). `None` when
/// absent or unreadable; a date in the past means no wait.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = parse_http_date(value)?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Parses `Sun, 06 Nov 1994 08:49:37 GMT` (RFC 9110's preferred format).
fn parse_http_date(text: &str) -> Option<SystemTime> {
    let rest = text.split_once(", ")?.1;
    let mut parts = rest.split(' ');
    // Every number is read as a `u64`, so one parser is compiled rather than three.
    let number = |text: &str| text.parse::<u64>().ok();
    let day = number(parts.next()?)?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year = i64::try_from(number(parts.next()?)?).ok()?;
    let mut clock = parts.next()?.split(':').map(number);
    let (hour, minute, second) = (clock.next()??, clock.next()??, clock.next()??);
    if parts.next()? != "GMT" || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let days = days_from_civil(year, month, u32::try_from(day).ok()?);
    let seconds = u64::try_from(days).ok()? * 86_400 + hour * 3600 + minute * 60 + second;
    UNIX_EPOCH.checked_add(Duration::from_secs(seconds))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
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

    #[test]
    fn retry_after_replaces_the_backoff_and_is_capped() {
        let policy = RetryPolicy::default().max_interval(Duration::from_secs(5));
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(2)), 0.5),
            Duration::from_secs(2)
        );
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(120)), 0.5),
            Duration::from_secs(5)
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
