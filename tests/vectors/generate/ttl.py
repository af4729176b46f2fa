"""ttl.json: parse_ttl."""
from __future__ import annotations

from .common import ADMIN, TIMEDELTA_MAX_SECONDS, V14, check_case_against, err, mask, ok
from .reference import ref_parse_ttl


def ttl_cases() -> list[dict]:
    op = "parse_ttl"
    oks = [
        ("anchor_v22_ttl_1h", "1h", 3600),
        ("anchor_v23_ttl_30min", "30min", 1800),
        ("anchor_v24_ttl_1_space_h", "1 h", 3600),
        ("anchor_v24_ttl_1d", "1d", 86400),
        ("anchor_v24_ttl_2weeks", "2weeks", 1209600),
        ("anchor_v24_ttl_1y", "1y", 31449600),
        ("anchor_v24_ttl_1_5h", "1.5h", 5400),
        ("anchor_v24_ttl_bare_10", "10", 10),
        ("anchor_v24_ttl_1ms", "1ms", 0),
        ("anchor_v24_ttl_0", "0", 0),
        ("ttl_surrounding_spaces", "  2h  ", 7200),
        ("ttl_surrounding_tab_newline", "\t15m\n", 900),
        ("ttl_several_spaces_before_unit", "3   days", 259200),
        ("ttl_uppercase_unit", "1 H", 3600),
        ("ttl_uppercase_m_is_minute", "1M", 60),
        ("ttl_mixed_case_word", "2 Hours", 7200),
        ("ttl_unit_s", "45s", 45),
        ("ttl_unit_sec", "45 sec", 45),
        ("ttl_unit_secs", "45secs", 45),
        ("ttl_unit_second", "1 second", 1),
        ("ttl_unit_seconds", "90 seconds", 90),
        ("ttl_unit_m", "5m", 300),
        ("ttl_unit_mins", "5 mins", 300),
        ("ttl_unit_minute", "1 minute", 60),
        ("ttl_unit_minutes", "10 minutes", 600),
        ("ttl_unit_hour", "1 hour", 3600),
        ("ttl_unit_day", "1 day", 86400),
        ("ttl_unit_days", "7 days", 604800),
        ("ttl_unit_w", "1w", 604800),
        ("ttl_unit_week", "1 week", 604800),
        ("ttl_unit_year", "1 year", 31449600),
        ("ttl_unit_years", "2 years", 62899200),
        ("ttl_unit_ms_rounds_down", "1500ms", 1),
        ("ttl_unit_millisecond", "2500 milliseconds", 2),
        ("ttl_unit_us", "3000000us", 3),
        ("ttl_unit_microseconds", "1 microseconds", 0),
        ("ttl_unit_ns", "5ns", 0),
        ("ttl_unit_nanosecond", "1 nanosecond", 0),
        ("ttl_unit_nanoseconds", "2000000000 nanoseconds", 2),
        ("ttl_fraction_rounds_down", "1.9", 1),
        ("ttl_fraction_below_one", "0.5", 0),
        ("ttl_fraction_minutes", "2.5m", 150),
        ("ttl_fraction_days", "1.5d", 129600),
        ("ttl_fraction_year", "0.5y", 15724800),
        ("ttl_leading_zeros", "01h", 3600),
        ("ttl_zero_unit", "0d", 0),
        ("ttl_max_seconds", "86399999999999", TIMEDELTA_MAX_SECONDS),
        ("ttl_rounds_to_microseconds_like_timedelta", "999999999ns", 1),
        ("ttl_half_microsecond_rounds_to_even", "0.0000005s", 0),
        ("ttl_max_days", "999999999d", 86399999913600),
        ("ttl_max_years", "2747252y", 2747252 * 31449600),
    ]
    errs = [
        ("anchor_v25_ttl_months", "1mo"),
        ("anchor_v25_ttl_word", "abc"),
        ("anchor_v25_ttl_negative", "-1h"),
        ("anchor_v25_ttl_compound", "1h30m"),
        ("ttl_empty", ""),
        ("ttl_only_spaces", "   "),
        ("ttl_unit_only", "h"),
        ("ttl_unit_before_number", "h1"),
        ("ttl_hr", "1hr"),
        ("ttl_yrs", "1 yrs"),
        ("ttl_leading_dot", ".5h"),
        ("ttl_trailing_dot", "1.h"),
        ("ttl_trailing_dot_no_unit", "1."),
        ("ttl_exponent", "1e3"),
        ("ttl_decimal_comma", "1,5h"),
        ("ttl_two_dots", "1.5.5h"),
        ("ttl_plus_sign", "+1h"),
        ("ttl_two_numbers", "1 2"),
        ("ttl_two_units", "1 h h"),
        ("ttl_underscore_digits", "1_000"),
        ("ttl_above_timedelta_max", "86400000000000"),
        ("ttl_above_max_days", "1000000000d"),
        ("ttl_above_max_years", "2747253y"),
        ("ttl_huge_number", "1" + "0" * 30),
    ]
    cases = [ok(i, op, {"ttl": t}, {"seconds": s}) for i, t, s in oks]
    cases += [err(i, op, {"ttl": t}, "invalid_ttl") for i, t in errs]
    for case in cases:
        check_case_against(case, lambda i: ref_parse_ttl(i["ttl"]))
    # A token pasted as a TTL: the message keeps a six-character prefix of it, never the token.
    masked = []
    for case_id, ttl in (("mask_parse_ttl_admin_token", ADMIN), ("mask_parse_ttl_bearer_jwt", f"Bearer {V14}")):
        message = (f'Invalid TTL "{mask(ttl)}": it does not start with a number. Use a number of seconds, or a '
                   "number and one unit: 30s, 15m, 1h, 1.5h, 7d, 2w, 1y (units ns, us, ms, s/sec, m/min, h/hour, "
                   "d/day, w/week, y/year = 52 weeks, singular or plural; no combinations like 1h30m, no signs).")
        case = err(case_id, op, {"ttl": ttl}, "invalid_ttl", message)
        check_case_against({**case, "expect": {"error": "invalid_ttl"}}, lambda i: ref_parse_ttl(i["ttl"]))
        masked.append(case)
    return cases + masked
